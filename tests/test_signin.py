"""Two-step sign-in: set-up when the practice requires it, and a code whenever a device exists."""

from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def no_throttle(settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _signed_in(therapist: Any) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": therapist.username, "password": PASSWORD}).status_code == 302
    return client


def test_required_two_factor_sends_a_new_therapist_to_set_up(therapist: Any, settings: Any) -> None:
    settings.ATTUNE_REQUIRE_2FA = True
    client = _signed_in(therapist)
    response = client.get("/couples/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/setup/")
    page = client.get(response["Location"])
    assert "<svg" in page.content.decode() and page.context["secret"]
    device = TOTPDevice.objects.get(user=therapist)
    assert client.post("/accounts/two-factor/setup/", {"token": "000000"}).status_code == 200
    assert client.get("/couples/").status_code == 302
    done = client.post("/accounts/two-factor/setup/", {"token": _code(device), "next": "/couples/"})
    assert done.status_code == 302 and done["Location"] == "/couples/"
    assert client.get("/couples/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_therapist_with_a_device_must_enter_a_code(therapist: Any) -> None:
    device = TOTPDevice.objects.create(user=therapist, name="phone", confirmed=True)
    client = _signed_in(therapist)
    response = client.get("/couples/")
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    wrong = client.post("/accounts/two-factor/", {"token": "123456"})
    assert "not right or has expired" in wrong.content.decode()
    assert client.get("/couples/").status_code == 302
    client.post("/accounts/two-factor/", {"token": _code(device)})
    assert client.get("/couples/").status_code == 200


@pytest.mark.parametrize("token", ["", "abcdef", "1" * 8, "12 34 5x"])
def test_bad_codes_are_refused_cleanly(therapist: Any, token: str) -> None:
    TOTPDevice.objects.create(user=therapist, name="phone", confirmed=True)
    client = _signed_in(therapist)
    response = client.post("/accounts/two-factor/", {"token": token})
    assert response.status_code == 200 and response.context["form"].errors


def test_without_requirement_or_device_the_password_is_enough(therapist: Any, settings: Any) -> None:
    settings.ATTUNE_REQUIRE_2FA = False
    assert _signed_in(therapist).get("/couples/").status_code == 200


def test_anonymous_cannot_reach_two_factor_pages(client: Client, db: None) -> None:
    for path in ("/accounts/two-factor/", "/accounts/two-factor/setup/"):
        assert client.get(path).status_code == 302


def test_wrong_codes_slow_down_further_tries(therapist: Any, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = TOTPDevice.objects.create(user=therapist, name="phone", confirmed=True)
    client = _signed_in(therapist)
    client.post("/accounts/two-factor/", {"token": "000000"})
    response = client.post("/accounts/two-factor/", {"token": _code(device)})
    assert "Too many wrong codes in a row" in response.content.decode()
    assert client.get("/couples/").status_code == 302
