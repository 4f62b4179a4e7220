"""The management commands the README promises."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

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
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_prints_login_and_working_links(db: None) -> None:
    output = _demo()
    login = re.search(r"^login: (\S+) / (\S+)$", output, re.M)
    assert login
    assert Client().login(username=login.group(1), password=login.group(2))
    links = re.findall(r"^intake link \((.+), (.+)\): (http://127\.0\.0\.1:8000/i/\S+/)$", output, re.M)
    assert len(links) >= 2
    for _couple, _partner, url in links:
        assert Client().get(url.removeprefix("http://127.0.0.1:8000")).status_code == 303


def test_demo_is_idempotent(db: None) -> None:
    _demo()
    counts = (get_user_model().objects.count(), Couple.objects.count())
    _demo()
    assert (get_user_model().objects.count(), Couple.objects.count()) == counts
