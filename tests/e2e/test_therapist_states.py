"""The therapist's pages in the states the first pass missed, in Chromium: the chart on a 360-pixel phone with two
answers alike drawn apart, a refused plan save announced in the first screen, the dashboard empty and searched,
the couple page with a follow-up open and once both intakes are in, the editor's errors and the access log.
axe finds nothing serious or critical in any of them, at phone and desktop width."""

from typing import Any

from playwright.sync_api import Page, expect

from clinic.models import AccessLog
from intake.models import Couple
from tests.e2e.conftest import (
    DESKTOP,
    NARROW_PHONE,
    SCREENSHOTS,
    OpenContext,
    answer_directly,
    horizontal_overflow,
    log_in,
)
from tests.e2e.test_a11y import looks_right
from tests.e2e.test_partner_experience import in_first_viewport
from tests.e2e.test_plan_states import passes_axe
from tests.factories import make_couple, make_therapist

# For each "both" in the phone's chart: the two markers drawn just before it, as boxes on the screen.
BOTH_MARKERS_JS = """() => {
  const chart = document.querySelector(".chart-narrow svg");
  return [...chart.querySelectorAll("text")].filter((t) => t.textContent === "both").map((label) => {
    const first = label.previousElementSibling, second = first.previousElementSibling;
    return [second, first].map((marker) => {
      const box = marker.getBoundingClientRect();
      return {left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width};
    });
  });
}"""


def test_the_chart_fits_a_small_phone_and_shows_answers_alike_as_two_markers(
    open_context: OpenContext, therapist: Any, couple: Couple
) -> None:
    answer_directly(couple.partner_a, pick=0)
    answer_directly(couple.partner_b, pick=0)  # the same answers: every row is the same point for both
    page = open_context(NARROW_PHONE).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/comparison/")
    expect(page.locator(".chart-narrow svg")).to_be_visible()
    expect(page.locator(".chart-roomy svg")).to_be_hidden()
    assert horizontal_overflow(page) <= 0
    chart_width = page.evaluate("() => document.querySelector('.chart-narrow svg').getBoundingClientRect().right")
    assert chart_width <= NARROW_PHONE["width"]
    pairs = page.evaluate(BOTH_MARKERS_JS)
    assert len(pairs) == 16
    for left, right in pairs:
        assert left["width"] >= 8 and right["width"] >= 8
        assert left["right"] <= right["left"], (left, right)  # side by side, neither hiding the other
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".chart-narrow").screenshot(path=SCREENSHOTS / "comparison-chart-both-phone.png")
    looks_right(page, "clinic-06-comparison-answers-alike")


def _edit(page: Page, couple: Couple) -> None:
    page.goto(f"/couples/{couple.pk}/plan/edit/")
    expect(page.get_by_role("heading", name=f"Edit the session plan: {couple.name}")).to_be_visible()


def test_a_refused_plan_save_is_announced_in_the_first_screen_and_keeps_the_changes(
    open_context: OpenContext, therapist: Any, couple: Couple, exercise_library: None
) -> None:
    answer_directly(couple.partner_a, pick=4)
    answer_directly(couple.partner_b, pick=0)
    colleague = open_context(DESKTOP).new_page()
    log_in(colleague, therapist.username)
    colleague.goto(f"/couples/{couple.pk}/plan/")
    colleague.get_by_role("button", name="Draft a plan from the comparison").click()
    for size, name in ((NARROW_PHONE, "phone"), (DESKTOP, "desktop")):
        page = open_context(size).new_page()
        log_in(page, therapist.username)
        _edit(page, couple)
        _edit(colleague, couple)
        colleague.locator("#id_s1_notes").fill(f"The colleague's note ({name}).")
        colleague.get_by_role("button", name="Save as a new version").click()
        expect(colleague.get_by_text("Saved as version")).to_be_visible()
        page.locator("#id_s2_notes").fill("My careful note, not to be lost.")
        page.get_by_role("button", name="Save as a new version").click()
        conflict = page.locator("#plan-conflict")
        expect(conflict).to_be_focused()
        expect(conflict).to_contain_text("Not saved: version")
        assert in_first_viewport(page, "#plan-conflict"), name
        expect(page.locator("#id_s2_notes")).to_have_value("My careful note, not to be lost.")
        passes_axe(page, f"plan-edit-03-conflict-{name}")
        page.get_by_role("link", name="Open the latest version").click()
        expect(page.get_by_role("article", name="Session 1:", exact=False).get_by_text(f"({name})")).to_be_visible()


def test_the_editor_with_errors_and_the_held_plan_pass_axe(
    open_context: OpenContext, therapist: Any, couple: Couple, exercise_library: None
) -> None:
    answer_directly(couple.partner_a, pick=4, safety_afraid="1")
    answer_directly(couple.partner_b, pick=0)
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/plan/")
    page.get_by_role("button", name="Draft a plan from the comparison").click()
    _edit(page, couple)
    expect(page.get_by_text("While joint work is on hold, the handout prints")).to_be_visible()
    passes_axe(page, "plan-edit-04-held")
    page.locator("#id_approach_reason").fill("")
    page.get_by_role("button", name="Save as a new version").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Why this approach")
    passes_axe(page, "plan-edit-05-errors")


def test_the_dashboard_empty_searched_and_without_result_passes_axe(
    open_context: OpenContext, therapist: Any, db: None
) -> None:
    newcomer = make_therapist("newcomer")
    page = open_context(DESKTOP).new_page()
    log_in(page, newcomer.username)
    expect(page.get_by_text("No couples yet.")).to_be_visible()
    looks_right(page, "clinic-02-dashboard-empty")
    make_couple(newcomer, "Sam", "Alex")
    make_couple(newcomer, "Kim", "Lee")
    page.get_by_label("Search by name").fill("alex")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 couple matches “alex”.")).to_be_visible()
    looks_right(page, "clinic-02-dashboard-search")
    page.get_by_label("Search by name").fill("nobody")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No couple or partner name contains “nobody”.")).to_be_visible()
    looks_right(page, "clinic-02-dashboard-search-no-result")
    page.set_viewport_size(NARROW_PHONE)
    assert horizontal_overflow(page) <= 0


def test_the_couple_page_with_a_follow_up_open_and_once_both_are_in(
    open_context: OpenContext, therapist: Any, couple: Couple
) -> None:
    answer_directly(couple.partner_a, pick=2, safety_selfharm="1")
    answer_directly(couple.partner_b, pick=1)
    page = open_context(NARROW_PHONE).new_page()
    log_in(page, therapist.username)
    expect(page.locator(".urgent-couple")).to_have_count(1)
    looks_right(page, "clinic-02-dashboard-urgent")
    page.goto(f"/couples/{couple.pk}/")
    expect(page.get_by_role("button", name="I have followed up with Sam")).to_be_visible()
    # Once on each partner's card (the email panel says it again, per partner).
    expect(page.locator(".link-status").get_by_text("Not needed: the intake is submitted")).to_have_count(2)
    expect(page.get_by_role("button", name="Issue a new link")).to_have_count(0)
    assert horizontal_overflow(page) <= 0
    looks_right(page, "clinic-05-couple-follow-up-open")
    page.goto(f"/couples/{couple.pk}/log/")
    page.get_by_label("Show").select_option("views")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("td", has_text="Listed on the dashboard").first).to_be_visible()
    expect(page.locator("td", has_text="Recorded a safety follow-up")).to_have_count(0)
    looks_right(page, "clinic-10-access-log-views")
    page.goto(f"/couples/{couple.pk}/")
    page.get_by_role("button", name="I have followed up with Sam").click()
    page.goto(f"/couples/{couple.pk}/log/?show=changes")
    expect(page.locator("td", has_text="Recorded a safety follow-up")).to_have_count(1)
    expect(page.locator("td", has_text="Listed on the dashboard")).to_have_count(0)
    assert AccessLog.objects.filter(couple_id=couple.pk, action="followed_up", detail="partner a").exists()
    expect(page.get_by_role("cell", name="Sam", exact=True)).to_have_count(1)  # "partner a" in the detail, by name
    looks_right(page, "clinic-10-access-log-changes")
