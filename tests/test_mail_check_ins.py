"""Check-ins by email: a partner's check-in link emailed from the couple page, its reminders while it waits, and the
therapist's notice when a check-in or a re-assessment is in (never "both questionnaires are in" again)."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from clinic.messaging.models import OutboxMessage, Reminder
from clinic.outcomes.checkins import open_check_in
from intake.checkins import CheckIn
from intake.models import Couple, Invitation
from tests.check_in_steps import check_in_client, check_in_data
from tests.conftest import partner_client
from tests.intake_steps import complete_intake
from tests.mail import Recorder, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def addressed(couple: Couple) -> Couple:
    for partner, address in zip(couple.partners.all(), ("sam@home.example", "alex@home.example"), strict=True):
        partner.email = address
        partner.save(update_fields=["email"])
    return couple


def email_link(client: Client, couple: Couple, check_in: CheckIn, role: str = "a") -> Any:
    partner = couple.partners.get(role=role)
    url = f"/couples/{couple.pk}/check-ins/{check_in.pk}/partners/{partner.pk}/link/"
    return client.post(url, {"send": "email"})


def test_an_emailed_check_in_link_crosses_smtp_and_opens_that_check_in(
    smtp: Recorder, therapist_client: Client, addressed: Couple
) -> None:
    check_in, _tokens = open_check_in(addressed, addressed.therapist, session_number=3)
    assert email_link(therapist_client, addressed, check_in).status_code == 302
    run_worker()
    [mail] = smtp.received
    assert mail.recipients == ["sam@home.example"]
    assert mail.message["Subject"] == "A few short questions before we meet"
    [link] = mail.intake_links()
    for private in ("Alex", addressed.name, "therapy", "CSI"):
        assert private not in mail.everything, private
    browser = Client()
    assert browser.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 303
    assert browser.post("/i/check-in/", check_in_data(total=14)).status_code == 303
    live = Invitation.objects.live().filter(partner=addressed.partner_a)
    assert live.for_intake().count() == 0 and live.filter(check_in=check_in).count() == 1


def test_an_emailed_check_in_link_is_reminded_until_it_is_answered(
    smtp: Recorder, therapist_client: Client, addressed: Couple
) -> None:
    check_in, _tokens = open_check_in(addressed, addressed.therapist, session_number=3)
    email_link(therapist_client, addressed, check_in, role="a")
    email_link(therapist_client, addressed, check_in, role="b")
    run_worker()
    [to_sam, to_alex] = sorted(smtp.received, key=lambda mail: mail.recipients)[::-1]
    smtp.received.clear()
    assert Reminder.objects.filter(link_kind="check_in").count() == 4
    browser = Client()
    browser.get(to_sam.intake_links()[0].removeprefix("http://127.0.0.1:8000"))
    assert browser.post("/i/check-in/", check_in_data()).status_code == 303
    with time_machine.travel(timezone.now() + timedelta(days=3.01), tick=False):
        run_worker()
    [reminder] = smtp.received
    assert reminder.recipients == ["alex@home.example"] and reminder.intake_links() == to_alex.intake_links()
    assert "the check-in you were sent is not finished yet" in reminder.text
    cancelled = Reminder.objects.filter(partner=addressed.partner_a, link_kind="check_in")
    assert {r.reason for r in cancelled} == {"submitted"}


def test_a_partner_who_said_email_is_not_safe_gets_no_check_in_email_and_no_link(
    smtp: Recorder, therapist_client: Client, addressed: Couple
) -> None:
    addressed.partners.filter(role="a").update(contact_email_ok=False)
    check_in, _tokens = open_check_in(addressed, addressed.therapist, session_number=3)
    before = set(Invitation.objects.filter(check_in=check_in).values_list("pk", "revoked_at"))
    response = email_link(therapist_client, addressed, check_in)
    page = therapist_client.get(response["Location"]).content.decode()
    assert "said in the questionnaire that email is not safe for them" in page
    run_worker()
    assert smtp.received == [] and not OutboxMessage.objects.exists()
    assert set(Invitation.objects.filter(check_in=check_in).values_list("pk", "revoked_at")) == before
    page = therapist_client.get(f"/couples/{addressed.pk}/").content.decode()
    assert "Email a new link to <bdi>Sam</bdi>" not in page and "Email a new link to <bdi>Alex</bdi>" in page


@pytest.fixture
def reachable(therapist: Any) -> Any:
    therapist.email = "robin@practice.example"
    therapist.save(update_fields=["email"])
    return therapist


def test_a_sent_check_in_tells_the_therapist_without_a_name(
    smtp: Recorder, reachable: Any, couple: Couple, therapist_client: Client
) -> None:
    check_in, _tokens = open_check_in(couple, couple.therapist, session_number=2)
    assert check_in_client(couple.partner_b, check_in).post("/i/check-in/", check_in_data()).status_code == 303
    run_worker()
    [mail] = smtp.received
    assert mail.message["Subject"] == "Attune: a check-in is in"
    assert "Alex" not in mail.everything and "Sam" not in mail.everything


def test_a_re_assessment_is_a_check_in_notice_not_both_questionnaires_again(
    smtp: Recorder, reachable: Any, couple: Couple
) -> None:
    complete_intake(partner_client(couple.partner_a))
    complete_intake(partner_client(couple.partner_b))
    run_worker()
    smtp.received.clear()
    check_in, _tokens = open_check_in(couple, couple.therapist, kind=CheckIn.Kind.REASSESSMENT)
    complete_intake(check_in_client(couple.partner_a, check_in))
    run_worker()
    assert [mail.message["Subject"] for mail in smtp.received] == ["Attune: a check-in is in"]
