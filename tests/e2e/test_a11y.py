"""axe-core on every page a partner or a therapist sees: nothing serious or critical. Each page is also
screenshotted at phone and desktop width into test-artifacts/screenshots/ for people to look at."""

from typing import Any

from playwright.sync_api import Page, expect

from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE, SAFETY_SELF_HARM_KEY
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    STEPS,
    OpenContext,
    agree,
    answer_directly,
    answer_step,
    check_accessibility,
    log_in,
    open_link,
    press_next,
    screenshot,
    send_answers,
)
from tests.factories import issue_link

SAFETY_STEP = QUESTIONNAIRE.sections.index(QUESTIONNAIRE.section("safety")) + 1


def looks_right(page: Page, name: str) -> None:
    check_accessibility(page, name)
    screenshot(page, name)


def test_every_partner_page_passes_axe(open_context: OpenContext, couple: Couple) -> None:
    page = open_link(open_context(PHONE), f"/i/{issue_link(couple.partner_a)}/")
    looks_right(page, "intake-00-consent")
    agree(page)
    page.goto("/i/review/")
    looks_right(page, "intake-00-review-unanswered")
    page.goto("/i/step/1/")
    press_next(page)
    expect(page.locator("#error-summary")).to_be_focused()
    looks_right(page, "intake-01-step-errors")
    for number in range(1, STEPS + 1):
        looks_right(page, f"intake-{number:02d}-step")
        answer_step(page, number, **{SAFETY_SELF_HARM_KEY: "1"})
        if number == SAFETY_STEP:
            expect(page.locator("#crisis-resources")).to_be_visible()
            looks_right(page, f"intake-{number:02d}-step-crisis-resources")
        press_next(page)
        if number == SAFETY_STEP:
            looks_right(page, f"intake-{number:02d}-support")
            page.get_by_role("link", name="Continue with the questions").click()
    looks_right(page, "intake-11-review")
    send_answers(page)
    looks_right(page, "intake-12-done")


def test_every_therapist_page_passes_axe(
    open_context: OpenContext, therapist: Any, couple: Couple, exercise_library: None
) -> None:
    answer_directly(couple.partner_a, **{"safety_afraid": "1", "free_reason": "Words of my own."})
    answer_directly(couple.partner_b, pick=3)
    page = open_context(DESKTOP).new_page()
    page.goto("/accounts/login/")
    looks_right(page, "clinic-01-login")
    log_in(page, therapist.username)
    looks_right(page, "clinic-02-dashboard")
    page.get_by_role("link", name="New couple").first.click()
    page.get_by_role("button", name="Create couple and links").click()
    looks_right(page, "clinic-03-new-couple-errors")
    page.locator("#id_partner_a_name").fill("Robin")
    page.locator("#id_partner_b_name").fill("Kai")
    page.get_by_role("button", name="Create couple and links").click()
    looks_right(page, "clinic-04-couple-new-links")
    page.goto(f"/couples/{couple.pk}/")
    looks_right(page, "clinic-05-couple-submitted")
    page.get_by_role("link", name="Open the comparison").click()
    looks_right(page, "clinic-06-comparison")
    page.goto(f"/couples/{couple.pk}/plan/")
    looks_right(page, "clinic-07-plan-empty")
    page.get_by_role("button", name="Draft a plan from the comparison").click()
    looks_right(page, "clinic-08-plan")
