"""Finding 2, the wrong key: a wrong but well-formed ATTUNE_ENCRYPTION_KEYS is refused by the system
check, never seals anything, and pages answer a calm 503 instead of a 500; once the right key is back,
everything opens, because nothing was sealed under the wrong one."""

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.test import Client, override_settings

from intake.canary import WRONG_KEYS, check_keys
from intake.crypto import unseal
from intake.models import Answer, Couple, KeyCanary
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.intake_steps import consent, step_data
from tests.security.conftest import answer_everything
from tests.servers import ROOT, fresh_database

WRONG = Fernet.generate_key().decode()
THOUGHTS = next(n for n, s in enumerate(QUESTIONNAIRE.sections, 1) if s.key == "thoughts")
SAFETY = next(n for n, s in enumerate(QUESTIONNAIRE.sections, 1) if s.private)


def _check(env: dict[str, str], keys: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "ATTUNE_ENCRYPTION_KEYS": keys},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_2_the_system_check_refuses_a_wrong_key_and_accepts_a_rotation(tmp_path: Path) -> None:
    right = Fernet.generate_key().decode()
    with fresh_database(tmp_path, keys=right) as database:
        refused = _check(database.env, WRONG)
        assert refused.returncode != 0 and "attune.E004" in refused.stderr and "key canary" in refused.stderr
        assert _check(database.env, right).returncode == 0
        assert _check(database.env, f"{WRONG},{right}").returncode == 0  # a new key first, the old one after


def test_2_the_first_check_seals_the_canary_under_the_newest_key(unsealed_database: None) -> None:
    assert not KeyCanary.objects.exists()
    assert check_keys(create=False) == "" and not KeyCanary.objects.exists()
    assert check_keys() == ""
    assert unseal(KeyCanary.objects.get().sealed) == "attune key canary 1"
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[WRONG]):
        assert check_keys() == WRONG_KEYS


def test_2_without_a_canary_sealed_answers_the_keys_cannot_open_are_refused(partner_a: Any) -> None:
    answer_everything(partner_a, submit=False)
    KeyCanary.objects.all().delete()  # a database from before the canary
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[WRONG]):
        assert "cannot open the sealed answers" in check_keys()
        assert not KeyCanary.objects.exists()
    assert check_keys() == "" and KeyCanary.objects.exists()


def _typed(section_number: int) -> dict[str, str]:
    data = step_data(QUESTIONNAIRE.sections[section_number - 1])
    if section_number == THOUGHTS:
        data.update({"free_reason": "Words I typed & want kept", "free_hope": "More words"})
    return data


def test_2_a_wrong_key_seals_nothing_and_pages_answer_503_not_500(
    therapist_client: Client, couple: Couple, caplog: pytest.LogCaptureFixture
) -> None:
    answer_everything(couple.partner_b)
    client = partner_client(couple.partner_a)
    consent(client)
    before = list(Answer.objects.values_list("pk", "sealed"))
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[WRONG]):
        for number in (SAFETY, THOUGHTS):
            response = client.post(f"/i/step/{number}/", _typed(number))
            assert response.status_code == 503 and response["Retry-After"]
            assert "This page is not saved yet" in response.content.decode()
        assert "Words I typed &amp; want kept" in response.content.decode()
        assert list(Answer.objects.values_list("pk", "sealed")) == before
        assert Client().get("/readyz").content == b"not ready: key canary"
        reader = Client(raise_request_exception=False)
        reader.force_login(couple.therapist)
        comparison = reader.get(f"/couples/{couple.pk}/comparison/")
        assert comparison.status_code == 503 and "try again in a moment" in comparison.content.decode()
    # The right key again: every page of both partners opens; nothing was sealed under the wrong one.
    for number in range(1, QUESTIONNAIRE.step_count + 1):
        assert client.get(f"/i/step/{number}/").status_code == 200
    assert client.get("/i/review/").status_code == 200
    assert therapist_client.get(f"/couples/{couple.pk}/comparison/").status_code == 200
    assert all(unseal(sealed) for sealed in Answer.objects.exclude(sealed="").values_list("sealed", flat=True))
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures and all("Service Unavailable" in r.getMessage() for r in failures)
    caplog.clear()


def test_2_rotatekeys_refuses_to_run_under_a_wrong_key(couple: Couple) -> None:
    from django.core.management import CommandError, call_command

    answer_everything(couple.partner_a, submit=False)
    keys = [Fernet.generate_key().decode(), WRONG]
    with override_settings(ATTUNE_ENCRYPTION_KEYS=keys), pytest.raises(CommandError, match="key canary"):
        call_command("rotatekeys")
    assert all(unseal(s) for s in Answer.objects.exclude(sealed="").values_list("sealed", flat=True))
