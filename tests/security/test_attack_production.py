"""Findings 6 and 8: the demo in production, the deploy checks, and the lower findings (request size
with file parts, cached PDFs after a deletion, password policy and change, re-authentication before
export and delete, the session's lifetime). Faults during a save and /readyz: tests/faults/.
Production dependencies: tests/test_dependencies.py."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings

from clinic.checks import check_production_guards
from clinic.models import AccessLog, CachedPdf
from intake.models import Couple
from tests.factories import PASSWORD, make_couple
from tests.security.conftest import answer_everything
from tests.servers import ROOT

NEW_PASSWORD = "river stone lantern 77"


def test_6_the_demo_refuses_to_run_with_debug_off(db: None) -> None:
    with pytest.raises(CommandError, match="runs only in development"):
        call_command("demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists() and not Couple.objects.exists()


def test_6_the_demo_command_line_refuses_in_production(tmp_path: Path) -> None:
    env = {**os.environ, "ATTUNE_DEBUG": "0", "ATTUNE_VAR_DIR": str(tmp_path), "ATTUNE_ALLOWED_HOSTS": "x"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "demo", "--skip-checks"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "runs only in development" in result.stderr
    assert "login:" not in result.stdout


def _warnings(**overrides: Any) -> set[str]:
    with override_settings(**overrides):
        return {warning.id or "" for warning in check_production_guards()}


def test_8_deploy_checks_warn_about_what_production_must_not_run_without(db: None) -> None:
    safe = {
        "ATTUNE_REQUIRE_2FA": True,
        "CSRF_TRUSTED_ORIGINS": ["https://attune.example.org"],
        "ATTUNE_BASE_URL": "https://attune.example.org",
    }
    assert _warnings(**safe) == set()
    assert "attune.W008" in _warnings(**{**safe, "ATTUNE_BASE_URL": "http://attune.example.org"})
    assert "attune.W001" in _warnings(**{**safe, "ATTUNE_REQUIRE_2FA": False})
    assert "attune.W002" in _warnings(**{**safe, "CSRF_TRUSTED_ORIGINS": []})
    behind_a_proxy = {**safe, "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}
    assert "attune.W003" in _warnings(**behind_a_proxy, ATTUNE_TRUSTED_PROXIES=[])
    assert "attune.W003" not in _warnings(**behind_a_proxy, ATTUNE_TRUSTED_PROXIES=["10.0.0.2"])


def test_8_a_50_mb_multipart_post_to_the_sign_in_page_is_refused_unread(therapist: Any) -> None:
    boundary = "attune-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\ntherapist\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="password"\r\n\r\nwrong\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"\0" * (50 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = Client().generic("POST", "/accounts/login/", body, f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413 and "Too much was sent" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # the sign-in was never even read


def test_8_a_small_post_with_a_file_part_is_refused_too(therapist: Any, caplog: pytest.LogCaptureFixture) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    upload = SimpleUploadedFile("note.txt", b"hello")
    response = client.post("/accounts/login/", {"username": "therapist", "password": PASSWORD, "f": upload})
    assert response.status_code == 400
    assert client.get("/couples/").status_code == 302  # not signed in: the post was never read
    assert [r.name for r in caplog.records if r.levelname == "ERROR"] == ["django.security.TooManyFilesSent"]
    caplog.clear()  # Django reports the refused upload on its security logger, as it should


def test_8_a_body_under_the_limit_is_read_as_usual(therapist: Any) -> None:
    client = Client()
    assert client.post("/accounts/login/", {"username": "therapist", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("password, refused", [("elevenchars", True), ("twelve chars", False)])
def test_8_passwords_need_at_least_12_characters(db: None, password: str, refused: bool) -> None:
    if refused:
        with pytest.raises(ValidationError, match="at least 12 characters"):
            validate_password(password)
    else:
        validate_password(password)


def test_8_a_therapist_changes_their_own_password_and_other_sessions_end(therapist: Any) -> None:
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.post("/accounts/login/", {"username": "therapist", "password": PASSWORD})
    page = here.get("/accounts/password/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert 'href="/accounts/password/"' in here.get("/couples/").content.decode()  # in the navigation
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = here.post("/accounts/password/", data, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302 and response["Location"] == "/couples/"
    assert here.get("/couples/").status_code == 200  # this session stays
    assert elsewhere.get("/couples/").status_code == 302  # the other one ended
    therapist.refresh_from_db()
    assert therapist.check_password(NEW_PASSWORD)
    entry = AccessLog.objects.get(action="change_password")
    assert (entry.user, entry.couple_id, entry.address) == (therapist, None, "192.0.2.9")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, "old_password"),
        ({"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "different"}, "new_password2"),
        ({"old_password": PASSWORD, "new_password1": "short pass", "new_password2": "short pass"}, "new_password2"),
        ({"old_password": PASSWORD, "new_password1": "123456789012", "new_password2": "123456789012"}, "new_password2"),
        ({}, "old_password"),
    ],
    ids=["wrong-current", "mismatch", "too-short", "all-digits", "empty"],
)
def test_8_a_refused_password_change_says_why_and_changes_nothing(
    therapist_client: Client, therapist: Any, data: dict[str, str], field: str
) -> None:
    response = therapist_client.post("/accounts/password/", data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert "Your password was not changed" in response.content.decode()
    therapist.refresh_from_db()
    assert therapist.check_password(PASSWORD)
    assert not AccessLog.objects.exists()


def test_8_the_password_page_is_for_signed_in_therapists_only(client_a: Client, db: None) -> None:
    for client in (Client(), client_a):
        response = client.get("/accounts/password/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_8_a_session_left_open_cannot_export_or_delete_without_the_password(
    therapist_client: Client, therapist: Any
) -> None:
    couple = make_couple(therapist)
    export = therapist_client.post(f"/couples/{couple.pk}/export/")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/html")
    delete = therapist_client.post(f"/couples/{couple.pk}/delete/", {"confirm_name": couple.name})
    assert delete.status_code == 200 and Couple.objects.filter(pk=couple.pk).exists()
    assert not AccessLog.objects.filter(action__in=["export", "delete_couple"]).exists()


def test_8_the_session_lasts_8_hours_as_the_readme_says(therapist: Any) -> None:
    response = Client().post("/accounts/login/", {"username": "therapist", "password": PASSWORD})
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600
    assert django_settings.ATTUNE_SESSION_MAX_SECONDS == 8 * 3600
    readme = (ROOT / "README.md").read_text()
    for variable, value in (
        ("ATTUNE_SESSION_AGE_SECONDS", django_settings.SESSION_COOKIE_AGE),
        ("ATTUNE_IDLE_TIMEOUT_SECONDS", django_settings.ATTUNE_IDLE_TIMEOUT_SECONDS),
        ("ATTUNE_MAX_REQUEST_BYTES", django_settings.ATTUNE_MAX_REQUEST_BYTES),
    ):
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{variable}`"))
        assert str(value) in row, row
    assert re.search(r"after 8 hours in any case", readme)


def _cached_pdfs() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM attune_cache WHERE cache_key LIKE %s", ["%pdf:%"])
        return [row[0] for row in cursor.fetchall()]


def test_8_deleting_a_couple_purges_their_pdfs_from_the_cache(
    therapist_client: Client, therapist: Any, answered_couple: Couple
) -> None:
    """Finding 8: a deleted couple's sealed PDFs stayed in the cache for up to a week."""
    planned = answered_couple
    therapist_client.post(f"/couples/{planned.pk}/plan/", {"action": "draft"})
    others = make_couple(therapist, "Kim", "Lee")
    answer_everything(others.partner_a)
    answer_everything(others.partner_b)
    therapist_client.post(f"/couples/{others.pk}/plan/", {"action": "draft"})
    for couple in (planned, others):
        for kind in ("plan", "handout"):
            assert therapist_client.get(f"/couples/{couple.pk}/{kind}.pdf?paper=letter").status_code == 200
    assert len(_cached_pdfs()) == 4
    kept = set(CachedPdf.objects.filter(couple=others).values_list("cache_key", flat=True))
    therapist_client.post(f"/couples/{planned.pk}/delete/", {"confirm_name": "Sam & Alex", "password": PASSWORD})
    assert {key.removeprefix(":1:") for key in _cached_pdfs()} == kept  # Django's cache adds ":<version>:"
