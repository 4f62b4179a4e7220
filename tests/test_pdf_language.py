"""Each printout in either language: `?lang=ar|en` on the plan PDF, the couple's handout and the progress handout,
by default the couple's shared language (else the therapist's, else the practice's); a bad value answered as a bad
paper is; the owner only; the language in the access log; each language cached apart, and the worker preparing the
default one."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from clinic.models import AccessLog, CachedPdf, PdfRender, TherapistProfile
from intake.models import Couple
from tests.factories import make_library, submitted_couple
from tests.mail import run_worker
from tests.pdf_reading import pages_text
from tests.recommender_cases import EFT_A, EFT_B, answers

KINDS = ("plan", "handout", "progress")
ACTIONS = {"plan": "plan_pdf", "handout": "handout_pdf", "progress": "progress_pdf"}
# Each printout's first heading, in each language: the Arabic from the catalogue (locale/ar), never from the English.
HEADINGS = {"plan": "Session plan", "handout": "Your sessions together", "progress": "How we are doing"}


@pytest.fixture
def drafted(therapist_client: Client, therapist: Any) -> Iterator[Couple]:
    cache.clear()  # the cache table outlives a test that commits; nothing comes from an earlier test
    make_library()
    couple = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B))
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    yield couple
    cache.clear()


def _languages(couple: Couple, a: str, b: str) -> None:
    couple.partners.filter(role="a").update(language=a)
    couple.partners.filter(role="b").update(language=b)


def _download(client: Client, couple: Couple, kind: str, query: str = "") -> Any:
    return client.get(f"/couples/{couple.pk}/{kind}.pdf{query}")


def _printed_in(response: Any) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response["Content-Disposition"].removesuffix('.pdf"').rsplit("-", 1)[1]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shared", ["ar", "en"])
def test_by_default_a_printout_is_in_the_couples_shared_language(
    drafted: Couple, therapist_client: Client, therapist: Any, kind: str, shared: str
) -> None:
    TherapistProfile.objects.create(user=therapist, language="en" if shared == "ar" else "ar")
    _languages(drafted, shared, shared)
    assert _printed_in(_download(therapist_client, drafted, kind)) == shared


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("therapists", ["ar", "en"])
def test_partners_in_two_languages_get_the_therapists(
    drafted: Couple, therapist_client: Client, therapist: Any, kind: str, therapists: str
) -> None:
    TherapistProfile.objects.create(user=therapist, language=therapists)
    _languages(drafted, "ar", "en")
    assert _printed_in(_download(therapist_client, drafted, kind)) == therapists


def test_without_a_profile_the_practice_language_decides(
    drafted: Couple, therapist_client: Client, settings: Any
) -> None:
    _languages(drafted, "en", "ar")
    settings.ATTUNE_LANGUAGE = "ar"
    assert _printed_in(_download(therapist_client, drafted, "handout")) == "ar"
    settings.ATTUNE_LANGUAGE = "en"
    assert _printed_in(_download(therapist_client, drafted, "handout")) == "en"


@pytest.mark.parametrize("kind", KINDS)
def test_asking_for_a_language_prints_in_it_with_its_heading(
    drafted: Couple, therapist_client: Client, kind: str
) -> None:
    _languages(drafted, "en", "en")
    english = pages_text(_download(therapist_client, drafted, kind, "?lang=en").content)[0]
    arabic_response = _download(therapist_client, drafted, kind, "?lang=ar&paper=letter")
    assert _printed_in(arabic_response) == "ar"
    arabic = pages_text(arabic_response.content)[0]
    assert HEADINGS[kind] in english and HEADINGS[kind] not in arabic
    assert any("\u0600" <= char <= "\u06ff" for char in arabic)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", ["fr", "AR", "ar-eg", "", "ar%00"])
def test_a_language_that_is_not_offered_is_refused_with_a_sentence(
    drafted: Couple, therapist_client: Client, kind: str, value: str
) -> None:
    response = _download(therapist_client, drafted, kind, f"?lang={value}")
    if value == "":  # an empty choice is no choice: the default
        assert response.status_code == 200
        return
    assert response.status_code == 400 and response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Language must be ar or en."
    assert not AccessLog.objects.filter(couple_id=drafted.pk, action=ACTIONS[kind]).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_couples_therapist_prints_in_either_language(
    drafted: Couple, therapist_client: Client, other_client: Client, kind: str
) -> None:
    for lang in ("ar", "en"):
        assert Client().get(f"/couples/{drafted.pk}/{kind}.pdf?lang={lang}").status_code == 302  # to sign in
        assert _download(other_client, drafted, kind, f"?lang={lang}").status_code == 404
        assert _download(therapist_client, drafted, kind, f"?lang={lang}").status_code == 200
    assert not AccessLog.objects.filter(couple_id=drafted.pk, action=ACTIONS[kind], user__username="other").exists()


def test_the_access_log_says_which_language_was_printed(drafted: Couple, therapist_client: Client) -> None:
    _download(therapist_client, drafted, "plan", "?lang=ar")
    _download(therapist_client, drafted, "handout", "?lang=en&paper=letter")
    _download(therapist_client, drafted, "progress", "?lang=ar")
    logged = set(AccessLog.objects.filter(couple_id=drafted.pk).values_list("action", "detail"))
    assert {
        ("plan_pdf", "version 1, a4, ar"),
        ("handout_pdf", "version 1, letter, en"),
        ("progress_pdf", "a4, ar"),
    } <= logged


def test_each_language_is_cached_apart_under_the_couple(drafted: Couple, therapist_client: Client) -> None:
    arabic = _download(therapist_client, drafted, "handout", "?lang=ar").content
    english = _download(therapist_client, drafted, "handout", "?lang=en").content
    assert arabic != english and CachedPdf.objects.filter(couple=drafted).count() == 2
    assert _download(therapist_client, drafted, "handout", "?lang=ar").content == arabic  # from the cache
    assert CachedPdf.objects.filter(couple=drafted).count() == 2


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection, as in production
def test_the_worker_prepares_the_default_language_and_the_other_renders_on_download(
    drafted: Couple, therapist_client: Client, therapist: Any, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    TherapistProfile.objects.create(user=therapist, language="ar")
    _languages(drafted, "en", "ar")  # mixed: the therapist's language, Arabic, is the default
    run_worker()
    assert set(PdfRender.objects.values_list("status", flat=True)) == {"ready"}
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 0.001  # a render in the request would now overrun: 200 = from the cache
    for kind in ("plan", "handout"):
        assert _printed_in(_download(therapist_client, drafted, kind)) == "ar"
        assert _printed_in(_download(therapist_client, drafted, kind, "?lang=ar")) == "ar"
        assert _download(therapist_client, drafted, kind, "?lang=en").status_code == 503  # not prepared ahead
    caplog.clear()  # a 503 is logged as an error on purpose


@pytest.mark.django_db(transaction=True)
def test_a_download_in_the_other_language_does_not_settle_a_failed_render(
    drafted: Couple, therapist_client: Client, settings: Any
) -> None:
    _languages(drafted, "en", "en")
    PdfRender.objects.filter(version__plan__couple=drafted).update(status="failed", problem="error")
    assert _download(therapist_client, drafted, "plan", "?lang=ar").status_code == 200
    assert PdfRender.objects.get(version__plan__couple=drafted, kind="plan").status == "failed"
    assert _download(therapist_client, drafted, "plan", "?lang=en").status_code == 200
    assert PdfRender.objects.get(version__plan__couple=drafted, kind="plan").status == "ready"


def test_the_plan_and_progress_pages_offer_both_languages_the_default_chosen(
    drafted: Couple, therapist_client: Client, therapist: Any
) -> None:
    TherapistProfile.objects.create(user=therapist, language="ar")
    _languages(drafted, "en", "ar")
    plan = therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    progress = therapist_client.get(f"/couples/{drafted.pk}/progress/").content.decode()
    for page, count in ((plan, 2), (progress, 1)):
        assert page.count('name="lang"') == count
        assert page.count('<option value="ar" selected>العربية</option>') == count
        assert page.count('<option value="en">English</option>') == count
