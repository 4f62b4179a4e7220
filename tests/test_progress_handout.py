"""The couple's "how we are doing" handout, read as the couple would: the practices of their plan and the
therapist's note; an individual result only where the therapist ticked it in, and never a safety answer, a
cut-off or anything a partner wrote."""

from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog, OutcomeSettings
from intake.models import Couple
from tests.check_in_steps import answered_check_in, check_in_client, check_in_data, csi4_answers
from tests.factories import make_library, submitted_couple
from tests.pdf_reading import flat, pages_text


@pytest.fixture
def progressing(therapist: Any, therapist_client: Client) -> Couple:
    make_library()
    couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(13))
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    for session, totals in ((2, (10, 13)), (3, (13, 12))):
        answered_check_in(couple, totals, session_number=session)
    check_in = answered_check_in(couple, (None, 12), session_number=4)
    words = check_in_data(total=14, checkin_note="SAM-PRIVATE-LINE", checkin_afraid="1", checkin_practice="0")
    check_in_client(couple.partner_a, check_in).post("/i/check-in/", words)
    return couple


def _save(client: Client, couple: Couple, **data: str) -> Any:
    return client.post(f"/couples/{couple.pk}/progress/", data)


def _handout(client: Client, couple: Couple) -> str:
    response = client.get(f"/couples/{couple.pk}/progress.pdf?paper=a4")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pages_text(response.content)
    assert len(pages) == 1
    return flat(pages[0])


def test_with_nothing_ticked_it_names_no_result(therapist_client: Client, progressing: Couple) -> None:
    assert (
        _save(therapist_client, progressing, note="You have both kept going. Keep the weekly talk.").status_code == 302
    )
    text = _handout(therapist_client, progressing)
    assert "How we are doing" in text and "For Sam and Alex" in text
    assert "You have both kept going. Keep the weekly talk." in text
    assert "What we have been practising" in text
    for never in (
        "SAM-PRIVATE-LINE",
        "satisfaction",
        "21",
        "13.5",
        "cut-off",
        "afraid",
        "safety",
        "tried the practice",
    ):
        assert never not in text, never


def test_ticked_results_appear_for_that_partner_only(therapist_client: Client, progressing: Couple) -> None:
    _save(therapist_client, progressing, trend_a="on", practice_b="on")
    text = _handout(therapist_client, progressing)
    assert "Sam's satisfaction with the relationship, on a scale from 0 to 21: 8 at the start, 14 now" in text
    assert "higher than at the start" in text
    assert "Alex tried the practice at home before 3 of 3 sessions." in text
    assert "Alex's satisfaction" not in text and "Sam tried" not in text
    assert "13.5" not in text and "SAM-PRIVATE-LINE" not in text


def test_the_choices_are_kept_and_logged(therapist_client: Client, progressing: Couple) -> None:
    _save(therapist_client, progressing, note="A note.", trend_b="on")
    saved = OutcomeSettings.objects.get(couple=progressing)
    assert saved.note == "A note." and "A note." not in saved.sealed_note
    assert saved.handout_shows == {"a": [], "b": ["trend"]}
    page = therapist_client.get(f"/couples/{progressing.pk}/progress/")
    assert page.context["form"].initial["trend_b"] is True
    logged = AccessLog.objects.filter(couple_id=progressing.pk, action="progress_handout").values_list(
        "detail", flat=True
    )
    assert "saved; a: nothing individual; b: trend" in logged
    therapist_client.get(f"/couples/{progressing.pk}/progress.pdf?paper=letter")
    assert AccessLog.objects.filter(couple_id=progressing.pk, action="progress_pdf", detail="letter, en").exists()


def test_a_note_too_long_is_refused(therapist_client: Client, progressing: Couple) -> None:
    page = _save(therapist_client, progressing, note="x" * 1001)
    assert page.status_code == 200 and "at most 1000 characters" in page.content.decode()
    assert not OutcomeSettings.objects.filter(couple=progressing).exists()


def test_paper_must_be_a4_or_letter(therapist_client: Client, progressing: Couple) -> None:
    assert therapist_client.get(f"/couples/{progressing.pk}/progress.pdf?paper=a3").status_code == 400


def test_while_joint_work_waits_the_practices_are_the_general_ones(therapist: Any, therapist_client: Client) -> None:
    make_library()
    held = submitted_couple(therapist, {**csi4_answers(8), "safety_afraid": 1}, csi4_answers(13))
    assert therapist_client.post(f"/couples/{held.pk}/plan/", {"action": "draft"}).status_code == 302
    text = _handout(therapist_client, held)
    assert "A few quiet minutes for yourself" in text and "Questions for next time" in text
    assert "afraid" not in text and "safety" not in text
