"""Backup, lose the data, restore, and read a sealed answer back: on the database this run uses."""

import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from clinic.models import AccessLog, PlanVersion
from intake.canary import check_keys
from intake.crypto import key_id
from intake.models import Answer, Couple
from tests.factories import PASSWORD, make_library
from tests.security.conftest import CANARY, answer_everything

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def backup(into: Path) -> Path:
    out = io.StringIO()
    call_command("backup", "--output", str(into), stdout=out)
    return Path(out.getvalue().strip().removeprefix("backup: "))


def restore(folder: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("restore", str(folder), "--yes", *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def planned(therapist_client: Client, couple: Couple) -> Couple:
    make_library()
    answer_everything(couple.partner_a, words=CANARY, safety={"safety_afraid": "1"})
    answer_everything(couple.partner_b)
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    return couple


def test_backup_delete_restore_and_read_a_sealed_answer_back(
    tmp_path: Path, therapist_client: Client, planned: Couple
) -> None:
    folder = backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["keys_needed"] == [key_id()] and manifest["unreadable"] == 0
    newest = max(p.stem for p in (ROOT / "clinic" / "migrations").glob("0*.py"))
    assert manifest["migrations"]["clinic"] == newest and manifest["engine"] in ("sqlite", "postgresql")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}
    assert not any(key in (folder / "manifest.json").read_text() for key in ("gAAAAA", CANARY))

    delete = {"confirm_name": "Sam & Alex", "password": PASSWORD}
    assert therapist_client.post(f"/couples/{planned.pk}/delete/", delete).status_code == 302
    assert not Couple.objects.exists() and not Answer.objects.exists()

    assert "re-sealed under the newest key" in restore(folder)
    couple = Couple.objects.get(pk=planned.pk)
    assert couple.partner_a.answer_dict()["free_reason"] == CANARY
    assert couple.partner_a.answer_dict()["safety_afraid"] == 1
    assert PlanVersion.objects.get(plan__couple=couple).content["safety_hold"] is True
    assert check_keys(create=False) == ""
    # Sessions are not in backups: everyone signs in again. The log says a restore happened.
    assert therapist_client.get(f"/couples/{couple.pk}/").status_code == 302
    assert AccessLog.objects.filter(action="restore_backup").count() == 1
    assert not AccessLog.objects.filter(action="delete_couple").exists()  # the log went back to the backup too


def test_a_damaged_backup_changes_nothing(tmp_path: Path, planned: Couple) -> None:
    folder = backup(tmp_path)
    data = next(p for p in folder.iterdir() if p.name.startswith("database"))
    damaged = bytearray(data.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # one flipped byte
    data.write_bytes(bytes(damaged))
    Couple.objects.all().delete()
    with pytest.raises(CommandError, match="damaged"):
        restore(folder)
    assert not Couple.objects.exists()


def test_a_backup_for_the_other_kind_of_database_changes_nothing(tmp_path: Path, planned: Couple) -> None:
    folder = backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="same kind of database"):
        restore(folder)
    assert Couple.objects.filter(pk=planned.pk).exists()


def test_not_a_backup_is_refused_clearly(tmp_path: Path, db: Any) -> None:
    with pytest.raises(CommandError, match="not an Attune backup"):
        restore(tmp_path)
