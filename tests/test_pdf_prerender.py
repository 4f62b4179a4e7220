"""A plan version's PDFs are rendered by the worker, so the first download after a save reads the cache; a render
that fails or overruns is tried once more and then reported on the plan page; a download with nothing ready
renders as it always did."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic.models import CachedPdf, PdfRender, PlanVersion
from intake.models import Couple
from tests.factories import make_library, submitted_couple
from tests.mail import run_worker
from tests.pdf_reading import pages_text
from tests.recommender_cases import EFT_A, EFT_B, answers

NOT_READY = "could not be prepared in advance"
pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection, as in production


@pytest.fixture
def drafted(therapist_client: Client, therapist: Any) -> Iterator[Couple]:
    # The same plan for another test's couple makes the same PDF, and the cache table outlives these tests (they
    # commit): cleared before, so nothing comes from earlier tests, and after, so nothing reaches later ones.
    cache.clear()
    make_library()
    couple = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B))
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    yield couple
    cache.clear()


def _renders(couple: Couple) -> dict[str, tuple[str, int, str]]:
    rows = PdfRender.objects.filter(version__plan__couple=couple, version__number=couple.plan.latest().number)
    return {row.kind: (row.status, row.attempts, row.problem) for row in rows}


def _later(seconds: float) -> time_machine.travel:
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


def test_a_draft_queues_both_pdfs_in_the_practice_paper_with_ids_only(drafted: Couple, settings: Any) -> None:
    assert _renders(drafted) == {"plan": ("queued", 0, ""), "handout": ("queued", 0, "")}
    assert set(PdfRender.objects.values_list("paper", flat=True)) == {settings.ATTUNE_PAPER}
    tasks = DBTaskResult.objects.filter(task_path="clinic.plans.tasks.render_pdf")
    version = drafted.plan.latest()
    assert sorted(task.args_kwargs["args"][1] for task in tasks) == ["handout", "plan"]
    assert all(task.args_kwargs["args"] == [version.pk, task.args_kwargs["args"][1], "a4"] for task in tasks)


def test_an_edited_version_queues_its_own_pdfs(drafted: Couple, therapist_client: Client) -> None:
    from tests.plan_forms import edit_data, edit_url

    response = therapist_client.post(edit_url(drafted), edit_data(therapist_client, drafted))
    assert response.status_code == 302 and drafted.plan.latest().number == 2
    assert _renders(drafted) == {"plan": ("queued", 0, ""), "handout": ("queued", 0, "")}


def test_after_the_worker_the_first_download_reads_the_cache(
    drafted: Couple, therapist_client: Client, settings: Any
) -> None:
    run_worker()
    assert _renders(drafted) == {"plan": ("ready", 1, ""), "handout": ("ready", 1, "")}
    assert CachedPdf.objects.filter(couple=drafted).count() == 2
    # Any render in the request would now go over its budget and answer 503: a 200 can only come from the cache.
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 0.001
    plan = therapist_client.get(f"/couples/{drafted.pk}/plan.pdf")
    handout = therapist_client.get(f"/couples/{drafted.pk}/handout.pdf")
    assert plan.status_code == 200 and handout.status_code == 200
    assert "Sam & Alex" in pages_text(plan.content)[0] and "CONFIDENTIAL" in pages_text(plan.content)[0]
    assert "Sam" in pages_text(handout.content)[0]


def test_the_other_paper_is_not_ready_ahead_and_renders_on_download(
    drafted: Couple, therapist_client: Client, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    run_worker()
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 0.001
    assert therapist_client.get(f"/couples/{drafted.pk}/plan.pdf?paper=letter").status_code == 503
    caplog.clear()  # a 503 is logged as an error on purpose


def test_a_download_before_the_worker_ran_renders_as_before_and_the_worker_then_has_nothing_to_do(
    drafted: Couple, therapist_client: Client
) -> None:
    response = therapist_client.get(f"/couples/{drafted.pk}/plan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert _renders(drafted)["plan"] == ("ready", 0, "")
    run_worker()
    assert _renders(drafted) == {"plan": ("ready", 0, ""), "handout": ("ready", 1, "")}


def test_an_overrunning_render_is_retried_once_then_reported_on_the_plan_page(
    drafted: Couple, therapist_client: Client, settings: Any
) -> None:
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 0.001
    run_worker()
    assert _renders(drafted) == {"plan": ("queued", 1, "too_slow"), "handout": ("queued", 1, "too_slow")}
    page = therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    assert NOT_READY not in page  # still to be retried: nothing to report yet
    with _later(61):
        run_worker()
    assert _renders(drafted) == {"plan": ("failed", 2, "too_slow"), "handout": ("failed", 2, "too_slow")}
    page = therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    assert "The therapist plan PDF (A4) could not be prepared in advance: it took longer than the time allowed" in page
    assert "The couple handout PDF (A4) could not be prepared in advance" in page
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    # The download renders it then and there, and the report goes.
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 60
    assert therapist_client.get(f"/couples/{drafted.pk}/plan.pdf").status_code == 200
    page = therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    assert "The therapist plan PDF (A4)" not in page and "The couple handout PDF (A4)" in page


def test_the_report_is_only_for_the_version_it_concerns(
    drafted: Couple, therapist_client: Client, settings: Any
) -> None:
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 0.001
    run_worker()
    with _later(61):
        run_worker()
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 60
    assert therapist_client.post(f"/couples/{drafted.pk}/plan/", {"action": "draft"}).status_code == 302
    assert NOT_READY not in therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    assert NOT_READY in therapist_client.get(f"/couples/{drafted.pk}/plan/?version=1").content.decode()


def test_another_therapist_never_sees_the_report(drafted: Couple, other_client: Client, settings: Any) -> None:
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 0.001
    run_worker()
    with _later(61):
        run_worker()
    assert other_client.get(f"/couples/{drafted.pk}/plan/").status_code == 404
    assert other_client.get(f"/couples/{drafted.pk}/plan.pdf").status_code == 404


def test_a_deleted_couples_queued_renders_do_nothing(drafted: Couple) -> None:
    drafted.delete()
    run_worker()
    assert not PdfRender.objects.exists() and not CachedPdf.objects.exists()
    assert not PlanVersion.objects.exists()
