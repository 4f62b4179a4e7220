"""Re-assessment: the full questionnaire again on a new private link, through the intake's own pages, stored apart
from the intake; the comparison page then shows what moved since the intake."""

from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog
from intake.checkins import CheckIn, CheckInResponse
from intake.models import Couple, Invitation, Partner, SafetyAlert
from intake.questionnaire import QUESTIONNAIRE
from tests.factories import make_couple, submit_intake
from tests.intake_steps import answer_steps, step_data

SAFETY_STEP = [section.key for section in QUESTIONNAIRE.sections].index("safety") + 1


@pytest.fixture
def intakes_in(couple: Couple) -> Couple:
    submit_intake(couple.partner_a, pick=4)  # Sam: every partner-report answer at the problem end
    submit_intake(couple.partner_b, pick=0)
    return couple


def _send(client: Client, couple: Couple, **data: str) -> Any:
    return client.post(f"/couples/{couple.pk}/check-ins/", {"action": "reassess", **data})


def _browser(partner: Partner, check_in: CheckIn) -> Client:
    browser = Client()
    _invitation, token = Invitation.issue(partner, None, check_in=check_in)
    assert browser.get(f"/i/{token}/").status_code == 303
    return browser


def test_the_questionnaire_again_through_the_intakes_pages(
    therapist_client: Client, intakes_in: Couple, partner_a: Partner
) -> None:
    assert _send(therapist_client, intakes_in, reassess_session="6").status_code == 302
    check_in = intakes_in.check_ins.get()
    assert check_in.label == "Re-assessment at session 6"
    intake_before = partner_a.answer_dict()
    browser = _browser(partner_a, check_in)
    assert browser.get("/i/")["Location"] == "/i/welcome/"
    assert "answer the questionnaire once more" in browser.get("/i/welcome/").content.decode()
    assert browser.post("/i/welcome/", {"agree": "on"}).status_code == 303
    answer_steps(browser, pick=1)
    assert browser.post("/i/review/")["Location"] == "/i/done/"
    assert "tell your therapist at your next session" in browser.get("/i/done/").content.decode()
    response = CheckInResponse.objects.get(check_in=check_in, partner=partner_a)
    assert response.submitted_at is not None and response.questionnaire_version == QUESTIONNAIRE.version
    assert response.csi4_total == 4
    assert Partner.objects.get(pk=partner_a.pk).answer_dict() == intake_before
    assert browser.get("/i/check-in/")["Location"] == "/i/"  # a re-assessment's session stays on the intake's pages
    details = AccessLog.objects.filter(partner_role="a", action="save_step").values_list("detail", flat=True)
    assert "re-assessment: step 1" in details


def test_a_safety_answer_in_the_reassessment_raises_its_own_alert(
    therapist_client: Client, intakes_in: Couple, partner_a: Partner
) -> None:
    _send(therapist_client, intakes_in)
    browser = _browser(partner_a, intakes_in.check_ins.get())
    browser.post("/i/welcome/", {"agree": "on"})
    section = QUESTIONNAIRE.sections[SAFETY_STEP - 1]
    response = browser.post(f"/i/step/{SAFETY_STEP}/", step_data(section, safety_afraid="1"))
    assert response["Location"].startswith("/i/support/")
    alert = SafetyAlert.objects.get(partner=partner_a)
    assert alert.response is not None and alert.response.check_in.kind == "reassessment"
    page = therapist_client.get(f"/couples/{intakes_in.pk}/").content.decode()
    assert "Re-assessment" in page and "Do you ever feel afraid of your partner?" in page


def test_the_comparison_shows_the_intake_against_the_reassessment(therapist_client: Client, intakes_in: Couple) -> None:
    _send(therapist_client, intakes_in)
    check_in = intakes_in.check_ins.get()
    for partner in intakes_in.partners.all():
        response = CheckInResponse.of(check_in, partner)
        response.consent()
        answers: dict[str, int | str] = {
            item.key: item.choices[0].value for item in QUESTIONNAIRE.items if item.choices
        }
        answers.update({item.key: 0 for item in QUESTIONNAIRE.items if item.safety})
        assert response.save_answers(answers)
        assert response.submit()
    page = therapist_client.get(f"/couples/{intakes_in.pk}/comparison/")
    text = page.content.decode()
    assert "Intake against the re-assessment" in text
    closed = page.context["reassessment_groups"][0]
    assert closed["title"] == "Perception gaps that closed" and closed["rows"]
    assert {"area", "about", "before", "after"} <= set(closed["rows"][0])
    logged = AccessLog.objects.filter(couple_id=intakes_in.pk, action="view_check_ins").values_list("detail", flat=True)
    assert list(logged) == ["comparison: intake against re-assessment"]


def test_one_partner_in_says_who_is_awaited(therapist_client: Client, intakes_in: Couple, partner_a: Partner) -> None:
    _send(therapist_client, intakes_in)
    response = CheckInResponse.of(intakes_in.check_ins.get(), partner_a)
    response.consent()
    response.save_answers({"csi4_1": 3, "csi4_2": 3, "csi4_3": 3, "csi4_4": 3})
    response.submit()
    page = therapist_client.get(f"/couples/{intakes_in.pk}/comparison/").content.decode()
    assert "Waiting for Alex" in page and "Perception gaps that closed" not in page


def test_no_reassessment_before_an_intake(therapist_client: Client, therapist: Any) -> None:
    fresh = make_couple(therapist, "Kim", "Lee")
    page = _send(therapist_client, fresh)
    assert "send it once an intake has been answered" in page.content.decode()
    assert not CheckIn.objects.exists()


def test_one_reassessment_waiting_at_a_time(therapist_client: Client, intakes_in: Couple) -> None:
    _send(therapist_client, intakes_in)
    page = _send(therapist_client, intakes_in)
    assert "A re-assessment is still waiting for answers" in page.content.decode()
    assert intakes_in.check_ins.count() == 1
    bad = _send(therapist_client, intakes_in, reassess_session="six")
    assert "Give the session as a whole number, or leave it empty." in bad.content.decode()
