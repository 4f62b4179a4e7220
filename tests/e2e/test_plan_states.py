"""The plan, comparison and profile pages in each of their states, in Chromium: axe finds nothing serious or
critical at phone and desktop width, nothing scrolls sideways on a phone, and the forms work by keyboard alone."""

from typing import Any

from playwright.sync_api import Page, expect

from intake.models import Couple
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    WIDTHS,
    OpenContext,
    answer_directly,
    check_accessibility,
    horizontal_overflow,
    log_in,
)
from tests.e2e.test_a11y import looks_right


def passes_axe(page: Page, name: str) -> None:
    """axe at phone and desktop width; a plan page runs to many screens, so only its top is screenshotted
    (a whole-page picture of it can outlast the browser's time limit on a busy machine)."""
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        check_accessibility(page, f"{name} ({width})")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png")
    page.set_viewport_size(DESKTOP)


def _fits_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0, page.url
    page.set_viewport_size(DESKTOP)


def test_the_plan_page_in_each_state(
    open_context: OpenContext, therapist: Any, couple: Couple, exercise_library: None
) -> None:
    answer_directly(couple.partner_a, pick=4)
    answer_directly(couple.partner_b, pick=0)
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/plan/")
    page.get_by_label("Sessions in the new draft (optional)").fill("30")
    page.get_by_role("button", name="Draft a plan from the comparison").click()
    expect(page.get_by_text("Ensure this value is less than or equal to 20.")).to_be_visible()
    passes_axe(page, "plan-01-draft-length-error")
    page.get_by_label("Sessions in the new draft (optional)").fill("")
    page.get_by_role("button", name="Draft a plan from the comparison").click()
    expect(page.get_by_text("A draft plan was made from the comparison (version 1).")).to_be_visible()
    expect(page.get_by_text("of 50 minutes: check-in and review 10").first).to_be_visible()
    page.get_by_label("Date of the next session").fill("2026-12-08")
    page.get_by_role("button", name="Save the date").click()
    expect(page.get_by_text("The next session date was saved")).to_be_visible()
    passes_axe(page, "plan-02-drafted")
    _fits_a_phone(page)
    page.get_by_role("link", name="Edit the plan").click()
    passes_axe(page, "plan-edit-01")
    _fits_a_phone(page)
    page.locator("#edit-session-1 summary").click()
    page.locator("#edit-session-1").get_by_label("Add an exercise").select_option(
        label="Dreams Within Conflict (40 min, Gottman Method)"
    )
    passes_axe(page, "plan-edit-02-add-open")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("minutes over the session's length.").first).to_be_visible()
    passes_axe(page, "plan-03-session-over-time")
    couple.partner_a.reopen(by=therapist)
    page.reload()
    expect(page.get_by_role("heading", name="The answers have changed since this version was drafted")).to_be_visible()
    passes_axe(page, "plan-04-answers-changed")
    _fits_a_phone(page)


def test_a_held_plan_and_the_comparison_under_a_safety_finding(
    open_context: OpenContext, therapist: Any, couple: Couple, exercise_library: None
) -> None:
    answer_directly(couple.partner_a, pick=4, safety_afraid="1")
    answer_directly(couple.partner_b, pick=0)
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/comparison/")
    expect(page.locator(".perception-caveat").first).to_be_visible()
    passes_axe(page, "comparison-tier-a-themes-and-caveat")
    page.goto(f"/couples/{couple.pk}/plan/")
    page.get_by_role("button", name="Draft a plan from the comparison").click()
    expect(page.get_by_role("heading", name="Joint work on hold (private to you)")).to_be_visible()
    passes_axe(page, "plan-05-held")


def test_the_profile_page_saves_by_keyboard_and_explains_bad_input(
    open_context: OpenContext, therapist: Any, db: None
) -> None:
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.get_by_role("link", name="Your profile").click()
    looks_right(page, "profile-01")
    # The browser stops at 160 characters; a hand-made request would not, and the server says why.
    page.get_by_label("Contact line for handouts").evaluate("field => field.removeAttribute('maxlength')")
    page.get_by_label("Contact line for handouts").fill("x" * 170)
    page.get_by_label("Contact line for handouts").press("Enter")
    expect(page.get_by_text("Please correct the fields marked below; nothing was saved.")).to_be_visible()
    looks_right(page, "profile-02-errors")
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Contact line for handouts").fill("Phone 020 7946 0321")
    page.get_by_label("Contact line for handouts").press("Enter")
    expect(page.get_by_text("Your profile was saved. New handouts print it.")).to_be_visible()
    _fits_a_phone(page)
