"""Check-ins in a couple's record: in the export with their answers, gone with the couple on deletion, re-sealed by a
key rotation, and named in the backup's key manifest."""

import io
import json
import zipfile

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from clinic.backups import SEALED_COLUMNS
from clinic.models import CachedPdf, OutcomeSettings
from intake.checkins import CheckIn, CheckInAnswer, CheckInResponse
from intake.models import Couple
from tests.check_in_steps import answered_check_in, check_in_client, check_in_data
from tests.factories import PASSWORD


def _answered(couple: Couple) -> CheckIn:
    check_in = answered_check_in(couple, (None, 11), session_number=2)
    check_in_client(couple.partner_a, check_in).post("/i/check-in/", check_in_data(total=9, checkin_note="IN-EXPORT"))
    return check_in


def test_the_export_holds_every_check_in_with_its_answers(therapist_client: Client, couple: Couple) -> None:
    _answered(couple)
    settings = OutcomeSettings(couple=couple, every_session=True)
    settings.note = "Our note."
    settings.save()
    response = therapist_client.post(f"/couples/{couple.pk}/export/", {"password": PASSWORD})
    document = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("couple.json"))
    (check_in,) = document["check_ins"]
    assert (check_in["kind"], check_in["session"]) == ("session", 2)
    answers = {r["partner"]: r for r in check_in["responses"]}
    assert answers["a"]["answers"]["checkin_note"] == "IN-EXPORT" and answers["a"]["csi4_total"] == 9
    assert answers["b"]["csi4_total"] == 11
    assert document["check_in_choices"]["handout_note"] == "Our note."
    assert "token_hash" not in json.dumps(document)


def test_deleting_the_couple_deletes_its_check_ins_and_progress_pdfs(therapist_client: Client, couple: Couple) -> None:
    _answered(couple)
    assert therapist_client.get(f"/couples/{couple.pk}/progress.pdf").status_code == 200
    assert CachedPdf.objects.filter(couple=couple).exists()
    data = {"confirm_name": couple.name, "password": PASSWORD}
    assert therapist_client.post(f"/couples/{couple.pk}/delete/", data).status_code == 302
    for model in (CheckIn, CheckInResponse, CheckInAnswer, OutcomeSettings, CachedPdf):
        assert not model.objects.exists(), model


def test_a_key_rotation_reseals_check_in_answers_and_the_note(couple: Couple, unsealed_database: None) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]):
        _answered(couple)
        choices = OutcomeSettings(couple=couple)
        choices.note = "Kept."
        choices.save()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new, old]):
        call_command("rotatekeys", stdout=io.StringIO())
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new]):
        assert CheckInAnswer.objects.get(item_key="checkin_note").value == "IN-EXPORT"
        assert OutcomeSettings.objects.get().note == "Kept."
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]), pytest.raises(InvalidToken):
        CheckInAnswer.objects.get(item_key="checkin_note").value  # noqa: B018 (reading it is the test)


def test_the_backup_manifest_counts_check_in_answers_and_the_note(couple: Couple) -> None:
    _answered(couple)
    names = {(table, column) for table, column in SEALED_COLUMNS}
    assert {("intake_checkinanswer", "sealed"), ("clinic_outcomesettings", "sealed_note")} <= names
    tables = set(connection.introspection.table_names())
    assert {table for table, _column in SEALED_COLUMNS} <= tables
