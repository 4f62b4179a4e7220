"""Every message in its reader's language, across the real SMTP server: a partner's invitation and reminders in the
partner's own language (subject included, `dir` on the HTML part), a therapist's notice in the account language."""

from datetime import timedelta
from email.header import decode_header, make_header
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from clinic.models import TherapistProfile
from intake.models import Couple, Partner
from tests.conftest import partner_client
from tests.intake_steps import complete_intake
from tests.mail import Recorder, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def _subject(mail: Any) -> str:
    return str(make_header(decode_header(mail.message["Subject"])))


def test_each_partner_gets_the_invitation_in_their_own_language(
    smtp: Recorder, therapist_client: Client, couple: Couple
) -> None:
    Partner.objects.filter(pk=couple.partner_a.pk).update(language="ar")
    page = therapist_client.get(f"/couples/{couple.pk}/invitations/?to=a")
    # The words the therapist starts from are in the partner's language; they stay the therapist's to change.
    subject, message = page.context["form"].initial["subject"], page.context["form"].initial["message"]
    assert subject == "رابط الاستبيان الخاص بك"
    data = {"to": "both", "subject": "Link", "message": "Hello — مرحبًا", "email_a": "a@example.org"}
    assert (
        therapist_client.post(f"/couples/{couple.pk}/invitations/", {**data, "email_b": "b@example.net"}).status_code
        == 302
    )
    run_worker()
    by_address = {mail.recipients[0]: mail for mail in smtp.received}
    arabic, english = by_address["a@example.org"], by_address["b@example.net"]
    assert '<html lang="ar" dir="rtl">' in arabic.html and '<html lang="en" dir="ltr">' in english.html
    assert "Your private link" not in arabic.text and "Your private link" in english.text
    assert 'dir="ltr"' in arabic.html  # the link itself reads left to right inside the Arabic message
    assert message.strip()


def test_reminders_speak_the_partners_language_with_a_translated_subject(
    smtp: Recorder, therapist_client: Client, couple: Couple
) -> None:
    Partner.objects.filter(pk=couple.partner_a.pk).update(language="ar")
    data = {"to": "a", "subject": "Link", "message": "Hello", "email_a": "a@example.org"}
    therapist_client.post(f"/couples/{couple.pk}/invitations/", data)
    run_worker()
    smtp.received.clear()
    with time_machine.travel(timezone.now() + timedelta(days=3.01), tick=False):
        run_worker()
    [reminder] = smtp.received
    assert _subject(reminder) != "A reminder: your private link"
    assert any("\u0600" <= character <= "\u06ff" for character in _subject(reminder))
    assert '<html lang="ar" dir="rtl">' in reminder.html and "reminder" not in reminder.text.lower()


def test_the_therapists_notice_follows_the_account_language(smtp: Recorder, therapist: Any, couple: Couple) -> None:
    therapist.email = "robin@practice.example"
    therapist.save()
    TherapistProfile.objects.create(user=therapist, language="ar")
    for partner in couple.partners.all():  # both in English: the therapist's language decides, not theirs
        complete_intake(partner_client(partner))
    run_worker()
    [notice] = smtp.received
    assert _subject(notice) != "Attune: both questionnaires are in" and "Attune" in _subject(notice)
    assert '<html lang="ar" dir="rtl">' in notice.html
