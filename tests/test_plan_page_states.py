"""The plan page in its other states: drafting to a length, the next session's date, answers changed since a
draft, sessions added by hand, and a session running over its time."""

from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog, SessionPlan
from intake.models import Couple
from intake.wording import ENGLISH, word_data
from tests.factories import make_exercise, make_library, submitted_couple
from tests.plan_forms import edit_data, edit_url
from tests.recommender_cases import EFT_A, EFT_B, answers


@pytest.fixture
def answered(therapist: Any) -> Couple:
    make_library()
    return submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B))


def _url(couple: Couple) -> str:
    return f"/couples/{couple.pk}/plan/"


def test_a_draft_takes_the_approachs_usual_length_or_the_one_asked_for(
    therapist_client: Client, answered: Couple
) -> None:
    therapist_client.post(_url(answered), {"action": "draft"})
    assert len(answered.plan.latest().content["sessions"]) == 10  # EFT
    therapist_client.post(_url(answered), {"action": "draft", "sessions": "16"})
    latest = answered.plan.latest()
    assert latest.number == 2 and len(latest.content["sessions"]) == 16
    assert "Open: review progress" in [s["focus"] for s in word_data(latest.content, ENGLISH)["sessions"]]


@pytest.mark.parametrize("bad", ["0", "21", "ten", "2.5"])
def test_a_bad_length_is_explained_next_to_the_field_and_drafts_nothing(
    therapist_client: Client, answered: Couple, bad: str
) -> None:
    response = therapist_client.post(_url(answered), {"action": "draft", "sessions": bad})
    assert response.status_code == 200 and response.context["draft_form"].errors["sessions"]
    assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in response.content.decode()
    assert not SessionPlan.objects.filter(couple=answered).exists()
    therapist_client.post(_url(answered), {"action": "draft"})
    response = therapist_client.post(_url(answered), {"action": "draft", "sessions": bad})
    assert response.status_code == 200 and answered.plan.versions.count() == 1


def test_the_next_session_date_is_saved_and_logged_and_a_bad_one_explained(
    therapist_client: Client, answered: Couple
) -> None:
    therapist_client.post(_url(answered), {"action": "draft"})
    response = therapist_client.post(_url(answered), {"action": "next_session", "next_session_on": "2026-12-08"})
    assert response.status_code == 302
    assert str(SessionPlan.objects.get(couple=answered).next_session_on) == "2026-12-08"
    assert AccessLog.objects.filter(action="save_plan", detail="next session date").exists()
    response = therapist_client.post(_url(answered), {"action": "next_session", "next_session_on": "8th of never"})
    assert response.status_code == 200 and "Enter a valid date." in response.content.decode()
    assert str(SessionPlan.objects.get(couple=answered).next_session_on) == "2026-12-08"
    therapist_client.post(_url(answered), {"action": "next_session", "next_session_on": ""})
    assert SessionPlan.objects.get(couple=answered).next_session_on is None


def test_a_next_session_date_needs_a_plan(therapist_client: Client, answered: Couple) -> None:
    response = therapist_client.post(_url(answered), {"action": "next_session", "next_session_on": "2026-12-08"})
    assert response.status_code == 404


def test_the_other_therapist_can_set_no_date_and_draft_nothing(other_client: Client, answered: Couple) -> None:
    assert (
        other_client.post(_url(answered), {"action": "next_session", "next_session_on": "2026-12-08"}).status_code
        == 404
    )
    assert other_client.post(_url(answered), {"action": "draft", "sessions": "8"}).status_code == 404
    assert not SessionPlan.objects.exists()


def test_changed_answers_are_flagged_with_a_way_to_redraft(therapist_client: Client, answered: Couple) -> None:
    therapist_client.post(_url(answered), {"action": "draft"})
    assert "The answers have changed" not in therapist_client.get(_url(answered)).content.decode()
    partner = answered.partner_a
    partner.reopen(by=answered.therapist)
    html = therapist_client.get(_url(answered)).content.decode()
    assert "The answers have changed since this version was drafted" in html
    assert "Re-draft once both partners have submitted again." in html
    partner.save_answers({"o1": 1})
    partner.submit()
    html = therapist_client.get(_url(answered)).content.decode()
    assert "Re-draft from the current answers (a new version)" in html
    therapist_client.post(_url(answered), {"action": "draft"})
    assert "The answers have changed" not in therapist_client.get(_url(answered)).content.decode()


def test_sessions_added_by_hand_are_left_open_not_empty(therapist_client: Client, answered: Couple) -> None:
    therapist_client.post(_url(answered), {"action": "draft"})
    therapist_client.post(edit_url(answered), edit_data(therapist_client, answered, session_count="12"))
    added = word_data(answered.plan.latest().content, ENGLISH)["sessions"][10:]
    assert [s["focus"] for s in added] == ["Open: review progress"] * 2 and all(s["goals"] for s in added)
    html = therapist_client.get(_url(answered)).content.decode()
    assert "Session 11: Session 11" not in html and "50 minutes, left open" in html


def test_a_session_that_runs_over_its_time_says_so(therapist_client: Client, answered: Couple) -> None:
    make_exercise("gottman-aftermath-of-a-fight", targets=("P8",))
    therapist_client.post(_url(answered), {"action": "draft"})
    first = answered.plan.latest().content["sessions"][0]
    assert sum(e["minutes"] for e in first["exercises"]) + first["check_in"] <= first["length"]
    data = edit_data(therapist_client, answered, s1_add="gottman-aftermath-of-a-fight")
    therapist_client.post(edit_url(answered), data)
    html = therapist_client.get(_url(answered)).content.decode()
    assert "20 minutes over the session's length." in html
