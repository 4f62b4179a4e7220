"""The therapist's other typing pages keep their typing as the plan editor does: the invitation email and the
progress handout's note. A draft is kept (never sent or printed), given back, discarded, cleared by saving or
sending; without JavaScript a post after the sign-out comes back after signing in; bad drafts are refused."""

import io
import time
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import Client, override_settings

from clinic.accounts.timeouts import SEEN
from clinic.messaging.models import OutboxMessage
from clinic.models import AccessLog, FormDraft
from intake.models import Couple
from tests.conftest import partner_client
from tests.factories import PASSWORD

WORDS = "We look forward to meeting you both on Tuesday."


def invitation_fields(**changes: str) -> dict[str, str]:
    return {"to": "both", "email_a": "a@example.org", "email_b": "b@example.org", "subject": "Your first session"} | {
        "message": WORDS,
        "extend": "0",
        **changes,
    }


PAGES = {
    "invitation": (
        "/couples/{pk}/invitations/",
        "/couples/{pk}/invitations/draft/",
        invitation_fields(),
        "message",
    ),
    "progress": ("/couples/{pk}/progress/", "/couples/{pk}/progress/draft/", {"note": WORDS, "trend_a": "on"}, "note"),
}


def urls(name: str, couple: Couple) -> tuple[str, str, dict[str, str], str]:
    page, draft, data, field = PAGES[name]
    return page.format(pk=couple.pk), draft.format(pk=couple.pk), data, field


@pytest.mark.parametrize("name", PAGES)
def test_a_kept_draft_comes_back_and_is_never_sent_or_printed(
    name: str, therapist_client: Client, couple: Couple
) -> None:
    page, draft, data, _field = urls(name, couple)
    answer = therapist_client.post(draft, data)
    assert answer.status_code == 200 and answer.json()["saved"] is True
    stored = FormDraft.objects.get(couple=couple)
    assert WORDS not in stored.sealed and stored.page == ("invitations" if name == "invitation" else "progress")
    html = therapist_client.get(page).content.decode()
    assert WORDS in html and "Your unsaved changes are back" in html
    assert not OutboxMessage.objects.exists()  # an invitation's draft is never sent
    assert AccessLog.objects.filter(couple_id=couple.pk, action="keep_draft").count() == 1


@pytest.mark.parametrize("name", PAGES)
def test_discarding_goes_back_to_what_is_saved(name: str, therapist_client: Client, couple: Couple) -> None:
    page, draft, data, _field = urls(name, couple)
    therapist_client.post(draft, data)
    response = therapist_client.post(page, {"action": "discard", "to": "both"}, follow=True)
    html = response.content.decode()
    assert "Your unsaved changes were discarded" in html and WORDS not in html
    assert not FormDraft.objects.exists() and not OutboxMessage.objects.exists()


def test_sending_the_invitation_clears_its_draft(therapist_client: Client, couple: Couple) -> None:
    page, draft, data, _field = urls("invitation", couple)
    therapist_client.post(draft, data)
    assert therapist_client.post(page, {k: v for k, v in data.items() if k != "extend"}).status_code == 302
    assert OutboxMessage.objects.count() == 2 and not FormDraft.objects.exists()


def test_saving_the_progress_note_clears_its_draft(therapist_client: Client, couple: Couple) -> None:
    page, draft, data, _field = urls("progress", couple)
    therapist_client.post(draft, data)
    assert therapist_client.post(page, data).status_code == 302
    assert not FormDraft.objects.exists()
    html = therapist_client.get(page).content.decode()
    assert WORDS in html and "Your unsaved changes are back" not in html


@pytest.mark.parametrize("name", PAGES)
def test_the_draft_address_access_matrix(
    name: str, client: Client, other_client: Client, therapist_client: Client, couple: Couple
) -> None:
    _page, draft, data, _field = urls(name, couple)
    for outsider in (client, partner_client(couple.partner_a), partner_client(couple.partner_b)):
        response = outsider.post(draft, data)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert other_client.post(draft, data).status_code == 404
    assert therapist_client.get(draft).status_code == 405
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    ("change", "says"),
    [({"unknown": "x"}, "is not a field of this page"), ({"note": "x" * 2001, "message": "x" * 2001}, "longer than")],
)
def test_bad_drafts_are_refused(
    name: str, change: dict[str, str], says: str, therapist_client: Client, couple: Couple
) -> None:
    _page, draft, data, _field = urls(name, couple)
    answer = therapist_client.post(draft, data | change)
    assert answer.status_code == 400 and says in answer.json()["error"]
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize("name", PAGES)
def test_without_javascript_a_post_after_the_sign_out_comes_back(
    name: str, therapist: Any, couple: Couple, settings: Any
) -> None:
    page, _draft, data, _field = urls(name, couple)
    browser = Client()
    browser.post("/accounts/login/", {"username": therapist.username, "password": PASSWORD})
    browser.get(page)
    session = browser.session
    session[SEEN] = time.time() - settings.ATTUNE_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    sent = {k: v for k, v in data.items() if k != "extend"}
    response = browser.post(page, sent, follow=True)
    assert "What you had typed on the page you sent is kept" in response.content.decode()
    assert not OutboxMessage.objects.exists()  # nothing sent behind the sign-out
    browser.post(f"/accounts/login/?next={page}", {"username": therapist.username, "password": PASSWORD})
    html = browser.get(page).content.decode()
    assert WORDS in html and "Your unsaved changes are back" in html
    assert not OutboxMessage.objects.exists()


def test_key_rotation_reseals_drafts(therapist: Any, unsealed_database: None) -> None:
    from clinic.drafts import keep_draft
    from tests.factories import make_couple

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]):
        couple = make_couple(therapist)
        keep_draft(couple, therapist, FormDraft.Page.PROGRESS, {"note": WORDS})
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new, old]):
        call_command("rotatekeys", stdout=io.StringIO())
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new]):
        assert FormDraft.objects.get().fields == {"note": WORDS}


def test_deleting_the_couple_deletes_its_drafts(therapist_client: Client, couple: Couple) -> None:
    _page, draft, data, _field = urls("progress", couple)
    therapist_client.post(draft, data)
    couple.delete()
    assert not FormDraft.objects.exists()
