"""The plan editor's unsaved typing survives the time limits: kept as a sealed draft per therapist and couple (never a
version), given back when the editor opens again, discarded on request, cleared by saving, removed when stale; and,
without JavaScript, an edit posted after the sign-out comes back after signing in again, for its author only."""

import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from clinic.accounts.timeouts import SEEN, STARTED
from clinic.models import AccessLog, FormDraft, PlanVersion
from intake.models import Couple
from tests.conftest import partner_client
from tests.factories import PASSWORD, make_library, make_therapist, submitted_couple
from tests.plan_forms import edit_data, edit_url
from tests.recommender_cases import EFT_A, EFT_B, answers

WORDS = "Slow the cycle down before naming the longing underneath it."


@pytest.fixture
def drafted(therapist: Any, therapist_client: Client) -> Couple:
    make_library()
    couple = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B))
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    return couple


def draft_url(couple: Couple) -> str:
    return f"/couples/{couple.pk}/plan/draft/"


def typed(client: Client, couple: Couple, **changes: Any) -> dict[str, Any]:
    """The editor's fields as idle.js posts them: the form as shown, with the therapist's changes, not saving."""
    data = edit_data(client, couple, **changes)
    data.pop("action")
    return {**data, "extend": "0"}


def restored_page(client: Client, couple: Couple) -> str:
    response = client.get(edit_url(couple))
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_draft_is_sealed_and_restored_with_the_time_it_was_kept(
    therapist_client: Client, drafted: Couple
) -> None:
    answer = therapist_client.post(draft_url(drafted), typed(therapist_client, drafted, s1_notes=WORDS))
    assert answer.status_code == 200 and answer.json()["saved"] is True
    assert "no-store" in answer["Cache-Control"]
    draft = FormDraft.objects.get(couple=drafted)
    assert WORDS not in draft.sealed and draft.fields["s1_notes"] == WORDS
    assert PlanVersion.objects.filter(plan__couple=drafted).count() == 1  # never a version
    html = restored_page(therapist_client, drafted)
    assert WORDS in html and "Your unsaved changes are back" in html
    assert 'role="status" id="draft-restored"' in html
    assert timezone.localtime(draft.kept_at).strftime("%H:%M") in html
    assert "Discard them and start from version 1 as saved" in html
    assert AccessLog.objects.filter(couple_id=drafted.pk, action="keep_draft").count() == 1
    assert AccessLog.objects.filter(detail="editing version 1, unsaved draft restored").exists()


def test_unticked_boxes_come_back_unticked(therapist_client: Client, drafted: Couple) -> None:
    data = typed(therapist_client, drafted, s1_e0_remove="on")
    therapist_client.post(draft_url(drafted), data)
    form = therapist_client.get(edit_url(drafted)).context["form"]
    assert form["s1_e0_remove"].value() is True
    del data["s1_e0_remove"]
    therapist_client.post(draft_url(drafted), data)
    assert therapist_client.get(edit_url(drafted)).context["form"]["s1_e0_remove"].value() is False


def test_a_draft_posted_with_extend_0_is_not_activity(therapist_client: Client, drafted: Couple) -> None:
    data = typed(therapist_client, drafted, s1_notes=WORDS)
    session = therapist_client.session
    session[SEEN] = then = time.time() - 300
    session.save()
    assert therapist_client.post(draft_url(drafted), data).json()["saved"] is True
    assert therapist_client.session[SEEN] == then


def test_discarding_starts_again_from_the_saved_version(therapist_client: Client, drafted: Couple) -> None:
    therapist_client.post(draft_url(drafted), typed(therapist_client, drafted, s1_notes=WORDS))
    response = therapist_client.post(edit_url(drafted), {"action": "discard"}, follow=True)
    html = response.content.decode()
    assert "Your unsaved changes were discarded" in html and WORDS not in html
    assert "Your unsaved changes are back" not in html
    assert not FormDraft.objects.exists()


def test_saving_a_version_clears_the_draft(therapist_client: Client, drafted: Couple) -> None:
    therapist_client.post(draft_url(drafted), typed(therapist_client, drafted, s1_notes=WORDS))
    data = edit_data(therapist_client, drafted)  # the editor as restored, draft included
    assert data["s1_notes"] == WORDS
    assert therapist_client.post(edit_url(drafted), data).status_code == 302
    assert not FormDraft.objects.exists()
    latest = PlanVersion.objects.filter(plan__couple=drafted).first()
    assert latest is not None and latest.number == 2 and latest.content["sessions"][0]["notes"] == WORDS
    assert "Your unsaved changes are back" not in restored_page(therapist_client, drafted)


def test_a_draft_of_an_older_version_is_restored_on_it_and_its_save_is_refused_as_a_conflict(
    therapist_client: Client, drafted: Couple
) -> None:
    therapist_client.post(draft_url(drafted), typed(therapist_client, drafted, s1_notes=WORDS))
    FormDraft.objects.update(kept_at=timezone.now())
    other_tab = edit_data(therapist_client, drafted)
    other_tab["s1_notes"] = "saved in another tab"
    therapist_client.post(edit_url(drafted), {**other_tab, "base_version": "1"})
    therapist_client.post(draft_url(drafted), typed(therapist_client, drafted, s1_notes=WORDS) | {"base_version": "1"})
    html = restored_page(therapist_client, drafted)
    assert "Editing version 1" in html and WORDS in html
    response = therapist_client.post(edit_url(drafted), edit_data(therapist_client, drafted))
    assert "Your changes were not saved" in response.content.decode()


def test_stale_drafts_are_not_shown_and_go_when_any_draft_is_kept(
    therapist_client: Client, drafted: Couple, therapist: Any, settings: Any
) -> None:
    settings.ATTUNE_FORM_DRAFT_DAYS = 14
    therapist_client.post(draft_url(drafted), typed(therapist_client, drafted, s1_notes=WORDS))
    FormDraft.objects.update(kept_at=timezone.now() - timedelta(days=15))
    assert WORDS not in restored_page(therapist_client, drafted)
    another = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B), names=("Kim", "Lee"))
    therapist_client.post(f"/couples/{another.pk}/plan/", {"action": "draft"})
    therapist_client.post(draft_url(another), typed(therapist_client, another, s1_notes="fresh"))
    assert list(FormDraft.objects.values_list("couple_id", flat=True)) == [another.pk]


# The draft address: who may post, and what it refuses --------------------------------------------------------


def test_the_draft_address_access_matrix(
    client: Client, other_client: Client, therapist_client: Client, drafted: Couple
) -> None:
    data = typed(therapist_client, drafted, s1_notes=WORDS)
    for outsider in (client, partner_client(drafted.partner_a), partner_client(drafted.partner_b)):
        response = outsider.post(draft_url(drafted), data)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert other_client.post(draft_url(drafted), data).status_code == 404
    assert therapist_client.get(draft_url(drafted)).status_code == 405
    assert not FormDraft.objects.exists()
    assert therapist_client.post(draft_url(drafted), data).status_code == 200
    assert FormDraft.objects.get().therapist.username == "therapist"


def test_an_empty_post_keeps_nothing(therapist_client: Client, drafted: Couple) -> None:
    answer = therapist_client.post(draft_url(drafted), {"extend": "0"})
    assert answer.status_code == 200 and answer.json()["saved"] is None
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"s1_notes": "x" * 4001}, "longer than 4000 characters"),
        ({"password": "hunter2"}, "is not a field of this page"),
        ({"base_version": "7"}, "does not belong to a version of this couple's plan"),
        ({"base_version": "one"}, "does not belong to a version of this couple's plan"),
        ({"s1_notes": ["one", "two"]}, "was sent more than once"),
        ({"s99_notes": WORDS}, "is not a field of this page"),
    ],
)
def test_bad_drafts_are_refused_with_400_and_nothing_kept(
    therapist_client: Client, drafted: Couple, change: dict[str, Any], says: str
) -> None:
    answer = therapist_client.post(draft_url(drafted), typed(therapist_client, drafted) | change)
    assert answer.status_code == 400 and says in answer.json()["error"] and answer.json()["saved"] is False
    assert not FormDraft.objects.exists()
    assert not AccessLog.objects.filter(action="keep_draft").exists()


def test_a_draft_of_another_couples_version_is_refused(
    therapist: Any, therapist_client: Client, drafted: Couple
) -> None:
    """The version number must be one of this couple's plan: a draft cannot move fields between couples."""
    bare = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B), names=("Jo", "Ray"))
    answer = therapist_client.post(draft_url(bare), typed(therapist_client, drafted, s1_notes=WORDS))
    assert answer.status_code == 400 and not FormDraft.objects.exists()


def test_an_oversized_body_is_refused_before_anything_reads_it(therapist_client: Client, drafted: Couple) -> None:
    answer = therapist_client.post(draft_url(drafted), {"s1_notes": "x" * 300_000})
    assert answer.status_code == 413 and not FormDraft.objects.exists()


def test_drafts_are_per_therapist(
    therapist_client: Client, drafted: Couple, other_therapist: Any, other_client: Client
) -> None:
    therapist_client.post(draft_url(drafted), typed(therapist_client, drafted, s1_notes=WORDS))
    drafted.therapist = other_therapist  # the couple handed over: the draft stays its author's
    drafted.save()
    assert WORDS not in other_client.get(edit_url(drafted)).content.decode()


# Without JavaScript: an edit posted after the sign-out ---------------------------------------------------------


def expire(client: Client, settings: Any) -> None:
    session = client.session
    session[SEEN] = time.time() - settings.ATTUNE_IDLE_TIMEOUT_SECONDS - 5
    session.save()


def test_an_edit_posted_after_the_sign_out_comes_back_after_signing_in(
    therapist: Any, drafted: Couple, settings: Any
) -> None:
    browser = Client()
    browser.post("/accounts/login/", {"username": therapist.username, "password": PASSWORD})
    data = edit_data(browser, drafted, s1_notes=WORDS)
    expire(browser, settings)
    response = browser.post(edit_url(drafted), data, follow=True)
    html = response.content.decode()
    assert "/accounts/login/" in response.redirect_chain[-1][0]
    assert "What you had typed on the page you sent is kept" in html and WORDS not in html
    assert not FormDraft.objects.exists() and PlanVersion.objects.filter(plan__couple=drafted).count() == 1
    signed_in = browser.post(
        f"/accounts/login/?next={edit_url(drafted)}", {"username": therapist.username, "password": PASSWORD}
    )
    assert signed_in["Location"] == edit_url(drafted)
    html = restored_page(browser, drafted)
    assert WORDS in html and "Your unsaved changes are back" in html
    assert FormDraft.objects.get().fields["s1_notes"] == WORDS
    assert AccessLog.objects.filter(detail="draft of plan_edit, sent after sign-out").count() == 1


def test_another_therapist_signing_in_in_that_browser_never_sees_it(
    therapist: Any, drafted: Couple, settings: Any
) -> None:
    browser = Client()
    browser.post("/accounts/login/", {"username": therapist.username, "password": PASSWORD})
    data = edit_data(browser, drafted, s1_notes=WORDS)
    expire(browser, settings)
    browser.post(edit_url(drafted), data)
    make_therapist("colleague")
    browser.post("/accounts/login/", {"username": "colleague", "password": PASSWORD})
    assert "attune_late_post" not in browser.session
    assert browser.get(edit_url(drafted)).status_code == 404
    browser.post("/accounts/logout/")
    browser.post("/accounts/login/", {"username": therapist.username, "password": PASSWORD})
    assert WORDS not in restored_page(browser, drafted)  # dropped, not waiting for its author
    assert not FormDraft.objects.exists()


def test_a_late_post_without_the_csrf_token_is_not_kept(therapist: Any, drafted: Couple, settings: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(therapist)
    data = edit_data(browser, drafted, s1_notes=WORDS)
    expire(browser, settings)
    browser.post(edit_url(drafted), data)  # no token: as a forged cross-site post would come
    assert "attune_late_post" not in browser.session
    browser.force_login(therapist)
    expire(browser, settings)
    browser.post(edit_url(drafted), {**data, "csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    assert "attune_late_post" in browser.session  # with the page's own token it is kept


def test_the_late_post_is_sealed_in_the_session(therapist: Any, drafted: Couple, settings: Any) -> None:
    browser = Client()
    browser.post("/accounts/login/", {"username": therapist.username, "password": PASSWORD})
    data = edit_data(browser, drafted, s1_notes=WORDS)
    expire(browser, settings)
    browser.post(edit_url(drafted), data)
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        stored = " ".join(row[0] for row in cursor.fetchall())
    assert "attune_late_post" in browser.session and WORDS not in stored


def test_the_editor_offers_to_save_before_the_fixed_end(
    therapist_client: Client, drafted: Couple, settings: Any
) -> None:
    html = restored_page(therapist_client, drafted)
    assert "Your unsaved changes on this page will be kept as a draft." in html
    session = therapist_client.session
    session[STARTED] = time.time() - settings.ATTUNE_SESSION_MAX_SECONDS + 100
    session.save()
    html = restored_page(therapist_client, drafted)
    assert 'data-final="1"' in html and "Save your changes now." in html
    assert '<button type="submit" class="btn btn-primary" form="plan-edit" name="action" value="save">' in html
