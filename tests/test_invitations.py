"""A partner's private link: one exchange for a session, never logged, never a hint."""

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from intake.models import Invitation, Partner, hash_token
from tests.factories import issue_link

INVALID = "This link is not valid"


def test_valid_link_is_exchanged_for_a_session_and_a_clean_url(client: Client, partner_a: Partner) -> None:
    token = issue_link(partner_a)
    response = client.get(f"/i/{token}/")
    assert response.status_code == 303
    assert response["Location"] == "/i/"
    assert token not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    home = client.get("/i/", follow=True)
    assert home.status_code == 200
    assert "Sam" in home.content.decode()


def test_token_is_stored_only_as_a_hash(partner_a: Partner) -> None:
    token = issue_link(partner_a)
    invitation = partner_a.invitations.get()
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert len(token) >= 43  # 32 random bytes, URL-safe base64


def test_session_key_changes_on_exchange(client: Client, partner_a: Partner) -> None:
    client.get("/i/not-a-real-token-at-all/")
    client.session.save()
    before = client.session.session_key
    client.get(f"/i/{issue_link(partner_a)}/")
    assert client.session.session_key != before


def _set_expired(partner: Partner) -> None:
    partner.invitations.update(expires_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize("case", ["unknown", "expired", "revoked", "reissued"])
def test_dead_links_all_get_the_same_404_page(client: Client, partner_a: Partner, case: str) -> None:
    token = issue_link(partner_a)
    if case == "unknown":
        token = token[:-4] + "AAAA"
    elif case == "expired":
        _set_expired(partner_a)
    elif case == "revoked":
        partner_a.invitations.get().revoke()
    elif case == "reissued":
        issue_link(partner_a)
    response = client.get(f"/i/{token}/")
    assert response.status_code == 404
    assert INVALID in response.content.decode()
    assert response.templates[0].name == "intake/invalid_link.html"


def test_links_expire_after_the_configured_days(partner_a: Partner, settings: Any) -> None:
    settings.ATTUNE_INVITATION_DAYS = 3
    issue_link(partner_a)
    lifetime = partner_a.invitations.get().expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < lifetime <= timedelta(days=3)


def test_revoking_a_link_ends_the_session_it_opened(client: Client, partner_a: Partner) -> None:
    client.get(f"/i/{issue_link(partner_a)}/")
    assert client.get("/i/", follow=True).status_code == 200
    partner_a.invitations.get().revoke()
    response = client.get("/i/")
    assert response.status_code == 404
    assert INVALID in response.content.decode()


def test_no_session_means_no_intake(client: Client, db: None) -> None:
    assert client.get("/i/").status_code == 404


def test_rate_limit_engages_after_repeated_failures_at_one_link(client: Client, db: None, settings: Any) -> None:
    settings.ATTUNE_TOKEN_FAILURE_LIMIT = 5
    for i in range(5):
        assert client.get(f"/i/guess-number-{i:04d}/").status_code == 404
    response = client.get("/i/guess-number-9999/")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_a_mistyped_link_does_not_lock_out_other_links_from_the_same_address(
    partner_a: Partner, partner_b: Partner, settings: Any
) -> None:
    """Partners at one home share an address: one partner's broken link leaves the other's alone."""
    settings.ATTUNE_TOKEN_FAILURE_LIMIT = 3
    household = Client(REMOTE_ADDR="198.51.100.20")
    token_a = issue_link(partner_a)
    for ending in "xyzw":
        household.get(f"/i/{token_a[:20]}{ending}/")  # a truncated, mistyped copy of A's link
    assert household.get(f"/i/{token_a[:20]}q/").status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.20").get(f"/i/{issue_link(partner_b)}/").status_code == 303


def test_spraying_guesses_locks_the_whole_address(client: Client, partner_a: Partner, settings: Any) -> None:
    settings.ATTUNE_TOKEN_ADDRESS_FAILURE_LIMIT = 6
    for i in range(6):
        assert client.get(f"/i/{i}-different-guess/").status_code == 404
    assert client.get("/i/another-guess-entirely/").status_code == 429
    # Once limited, even a real link waits: the guesser learns nothing.
    assert client.get(f"/i/{issue_link(partner_a)}/").status_code == 429


def test_rate_limit_is_per_address(partner_a: Partner, settings: Any) -> None:
    settings.ATTUNE_TOKEN_ADDRESS_FAILURE_LIMIT = 2
    guesser, partner = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.4")
    for i in range(3):
        guesser.get(f"/i/{i}-guess/")
    assert guesser.get("/i/x-guess/").status_code == 429
    assert partner.get(f"/i/{issue_link(partner_a)}/").status_code == 303


def test_token_never_reaches_the_logs(client: Client, partner_a: Partner, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    token = issue_link(partner_a)
    partner_a.invitations.get().revoke()
    client.get(f"/i/{token}/")  # a 404, which django.request logs with the path
    messages = [r.getMessage() for r in caplog.records]
    assert any("/i/[redacted]/" in m for m in messages)
    assert not any(token in m for m in messages)


def test_first_use_is_recorded(client: Client, partner_a: Partner) -> None:
    client.get(f"/i/{issue_link(partner_a)}/")
    invitation = Invitation.objects.get(partner=partner_a)
    assert invitation.first_used_at is not None
    partner_a.refresh_from_db()
    assert partner_a.last_activity_at is not None


def test_only_token_urls_forbid_the_referrer(client: Client, partner_a: Partner) -> None:
    # "no-referrer" everywhere would make browsers post "Origin: null", which CSRF refuses.
    assert client.get(f"/i/{issue_link(partner_a)}/")["Referrer-Policy"] == "no-referrer"
    assert client.get("/i/not-a-valid-token-here/")["Referrer-Policy"] == "no-referrer"
    assert client.get("/i/welcome/")["Referrer-Policy"] == "same-origin"
