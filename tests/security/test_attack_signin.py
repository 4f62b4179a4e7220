"""Attacks 4–7: guessing links and passwords, fixing a session, forging a post, timing out."""

import secrets
import time
from typing import Any

import pytest
from django.test import Client

from intake.models import Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.factories import PASSWORD, issue_link
from tests.intake_steps import consent, step_data


def test_4_random_token_guesses_hit_429_after_the_threshold(partner_a: Partner, settings: Any) -> None:
    guesser = Client(REMOTE_ADDR="203.0.113.50")
    statuses = [guesser.get(f"/i/{secrets.token_urlsafe(32)}/").status_code for _ in range(500)]
    limit = settings.ATTUNE_TOKEN_ADDRESS_FAILURE_LIMIT
    assert statuses[:limit] == [404] * limit
    assert set(statuses[limit:]) == {429}
    # Spoofed forwarding headers do not reset the count: the address is the connection's.
    assert guesser.get(f"/i/{issue_link(partner_a)}/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def _login(client: Client, password: str, address: str = "192.0.2.10") -> Any:
    return client.post("/accounts/login/", {"username": "therapist", "password": password}, REMOTE_ADDR=address)


def test_5_sixth_wrong_password_locks_and_the_right_one_is_refused_too(therapist: Any) -> None:
    client = Client()
    statuses = [_login(client, f"wrong-{i}").status_code for i in range(6)]
    assert statuses[:4] == [200] * 4 and statuses[5] == 429
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert client.get("/couples/").status_code == 302
    # The lock is keyed by username and address: the same therapist elsewhere can still sign in.
    assert _login(Client(), PASSWORD, address="192.0.2.99").status_code == 302


def test_6_a_session_cookie_set_before_login_is_not_the_one_after(therapist: Any) -> None:
    client = Client()
    client.get("/accounts/login/")
    client.get("/i/some-guess-to-create-a-session/")
    client.session.save()
    before = client.cookies["sessionid"].value
    assert _login(client, PASSWORD).status_code == 302
    assert client.cookies["sessionid"].value != before


def test_7_a_post_without_csrf_token_is_refused(partner_a: Partner, therapist: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.get(f"/i/{issue_link(partner_a)}/")
    assert browser.post("/i/welcome/", {"agree": "on"}).status_code == 403
    therapist_browser = Client(enforce_csrf_checks=True)
    therapist_browser.force_login(therapist)
    assert therapist_browser.post("/couples/new/", {"partner_a_name": "X", "partner_b_name": "Y"}).status_code == 403
    partner_a.refresh_from_db()
    assert partner_a.started_at is None


def test_7_a_step_saved_just_before_the_session_expired_is_there_after_resuming(
    partner_a: Partner, settings: Any
) -> None:
    browser = Client()
    browser.get(f"/i/{issue_link(partner_a)}/")
    consent(browser)
    assert browser.post("/i/step/1/", step_data(QUESTIONNAIRE.sections[0], pick=2)).status_code == 303
    session = browser.session
    session["intake_seen_at"] = time.time() - settings.ATTUNE_INTAKE_IDLE_SECONDS - 5
    session.save()
    ended = browser.get("/i/step/2/")
    assert "Your session has ended" in ended.content.decode()
    assert browser.get("/i/step/2/").status_code == 404  # the session no longer opens anything
    browser.get(f"/i/{issue_link(partner_a)}/")
    assert browser.get("/i/")["Location"] == "/i/step/2/"
    assert len(partner_a.answer_dict()) == len(QUESTIONNAIRE.sections[0].items)


def test_therapist_is_signed_out_after_idle_time_and_after_the_absolute_lifetime(therapist: Any, settings: Any) -> None:
    client = Client()
    assert _login(client, PASSWORD).status_code == 302
    session = client.session
    session["attune_seen_at"] = time.time() - settings.ATTUNE_IDLE_TIMEOUT_SECONDS - 1
    session.save()
    response = client.get("/couples/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/couples/").status_code == 302  # signed out for good
    assert _login(client, PASSWORD).status_code == 302
    session = client.session
    session["attune_signed_in_at"] = time.time() - settings.ATTUNE_SESSION_MAX_SECONDS - 1
    session.save()
    assert client.get("/couples/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_no_open_redirects(therapist: Any, partner_a: Partner, target: str) -> None:
    client = Client()
    response = client.post(f"/accounts/login/?next={target}", {"username": "therapist", "password": PASSWORD})
    assert response["Location"] == "/couples/"
    browser = Client()
    browser.get(f"/i/{issue_link(partner_a)}/")
    consent(browser)
    assert target not in browser.get(f"/i/support/?next={target}").content.decode()
