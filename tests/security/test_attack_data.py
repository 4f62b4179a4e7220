"""Attacks 10, 11, 14 and 15: what reaches a PDF, what a partner can infer, what the database holds,
and the production configuration."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from pypdf import PdfReader

from intake.models import Couple, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.factories import make_couple, make_library
from tests.plan_forms import edit_data, edit_url
from tests.security.conftest import CANARY, answer_everything

ROOT = Path(__file__).resolve().parents[2]


def test_10_hostile_text_in_every_field_that_reaches_a_pdf(
    therapist_client: Client, therapist: Any, listener: tuple[int, list[str]]
) -> None:
    port, seen = listener
    hostile = (
        f'<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
        f"<style>@import url(http://127.0.0.1:{port}/i.css); p {{ background: url(http://127.0.0.1:{port}/b) }}"
        f'</style><svg><image href="http://169.254.169.254/latest/meta-data/"/></svg>'
        f'<a rel="attachment" href="file:///etc/passwd">x</a>'
    )
    make_library()
    couple = make_couple(therapist, a=f"Sam{hostile[:40]}", b="Alex", name=f"Couple {hostile[:70]}")
    answer_everything(couple.partner_a, words=hostile)
    answer_everything(couple.partner_b, words=hostile)
    therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
    data = edit_data(therapist_client, couple, s1_notes=hostile[:3900], s1_goals=hostile[:1900], s1_focus=hostile[:190])
    assert therapist_client.post(edit_url(couple), data).status_code == 302
    for kind in ("plan", "handout"):
        pdf = therapist_client.get(f"/couples/{couple.pk}/{kind}.pdf").content
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(page.extract_text() for page in reader.pages)
        assert "root:x:0:0" not in text and b"root:x:0:0" not in pdf
        assert "/EmbeddedFiles" not in str(reader.trailer["/Root"]) and b"/EmbeddedFile" not in pdf
    assert seen == []


def _partner_b_pages(couple: Couple) -> list[str]:
    client = answer_everything(couple.partner_b, words="B words", submit=False)
    pages = [client.get(f"/i/step/{n}/").content.decode() for n in range(1, QUESTIONNAIRE.step_count + 1)]
    pages.append(client.get("/i/review/").content.decode())
    client.post("/i/review/")
    pages.append(client.get("/i/done/").content.decode())
    # Left out: the CSRF token and the seconds the session has left (the idle warning's), which differ from one
    # request to the next whatever was answered.
    pages = [re.sub(r'data-remaining="\d+"', 'data-remaining=""', page) for page in pages]
    return ["\n".join(line for line in page.splitlines() if "csrfmiddlewaretoken" not in line) for page in pages]


def test_11_partner_b_sees_exactly_the_same_whether_or_not_a_endorsed_safety_items(therapist: Any) -> None:
    quiet = make_couple(therapist, "Sam", "Alex", name="Quiet")
    flagged = make_couple(therapist, "Sam", "Alex", name="Flagged")
    answer_everything(quiet.partner_a)
    answer_everything(flagged.partner_a, safety={key.key: "1" for key in QUESTIONNAIRE.section("safety").items})
    assert _partner_b_pages(quiet) == _partner_b_pages(flagged)


def test_11_the_handout_never_carries_safety(therapist_client: Client, couple: Couple) -> None:
    make_library()
    answer_everything(couple.partner_a, safety={"safety_afraid": "1", "safety_selfharm": "1"})
    answer_everything(couple.partner_b)
    therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
    pdf = therapist_client.get(f"/couples/{couple.pk}/handout.pdf").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).lower()
    for word in ("safety", "afraid", "self-harm", "harm", "hold", "withheld", "individual follow-up", "crisis"):
        assert word not in text, word


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_answer")
        return repr(cursor.fetchall())


def test_14_the_database_holds_no_plaintext_of_free_text_or_safety(partner_a: Partner) -> None:
    answer_everything(partner_a, words=CANARY, safety={"safety_afraid": "1"})
    raw = _raw_rows()
    assert CANARY not in raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT value_int, sealed FROM intake_answer WHERE item_key LIKE 'safety_%%'")
        assert all(value is None and sealed.startswith("gAAAAA") for value, sealed in cursor.fetchall())
    assert partner_a.answer_dict()["free_reason"] == CANARY


def test_14_rotation_keeps_everything_readable_after_the_old_key_is_removed(
    partner_a: Partner, unsealed_database: None
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]):
        answer_everything(partner_a, words=CANARY, safety={"safety_hurt": "1"})
        before = partner_a.answer_dict()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new, old]):
        call_command("rotatekeys", stdout=io.StringIO())
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new]):
        assert partner_a.answer_dict() == before
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]), pytest.raises(InvalidToken):
        partner_a.answer_dict()


PRODUCTION = {
    "ATTUNE_DEBUG": "0",
    "ATTUNE_SECRET_KEY": "a-production-secret-key-with-plenty-of-entropy-1f9c2b7d4e8a6f3c0b5d9e2a7c4f1b8e",
    "ATTUNE_ALLOWED_HOSTS": "attune.example.org",
    "ATTUNE_ENCRYPTION_KEYS": "Kk5e6gLk3eW3uS1p2y8hQm7o0d9cZ4bT6vN1xR2aJfE=",
    "ATTUNE_CSRF_TRUSTED_ORIGINS": "https://attune.example.org",
    "ATTUNE_TRUST_X_FORWARDED_PROTO": "1",
    "ATTUNE_TRUSTED_PROXIES": "10.0.0.2",
    "ATTUNE_BASE_URL": "https://attune.example.org",
    "ATTUNE_EMAIL_HOST": "smtp.example.org",
}


def test_15_check_deploy_passes_with_the_documented_production_settings(tmp_path: Path) -> None:
    env = {**os.environ, **PRODUCTION, "ATTUNE_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    migrate = [sys.executable, "manage.py", "migrate", "-v0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_15_production_refuses_to_start_with_development_secrets(tmp_path: Path) -> None:
    env = {**os.environ, "ATTUNE_DEBUG": "0", "ATTUNE_ALLOWED_HOSTS": "x", "ATTUNE_VAR_DIR": str(tmp_path)}
    for name in ("ATTUNE_SECRET_KEY", "ATTUNE_ENCRYPTION_KEYS", "DATABASE_URL"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "attune.E001" in result.stderr and "attune.E002" in result.stderr


def test_15_security_headers(client: Client, settings: Any) -> None:
    response = client.get("/accounts/login/", secure=True)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    settings.SECURE_HSTS_SECONDS = 31536000
    fresh = Client()  # middleware reads its settings when a handler starts
    assert "max-age=31536000" in fresh.get("/accounts/login/", secure=True)["Strict-Transport-Security"]


def test_15_production_settings_secure_the_cookies_and_hsts(tmp_path: Path) -> None:
    env = {**os.environ, **PRODUCTION, "ATTUNE_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='clinic.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT,"
        " s.ATTUNE_REQUIRE_2FA)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["True", "True", "31536000", "True", "True"], result.stderr


def test_14_plans_and_cached_pdfs_are_sealed_too(therapist_client: Client, couple: Couple) -> None:
    make_library()
    answer_everything(couple.partner_a, safety={"safety_afraid": "1"})
    answer_everything(couple.partner_b)
    therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
    therapist_client.get(f"/couples/{couple.pk}/plan.pdf")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM clinic_planversion")
        plans = repr(cursor.fetchall())
        cursor.execute("SELECT value FROM attune_cache")
        cached = repr(cursor.fetchall())
    # "Sam " with its space: three letters alone turn up by chance inside long base64 tokens.
    assert "afraid" not in plans and "Sam " not in plans and "safety_hold" not in plans
    assert couple.plan.latest().content["safety_hold"] is True
    assert cached != "[]" and "%PDF" not in cached and "JVBERi" not in cached  # raw or base64-encoded PDF header
    before = therapist_client.get(f"/couples/{couple.pk}/plan.pdf").content
    assert before.startswith(b"%PDF-")


def test_14_rotation_reseals_plan_versions(couple: Couple, therapist: Any, unsealed_database: None) -> None:
    from clinic.models import PlanVersion, SessionPlan

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]):
        plan = SessionPlan.objects.create(couple=couple)
        PlanVersion.of(plan, 1, therapist, {"sessions": [], "note": CANARY}).save()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new, old]):
        call_command("rotatekeys", stdout=io.StringIO())
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new]):
        assert PlanVersion.objects.get().content == {"sessions": [], "note": CANARY}
