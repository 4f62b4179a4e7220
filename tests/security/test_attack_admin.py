"""Finding 1, the admin door: a password alone never opens /admin/, a device's key is never shown, and
only a superuser who confirms their own password and a current code sets another person's password.
Every change to an account or a device lands in the access log."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from clinic.models import AccessLog
from tests.factories import PASSWORD, confirmed_device, current_code, make_therapist, verified_client

NEW_PASSWORD = "a brand new passphrase 2026"


@pytest.fixture(autouse=True)
def no_throttle(settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def boss(db: None) -> Any:
    return get_user_model().objects.create_superuser("boss", password=PASSWORD)


@pytest.fixture
def staffer(db: None) -> Any:
    """A practice admin: staff, allowed to manage accounts, not a superuser."""
    user = make_therapist("staffer")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["auth", "otp_totp"]))
    return user


def _password_only(user: Any) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.get_username(), "password": PASSWORD})
    assert response.status_code == 302
    return client


def _end_of(client: Client, path: str) -> str:
    """Where a browser ends up after following every redirect from `path`."""
    response = client.get(path, follow=True)
    return response.redirect_chain[-1][0] if response.redirect_chain else path


def test_1_a_password_alone_does_not_open_the_admin_even_with_a_confirmed_device(boss: Any) -> None:
    device = confirmed_device(boss)
    client = _password_only(boss)
    for path in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{boss.pk}/password/"):
        assert _end_of(client, path).startswith("/accounts/two-factor/?next="), path
    done = client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_1_staff_without_a_device_are_sent_to_set_one_up(boss: Any) -> None:
    client = _password_only(boss)
    assert _end_of(client, "/admin/").startswith("/accounts/two-factor/setup/?next=")
    assert client.get("/admin/auth/user/").status_code == 302


def test_1_the_admins_own_password_form_signs_no_one_in(boss: Any) -> None:
    anonymous = Client()
    assert _end_of(anonymous, "/admin/").startswith("/accounts/login/?next=")
    posted = anonymous.post("/admin/login/", {"username": "boss", "password": PASSWORD, "next": "/admin/"})
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
    assert anonymous.get("/admin/").status_code == 302


def test_1_a_signed_in_therapist_who_is_not_staff_is_refused(therapist: Any) -> None:
    assert verified_client(therapist).get("/admin/login/").status_code == 403


def test_1_a_devices_key_is_never_shown(boss: Any, therapist: Any) -> None:
    client = verified_client(boss)
    device = confirmed_device(therapist)
    secrets = (device.key, device.key.upper())
    for path in ("/admin/otp_totp/totpdevice/", f"/admin/otp_totp/totpdevice/{device.pk}/change/"):
        html = client.get(path).content.decode()
        assert not any(secret in html for secret in secrets), path
        assert "qrcode" not in html.lower()
    for view in ("config", "qrcode"):
        assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/{view}/").status_code in (302, 404)
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403


def test_1_staff_cannot_set_another_persons_password(staffer: Any, therapist: Any) -> None:
    client = verified_client(staffer)
    url = f"/admin/auth/user/{therapist.pk}/password/"
    assert client.get(url).status_code == 403
    data = {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(url, data).status_code == 403
    therapist.refresh_from_db()
    assert therapist.check_password(PASSWORD)


def test_1_staff_cannot_make_themselves_superuser(staffer: Any) -> None:
    client = verified_client(staffer)
    url = f"/admin/auth/user/{staffer.pk}/change/"
    assert 'name="is_superuser"' not in client.get(url).content.decode()
    data = {
        "username": "staffer",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    assert client.post(url, data).status_code == 302
    staffer.refresh_from_db()
    assert not staffer.is_superuser


def test_1_staff_cannot_change_a_superusers_account(staffer: Any, boss: Any) -> None:
    client = verified_client(staffer)
    page = client.get(f"/admin/auth/user/{boss.pk}/change/").content.decode()
    assert 'name="username"' not in page  # shown read-only at most
    assert client.post(f"/admin/auth/user/{boss.pk}/delete/", {"post": "yes"}).status_code == 403


@pytest.mark.parametrize(
    "identity",
    [{}, {"your_password": "not mine", "your_code": "CODE"}, {"your_password": PASSWORD, "your_code": "000000"}],
    ids=["nothing", "wrong-password", "wrong-code"],
)
def test_1_a_superuser_must_confirm_their_own_password_and_a_code(
    boss: Any, therapist: Any, identity: dict[str, str]
) -> None:
    device = confirmed_device(boss)
    client = verified_client(boss, device)
    url = f"/admin/auth/user/{therapist.pk}/password/"
    identity = {k: current_code(device) if v == "CODE" else v for k, v in identity.items()}
    data = {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **identity}
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors
    therapist.refresh_from_db()
    assert therapist.check_password(PASSWORD)
    assert not AccessLog.objects.filter(action="admin_user").exists()


def test_1_a_confirmed_superuser_sets_a_password_and_the_access_log_says_so(boss: Any, therapist: Any) -> None:
    device = confirmed_device(boss)
    client = verified_client(boss, device)
    data = {
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "your_password": PASSWORD,
        "your_code": current_code(device),
    }
    response = client.post(f"/admin/auth/user/{therapist.pk}/password/", data, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302
    therapist.refresh_from_db()
    assert therapist.check_password(NEW_PASSWORD)
    entry = AccessLog.objects.get(action="admin_user")
    assert (entry.user, entry.couple_id, entry.address) == (boss, None, "192.0.2.44")
    assert "account therapist" in entry.detail and "password" in entry.detail


def test_7_admin_changes_to_accounts_and_devices_are_in_the_access_log(boss: Any, therapist: Any) -> None:
    client = verified_client(boss)
    device = confirmed_device(therapist)
    data = {"user": therapist.pk, "name": "old phone", "confirmed": "on", "throttling_failure_count": "0"}
    assert client.post(f"/admin/otp_totp/totpdevice/{device.pk}/change/", data).status_code == 302
    assert client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}).status_code == 302
    user = {"username": "kim", "password1": "", "password2": "", "usable_password": "false"}
    assert client.post("/admin/auth/user/add/", user).status_code == 302
    details = list(AccessLog.objects.order_by("id").values_list("action", "detail"))
    assert details == [
        ("admin_device", "device 'old phone' of therapist: changed Name"),
        ("admin_device", "device 'old phone' of therapist: deleted"),
        ("admin_user", "account kim: added"),
    ]
