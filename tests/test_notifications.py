"""The therapist's notices by email: what happened, never to whom; each one can be switched off."""

from typing import Any

import pytest
from django.test import Client

from clinic.messaging import notifications
from clinic.messaging.models import OutboxMessage
from clinic.models import TherapistProfile
from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.intake_steps import answer_steps, complete_intake, consent, step_data
from tests.mail import Recorder, run_worker

pytestmark = pytest.mark.django_db(transaction=True)
SAFETY_STEP = 1 + [s.key for s in QUESTIONNAIRE.sections].index("safety")


@pytest.fixture
def reachable(therapist: Any) -> Any:
    therapist.email = "robin@practice.example"
    therapist.save(update_fields=["email"])
    return therapist


def endorse(browser: Client, **answers: str) -> None:
    consent(browser)
    answer_steps(browser, last=SAFETY_STEP - 1)
    section = QUESTIONNAIRE.sections[SAFETY_STEP - 1]
    assert browser.post(f"/i/step/{SAFETY_STEP}/", step_data(section, 0, "next", **answers)).status_code == 303


def test_an_urgent_answer_sends_one_notice_that_names_no_one(smtp: Recorder, reachable: Any, couple: Couple) -> None:
    endorse(partner_client(couple.partner_a), safety_afraid="1", safety_selfharm="1", safety_threatened="1")
    run_worker()
    [mail] = smtp.received
    assert mail.recipients == ["robin@practice.example"]
    assert mail.message["Subject"] == "Attune: a client needs follow-up"
    assert mail.text.startswith("A client of yours needs follow-up; sign in to see who.\n")
    assert mail.links() == [] and "http://127.0.0.1:8000/couples/" in mail.text
    for secret in ("Sam", "Alex", couple.name, str(couple.pk), "afraid", "harm", "safety"):
        assert secret not in mail.everything, secret
    assert OutboxMessage.objects.get().kind == "urgent"


def test_a_tier_b_answer_sends_no_notice(smtp: Recorder, reachable: Any, couple: Couple) -> None:
    endorse(partner_client(couple.partner_a), safety_insulted="1")
    run_worker()
    assert smtp.received == []


def test_both_partners_submitted_is_told_once(smtp: Recorder, reachable: Any, couple: Couple) -> None:
    complete_intake(partner_client(couple.partner_a))
    run_worker()
    assert smtp.received == []
    complete_intake(partner_client(couple.partner_b))
    run_worker()
    [mail] = smtp.received
    assert mail.message["Subject"] == "Attune: both questionnaires are in"
    assert f"/couples/{couple.pk}/" in mail.text and "Sam" not in mail.everything and "Alex" not in mail.everything


def test_a_check_in_notice_through_its_hook(smtp: Recorder, reachable: Any, couple: Couple) -> None:
    notifications.check_in_received(couple.partner_b)
    run_worker()
    [mail] = smtp.received
    assert mail.message["Subject"] == "Attune: a check-in is in" and "Alex" not in mail.everything


@pytest.mark.parametrize("switch", ["notify_urgent", "notify_both_submitted"])
def test_a_notice_switched_off_is_not_sent(smtp: Recorder, reachable: Any, couple: Couple, switch: str) -> None:
    TherapistProfile.objects.update_or_create(user=reachable, defaults={switch: False})
    endorse(partner_client(couple.partner_a), safety_selfharm="1")
    complete_intake(partner_client(couple.partner_b))
    browser = partner_client(couple.partner_a)
    assert browser.post("/i/review/").status_code == 303
    run_worker()
    kinds = {mail.message["Subject"] for mail in smtp.received}
    off = {
        "notify_urgent": "Attune: a client needs follow-up",
        "notify_both_submitted": "Attune: both questionnaires are in",
    }
    assert off[switch] not in kinds and len(kinds) == 1


def test_a_therapist_without_an_address_gets_nothing_and_nothing_breaks(
    smtp: Recorder, therapist: Any, couple: Couple
) -> None:
    endorse(partner_client(couple.partner_a), safety_selfharm="1")
    run_worker()
    assert smtp.received == [] and not OutboxMessage.objects.exists()


def test_the_profile_page_switches_notices(therapist_client: Client, therapist: Any) -> None:
    data = {"first_name": "Robin", "email": "robin@practice.example", "notify_urgent": "on", "language": "en"}
    assert therapist_client.post("/accounts/profile/", data).status_code == 302
    profile = TherapistProfile.objects.get(user=therapist)
    assert (profile.notify_urgent, profile.notify_both_submitted, profile.notify_check_in) == (True, False, False)
    therapist.refresh_from_db()
    assert therapist.email == "robin@practice.example"
    page = therapist_client.get("/accounts/profile/").content.decode()
    assert "No notice ever names a client or a couple" in page
    bad = therapist_client.post("/accounts/profile/", {**data, "email": "not an address"})
    assert bad.status_code == 200 and "Enter a valid email address" in bad.content.decode()
