"""A plan version's PDFs rendered ahead by the worker, so no web request waits on WeasyPrint.

Saving or drafting a version queues one task per PDF (the therapist's plan and the couple's handout, in the
practice's paper) in the same transaction as the version. The task renders through `clinic.plans.printouts`, the
one path every PDF takes, which seals the result in the shared cache under its HTML's digest: a download that
makes the same HTML reads it from there. A render that fails or runs over the time budget is tried once more a
minute later, then marked failed for the plan page to say so; the download then renders as it always could.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from clinic.models import PdfRender, PlanVersion
from clinic.printing.pdf import PdfTooSlow

KINDS = ("plan", "handout")
ATTEMPTS = 2  # the first try and one retry
RETRY_AFTER = timedelta(seconds=60)  # long enough for a burst of load to pass

logger = logging.getLogger(__name__)


def queue_renders(version: PlanVersion) -> None:
    """Queue both PDFs of a new version; called inside the transaction that saves it, so they commit together."""
    from clinic.plans.tasks import render_pdf

    paper = settings.ATTUNE_PAPER
    for kind in KINDS:
        PdfRender.objects.create(version=version, kind=kind, paper=paper)
        render_pdf.enqueue(version.pk, kind, paper)


def render(version_id: int, kind: str, paper: str) -> None:
    """The worker's task: render one PDF into the cache; a failure is recorded (and retried once), never raised."""
    record = PdfRender.objects.filter(version_id=version_id, kind=kind, paper=paper).first()
    version = PlanVersion.objects.select_related("plan__couple").filter(pk=version_id).first()
    if record is None or version is None or record.status != PdfRender.Status.QUEUED:
        return  # the couple was deleted, or a download already settled it
    from clinic.plans.printouts import handout_pdf, plan_pdf

    make = {"plan": plan_pdf, "handout": handout_pdf}[kind]
    record.attempts += 1
    try:
        make(version, paper)
    except PdfTooSlow:
        _failed(record, PdfRender.Problem.TOO_SLOW)
    except Exception as error:  # any failure of one render is recorded; the worker goes on with the next task
        # The type only: a message from the renderer could quote the plan.
        logger.warning("PDF render failed (%s, version id %s): %s", kind, version_id, type(error).__name__)
        _failed(record, PdfRender.Problem.ERROR)
    else:
        record.status, record.problem = PdfRender.Status.READY, PdfRender.Problem.NONE
        record.save(update_fields=["status", "problem", "attempts", "updated_at"])


def _failed(record: PdfRender, problem: str) -> None:
    from clinic.plans.tasks import render_pdf

    record.problem = problem
    if record.attempts >= ATTEMPTS:
        record.status = PdfRender.Status.FAILED
    record.save(update_fields=["status", "problem", "attempts", "updated_at"])
    if record.status == PdfRender.Status.QUEUED:
        render_pdf.using(run_after=timezone.now() + RETRY_AFTER).enqueue(record.version_id, record.kind, record.paper)


def rendered_in_request(version: PlanVersion, kind: str, paper: str) -> None:
    """A download rendered the PDF itself: a failure the plan page reported is settled."""
    PdfRender.objects.filter(version=version, kind=kind, paper=paper).exclude(status=PdfRender.Status.READY).update(
        status=PdfRender.Status.READY, problem=PdfRender.Problem.NONE, updated_at=timezone.now()
    )


def failed_renders(version: PlanVersion) -> list[PdfRender]:
    """The version's PDFs the worker could not prepare, for the plan page."""
    return list(PdfRender.objects.filter(version=version, status=PdfRender.Status.FAILED).order_by("kind"))
