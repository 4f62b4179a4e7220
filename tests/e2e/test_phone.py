"""On a small phone (360 CSS pixels wide) nothing scrolls sideways and every control is big enough to touch
(at least 24 by 24 pixels, WCAG 2.5.8): every intake page, and the therapist's comparison of what was typed."""

from typing import Any

from playwright.sync_api import Page, expect

from intake.models import Couple
from intake.questionnaire import SAFETY_SELF_HARM_KEY
from tests.e2e.conftest import (
    NARROW_PHONE,
    SAFETY_STEP,
    STEPS,
    OpenContext,
    agree,
    answer_directly,
    answer_step,
    horizontal_overflow,
    log_in,
    open_link,
    press_next,
    send_answers,
    small_touch_targets,
)
from tests.factories import issue_link

PASTED_LINK = "https://example.org/" + "a-very-long-path-without-spaces-" * 8


def fits_a_small_phone(page: Page) -> None:
    page.wait_for_load_state("load")
    assert horizontal_overflow(page) <= 0, f"{page.url} scrolls sideways by {horizontal_overflow(page)} px"
    assert small_touch_targets(page) == [], page.url


def test_every_intake_page_fits_a_small_phone(open_context: OpenContext, couple: Couple) -> None:
    page = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    fits_a_small_phone(page)
    agree(page)
    page.goto("/i/review/")  # with every question still unanswered: the longest list of links
    fits_a_small_phone(page)
    page.goto("/i/step/1/")
    press_next(page)
    expect(page.locator("#error-summary")).to_be_visible()
    fits_a_small_phone(page)
    for number in range(1, STEPS + 1):
        fits_a_small_phone(page)
        answer_step(page, number, 0, **{SAFETY_SELF_HARM_KEY: "1", "free_reason": PASTED_LINK})
        if number == SAFETY_STEP:
            expect(page.locator("#crisis-resources")).to_be_visible()
            fits_a_small_phone(page)
        press_next(page)
        if number == SAFETY_STEP:
            fits_a_small_phone(page)  # the support page
            page.get_by_role("link", name="Continue with the questions").click()
            page.wait_for_url(f"**/i/step/{number + 1}/")
    fits_a_small_phone(page)  # the review, with a pasted link in an answer
    send_answers(page)
    fits_a_small_phone(page)


def test_the_comparison_fits_a_small_phone_even_with_a_pasted_link(
    open_context: OpenContext, therapist: Any, couple: Couple
) -> None:
    answer_directly(couple.partner_a, free_reason=PASTED_LINK)
    answer_directly(couple.partner_b, pick=3)
    page = open_context(NARROW_PHONE).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/comparison/")
    expect(page.get_by_text(PASTED_LINK)).to_be_visible()
    fits_a_small_phone(page)
