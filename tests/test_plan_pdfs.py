"""The two PDFs, read back as text: what the therapist's copy holds and what the handout never does."""

import io
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from pypdf import PdfReader

from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE


@pytest.fixture
def demo(db: None) -> dict[str, Couple]:
    call_command("loadexercises", stdout=StringIO())
    with override_settings(DEBUG=True):  # the demo runs only in development
        call_command("demo", stdout=StringIO())
    return {couple.name: couple for couple in Couple.objects.all()}


@pytest.fixture
def demo_client(demo: dict[str, Couple]) -> Client:
    client = Client()
    client.force_login(demo["Dana & Chris"].therapist)
    return client


def _pdf_text(response: Any) -> tuple[list[str], PdfReader]:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return [page.extract_text() for page in reader.pages], reader


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _draft(client: Client, couple: Couple) -> None:
    assert client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302


def test_therapist_plan_holds_exercises_rationale_and_confidential_on_every_page(
    demo_client: Client, demo: dict[str, Couple]
) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    version = couple.plan.latest()
    pages, reader = _pdf_text(demo_client.get(f"/couples/{couple.pk}/plan.pdf"))
    assert len(pages) >= 4
    assert all("CONFIDENTIAL" in page for page in pages)
    assert all(re.search(rf"Page {n} of {len(pages)}", page) for n, page in enumerate(pages, start=1))
    text = _flat(" ".join(pages))
    first = version.content["sessions"][0]["exercises"] or version.content["sessions"][1]["exercises"]
    from clinic.models import Exercise

    assert Exercise.objects.get(key=first[0]["key"]).name in text
    assert _flat(first[0]["reason"])[:60] in text
    assert "Sam & Alex" in text and "Robin Demo" in text
    assert "Funk" in text  # CSI-4 citation among the references
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])


def test_handout_never_mentions_safety_answers_free_text_or_scores(
    demo_client: Client, demo: dict[str, Couple]
) -> None:
    couple = demo["Dana & Chris"]  # Dana endorsed safety items; both wrote free text
    _draft(demo_client, couple)
    pages, _reader = _pdf_text(demo_client.get(f"/couples/{couple.pk}/handout.pdf"))
    text = _flat(" ".join(pages)).lower()
    for item in QUESTIONNAIRE.section("safety").items:
        assert _flat(item.text).lower()[:40] not in text
    for partner in couple.partners.all():
        for key, value in partner.answer_dict().items():
            if isinstance(value, str):
                assert _flat(value).lower()[:30] not in text, key
    for word in ("safety", "afraid", "hurt", "abuse", "csi", "score", "13.5", "confidential", "dana", "chris"):
        assert word not in text, word


def test_handout_of_a_plan_without_safety_names_joint_exercises(demo_client: Client, demo: dict[str, Couple]) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    pages, _reader = _pdf_text(demo_client.get(f"/couples/{couple.pk}/handout.pdf?paper=letter"))
    text = _flat(" ".join(pages))
    from clinic.models import Exercise

    joint = [
        Exercise.objects.get(key=row["key"]) for s in couple.plan.latest().content["sessions"] for row in s["exercises"]
    ]
    joint = [e for e in joint if e.joint]
    assert joint and joint[0].name in text
    assert "Sam says" not in text and "Alex says" not in text


def test_paper_sizes(demo_client: Client, demo: dict[str, Couple]) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    for paper, (width, height) in (("a4", (595, 842)), ("letter", (612, 792))):
        _pages, reader = _pdf_text(demo_client.get(f"/couples/{couple.pk}/handout.pdf?paper={paper}"))
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (width, height)


def test_bad_paper_is_a_clear_400(demo_client: Client, demo: dict[str, Couple]) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    response = demo_client.get(f"/couples/{couple.pk}/plan.pdf?paper=tabloid")
    assert response.status_code == 400 and b"a4 or letter" in response.content


def test_pdf_responses_are_private_and_unnamed(demo_client: Client, demo: dict[str, Couple]) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    for kind in ("plan", "handout"):
        response = demo_client.get(f"/couples/{couple.pk}/{kind}.pdf")
        assert "no-store" in response["Cache-Control"]
        disposition = response["Content-Disposition"]
        assert "Sam" not in disposition and "Alex" not in disposition
        assert re.fullmatch(rf'inline; filename="attune-{kind}-v1-a4.pdf"', disposition)


def test_no_plan_yet_is_404(demo_client: Client, demo: dict[str, Couple]) -> None:
    assert demo_client.get(f"/couples/{demo['Sam & Alex'].pk}/plan.pdf").status_code == 404


def test_unchanged_plan_is_served_from_the_cache(demo_client: Client, demo: dict[str, Couple]) -> None:
    from unittest import mock

    import clinic.printing.pdf

    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    first = demo_client.get(f"/couples/{couple.pk}/handout.pdf").content
    with mock.patch.object(clinic.printing.pdf, "html_to_pdf", side_effect=AssertionError("rendered again")):
        assert demo_client.get(f"/couples/{couple.pk}/handout.pdf").content == first
