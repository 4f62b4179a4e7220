"""A couple's access log as the therapist reads it: the couple's creation, links issued and answers sent among the
views, each partner by name, a filter that sets the views aside, and pages rather than a silent cut-off."""

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client, override_settings

from clinic.models import AccessLog
from intake.models import Couple
from tests.conftest import partner_client
from tests.intake_steps import complete_intake

NEW_COUPLE = {
    "partner_a_name": "Sam",
    "partner_a_pronouns": "he",
    "partner_b_name": "Alex",
    "partner_b_pronouns": "she",
}


def _created(client: Client) -> Couple:
    assert client.post("/couples/new/", NEW_COUPLE).status_code == 302
    return Couple.objects.get()


def test_the_log_tells_the_story_of_the_couple_with_names(therapist_client: Client, therapist: Any) -> None:
    couple = _created(therapist_client)
    therapist_client.post(f"/couples/{couple.pk}/partners/{couple.partner_b.pk}/link/")
    complete_intake(partner_client(couple.partner_b))
    html = therapist_client.get(f"/couples/{couple.pk}/log/").content.decode()
    for what in (
        "Created the couple and both links",
        "Issued a link",
        "Opened their private link",
        "Sent their answers",
    ):
        assert what in html, what
    assert "Alex, through their private link" in html and "<td><bdi>Alex</bdi></td>" in html  # the link issued for Alex
    assert "Partner B" not in html and "partner b" not in html


def test_the_filter_sets_views_apart_from_changes(therapist_client: Client) -> None:
    couple = _created(therapist_client)
    for _ in range(3):
        therapist_client.get("/couples/")
    changes = therapist_client.get(f"/couples/{couple.pk}/log/", {"show": "changes"}).content.decode()
    assert "Created the couple and both links" in changes and "Listed on the dashboard" not in changes
    views = therapist_client.get(f"/couples/{couple.pk}/log/", {"show": "views"}).content.decode()
    assert "Listed on the dashboard" in views and "Created the couple" not in views
    assert '<option value="views" selected>' in views


def test_a_filter_no_one_offers_is_explained_and_shows_everything(therapist_client: Client) -> None:
    couple = _created(therapist_client)
    response = therapist_client.get(f"/couples/{couple.pk}/log/", {"show": "secrets"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_show_error"' in html and "Created the couple" in html


def test_a_long_log_comes_in_pages(therapist_client: Client) -> None:
    couple = _created(therapist_client)
    for _ in range(60):
        therapist_client.get(f"/couples/{couple.pk}/")
    first = therapist_client.get(f"/couples/{couple.pk}/log/").content.decode()
    assert "Page 1 of 2" in first and "Older" in first and "Created the couple" not in first
    last = therapist_client.get(f"/couples/{couple.pk}/log/", {"page": "2"}).content.decode()
    assert "Created the couple and both links" in last and "Newer" in last


def test_only_the_owner_reads_it(client: Client, other_client: Client, therapist_client: Client) -> None:
    couple = _created(therapist_client)
    assert client.get(f"/couples/{couple.pk}/log/").status_code == 302
    assert other_client.get(f"/couples/{couple.pk}/log/").status_code == 404
    assert partner_client(couple.partner_a).get(f"/couples/{couple.pk}/log/").status_code == 302


def test_the_demo_logs_what_it_did(db: None) -> None:
    call_command("loadexercises", stdout=StringIO())
    with override_settings(DEBUG=True):
        call_command("demo", stdout=StringIO())
    done = set(AccessLog.objects.values_list("action", flat=True))
    assert {"create_couple", "issue_link", "submit_intake"} <= done
    submitted = AccessLog.objects.filter(action="submit_intake")
    assert all(entry.partner_role and entry.user is None for entry in submitted)
