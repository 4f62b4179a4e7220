"""Help within reach on a small phone: the quick exit stays on screen however far a step scrolls, Esc pressed twice
leaves too, the crisis box is announced and its numbers dial, and "saved" is announced after "Save and finish
later"."""

from django.conf import settings
from playwright.sync_api import Page, expect

from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE, SAFETY_SELF_HARM_KEY
from tests.e2e.conftest import (
    NARROW_PHONE,
    SAFETY_STEP,
    OpenContext,
    agree,
    answer_directly,
    answer_step,
    check_accessibility,
    open_link,
)
from tests.factories import issue_link

# The step with the most questions: the longest page a partner scrolls.
LONGEST_STEP = max(range(1, QUESTIONNAIRE.step_count + 1), key=lambda n: len(QUESTIONNAIRE.sections[n - 1].items))


def open_step(open_context: OpenContext, couple: Couple, number: int) -> Page:
    """Partner A on a 360 × 740 phone, at step `number` (the steps before it answered)."""
    if number > 1:
        answer_directly(couple.partner_a, last=number - 1, submit=False)
    page = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    if number == 1:
        agree(page)
    page.wait_for_url(f"**/i/step/{number}/")
    return page


def in_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    return box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0


def test_the_quick_exit_stays_on_screen_at_the_bottom_of_the_longest_step(
    open_context: OpenContext, couple: Couple
) -> None:
    page = open_step(open_context, couple, LONGEST_STEP)
    page.keyboard.press("End")
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("() => window.scrollY") > 1000  # the page did scroll a long way
    assert in_viewport(page, "[data-quick-exit]")
    with page.expect_request(settings.ATTUNE_QUICK_EXIT_URL):
        page.get_by_role("link", name="Leave this page quickly").click()
    page.wait_for_url(settings.ATTUNE_QUICK_EXIT_URL)
    page.go_back()
    assert "/i/" not in page.url


def test_escape_pressed_twice_leaves_quickly_even_from_a_text_box(open_context: OpenContext, couple: Couple) -> None:
    page = open_step(open_context, couple, QUESTIONNAIRE.step_count)
    page.locator("textarea").first.fill("Something I would not want seen")
    page.locator("textarea").first.press("Escape")
    page.wait_for_timeout(1700)  # longer than the pause between the two presses may be
    assert "/i/step/" in page.url  # one press alone does nothing: Esc also closes menus
    # Playwright's stub of other sites does not catch a navigation a script starts, so this follows the quick exit
    # only as far as Attune: the session ends, and the page is replaced.
    with page.expect_response("**/i/leave/") as leaving:  # answered, so the session has ended on the server
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    assert leaving.value.request.is_navigation_request()
    again = page.context.request.get(f"/i/step/{QUESTIONNAIRE.step_count}/")  # with this browser's cookies
    assert again.status == 404 and "<textarea" not in again.text()


def test_the_safety_step_says_where_the_quick_exit_is_and_names_the_key(
    open_context: OpenContext, couple: Couple
) -> None:
    page = open_step(open_context, couple, SAFETY_STEP)
    expect(page.get_by_text("It stays at the top of your screen however far you scroll")).to_be_visible()
    expect(page.get_by_text("You can also press the Esc key twice.")).to_be_visible()


def test_the_crisis_box_is_announced_and_its_numbers_dial(open_context: OpenContext, couple: Couple) -> None:
    page = open_step(open_context, couple, SAFETY_STEP)
    page.locator(f'input[name="{SAFETY_SELF_HARM_KEY}"][value="1"]').check()
    resources = page.locator("#crisis-resources")
    expect(resources).to_be_visible()
    # Inside an alert region that was in the page before the box appeared: its appearance is announced.
    expect(page.locator(".crisis-live[role=alert] #crisis-resources")).to_have_count(1)
    for number, href in [("911", "tel:911"), ("988", "tel:988"), ("116 123", "tel:116123")]:
        expect(resources.get_by_role("link", name=number, exact=True).first).to_have_attribute("href", href)
    check_accessibility(page, "safety step, crisis box shown (360 px)")


def test_the_saved_message_takes_the_focus_so_it_is_announced(open_context: OpenContext, couple: Couple) -> None:
    page = open_step(open_context, couple, 1)
    answer_step(page, 1)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and finish later").click()
    page.wait_for_load_state("load")
    status = page.locator("#flash-messages")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("Your answers on this page are saved")
    expect(status).to_be_focused()
    check_accessibility(page, "step 1, saved (360 px)")
