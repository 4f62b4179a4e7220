"""Export and delete a couple; the access log they leave; the log cannot be rewritten."""

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog, AppendOnlyError, CachedPdf, PlanVersion
from intake.models import Answer, Couple, Invitation, Partner, SafetyAlert
from tests.factories import PASSWORD, confirmed_device, current_code, make_library, verified_client
from tests.security.conftest import CANARY, answer_everything


@pytest.fixture
def planned(therapist_client: Client, couple: Couple) -> Couple:
    make_library()
    answer_everything(couple.partner_a, safety={"safety_afraid": "1"})
    answer_everything(couple.partner_b)
    therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
    return couple


def test_export_is_a_zip_of_everything_with_both_pdfs(therapist_client: Client, planned: Couple) -> None:
    response = therapist_client.post(f"/couples/{planned.pk}/export/", {"password": PASSWORD})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "Sam" not in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["couple.json", "handout.pdf", "plan.pdf"]
    document = json.loads(archive.read("couple.json"))
    assert document["couple"]["name"] == "Sam & Alex"
    answers = {p["role"]: p["answers"] for p in document["partners"]}
    assert answers["a"]["free_reason"] == CANARY and answers["a"]["safety_afraid"] == 1
    [alert] = next(p["safety_alerts"] for p in document["partners"] if p["role"] == "a")
    assert (alert["tier"], alert["item_key"], alert["answer"], alert["followed_up_at"]) == (
        "a",
        "safety_afraid",
        1,
        None,
    )
    assert document["plan_versions"][0]["number"] == 1
    assert "token_hash" not in json.dumps(document)
    assert archive.read("plan.pdf").startswith(b"%PDF-")
    assert AccessLog.objects.filter(action="export", couple_id=planned.pk).exists()


def test_export_and_delete_pages_are_the_owners_only(
    client: Client, other_client: Client, client_a: Client, couple: Couple
) -> None:
    for path in ("export/", "delete/"):
        url = f"/couples/{couple.pk}/{path}"
        for stranger in (client, client_a):  # anonymous, and a partner's session
            response = stranger.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path
        assert other_client.get(url).status_code == 404
        assert other_client.post(url, {"password": PASSWORD, "confirm_name": couple.name}).status_code == 404
    assert Couple.objects.filter(pk=couple.pk).exists()
    assert not AccessLog.objects.filter(action__in=["export", "delete_couple"]).exists()


def test_export_page_asks_for_the_password_first(therapist_client: Client, couple: Couple) -> None:
    page = therapist_client.get(f"/couples/{couple.pk}/export/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert 'name="password"' in page.content.decode() and 'name="token"' not in page.content.decode()


@pytest.mark.parametrize("password", ["", "not my password", PASSWORD + " "])
def test_export_with_a_wrong_or_missing_password_exports_nothing(
    therapist_client: Client, couple: Couple, password: str, caplog: pytest.LogCaptureFixture
) -> None:
    response = therapist_client.post(f"/couples/{couple.pk}/export/", {"password": password})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Nothing was exported" in response.content.decode()
    assert response.context["form"].errors["password"]
    assert not AccessLog.objects.filter(action="export").exists()


def test_export_and_delete_ask_for_a_current_code_when_two_step_sign_in_is_set_up(
    therapist: Any, planned: Couple
) -> None:
    device = confirmed_device(therapist)
    client = verified_client(therapist, device)
    url = f"/couples/{planned.pk}/export/"
    assert 'name="token"' in client.get(url).content.decode()
    for code in ("", "123456", "abcdef"):
        refused = client.post(url, {"password": PASSWORD, "token": code})
        assert refused.status_code == 200 and refused.context["form"].errors["token"]
    exported = client.post(url, {"password": PASSWORD, "token": current_code(device)})
    assert exported["Content-Type"] == "application/zip"
    delete = f"/couples/{planned.pk}/delete/"
    kept = client.post(delete, {"confirm_name": "Sam & Alex", "password": PASSWORD, "token": "000000"})
    assert kept.status_code == 200 and Couple.objects.filter(pk=planned.pk).exists()
    done = client.post(delete, {"confirm_name": "Sam & Alex", "password": PASSWORD, "token": current_code(device)})
    assert done.status_code == 302 and not Couple.objects.filter(pk=planned.pk).exists()


def test_wrong_passwords_at_export_count_towards_the_lockout(
    therapist_client: Client, couple: Couple, settings: Any
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        therapist_client.post(f"/couples/{couple.pk}/export/", {"password": "guess"})
    locked = therapist_client.post(f"/couples/{couple.pk}/export/", {"password": PASSWORD})
    assert locked.status_code == 429 and locked["Content-Type"].startswith("text/html")


def test_delete_needs_the_couple_name(therapist_client: Client, planned: Couple) -> None:
    response = therapist_client.post(f"/couples/{planned.pk}/delete/", {"confirm_name": "Sam", "password": PASSWORD})
    assert response.status_code == 200 and "nothing was deleted" in response.content.decode()
    assert Couple.objects.filter(pk=planned.pk).exists()


def test_delete_needs_the_therapists_password(therapist_client: Client, planned: Couple) -> None:
    for password in ("", "wrong password"):
        data = {"confirm_name": "Sam & Alex", "password": password}
        response = therapist_client.post(f"/couples/{planned.pk}/delete/", data)
        assert response.status_code == 200 and "Nothing was deleted" in response.content.decode()
    assert Couple.objects.filter(pk=planned.pk).exists()


def test_delete_removes_everything_and_leaves_only_a_note(
    therapist_client: Client, therapist: Any, planned: Couple
) -> None:
    couple_id = planned.pk
    data = {"confirm_name": "Sam & Alex", "password": PASSWORD}
    response = therapist_client.post(f"/couples/{couple_id}/delete/", data)
    assert response.status_code == 302 and response["Location"] == "/couples/"
    for model in (Couple, Partner, Answer, Invitation, PlanVersion, SafetyAlert, CachedPdf):
        assert not model.objects.exists(), model
    note = AccessLog.objects.get(action="delete_couple")
    assert (note.couple_id, note.user, note.detail) == (couple_id, therapist, "")
    assert therapist_client.get(f"/couples/{couple_id}/").status_code == 404


def test_log_page_lists_this_couples_entries(therapist_client: Client, planned: Couple) -> None:
    therapist_client.get(f"/couples/{planned.pk}/comparison/")
    html = therapist_client.get(f"/couples/{planned.pk}/log/").content.decode()
    assert "Viewed the comparison" in html and "Viewed safety findings" in html and "therapist" in html


def test_the_access_log_cannot_be_changed_or_deleted(therapist_client: Client, couple: Couple) -> None:
    therapist_client.get(f"/couples/{couple.pk}/comparison/")
    entry = AccessLog.objects.get()
    entry.detail = "edited"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().update(detail="x")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().detail == ""


def test_admin_shows_the_log_read_only(couple: Couple, therapist_client: Client) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", password="x" * 12)
    client = verified_client(admin)
    therapist_client.get(f"/couples/{couple.pk}/comparison/")
    entry = AccessLog.objects.get()
    assert client.get("/admin/clinic/accesslog/").status_code == 200
    assert client.post(f"/admin/clinic/accesslog/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/intake/").status_code == 404  # client data is not in the admin
