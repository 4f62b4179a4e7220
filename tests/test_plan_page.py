"""The plan page: drafting, editing into new versions, reading old ones, and refusing a stale save."""

import re
from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog, PlanVersion
from intake.models import Couple
from intake.wording import ENGLISH, word_data
from tests.factories import make_exercise, make_library
from tests.plan_forms import edit_data, edit_url
from tests.test_comparison_page import _submit


@pytest.fixture
def answered(couple: Couple) -> Couple:
    make_library()
    _submit(couple.partner_a, pick=4)
    _submit(couple.partner_b, pick=0)
    return couple


def _url(couple: Couple) -> str:
    return f"/couples/{couple.pk}/plan/"


def _drafted(client: Client, couple: Couple) -> PlanVersion:
    assert client.post(_url(couple), {"action": "draft"}).status_code == 302
    return couple.plan.latest()


@pytest.mark.parametrize("path", ["plan/", "plan.pdf", "handout.pdf"])
def test_access_matrix(
    client: Client, other_client: Client, therapist_client: Client, answered: Couple, path: str
) -> None:
    _drafted(therapist_client, answered)
    url = f"/couples/{answered.pk}/{path}"
    assert client.get(url).status_code == 302
    assert other_client.get(url).status_code == 404
    assert therapist_client.get(url).status_code == 200


def test_other_therapist_cannot_draft_or_save(other_client: Client, answered: Couple) -> None:
    assert other_client.post(_url(answered), {"action": "draft"}).status_code == 404
    assert not PlanVersion.objects.exists()


def test_no_draft_before_both_have_submitted(therapist_client: Client, couple: Couple) -> None:
    make_library()
    _submit(couple.partner_a)
    html = therapist_client.get(_url(couple)).content.decode()
    assert "once both partners have submitted" in html
    therapist_client.post(_url(couple), {"action": "draft"})
    assert not PlanVersion.objects.exists()


def test_draft_shows_sessions_exercises_and_reasons(therapist_client: Client, answered: Couple) -> None:
    version = _drafted(therapist_client, answered)
    html = therapist_client.get(_url(answered)).content.decode()
    assert len(version.content["sessions"]) == 10
    assert "Session 1:" in html and "Session 10:" in html
    assert re.search(r"\d+ of 50 minutes: check-in and review 10", html)
    reasons = [row["reason"] for s in word_data(version.content, ENGLISH)["sessions"] for row in s["exercises"]]
    assert reasons and all(reason for reason in reasons)
    assert reasons[0].replace("'", "&#x27;").replace('"', "&quot;")[:40] in html
    assert "no-store" in therapist_client.get(_url(answered))["Cache-Control"]


def test_saving_makes_a_new_version_and_keeps_the_old_one(therapist_client: Client, answered: Couple) -> None:
    first = _drafted(therapist_client, answered)
    data = edit_data(therapist_client, answered, session_count="4", s1_notes="Bring the bid log.")
    response = therapist_client.post(edit_url(answered), data)
    assert response.status_code == 302
    latest = answered.plan.latest()
    assert latest.number == 2 and len(latest.content["sessions"]) == 4
    assert latest.content["sessions"][0]["notes"] == "Bring the bid log."
    first.refresh_from_db()
    assert len(first.content["sessions"]) == 10  # untouched
    old = therapist_client.get(_url(answered) + "?version=1").content.decode()
    assert "You are reading version 1" in old and "Save as a new version" not in old


def test_add_remove_and_reorder_exercises(therapist_client: Client, answered: Couple) -> None:
    make_exercise("gottman-fondness-admiration", targets=("P1",))
    version = _drafted(therapist_client, answered)
    session = next(s for s in version.content["sessions"] if len(s["exercises"]) >= 2)
    n, keys = session["number"], [row["key"] for row in session["exercises"]]
    data = edit_data(
        therapist_client,
        answered,
        **{f"s{n}_e0_order": "2", f"s{n}_e1_order": "1", f"s{n}_add": "gottman-fondness-admiration"},
    )
    therapist_client.post(edit_url(answered), data)
    saved = word_data(answered.plan.latest().content, ENGLISH)["sessions"][n - 1]["exercises"]
    assert [row["key"] for row in saved][:2] == [keys[1], keys[0]]
    assert saved[-1] == {"key": "gottman-fondness-admiration", "reason": "Added by the therapist.", "minutes": 30}
    data = edit_data(therapist_client, answered, **{f"s{n}_e0_remove": "on"})
    therapist_client.post(edit_url(answered), data)
    assert [row["key"] for row in answered.plan.latest().content["sessions"][n - 1]["exercises"]] == [
        row["key"] for row in saved
    ][1:]


def test_more_sessions_adds_empty_ones(therapist_client: Client, answered: Couple) -> None:
    _drafted(therapist_client, answered)
    therapist_client.post(edit_url(answered), edit_data(therapist_client, answered, session_count="8"))
    sessions = answered.plan.latest().content["sessions"]
    assert [s["number"] for s in sessions] == list(range(1, 9)) and sessions[7]["exercises"] == []


def test_second_save_from_the_same_version_is_refused(therapist_client: Client, answered: Couple) -> None:
    _drafted(therapist_client, answered)
    first = edit_data(therapist_client, answered, s1_notes="Mine")
    second = edit_data(therapist_client, answered, s1_notes="Theirs")
    assert therapist_client.post(edit_url(answered), first).status_code == 302
    response = therapist_client.post(edit_url(answered), second)
    assert response.status_code == 200
    assert "Not saved: version 2 was saved by therapist" in response.content.decode()
    assert answered.plan.versions.count() == 2
    assert answered.plan.latest().content["sessions"][0]["notes"] == "Mine"


@pytest.mark.parametrize(
    "change",
    [
        {"session_count": "0"},
        {"session_count": "21"},
        {"session_count": "x"},
        {"s1_focus": ""},
        {"s1_add": "no-such-exercise"},
        {"s1_notes": "n" * 4001},
    ],
)
def test_bad_input_shows_errors_and_saves_nothing(
    therapist_client: Client, answered: Couple, change: dict[str, str]
) -> None:
    _drafted(therapist_client, answered)
    response = therapist_client.post(edit_url(answered), edit_data(therapist_client, answered, **change))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert answered.plan.versions.count() == 1


def test_safety_hold_keeps_joint_exercises_out(therapist_client: Client, couple: Couple) -> None:
    make_library()
    _submit(couple.partner_a, safety={"safety_afraid": "1"})
    _submit(couple.partner_b)
    version = _drafted(therapist_client, couple)
    assert version.content["safety_hold"] is True
    keys = [row["key"] for s in version.content["sessions"] for row in s["exercises"]]
    assert "individual-safety-assessment" in keys and "gottman-love-maps" not in keys
    html = therapist_client.get(_url(couple)).content.decode()
    assert "Joint work on hold (private to you)" in html
    data = edit_data(therapist_client, couple, s2_add="gottman-love-maps")
    response = therapist_client.post(edit_url(couple), data)
    assert "Joint work is on hold after a safety finding" in response.content.decode()
    assert couple.plan.versions.count() == 1


def test_views_and_saves_are_logged(therapist_client: Client, answered: Couple) -> None:
    _drafted(therapist_client, answered)
    therapist_client.get(_url(answered))
    therapist_entries = AccessLog.objects.filter(partner_role="").order_by("at", "id")
    assert list(therapist_entries.values_list("action", flat=True)) == ["save_plan", "view_plan"]


def test_plan_query_count_does_not_grow_with_versions(
    therapist_client: Client, answered: Couple, django_assert_max_num_queries: Any
) -> None:
    _drafted(therapist_client, answered)
    for _ in range(5):
        therapist_client.post(edit_url(answered), edit_data(therapist_client, answered))
    with django_assert_max_num_queries(12):
        therapist_client.get(_url(answered))
