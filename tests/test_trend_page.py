"""The trend as the therapist reads it: each partner's CSI-4 over time on the couple page (chart, words, table),
the off-track mark there and on the dashboard, the same trend in the plan PDF, in queries that stay the same
however many check-ins a couple has."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clinic.models import AccessLog
from clinic.outcomes.checkins import open_check_in
from intake.models import Couple
from tests.check_in_steps import answered_check_in, check_in_client, csi4_answers
from tests.factories import make_library, submit_intake, submitted_couple
from tests.pdf_reading import flat, pages_text

SVG_CIRCLE, SVG_SQUARE = "<circle ", 'width="12" height="12"'


@pytest.fixture
def started(therapist: Any) -> Couple:
    """Both intakes in: Sam at 8 and Alex at 13 on the CSI-4."""
    return submitted_couple(therapist, csi4_answers(8), csi4_answers(13))


def _page(client: Client, couple: Couple) -> str:
    return client.get(f"/couples/{couple.pk}/").content.decode()


def test_no_trend_before_a_check_in_is_answered(therapist_client: Client, started: Couple) -> None:
    page = _page(therapist_client, started)
    assert 'id="trend-chart"' not in page and "No check-in has been answered yet" in page


def test_one_check_in_gives_two_points_per_partner(therapist_client: Client, started: Couple) -> None:
    answered_check_in(started, (12, 13), session_number=2)
    page = _page(therapist_client, started)
    chart = page[
        page.index('<svg xmlns="http://www.w3.org/2000/svg" id="trend-chart"') : page.index(
            "</svg>", page.index('id="trend-chart"')
        )
    ]
    assert chart.count(SVG_CIRCLE) == 1 + 2 and chart.count(SVG_SQUARE) == 1 + 2  # the legend's, and two points
    assert "Sam: 8 → 12, reliably better; Alex: 13 → 13, no reliable change" in page
    assert "The band is provisional" in page and "Jacobson & Truax 1991" in page


def test_the_trend_table_has_each_occasion_and_the_gap(therapist_client: Client, started: Couple) -> None:
    answered_check_in(started, (10, None), session_number=2)
    answered_check_in(started, (14, 12), session_number=3)
    rows = therapist_client.get(f"/couples/{started.pk}/").context["trend_rows"]
    assert [(r["occasion"], r["a"], r["b"], r["gap"]) for r in rows] == [
        ("Intake", 8, 13, 5),
        ("Check-in before session 2", 10, None, None),
        ("Check-in before session 3", 14, 12, 2),
    ]


def test_the_trend_is_logged_as_a_view_of_the_check_ins(therapist_client: Client, started: Couple) -> None:
    answered_check_in(started, (12, 13))
    _page(therapist_client, started)
    logged = AccessLog.objects.filter(couple_id=started.pk, action="view_check_ins").values_list("detail", flat=True)
    assert list(logged) == ["couple page: trend"]


def test_off_track_at_the_fourth_check_in_on_the_couple_page_and_the_dashboard(
    therapist_client: Client, started: Couple
) -> None:
    for session, totals in enumerate([(9, 13), (11, 12), (12, 13)], start=2):
        answered_check_in(started, totals, session_number=session)
    assert "Off track" not in _page(therapist_client, started)
    answered_check_in(started, (14, 13), session_number=5)
    page = _page(therapist_client, started)
    assert "Alex: 13 at the start, 13 at check-in 4: no reliable improvement by the fourth check-in." in page
    assert "Offer an individual session with Alex" in page and "Pepping, Halford &amp; Doss 2015" in page
    dashboard = therapist_client.get("/couples/").content.decode()
    assert "Off track (Alex)" in dashboard
    assert "<bdi>Sam</bdi>: 14" in dashboard and "reliably better than at the start" in dashboard


def test_reliable_deterioration_raises_the_mark_at_once(therapist_client: Client, started: Couple) -> None:
    answered_check_in(started, (8, 9), session_number=2)
    assert "Alex: 13 at the start, 9 now: reliably less satisfied." in _page(therapist_client, started)


def test_the_plan_pdf_carries_the_trends_text_alternative(therapist_client: Client, therapist: Any) -> None:
    make_library()
    couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(13))
    for partner, pick in zip(couple.partners.all(), (1, 3), strict=True):
        partner.reopen(by=therapist)
        submit_intake(partner, pick=pick)
    answered_check_in(couple, (12, 13), session_number=2)
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    text = flat(" ".join(pages_text(therapist_client.get(f"/couples/{couple.pk}/plan.pdf").content)))
    trend = therapist_client.get(f"/couples/{couple.pk}/").context["trend"]
    assert trend.summary in text and "Change over time" in text
    assert "Jacobson, N. S., & Truax, P. (1991)" in text


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/couples/{pk}/", "/couples/{pk}/check-ins/", "/couples/"])
def test_queries_stay_the_same_however_many_check_ins(therapist_client: Client, started: Couple, path: str) -> None:
    url = path.format(pk=started.pk)
    therapist_client.get(url)  # the session's first page notes whether a two-factor device exists
    answered_check_in(started, (9, 13), session_number=2)
    one = _queries(therapist_client, url)
    for session in range(3, 9):
        answered_check_in(started, (10, 12), session_number=session)
    assert _queries(therapist_client, url) == one


def test_the_partners_check_in_page_reads_the_same_however_many_check_ins(started: Couple) -> None:
    counts = []
    for sessions in (1, 6):
        for session in range(2, 2 + sessions):
            if not started.check_ins.filter(session_number=session).exists():
                answered_check_in(started, (10, 12), session_number=session)
        current, _tokens = open_check_in(started, None, session_number=20 + sessions)
        browser = check_in_client(started.partner_a, current)
        browser.get("/i/check-in/")
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/i/check-in/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
