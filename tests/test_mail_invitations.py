"""Invitations by email, across a real SMTP server on loopback: the partner's own link and nothing else."""

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from clinic.messaging.models import OutboxMessage, Reminder
from clinic.models import AccessLog
from intake.models import Couple, Invitation
from tests.mail import Recorder, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def invite(browser: Client, couple: Couple, to: str = "both", **changes: str) -> Any:
    data = {
        "to": to,
        "subject": "Your private questionnaire link",
        "message": "Hello,\n\nPlease fill in the questionnaire before we meet.\n\nRobin",
        "email_a": "sam@example.org",
        "email_b": "alex@example.net",
        **changes,
    }
    return browser.post(f"/couples/{couple.pk}/invitations/", data)


def test_an_invitation_crosses_smtp_with_one_link_that_works(
    smtp: Recorder, therapist_client: Client, couple: Couple
) -> None:
    response = invite(therapist_client, couple, to="a")
    assert response.status_code == 302 and response["Location"].endswith("#messages")
    assert smtp.received == []  # queued: the worker sends it
    run_worker()
    [mail] = smtp.received
    assert mail.recipients == ["sam@example.org"]
    assert mail.message["Subject"] == "Your private questionnaire link"
    assert mail.message.is_multipart() and mail.text and mail.html
    [link] = mail.intake_links()
    assert link in mail.html and "Please fill in the questionnaire" in mail.html
    assert "Alex" not in mail.everything and "Sam" not in mail.everything
    partner = Client()
    opened = partner.get(urlsplit(link).path)
    assert opened.status_code == 303 and opened["Location"] == "/i/"
    assert partner.get("/i/welcome/").status_code == 200
    message = OutboxMessage.objects.get()
    assert message.status == "sent" and message.sealed == "" and message.attempts == 1
    assert AccessLog.objects.filter(
        action="message_sent", couple_id=couple.pk, detail="invitation to partner a: sent"
    ).exists()


def test_both_invitations_each_carry_their_own_link(smtp: Recorder, therapist_client: Client, couple: Couple) -> None:
    invite(therapist_client, couple)
    run_worker()
    by_address = {mail.recipients[0]: mail for mail in smtp.received}
    assert set(by_address) == {"sam@example.org", "alex@example.net"}
    links = [by_address[address].intake_links() for address in by_address]
    assert all(len(found) == 1 for found in links) and links[0] != links[1]
    live = Invitation.objects.live().filter(partner__couple=couple)
    assert live.count() == 2
    assert Reminder.objects.filter(status="scheduled").count() == 4  # two for each link


def test_sending_replaces_the_link_shown_before(smtp: Recorder, therapist_client: Client, couple: Couple) -> None:
    from tests.factories import issue_link

    earlier = issue_link(couple.partner_a)
    invite(therapist_client, couple, to="a")
    assert Client().get(f"/i/{earlier}/").status_code == 404
