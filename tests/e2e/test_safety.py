"""What keeps a partner safe in the browser: typed scripts never run, "Leave this page quickly" leaves for good,
crisis resources appear at once. (Every browser test also fails on a JavaScript dialog or console error.)"""

from typing import Any

from django.conf import settings
from playwright.sync_api import Page, expect

from intake.models import Couple
from intake.questionnaire import SAFETY_SELF_HARM_KEY
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SAFETY_STEP,
    STEPS,
    OpenContext,
    answer_directly,
    log_in,
    open_link,
    press_next,
    pwned,
    send_answers,
)
from tests.factories import issue_link

SCRIPT = "<script>window.__pwned=1</script>"
ATTRIBUTE_BREAKOUT = '"><img src=x onerror="window.__pwned=2">'


def test_scripts_typed_into_free_text_never_run(open_context: OpenContext, therapist: Any, couple: Couple) -> None:
    answer_directly(couple.partner_a, last=STEPS - 1, submit=False)
    answer_directly(couple.partner_b, pick=3)
    page = open_link(open_context(PHONE), f"/i/{issue_link(couple.partner_a)}/")
    page.wait_for_url(f"**/i/step/{STEPS}/")
    page.locator('textarea[name="free_reason"]').fill(SCRIPT)
    page.locator('textarea[name="free_hope"]').fill(ATTRIBUTE_BREAKOUT)
    press_next(page)
    expect(page.get_by_text(SCRIPT)).to_be_visible()  # shown as the words typed
    expect(page.get_by_text(ATTRIBUTE_BREAKOUT)).to_be_visible()
    assert pwned(page) is None
    send_answers(page)

    therapist_page = open_context(DESKTOP).new_page()
    log_in(therapist_page, therapist.username)
    therapist_page.goto(f"/couples/{couple.pk}/comparison/")
    expect(therapist_page.get_by_text(SCRIPT)).to_be_visible()
    expect(therapist_page.get_by_text(ATTRIBUTE_BREAKOUT)).to_be_visible()
    assert pwned(therapist_page) is None


def open_safety_step(open_context: OpenContext, couple: Couple, **options: Any) -> Page:
    """Partner A's link, reopened where they left off: the safety questions."""
    answer_directly(couple.partner_a, last=SAFETY_STEP - 1, submit=False)
    page = open_link(open_context(PHONE, **options), f"/i/{issue_link(couple.partner_a)}/")
    page.wait_for_url(f"**/i/step/{SAFETY_STEP}/")
    return page


def leave_quickly(page: Page) -> None:
    with page.expect_request(settings.ATTUNE_QUICK_EXIT_URL) as leaving:
        page.get_by_role("link", name="Leave this page quickly").click()
    page.wait_for_url(settings.ATTUNE_QUICK_EXIT_URL)
    assert "referer" not in leaving.value.headers  # the other site learns nothing of where the partner was


def test_leaving_quickly_replaces_the_page_so_back_does_not_return_to_it(
    open_context: OpenContext, couple: Couple
) -> None:
    page = open_safety_step(open_context, couple)
    leave_quickly(page)
    page.go_back()
    assert "/i/" not in page.url
    expect(page.get_by_text("Your safety and wellbeing")).to_have_count(0)


def test_leaving_quickly_works_without_javascript(open_context: OpenContext, couple: Couple) -> None:
    page = open_safety_step(open_context, couple, java_script_enabled=False)
    leave_quickly(page)


def test_crisis_resources_appear_as_soon_as_self_harm_is_answered_yes(
    open_context: OpenContext, couple: Couple
) -> None:
    page = open_safety_step(open_context, couple)
    resources = page.locator("#crisis-resources")
    expect(resources).to_be_hidden()
    page.locator(f'input[name="{SAFETY_SELF_HARM_KEY}"][value="1"]').check()
    expect(resources).to_be_visible()
    expect(resources).to_contain_text("988")
    page.locator(f'input[name="{SAFETY_SELF_HARM_KEY}"][value="0"]').check()
    expect(resources).to_be_hidden()
