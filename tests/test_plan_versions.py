"""A plan version is a record: it keeps the comparison it was drafted from, sealed like the answers, through key
rotation and into the export."""

import io
import json
import zipfile
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from clinic.models import PlanVersion
from intake.models import Couple
from intake.wording import ENGLISH, word_data
from tests.factories import PASSWORD, make_library, submitted_couple
from tests.recommender_cases import EFT_A, EFT_B, answers
from tests.security.conftest import CANARY


@pytest.fixture
def drafted(therapist_client: Client, therapist: Any) -> Couple:
    make_library()
    couple = submitted_couple(therapist, answers(**EFT_A) | {"free_reason": CANARY}, answers(**EFT_B))
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    return couple


def test_a_draft_keeps_its_comparison_sealed(drafted: Couple) -> None:
    version = drafted.plan.latest()
    record = version.comparison_record
    assert record is not None
    assert record["record"]["comparison"]["a"]["name"] == "Sam" and len(record["digest"]) == 64
    assert dict(record["record"]["comparison"]["partner_a"]["free_text"])["free_reason"] == CANARY
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed_comparison FROM clinic_planversion")
        (stored,) = cursor.fetchone()
    assert CANARY not in stored and '"Sam"' not in stored  # quoted: base64 has no quotes, so no chance match


def test_key_rotation_reseals_a_versions_comparison(therapist: Any, unsealed_database: None) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[old]):
        make_library()
        couple = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B))
        from clinic.plans.versions import draft_version

        draft_version(couple, therapist)
        before = PlanVersion.objects.get().comparison_record
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new, old]):
        call_command("rotatekeys", stdout=io.StringIO())
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[new]):
        assert PlanVersion.objects.get().comparison_record == before


def test_the_export_holds_each_versions_comparison_and_its_pdfs(therapist_client: Client, drafted: Couple) -> None:
    response = therapist_client.post(f"/couples/{drafted.pk}/export/", {"password": PASSWORD})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    document = json.loads(archive.read("couple.json"))
    (version,) = document["plan_versions"]
    assert version["comparison"]["record"]["comparison"]["b"]["name"] == "Alex"
    assert version["content"]["stage"]["msgid"]  # as stored, a message
    assert version["content_worded"]["stage"] == word_data(version["content"], ENGLISH)["stage"]  # and as read
    assert archive.read("plan.pdf").startswith(b"%PDF-") and archive.read("handout.pdf").startswith(b"%PDF-")


def test_a_version_saved_before_versions_kept_their_comparison_still_prints(
    therapist_client: Client, drafted: Couple
) -> None:
    PlanVersion.objects.update(sealed_comparison="")
    page = therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    assert "This version was saved before plans kept their comparison" in page
    response = therapist_client.get(f"/couples/{drafted.pk}/plan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
