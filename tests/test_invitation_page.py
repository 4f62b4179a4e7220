"""The invitation form, link confirmation and extension on the couple page, and the partner's stop page."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from clinic.messaging import compose
from clinic.messaging.models import OutboxMessage, ReminderStop
from clinic.models import AccessLog
from intake.models import Couple, Invitation
from tests.factories import issue_link
from tests.test_mail_invitations import invite


def test_the_form_starts_from_the_practice_words_and_names_no_therapy(therapist_client: Client, couple: Couple) -> None:
    page = therapist_client.get(f"/couples/{couple.pk}/invitations/?to=b")
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert 'value="Your private questionnaire link"' in html and "therapy" not in html.split("<textarea")[1][:600]
    assert 'id="id_email_b"' in html and 'id="id_email_a"' not in html
    assert "Send the invitation to <bdi>Alex</bdi>" in html


def test_the_practice_template_is_used(therapist_client: Client, couple: Couple, settings: Any) -> None:
    settings.ATTUNE_INVITATION_TEMPLATE = ("Your appointment at Oak Practice", "Dear client,\n\nPlease answer.")
    html = therapist_client.get(f"/couples/{couple.pk}/invitations/").content.decode()
    assert 'value="Your appointment at Oak Practice"' in html and "Dear client," in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email_a": ""}, "email_a", "This field is required"),
        ({"email_b": "alex at home"}, "email_b", "Enter a valid email address"),
        ({"message": "Hi Sam and alex,\n\nPlease answer."}, "message", "Leave out Sam and Alex"),
        ({"subject": "For SAM"}, "subject", "Leave out Sam"),
        ({"subject": "Two\nlines"}, "subject", "Keep the subject on one line"),
        ({"message": "x" * 2001}, "message", "at most 2000 characters"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_sends_nothing(
    therapist_client: Client, couple: Couple, changes: dict[str, str], field: str, message: str
) -> None:
    before = {p.pk: (p.email, p.invitations.count()) for p in couple.partners.all()}
    response = invite(therapist_client, couple, **changes)
    html = response.content.decode()
    assert response.status_code == 200 and message in html and f'id="id_{field}_error"' in html
    assert "nothing was sent" in html
    assert not OutboxMessage.objects.exists()
    assert {p.pk: (p.email, p.invitations.count()) for p in couple.partners.all()} == before


def test_sending_saves_the_address_queues_and_logs(therapist_client: Client, couple: Couple, therapist: Any) -> None:
    response = invite(therapist_client, couple, to="b")
    assert response.status_code == 302
    alex = couple.partner_b
    alex.refresh_from_db()
    assert alex.email == "alex@example.net"
    message = OutboxMessage.objects.get()
    assert message.status == "queued" and message.task_id and message.created_by == therapist
    assert "alex@example.net" not in message.sealed and "/i/" not in message.sealed  # sealed, link and all
    entry = AccessLog.objects.get(action="queue_invitation")
    assert entry.couple_id == couple.pk and entry.detail == "partner b"
    page = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert "a•••@e•••.net" in page and "Waiting for the worker" in page


def test_other_therapists_and_partners_reach_none_of_it(other_client: Client, client_a: Client, couple: Couple) -> None:
    partner = couple.partner_a
    urls = [
        f"/couples/{couple.pk}/invitations/",
        f"/couples/{couple.pk}/partners/{partner.pk}/extend/",
        f"/couples/{couple.pk}/partners/{partner.pk}/link/",
        f"/couples/{couple.pk}/partners/{partner.pk}/revoke/",
    ]
    for url in urls:
        assert other_client.post(url).status_code == 404
        assert client_a.get(url)["Location"].startswith("/accounts/login/")
    assert invite(other_client, couple).status_code == 404 and not OutboxMessage.objects.exists()


def test_issuing_and_revoking_ask_first(therapist_client: Client, couple: Couple) -> None:
    partner = couple.partner_a
    issue_link(partner)
    for action, words in (
        ("link", "Issue a new link for <bdi>Sam</bdi>?"),
        ("revoke", "Revoke <bdi>Sam</bdi>'s link?"),
    ):
        page = therapist_client.get(f"/couples/{couple.pk}/partners/{partner.pk}/{action}/")
        assert page.status_code == 200 and words in page.content.decode()
        assert Invitation.objects.live().filter(partner=partner).count() == 1  # asking changed nothing
    detail = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert f'href="/couples/{couple.pk}/partners/{partner.pk}/revoke/"' in detail


def test_extending_a_link_moves_its_expiry(therapist_client: Client, couple: Couple) -> None:
    partner = couple.partner_a
    issue_link(partner)
    link = partner.invitations.get()
    Invitation.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = therapist_client.post(f"/couples/{couple.pk}/partners/{partner.pk}/extend/")
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.is_live and link.expires_at > timezone.now() + timedelta(days=13)
    assert AccessLog.objects.filter(action="extend_link", couple_id=couple.pk).exists()
    link.revoke()
    therapist_client.post(f"/couples/{couple.pk}/partners/{partner.pk}/extend/")
    link.refresh_from_db()
    assert not link.is_live


def test_the_stop_page_answers_one_click_and_a_mail_clients_post(client: Client, couple: Couple) -> None:
    token = compose.stop_token(couple.partner_a)
    page = client.get(f"/i/{token}/stop/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] and page["Referrer-Policy"] == "no-referrer"
    assert ReminderStop.objects.get(partner=couple.partner_a).stopped_at is not None
    again = Client(enforce_csrf_checks=True).post(f"/i/{token}/stop/", {"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200 and again.content == page.content
    entries = AccessLog.objects.filter(action="stop_reminders")
    assert [(e.couple_id, e.partner_role, e.username) for e in entries] == [(couple.pk, "a", "")]
    assert b"Sam" not in page.content and b"Alex" not in page.content


def test_an_unknown_stop_link_is_just_not_valid(client: Client, couple: Couple) -> None:
    compose.stop_token(couple.partner_a)
    page = client.get("/i/not-a-real-token-at-all/stop/")
    assert page.status_code == 404 and b"This link is not valid" in page.content
    assert ReminderStop.objects.get().stopped_at is None
