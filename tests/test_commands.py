"""The management commands the README promises."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from intake.models import Couple


def test_createtherapist_takes_the_password_from_the_environment(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTUNE_PASSWORD", "a long and careful passphrase")
    call_command("createtherapist", "robin", stdout=StringIO())
    user = get_user_model().objects.get(username="robin")
    assert user.check_password("a long and careful passphrase")
    assert user.password.startswith("argon2")
    assert not user.is_staff


def test_createtherapist_refuses_weak_passwords_and_duplicates(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTUNE_PASSWORD", "12345")
    with pytest.raises(CommandError, match="Password refused"):
        call_command("createtherapist", "robin", stdout=StringIO())
    assert not get_user_model().objects.filter(username="robin").exists()
    monkeypatch.setenv("ATTUNE_PASSWORD", "a long and careful passphrase")
    call_command("createtherapist", "robin", stdout=StringIO())
    with pytest.raises(CommandError, match="already exists"):
        call_command("createtherapist", "robin", stdout=StringIO())


def _demo() -> str:
    out = StringIO()
    with override_settings(DEBUG=True):  # the demo runs only in development
        call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_prints_login_and_working_links(db: None) -> None:
    output = _demo()
    login = re.search(r"^login: (\S+) / (\S+)$", output, re.M)
    assert login
    response = Client().post("/accounts/login/", {"username": login.group(1), "password": login.group(2)})
    assert response.status_code == 302 and response["Location"] == "/couples/"
    links = re.findall(r"^intake link \((.+), (.+)\): (http://127\.0\.0\.1:8000/i/\S+/)$", output, re.M)
    assert len(links) >= 2
    for _couple, _partner, url in links:
        assert Client().get(url.removeprefix("http://127.0.0.1:8000")).status_code == 303


def test_demo_is_idempotent(db: None) -> None:
    _demo()
    counts = (get_user_model().objects.count(), Couple.objects.count())
    _demo()
    assert (get_user_model().objects.count(), Couple.objects.count()) == counts


def test_demo_creates_answered_couples_and_a_fresh_one(db: None) -> None:
    _demo()
    couples = {c.name: c for c in Couple.objects.prefetch_related("partners")}
    sam_alex = couples["Sam & Alex"]
    assert all(p.submitted_at for p in sam_alex.partners.all())
    assert not any(v for p in sam_alex.partners.all() for k, v in p.answer_dict().items() if k.startswith("safety_"))
    dana, chris = couples["Dana & Chris"].partners.all()
    assert any(v == 1 for k, v in dana.answer_dict().items() if k.startswith("safety_"))
    assert dana.answer_dict()["free_reason"] and chris.answer_dict()["free_reason"]
    fresh = couples["Jordan & Riley"]
    assert all(p.started_at is None and not p.answers.exists() for p in fresh.partners.all())
    layla, daniel = couples["Layla & Daniel"].partners.all()
    assert (layla.language, daniel.language) == ("ar", "en")
    assert layla.submitted_at and daniel.submitted_at
    assert "Daniel" in str(layla.answer_dict()["free_reason"])  # a Latin name inside Arabic text, as written


def test_demo_prints_links_only_for_partners_who_have_not_submitted(db: None) -> None:
    output = _demo()
    assert "intake link (Jordan & Riley, Jordan)" in output
    assert "Sam & Alex" not in output


def test_samplepdf_writes_the_demo_plan_and_handout(db: None, tmp_path: Path) -> None:
    call_command("loadexercises", stdout=StringIO())
    _demo()
    out = StringIO()
    call_command("samplepdf", "--out", str(tmp_path), stdout=out)
    for name in ("sample-plan.pdf", "sample-handout.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF-")
        assert f"sample PDF: {tmp_path / name}" in out.getvalue()


def test_samplepdf_explains_what_is_missing(db: None) -> None:
    with pytest.raises(CommandError, match=r"run `python manage\.py demo` first"):
        call_command("samplepdf", stdout=StringIO())


def test_loadexercises_adds_new_ones_and_keeps_admin_edits(db: None) -> None:
    from clinic.models import Exercise

    call_command("loadexercises", stdout=StringIO())
    count = Exercise.objects.count()
    Exercise.objects.filter(key="gottman-love-maps").update(name="Love Maps (our version)")
    Exercise.objects.filter(key="gottman-state-of-the-union").delete()
    out = StringIO()
    call_command("loadexercises", stdout=out)
    assert "1 added, 0 updated" in out.getvalue()
    assert Exercise.objects.count() == count
    assert Exercise.objects.get(key="gottman-love-maps").name == "Love Maps (our version)"
