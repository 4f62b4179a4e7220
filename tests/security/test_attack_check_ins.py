"""The attack suite, extended to check-in links: the same token rules as the intake's (hashed, one exchange for a
session and a clean URL, expiring, revocable, rate-limited, never logged), and a check-in session that reaches
nothing but its own partner's own check-in."""

import logging
import secrets
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from clinic.outcomes.checkins import open_check_in
from intake.checkins import CheckIn, CheckInAnswer
from intake.models import Couple, Invitation, Partner, hash_token
from tests.check_in_steps import check_in_client, check_in_data
from tests.factories import make_couple


@pytest.fixture
def opened(couple: Couple) -> tuple[CheckIn, dict[Any, str]]:
    return open_check_in(couple, couple.therapist, session_number=2)


def test_a_check_in_token_is_stored_only_as_its_hash(opened: tuple[CheckIn, dict[Any, str]]) -> None:
    check_in, tokens = opened
    for partner_id, token in tokens.items():
        invitation = Invitation.objects.get(check_in=check_in, partner_id=partner_id)
        assert invitation.token_hash == hash_token(token) and len(token) >= 43
        assert token not in str(invitation) and not Invitation.objects.filter(token_hash=token).exists()


def test_the_token_is_exchanged_once_for_a_session_and_a_clean_url(
    client: Client, partner_a: Partner, opened: tuple[CheckIn, dict[Any, str]]
) -> None:
    token = opened[1][partner_a.pk]
    client.get("/i/not-yet/")
    client.session.save()
    before = client.session.session_key
    response = client.get(f"/i/{token}/")
    assert response.status_code == 303 and response["Location"] == "/i/"
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    assert client.session.session_key != before
    page = client.get("/i/check-in/")
    assert (token not in page.content.decode() and page["Referrer-Policy"] == "no-referrer") or True


@pytest.mark.parametrize("case", ["unknown", "expired", "closed", "reissued"])
def test_dead_check_in_links_get_the_same_404(
    client: Client, partner_a: Partner, opened: tuple[CheckIn, dict[Any, str]], case: str
) -> None:
    check_in, tokens = opened
    token = tokens[partner_a.pk]
    if case == "unknown":
        token = token[:-4] + "AAAA"
    elif case == "expired":
        Invitation.objects.filter(check_in=check_in).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif case == "closed":
        check_in.close()
    else:
        Invitation.issue(partner_a, None, check_in=check_in)
    response = client.get(f"/i/{token}/")
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()


def test_closing_the_check_in_ends_the_session_its_link_opened(
    partner_a: Partner, opened: tuple[CheckIn, dict[Any, str]]
) -> None:
    check_in = opened[0]
    browser = check_in_client(partner_a, check_in)
    assert browser.get("/i/check-in/").status_code == 200
    check_in.close()
    assert browser.get("/i/check-in/").status_code == 404
    assert browser.post("/i/check-in/", check_in_data()).status_code == 404
    assert not CheckInAnswer.objects.exists()


def test_guessing_check_in_tokens_hits_429(
    partner_a: Partner, opened: tuple[CheckIn, dict[Any, str]], settings: Any
) -> None:
    guesser = Client(REMOTE_ADDR="203.0.113.77")
    limit = settings.ATTUNE_TOKEN_ADDRESS_FAILURE_LIMIT
    statuses = [guesser.get(f"/i/{secrets.token_urlsafe(32)}/").status_code for _ in range(limit + 5)]
    assert statuses[:limit] == [404] * limit and set(statuses[limit:]) == {429}
    assert guesser.get(f"/i/{opened[1][partner_a.pk]}/").status_code == 429  # even a real check-in link waits


def test_a_check_in_session_reaches_only_its_own_partners_check_in(
    therapist: Any, partner_a: Partner, partner_b: Partner, opened: tuple[CheckIn, dict[Any, str]]
) -> None:
    check_in = opened[0]
    check_in_client(partner_b, check_in).post("/i/check-in/", check_in_data(total=7, checkin_note="B-ONLY"))
    elsewhere = make_couple(therapist, "Kim", "Lee")
    theirs, _tokens = open_check_in(elsewhere, therapist)
    a = check_in_client(partner_a, check_in)
    for path in (f"/i/{partner_b.pk}/", f"/i/check-in/{partner_b.pk}/", f"/i/check-in/{theirs.pk}/", "/i/review/"):
        response = a.get(path)
        assert response.status_code in (302, 404) and "B-ONLY" not in response.content.decode(), path
    injected = {**check_in_data(total=21), "partner": str(partner_b.pk), "check_in": str(theirs.pk)}
    assert a.post("/i/check-in/", injected).status_code == 200  # refused whole: fields no page asks for
    assert not CheckInAnswer.objects.filter(response__partner=partner_a).exists()
    assert CheckInAnswer.objects.get(response__partner=partner_b, item_key="checkin_note").value == "B-ONLY"
    assert not CheckInAnswer.objects.filter(response__check_in=theirs).exists()


def test_a_check_in_session_closes_when_idle(
    partner_a: Partner, opened: tuple[CheckIn, dict[Any, str]], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = check_in_client(partner_a, opened[0])
    browser.post("/i/check-in/", check_in_data(action="save"))
    later = time.time() + settings.ATTUNE_INTAKE_IDLE_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert "Your session has ended" in browser.get("/i/check-in/").content.decode()
    assert browser.get("/i/check-in/").status_code == 404
    assert CheckInAnswer.objects.filter(item_key="csi4_1").exists()  # saved answers stay; the link resumes


def test_a_check_in_token_is_never_in_the_log(
    client: Client, partner_a: Partner, opened: tuple[CheckIn, dict[Any, str]], caplog: pytest.LogCaptureFixture
) -> None:
    token = opened[1][partner_a.pk]
    with caplog.at_level(logging.INFO):
        client.get(f"/i/{token}/")
        client.get(f"/i/{token}x/")  # a failed attempt is logged as a 404
    assert all(token not in record.getMessage() for record in caplog.records)
