"""`manage.py samplepdf`: write the demo couple's therapist plan and handout as PDFs.

Drafts a plan for the demo couple first if it has none, so `make run` always
leaves a sample to open. Prints each file's path.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.management.commands.demo import DEMO_USERNAME
from clinic.plans.versions import draft_content, handout_pdf_context, library, plan_pdf_context, save_version
from clinic.printing.pdf import PAPERS, html_to_pdf, render_handout_html, render_plan_html
from clinic.printing.reports import couple_comparison
from intake.models import Couple

SAMPLE_COUPLE = "Sam & Alex"


class Command(BaseCommand):
    help = "Write the demo couple's plan and handout PDFs to var/ (run `manage.py demo` first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--paper", choices=sorted(PAPERS), default=settings.ATTUNE_PAPER)
        parser.add_argument("--out", type=Path, default=Path(settings.VAR_DIR))

    def handle(self, *args: Any, paper: str, out: Path, **options: Any) -> None:
        couple = (
            Couple.objects.filter(therapist__username=DEMO_USERNAME, name=SAMPLE_COUPLE)
            .prefetch_related("partners")
            .first()
        )
        if couple is None:
            raise CommandError("No demo couple yet: run `python manage.py demo` first.")
        exercises = library()
        if not exercises:
            raise CommandError("The exercise library is empty: run `python manage.py loadexercises` first.")
        version = couple.plan.latest() if hasattr(couple, "plan") else None
        if version is None:
            version = save_version(couple, draft_content(couple_comparison(couple), exercises), couple.therapist, None)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "sample-plan.pdf": render_plan_html(plan_pdf_context(couple, version, exercises, PAPERS[paper])),
            "sample-handout.pdf": render_handout_html(handout_pdf_context(version, exercises, PAPERS[paper])),
        }
        for name, html in files.items():
            path = out / name
            path.write_bytes(html_to_pdf(html))
            self.stdout.write(f"sample PDF: {path.resolve()}")
