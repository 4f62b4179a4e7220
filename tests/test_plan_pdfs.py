"""The therapist's plan PDF, read back as a therapist would: a first page that stands on its own, at most six
pages with none near empty, confidential on every page, and the same print for a version however the answers
change later."""

import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from clinic.models import PlanVersion
from intake.models import Couple
from intake.wording import ENGLISH, word_data
from tests.factories import demo_couples
from tests.pdf_reading import flat, pages_text, used_fractions
from tests.plan_forms import edit_data, edit_url


@pytest.fixture
def demo(db: None) -> dict[str, Couple]:
    return demo_couples()


@pytest.fixture
def demo_client(demo: dict[str, Couple]) -> Client:
    client = Client()
    client.force_login(demo["Dana & Chris"].therapist)
    return client


def _draft(client: Client, couple: Couple) -> PlanVersion:
    assert client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    return couple.plan.latest()


def _pdf(client: Client, couple: Couple, kind: str = "plan", query: str = "") -> bytes:
    response = client.get(f"/couples/{couple.pk}/{kind}.pdf{query}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", ["Sam & Alex", "Dana & Chris"])
def test_the_demo_plans_fit_six_pages_and_the_trend_with_no_near_empty_page(
    demo_client: Client, demo: dict[str, Couple], name: str, paper: str
) -> None:
    _draft(demo_client, demo[name])
    pdf = _pdf(demo_client, demo[name], query=f"?paper={paper}")
    fractions = used_fractions(pdf)
    # Six pages for the plan; a couple with check-ins also gets the change over time (chart and table).
    trend = any("Change over time" in text for text in pages_text(pdf))
    assert trend == (name == "Sam & Alex")
    assert 1 <= len(fractions) <= 6 + trend
    assert all(fraction >= 0.2 for fraction in fractions[:-1]), fractions


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize(
    ("name", "safety"),
    [("Sam & Alex", "Neither partner endorsed"), ("Dana & Chris", "Dana (Tier A: hold all joint work)")],
)
def test_the_first_page_stands_on_its_own(
    demo_client: Client, demo: dict[str, Couple], name: str, safety: str, paper: str
) -> None:
    couple = demo[name]
    version = _draft(demo_client, couple)
    pages = pages_text(_pdf(demo_client, couple, query=f"?paper={paper}"))
    first = flat(pages[0])
    a, b = couple.partner_a.display_name, couple.partner_b.display_name
    assert f"Session plan: {name}" in first and "Robin Demo" in first and "2026" in first
    assert re.search(rf"{a} \d+ of 21 below the cut-off \(13\.5\)", first)
    assert "(Funk & Rogge, 2007)" in first
    assert safety in first and "Readiness" in first
    assert "Shared concerns" in first and "Largest differences" in first
    # The chart's legend: on the first page, except where a safety finding's detail needs the room; then it
    # opens the second.
    chart_page = first if "Neither partner endorsed" in first else flat(pages[1])
    assert f"{a}'s answers" in chart_page and f"{b}'s answers" in chart_page
    assert f"plan version {version.number}" in first


def test_every_page_is_confidential_and_numbered(demo_client: Client, demo: dict[str, Couple]) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    pages = pages_text(_pdf(demo_client, couple))
    assert all("CONFIDENTIAL" in page for page in pages)
    assert all(re.search(rf"Page {n} of {len(pages)}", page) for n, page in enumerate(pages, start=1))


def test_the_plan_shows_each_session_with_its_minutes_and_each_exercise_with_its_reason(
    demo_client: Client, demo: dict[str, Couple]
) -> None:
    couple = demo["Sam & Alex"]
    version = _draft(demo_client, couple)
    text = flat(" ".join(pages_text(_pdf(demo_client, couple))))
    sessions = word_data(version.content, ENGLISH)["sessions"]
    assert all(f"Session {s['number']}: {s['focus']}" in text for s in sessions)
    assert "50 of 50 min (check-in and review 10)" in text
    first = sessions[0]["exercises"][0]
    assert flat(first["reason"])[:60] in text
    assert "Exercises in session" in text and "Practised at home" in text
    assert "Johnson, S. M. (2004)" in text and "Stith, S. M." in text  # the rules' sources among the references
    assert "Session 7: Session 7" not in text and "No exercise chosen" not in text


def test_a_held_plan_names_the_hold_and_the_safety_answers_for_the_therapist(
    demo_client: Client, demo: dict[str, Couple]
) -> None:
    couple = demo["Dana & Chris"]
    _draft(demo_client, couple)
    text = flat(" ".join(pages_text(_pdf(demo_client, couple))))
    assert "Dana (Tier A: hold all joint work):" in text and "Joint work is on hold in this plan" in text
    assert "never present them to the couple as equal perspectives" in text
    assert text.count("Individual session: Dana") >= 2 and "Individual session: Chris" in text
    assert "Discernment" not in text


def test_a_versions_pdf_prints_the_same_after_the_intake_is_reopened_and_changed(
    demo_client: Client, demo: dict[str, Couple]
) -> None:
    couple = demo["Sam & Alex"]
    version = _draft(demo_client, couple)
    query = f"?version={version.number}"
    before = pages_text(_pdf(demo_client, couple, query=query))
    sam = couple.partner_a
    sam.reopen(by=couple.therapist)
    assert sam.save_answers({"p1_partner": 1, "o1": 1, "csi4_1": 6, "free_reason": "Much better now."})
    sam.submit()
    cache.clear()  # nothing served from before: the version renders again
    assert pages_text(_pdf(demo_client, couple, query=query)) == before
    page = demo_client.get(f"/couples/{couple.pk}/plan/").content.decode()
    assert "The answers have changed since this version was drafted" in page
    newer = _draft(demo_client, couple)
    assert pages_text(_pdf(demo_client, couple, query=f"?version={newer.number}")) != before


def test_an_edit_keeps_the_comparison_of_the_version_it_was_made_from(
    demo_client: Client, demo: dict[str, Couple]
) -> None:
    couple = demo["Sam & Alex"]
    first = _draft(demo_client, couple)
    demo_client.post(edit_url(couple), edit_data(demo_client, couple, s1_notes="Go gently."))
    edited = couple.plan.latest()
    assert edited.number == first.number + 1
    assert edited.comparison_record == first.comparison_record


def test_paper_sizes(demo_client: Client, demo: dict[str, Couple]) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    for paper, (width, height) in (("a4", (595, 842)), ("letter", (612, 792))):
        reader = PdfReader(io.BytesIO(_pdf(demo_client, couple, "handout", f"?paper={paper}")))
        size = reader.pages[0].mediabox
        assert (round(float(size.width)), round(float(size.height))) == (width, height)


def test_bad_paper_is_a_clear_400(demo_client: Client, demo: dict[str, Couple]) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    response = demo_client.get(f"/couples/{couple.pk}/plan.pdf?paper=tabloid")
    assert response.status_code == 400 and b"a4 or letter" in response.content


def test_pdf_responses_are_private_and_unnamed(demo_client: Client, demo: dict[str, Couple]) -> None:
    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    for kind in ("plan", "handout"):
        response = demo_client.get(f"/couples/{couple.pk}/{kind}.pdf")
        assert "no-store" in response["Cache-Control"]
        disposition = response["Content-Disposition"]
        assert "Sam" not in disposition and "Alex" not in disposition
        assert re.fullmatch(rf'inline; filename="attune-{kind}-v1-a4-en.pdf"', disposition)


def test_no_plan_yet_is_404(demo_client: Client, demo: dict[str, Couple]) -> None:
    assert demo_client.get(f"/couples/{demo['Sam & Alex'].pk}/plan.pdf").status_code == 404


def test_unchanged_plan_is_served_from_the_cache(demo_client: Client, demo: dict[str, Couple]) -> None:
    from unittest import mock

    import clinic.printing.pdf

    couple = demo["Sam & Alex"]
    _draft(demo_client, couple)
    first = _pdf(demo_client, couple, "handout")
    with mock.patch.object(clinic.printing.pdf, "html_to_pdf", side_effect=AssertionError("rendered again")):
        assert _pdf(demo_client, couple, "handout") == first
