"""Finding 5, backups: a backup made before a key rotation still restores afterwards, from the key
archive that rotatekeys keeps; without the archive, restore says which key is missing and changes
nothing. (The round trip itself: tests/faults/test_fault_backup_restore.py.)"""

import io
import json
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.test import override_settings

from intake.canary import check_keys
from intake.crypto import fingerprint
from intake.models import Answer, Couple
from tests.faults.test_fault_backup_restore import backup, restore
from tests.security.conftest import CANARY, answer_everything

pytestmark = pytest.mark.django_db(transaction=True)


def test_5_a_backup_from_before_a_rotation_restores_with_the_key_archive(
    tmp_path: Path, couple: Couple, unsealed_database: None
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    archive = tmp_path / "keys.archive"
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]):
        answer_everything(couple.partner_a, words=CANARY, safety={"safety_hurt": "1"})
        folder = backup(tmp_path / "backups")
    assert json.loads((folder / "manifest.json").read_text())["keys_needed"] == [fingerprint(old)]
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new, old]):
        out = io.StringIO()
        call_command("rotatekeys", "--archive", str(archive), stdout=out)
    assert f"Archived the retired keys ({fingerprint(old)})" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600 and old in archive.read_text()

    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new]):  # the old key is out of the configuration
        Answer.objects.filter(item_key="free_hope").delete()  # something changed since the backup
        with pytest.raises(CommandError, match=fingerprint(old)):
            restore(folder)
        assert not Answer.objects.filter(item_key="free_hope").exists()  # nothing was changed

        restore(folder, "--archived-keys", str(archive))
        answers = Couple.objects.get(pk=couple.pk).partner_a.answer_dict()
        assert (answers["free_hope"], answers["safety_hurt"]) == (CANARY, 1)
        assert check_keys(create=False) == ""  # the canary, re-sealed under the new key
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]):
        assert check_keys(create=False) != ""  # nothing is left under the retired key


def test_5_rotating_without_an_archive_names_the_keys_to_keep(couple: Couple, unsealed_database: None) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]):
        answer_everything(couple.partner_a, submit=False)
    out = io.StringIO()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new, old]):
        call_command("rotatekeys", stdout=out)
    assert f"Retired keys: {fingerprint(old)}" in out.getvalue() and "key archive" in out.getvalue()
    assert old not in out.getvalue()
