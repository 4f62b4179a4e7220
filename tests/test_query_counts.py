"""Every page asks the database the same number of times however much a practice holds: couples, check-ins,
plan versions and exercises. Each test counts a page's queries, grows one of them, and counts again (the first
request of a session notes whether a two-factor device exists, so each page is opened once before counting)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clinic.outcomes.checkins import open_check_in
from clinic.outcomes.latest import store_for
from clinic.plans.versions import save_version
from intake.models import Couple
from tests.check_in_steps import answered_check_in, check_in_client, csi4_answers
from tests.factories import issue_link, make_couple, make_exercise, make_library, submitted_couple
from tests.intake_steps import consent
from tests.recommender_cases import EFT_A, EFT_B, answers

THERAPIST_PAGES = [
    "/couples/",
    "/couples/?q=Sam",
    "/couples/{pk}/",
    "/couples/{pk}/comparison/",
    "/couples/{pk}/plan/",
    "/couples/{pk}/plan/edit/",
    "/couples/{pk}/check-ins/",
]


@pytest.fixture(autouse=True)
def _partner_idle_clock_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """A partner's last-seen time is rewritten by the wall clock (every 30 seconds at most), not by what the practice
    holds: on a busy machine, growing the practice took longer than that and the count saw the rewrite."""
    monkeypatch.setattr("intake.views.touch_interval", lambda limit: 3600.0)


@pytest.fixture
def drafted(therapist: Any, therapist_client: Client) -> Couple:
    """Both intakes in (with CSI-4 totals), a drafted plan and one answered check-in."""
    make_library()
    couple = submitted_couple(therapist, answers(**EFT_A) | csi4_answers(8), answers(**EFT_B) | csi4_answers(13))
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    answered_check_in(couple, (9, 13), session_number=2)
    return couple


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _same_after(client: Client, url: str, grow: Callable[[], object]) -> tuple[int, int]:
    client.get(url)
    before = _queries(client, url)
    grow()
    return before, _queries(client, url)


def _more_couples(therapist: Any) -> None:
    """Thirty more couples, more than a dashboard page: some submitted with a plan and a check-in. Each gets its
    outcome figures as the new-couple page gives them (a couple without is worked out when first listed)."""
    for n in range(30):
        couple = make_couple(therapist, f"Sam{n}", f"Alex{n}")
        store_for([couple.pk])
        if n % 3 == 0:
            couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(12), names=(f"Sam{n}", f"Alex{n}"))
            answered_check_in(couple, (9, 12), session_number=2)


def _more_check_ins(couple: Couple) -> None:
    for session in range(3, 9):
        answered_check_in(couple, (10, 12), session_number=session)


def _more_versions(couple: Couple) -> None:
    for _ in range(5):
        latest = couple.plan.latest()
        save_version(couple, latest.content, couple.therapist, latest.number)


def _more_exercises() -> None:
    for n in range(15):
        make_exercise(f"extra-exercise-{n}", targets=("P3", "O6"))


@pytest.mark.parametrize("path", THERAPIST_PAGES)
def test_therapist_pages_ask_the_same_however_many_couples(
    therapist_client: Client, therapist: Any, drafted: Couple, path: str
) -> None:
    before, after = _same_after(therapist_client, path.format(pk=drafted.pk), lambda: _more_couples(therapist))
    assert after == before


@pytest.mark.parametrize("path", THERAPIST_PAGES)
def test_therapist_pages_ask_the_same_however_many_check_ins(
    therapist_client: Client, drafted: Couple, path: str
) -> None:
    before, after = _same_after(therapist_client, path.format(pk=drafted.pk), lambda: _more_check_ins(drafted))
    assert after == before


@pytest.mark.parametrize("path", THERAPIST_PAGES)
def test_therapist_pages_ask_the_same_however_many_plan_versions(
    therapist_client: Client, drafted: Couple, path: str
) -> None:
    before, after = _same_after(therapist_client, path.format(pk=drafted.pk), lambda: _more_versions(drafted))
    assert after == before


@pytest.mark.parametrize("path", THERAPIST_PAGES)
def test_therapist_pages_ask_the_same_however_many_exercises(
    therapist_client: Client, drafted: Couple, path: str
) -> None:
    before, after = _same_after(therapist_client, path.format(pk=drafted.pk), _more_exercises)
    assert after == before


def test_an_older_plan_version_reads_with_the_same_queries_as_the_latest(
    therapist_client: Client, drafted: Couple
) -> None:
    _more_versions(drafted)
    url = f"/couples/{drafted.pk}/plan/"
    therapist_client.get(url)
    assert _queries(therapist_client, url + "?version=2") == _queries(therapist_client, url)


@pytest.mark.parametrize(
    "grow",
    [_more_check_ins, _more_versions, lambda couple: _more_couples(couple.therapist)],
    ids=["check-ins", "plan versions", "couples"],
)
def test_the_intake_step_asks_the_same_however_much_the_practice_holds(
    drafted: Couple, therapist: Any, grow: Callable[[Couple], object]
) -> None:
    walking = make_couple(therapist, "Robin", "Kim")
    browser = Client()
    assert browser.get(f"/i/{issue_link(walking.partner_a)}/").status_code == 303
    consent(browser)
    before, after = _same_after(browser, "/i/step/2/", lambda: grow(drafted))
    assert after == before


@pytest.mark.parametrize("grow", [_more_check_ins, _more_versions], ids=["check-ins", "plan versions"])
def test_the_check_in_page_asks_the_same_however_much_the_couple_has(
    drafted: Couple, grow: Callable[[Couple], object]
) -> None:
    current, _tokens = open_check_in(drafted, None, session_number=30)
    browser = check_in_client(drafted.partner_a, current)
    before, after = _same_after(browser, "/i/check-in/", lambda: grow(drafted))
    assert after == before


def test_the_partner_pages_ask_a_fixed_few_queries(drafted: Couple, therapist: Any) -> None:
    # The session, the link with its partner, couple and check-in (on the check-in page: its response, read with
    # the link's liveness), then the page's answers in one read (the check-in page: its safety items' kept keys and
    # the answers it shows together).
    walking = make_couple(therapist, "Robin", "Kim")
    browser = Client()
    assert browser.get(f"/i/{issue_link(walking.partner_a)}/").status_code == 303
    consent(browser)
    browser.get("/i/step/2/")
    assert _queries(browser, "/i/step/2/") == 3
    current, _tokens = open_check_in(drafted, None, session_number=30)
    browser = check_in_client(drafted.partner_a, current)
    browser.get("/i/check-in/")
    assert _queries(browser, "/i/check-in/") == 3


def test_the_plan_editor_asks_a_fixed_few_queries(drafted: Couple, therapist_client: Client) -> None:
    # The session and the therapist, the latest version with its couple and author in one query, the kept draft,
    # the exercise library, and the access log's entry; never the partners (the editor names neither).
    url = f"/couples/{drafted.pk}/plan/edit/"
    therapist_client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert therapist_client.get(url).status_code == 200
    tables = [query["sql"].split(" FROM ")[-1].split()[0] if " FROM " in query["sql"] else "" for query in captured]
    assert len(captured) == 6, tables
    assert sum('"clinic_planversion"' in table for table in tables) == 1 and '"intake_partner"' not in tables
