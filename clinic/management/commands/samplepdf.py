"""`manage.py samplepdf`: write the demo couple's therapist plan and handout as PDFs.

Drafts a plan for the demo couple first if it has none, so `make run` always
leaves a sample to open. Prints each file's path. `--lang ar|en` prints in that
language (by default the couple's print language, as a download without `?lang=`).
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.management.commands.demo import DEMO_USERNAME
from clinic.models import PlanVersion
from clinic.plans.printouts import handout_pdf, plan_pdf, print_language
from clinic.plans.versions import draft_version, library
from clinic.printing.pdf import PAPERS
from intake.models import Couple, Language

SAMPLE_COUPLE = "Sam & Alex"


class Command(BaseCommand):
    help = "Write the demo couple's plan and handout PDFs to var/ (run `manage.py demo` first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--paper", choices=sorted(PAPERS), default=settings.ATTUNE_PAPER)
        parser.add_argument("--out", type=Path, default=Path(settings.VAR_DIR))
        parser.add_argument("--lang", choices=Language.values, help="The printouts' language (default: the couple's).")

    def handle(self, *args: Any, paper: str, out: Path, lang: str | None = None, **options: Any) -> None:
        couple = (
            Couple.objects.filter(therapist__username=DEMO_USERNAME, name=SAMPLE_COUPLE)
            .prefetch_related("partners")
            .first()
        )
        if couple is None:
            raise CommandError("No demo couple yet: run `python manage.py demo` first.")
        if not library("key"):
            raise CommandError("The exercise library is empty: run `python manage.py loadexercises` first.")
        version = PlanVersion.objects.filter(plan__couple=couple).select_related("plan").first()
        if version is None:
            version = draft_version(couple, couple.therapist)
        version.plan.couple = couple
        out.mkdir(parents=True, exist_ok=True)
        for name, make in (("sample-plan.pdf", plan_pdf), ("sample-handout.pdf", handout_pdf)):
            path = out / name
            path.write_bytes(make(version, paper, lang or print_language(couple)))
            self.stdout.write(f"sample PDF: {path.resolve()}")
