"""The dashboard a busy therapist scans: one row per couple with each partner's progress, the plan, the urgent
mark, direct links and a search by name; and the couple page's link status once an intake is in."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from clinic.models import AccessLog
from clinic.views.couples import name_contains, search_sql
from intake.models import Couple, Invitation
from tests.conftest import partner_client
from tests.factories import make_couple, make_library, submit_intake
from tests.intake_steps import answer_steps, consent


def _row(html: str, name: str) -> str:
    """The dashboard card of the couple called `name`."""
    start = html.index(f"><bdi>{name.replace('&', '&amp;')}</bdi></a>")
    end = html.find('<li class="card', start)
    return html[start : end if end > 0 else len(html)]


def test_each_partners_progress_reads_plainly(therapist_client: Client, therapist: Any) -> None:
    couple = make_couple(therapist, "Sam", "Alex")
    browser = partner_client(couple.partner_a)
    consent(browser)
    answer_steps(browser, last=5)
    row = _row(therapist_client.get("/couples/").content.decode(), couple.name)
    assert re.search(
        r"<bdi>Sam</bdi>: <span[^>]*>Started</span> <span class=\"progress-text\">step 6 of 11</span>", row
    )
    assert re.search(
        r"<bdi>Alex</bdi>: <span[^>]*>Invited</span> <span class=\"progress-text\">not started yet</span>", row
    )
    answer_steps(browser, first=6)
    row = _row(therapist_client.get("/couples/").content.decode(), couple.name)
    assert "reviewing the answers" in row and "Plan</dt> <dd>not drafted yet" in row


def test_a_row_says_whether_a_plan_is_drafted_and_links_straight_to_it(
    therapist_client: Client, therapist: Any
) -> None:
    make_library()
    couple = make_couple(therapist, "Sam", "Alex")
    submit_intake(couple.partner_a, pick=4)
    submit_intake(couple.partner_b)
    row = _row(therapist_client.get("/couples/").content.decode(), couple.name)
    assert "ready to draft" in row and ">Draft a plan<" in row
    assert f'href="/couples/{couple.pk}/comparison/"' in row and f'href="/couples/{couple.pk}/plan/"' in row
    therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
    row = _row(therapist_client.get("/couples/").content.decode(), couple.name)
    assert "version 1 drafted" in row and 'Submitted</span> <span class="progress-text">' in row


def test_search_finds_couples_by_their_name_or_a_partners(
    therapist_client: Client, therapist: Any, other_therapist: Any
) -> None:
    make_couple(therapist, "Sam", "Alex", name="The Harbours")
    make_couple(therapist, "Kim", "Lee")
    make_couple(other_therapist, "Samira", "Jo")
    html = therapist_client.get("/couples/", {"q": "harb"}).content.decode()
    assert "The Harbours" in html and "Kim &amp; Lee" not in html
    html = therapist_client.get("/couples/", {"q": "sam"}).content.decode()
    assert "The Harbours" in html and "Samira" not in html and "1 couple matches “sam”." in html
    assert 'value="sam"' in html and "Show all couples" in html


def test_a_couple_found_by_its_name_and_a_partners_is_listed_once(therapist_client: Client, therapist: Any) -> None:
    make_couple(therapist, "Sam", "Samira", name="Sam and Samira")
    html = therapist_client.get("/couples/", {"q": "SAM"}).content.decode()
    assert "1 couple matches “SAM”." in html and html.count('class="card mb-3 couple-row') == 1


def test_a_search_takes_percent_and_underscore_as_written(therapist_client: Client, therapist: Any) -> None:
    make_couple(therapist, "Sam", "Alex", name="Sam_Alex 100%")
    make_couple(therapist, "Kim", "Lee", name="Kim & Lee")
    for query, found in (("_", 1), ("%", 1), ("0%", 1), ("m_A", 1), ("m%A", 0)):
        html = therapist_client.get("/couples/", {"q": query}).content.decode()
        assert html.count('class="card mb-3 couple-row') == found, query
        assert "Kim &amp; Lee" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_on_postgresql_the_name_search_can_use_trigram_indexes(therapist: Any) -> None:
    make_couple(therapist, "Sam", "Alex", name="The Harbours")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: make the planner show what it could use
        for table, column, index in (
            ("intake_couple", "name", "intake_couple_name_trgm"),
            ("intake_partner", "display_name", "intake_partner_display_name_trgm"),
        ):
            # Each side of the search's statement compares its name so (`search_sql`); at 10,000 couples the planner
            # chooses the index (bench/README.md); here the therapist's few rows would be read by the therapist's index.
            cursor.execute(f"EXPLAIN SELECT 1 FROM {table} WHERE {name_contains(column)}", ["%HARB%"])  # noqa: S608
            plan = "\n".join(line for (line,) in cursor.fetchall())
            assert index in plan, plan
    statement = search_sql(connection.vendor)
    assert name_contains('"intake_couple"."name"') in statement
    assert name_contains('"intake_partner"."display_name"') in statement


def test_a_search_without_result_says_so_and_logs_nobody(therapist_client: Client, therapist: Any) -> None:
    make_couple(therapist, "Sam", "Alex")
    response = therapist_client.get("/couples/", {"q": "nobody"})
    assert "No couple or partner name contains “nobody”." in response.content.decode()
    assert not AccessLog.objects.exists()
    therapist_client.get("/couples/", {"q": "alex"})
    assert list(AccessLog.objects.values_list("detail", flat=True)) == ["page 1, a search"]


def test_a_search_too_long_is_explained_next_to_the_field(therapist_client: Client, therapist: Any) -> None:
    make_couple(therapist, "Sam", "Alex")
    response = therapist_client.get("/couples/", {"q": "x" * 81})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_q_error"' in html and "Sam &amp; Alex" in html


@pytest.mark.parametrize("query", ["", "a"])
def test_the_dashboard_query_count_stays_fixed(
    therapist_client: Client, therapist: Any, django_assert_max_num_queries: Any, query: str
) -> None:
    for n in range(20):
        couple = make_couple(therapist, f"A{n}", f"B{n}")
        submit_intake(couple.partner_a)
    therapist_client.get("/couples/")
    with django_assert_max_num_queries(11):  # seven, and four for the outcome columns (clinic.outcomes)
        assert therapist_client.get("/couples/", {"q": query}).status_code == 200


def test_the_couple_page_stops_offering_a_link_once_the_intake_is_in(therapist_client: Client, couple: Couple) -> None:
    Invitation.issue(couple.partner_a, by=couple.therapist)
    html = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert re.search(r"Works until \d+ \w+ \d{4}; not opened yet", html)
    assert "Issue a new link" in html and "None working: issue one to send" in html  # Alex has none yet
    submit_intake(couple.partner_a)
    submit_intake(couple.partner_b)
    html = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert html.count("Not needed: the intake is submitted") == 4  # each partner card and the email panel
    assert "Issue a new link" not in html and "Issue a link" not in html and "Works until" not in html
    assert "Send the invitation" not in html and "Extend by" not in html
    assert html.count(">Reopen intake<") == 2 and "Close the old link" in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "Kim"])
def test_pages_count_the_therapists_couples_and_no_one_elses(
    therapist_client: Client, therapist: Any, other_therapist: Any, settings: Any, query: str
) -> None:
    settings.ATTUNE_COUPLES_PER_PAGE = 2
    for n in range(5):
        make_couple(therapist, f"Kim{n}", f"Lee{n}")
    make_couple(other_therapist, "Kim", "Other")
    search: dict[str, str] = {"q": query} if query else {}
    html = therapist_client.get("/couples/", search).content.decode()
    assert "Page 1 of 3" in html
    last = therapist_client.get("/couples/", {"page": "3", **search}).content.decode()
    assert "Page 3 of 3" in last and last.count('class="card mb-3 couple-row') == 1
    if query:
        assert "5 couples match “Kim”." in html
