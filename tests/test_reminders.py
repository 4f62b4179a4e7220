"""Reminders run by the real worker on a frozen clock: due ones go out once, and nothing cancels them late."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic.messaging.models import OutboxMessage, Reminder
from intake.models import Couple, Invitation
from intake.questionnaire import QUESTIONNAIRE
from tests.intake_steps import answer_steps, complete_intake, consent, step_data
from tests.mail import Recorder, run_worker
from tests.test_mail_invitations import invite

pytestmark = pytest.mark.django_db(transaction=True)
SAFETY_STEP = 1 + [s.key for s in QUESTIONNAIRE.sections].index("safety")


def later(days: float) -> time_machine.travel:
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=False)


def invited(smtp: Recorder, therapist_client: Client, couple: Couple) -> str:
    """Partner A's invitation, delivered; its link."""
    invite(therapist_client, couple, to="a")
    run_worker()
    [mail] = smtp.received
    smtp.received.clear()
    return mail.intake_links()[0]


def test_due_reminders_go_out_once_each_and_never_more_than_two(
    smtp: Recorder, therapist_client: Client, couple: Couple
) -> None:
    link = invited(smtp, therapist_client, couple)
    with later(2.9):
        run_worker()
    assert smtp.received == []
    with later(3.01):
        run_worker()
        run_worker()
    [first] = smtp.received
    assert first.message["Subject"] == "A reminder: your private link" and first.intake_links() == [link]
    assert first.message["Auto-Submitted"] == "auto-generated" and "/stop/" in first.message["List-Unsubscribe"]
    with later(12.01):
        run_worker()
    with later(13.9):
        run_worker()
    assert [m.message["Subject"] for m in smtp.received] == [
        "A reminder: your private link",
        "Last reminder: your private link",
    ]
    assert smtp.received[1].intake_links() == [link]
    assert OutboxMessage.objects.filter(kind__in=["reminder", "last_reminder"], status="sent").count() == 2


def test_submitting_cancels_the_reminders_at_once(smtp: Recorder, therapist_client: Client, couple: Couple) -> None:
    link = invited(smtp, therapist_client, couple)
    browser = Client()
    browser.get(urlsplit(link).path)
    complete_intake(browser)
    assert set(Reminder.objects.values_list("status", "reason")) == {("cancelled", "submitted")}
    assert not DBTaskResult.objects.filter(task_path__endswith="send_reminder").exists()
    with later(13):
        run_worker()
    assert smtp.received == []


def test_revoking_the_link_cancels_its_reminders(smtp: Recorder, therapist_client: Client, couple: Couple) -> None:
    invited(smtp, therapist_client, couple)
    partner = couple.partner_a
    assert therapist_client.post(f"/couples/{couple.pk}/partners/{partner.pk}/revoke/").status_code == 302
    assert set(Reminder.objects.values_list("status", flat=True)) == {"cancelled"}
    with later(13):
        run_worker()
    assert smtp.received == []


def test_a_new_link_cancels_the_old_ones_reminders(smtp: Recorder, therapist_client: Client, couple: Couple) -> None:
    invited(smtp, therapist_client, couple)
    partner = couple.partner_a
    assert therapist_client.post(f"/couples/{partner.couple_id}/partners/{partner.pk}/link/").status_code == 302
    with later(13):
        run_worker()
    assert smtp.received == []


def test_a_reminder_already_queued_is_not_sent_once_no_longer_due(
    smtp: Recorder, therapist_client: Client, couple: Couple
) -> None:
    """Even a cancellation that never happened (the link revoked behind Attune's back) stops it: the task checks."""
    invited(smtp, therapist_client, couple)
    Invitation.objects.filter(partner=couple.partner_a).update(revoked_at=timezone.now())
    with later(3.01):
        run_worker()
    assert smtp.received == []
    assert Reminder.objects.filter(reason="the link was revoked or replaced").count() == 1


def test_the_stop_link_works_in_one_click_and_at_once(smtp: Recorder, therapist_client: Client, couple: Couple) -> None:
    invite(therapist_client, couple, to="a")
    run_worker()
    [mail] = smtp.received
    [stop] = [link for link in mail.links() if link.endswith("/stop/")]
    page = Client().get(urlsplit(stop).path)
    assert page.status_code == 200 and b"Reminders stopped" in page.content
    assert b"Sam" not in page.content and b"Alex" not in page.content and couple.name.encode() not in page.content
    assert set(Reminder.objects.values_list("status", "reason")) == {("cancelled", "the partner stopped reminders")}
    with later(13):
        run_worker()
    assert len(smtp.received) == 1


def test_a_partner_who_says_email_is_not_safe_gets_nothing_more(
    smtp: Recorder, therapist_client: Client, couple: Couple
) -> None:
    link = invited(smtp, therapist_client, couple)
    browser = Client()
    browser.get(urlsplit(link).path)
    consent(browser)
    answer_steps(browser, last=SAFETY_STEP - 1)
    section = QUESTIONNAIRE.sections[SAFETY_STEP - 1]
    assert browser.post(f"/i/step/{SAFETY_STEP}/", step_data(section, contact_ok="4")).status_code == 303
    assert set(Reminder.objects.values_list("reason", flat=True)) == {"the partner said email is not safe for them"}
    with later(13):
        run_worker()
    assert smtp.received == []
    page = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert 'disabled aria-describedby="contact-a"' in page and "email is not safe for them" in page
    refused = invite(therapist_client, couple, to="a")
    assert refused.status_code == 200 and "said email is not safe for them" in refused.content.decode()
    assert OutboxMessage.objects.filter(kind="invitation").count() == 1


def test_a_refused_first_attempt_is_delivered_on_a_retry(
    smtp: Recorder, therapist_client: Client, couple: Couple
) -> None:
    smtp.refuse = 1
    invite(therapist_client, couple, to="a")
    run_worker()
    assert smtp.received == [] and smtp.refused == 1
    message = OutboxMessage.objects.get()
    assert message.status == "retrying" and message.result.startswith("451") and message.sealed
    page = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert "Not delivered yet: trying again" in page and "Next try" in page
    with later(0.0007):  # a minute later
        run_worker()
    [mail] = smtp.received
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2 and len(mail.intake_links()) == 1
