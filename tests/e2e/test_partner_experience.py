"""A partner on a small phone, in Chromium: the consent error announced where they are, a step address without a
session saying the link resumes, review → change → review in two taps, radios that can be seen, "I'd rather not
say" set apart, and a five-point scale on one row on a desktop. axe runs on every state, at phone and desktop width."""

import re

from playwright.sync_api import Page, expect

from intake.models import Couple
from intake.questionnaire import DECLINE_VALUE, QUESTIONNAIRE
from tests.e2e.conftest import (
    DESKTOP,
    NARROW_PHONE,
    STEPS,
    BrowserProblems,
    OpenContext,
    agree,
    answer_directly,
    answer_steps,
    horizontal_overflow,
    open_link,
    step_of,
)
from tests.e2e.test_a11y import looks_right
from tests.factories import issue_link

RESUME = "To continue where you left off, open the link from your therapist's message again."


def in_first_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = (page.viewport_size or NARROW_PHONE)["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_the_consent_error_takes_focus_in_the_first_screen_of_a_small_phone(
    open_context: OpenContext, couple: Couple
) -> None:
    page = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    page.get_by_role("button", name="Start").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Please tick the box to show you agree")
    assert in_first_viewport(page, "#error-summary")
    assert page.title().startswith("Error:")
    assert horizontal_overflow(page) <= 0
    looks_right(page, "intake-00-consent-error")
    summary.get_by_role("link").click()  # the summary leads to the box itself
    expect(page).to_have_url(re.compile(r"#id_agree$"))
    expect(page.get_by_label("I have read this and I agree")).to_be_in_viewport()


def test_a_step_address_without_its_session_says_the_link_resumes(
    open_context: OpenContext, couple: Couple, problems: BrowserProblems
) -> None:
    answer_directly(couple.partner_a, last=4, submit=False)
    phone = open_context(NARROW_PHONE)
    page = open_link(phone, f"/i/{issue_link(couple.partner_a)}/")
    page.wait_for_url("**/i/step/5/")
    page.get_by_role("link", name="Leave this page quickly").click()
    page.goto("/i/step/5/")  # Back, a bookmark or the address typed again
    expect(page.get_by_role("heading", name="Your session has ended")).to_be_visible()
    expect(page.get_by_text(RESUME)).to_be_visible()
    expect(page.get_by_text("This link is not valid")).to_have_count(0)
    looks_right(page, "intake-16-session-ended-after-leaving")
    bookmark = open_context(NARROW_PHONE).new_page()
    bookmark.goto("/i/review/")
    expect(bookmark.get_by_text(RESUME)).to_be_visible()
    resumed = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    resumed.wait_for_url("**/i/step/5/")  # the link from the message carries on where they stopped
    # These addresses open nothing without a session, on purpose a 404; Chromium says so in the console.
    problems.console_errors[:] = [e for e in problems.console_errors if "status of 404" not in e]


def test_review_then_change_then_back_to_the_review_in_two_taps(open_context: OpenContext, couple: Couple) -> None:
    answer_directly(couple.partner_a, submit=False)
    page = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    page.wait_for_url("**/i/review/")
    number = step_of("experience")
    title = QUESTIONNAIRE.section("experience").title
    page.get_by_role("link", name=f"Change {title}").click()  # tap 1
    page.wait_for_url(f"**/i/step/{number}/?from=review")
    looks_right(page, f"intake-{number:02d}-step-from-review")
    page.locator(f'input[name="o4"][value="{DECLINE_VALUE}"]').check()  # the change itself
    looks_right(page, f"intake-{number:02d}-step-rather-not-say-chosen")
    page.get_by_role("button", name="Save and return to the review").click()  # tap 2
    page.wait_for_url(f"**/i/review/#review-{number}")
    item = QUESTIONNAIRE.item("o4")
    answer = page.locator("dt", has_text=item.text).locator("xpath=following-sibling::dd[1]")
    expect(answer).to_have_text("I'd rather not say")
    looks_right(page, "intake-11-review-after-a-change")


def test_a_review_sent_with_a_question_missing_announces_it_and_links_back(
    open_context: OpenContext, couple: Couple
) -> None:
    answer_directly(couple.partner_a, last=STEPS - 3, submit=False)
    page = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    page.goto("/i/review/")
    page.get_by_role("button", name="Send my answers to my therapist").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    looks_right(page, "intake-11-review-missing-sent")
    with page.expect_navigation():
        summary.get_by_role("link").first.click()
    expect(page.get_by_role("button", name="Save and return to the review")).to_be_visible()


CONTRAST_JS = """(selector) => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map((c) => {
      c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (element) => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      if (colour && !/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll(selector)].map((input) => {
    const border = luminance(getComputedStyle(input).borderTopColor), behind = luminance(background(input));
    return (Math.max(border, behind) + 0.05) / (Math.min(border, behind) + 0.05);
  });
}"""


def test_unticked_radios_and_boxes_stand_out_at_three_to_one(open_context: OpenContext, couple: Couple) -> None:
    page = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    ratios = page.evaluate(CONTRAST_JS, "input[type=checkbox]:not(:checked)")
    assert ratios and min(ratios) >= 3, ratios
    agree(page)
    for number in (1, step_of("experience"), step_of("safety")):
        page.goto(f"/i/step/{number}/")
        ratios = page.evaluate(CONTRAST_JS, "input[type=radio]:not(:checked)")
        assert ratios and min(ratios) >= 3, (number, min(ratios))


def test_a_five_point_question_sits_on_one_row_on_a_desktop_with_rather_not_say_apart(
    open_context: OpenContext, couple: Couple
) -> None:
    page = open_link(open_context(DESKTOP), f"/i/{issue_link(couple.partner_a)}/")
    agree(page)
    answer_steps(page, last=step_of("experience") - 1)
    tops = page.evaluate(
        "() => [...document.querySelectorAll('#div_id_o1 .form-check')].map(e => e.getBoundingClientRect().top)"
    )
    assert len(tops) == 6 and len({round(top) for top in tops[:5]}) == 1 and tops[5] > tops[0] + 20, tops
    page.set_viewport_size(NARROW_PHONE)
    tops = page.evaluate(
        "() => [...document.querySelectorAll('#div_id_o1 .form-check')].map(e => e.getBoundingClientRect().top)"
    )
    assert tops == sorted(tops) and len({round(top) for top in tops}) == 6  # one below the other on a phone
