"""The safety route as people meet it: a partner on a 360-px phone endorses each tier in turn, leaves and resumes;
the therapist sees each alert on the dashboard within the same minute, follows up, and reads the panels."""

import time
from typing import Any

from playwright.sync_api import Page, expect

from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE
from tests.e2e.conftest import (
    DESKTOP,
    NARROW_PHONE,
    SAFETY_STEP,
    OpenContext,
    answer_directly,
    check_accessibility,
    horizontal_overflow,
    log_in,
    open_link,
    screenshot,
)
from tests.factories import issue_link

# In turn: tier B, tier A (strangulation), "I'd rather tell my therapist in person", self-harm.
TURNS = [
    ("safety_insulted", "1", "tier B"),
    ("safety_strangled", "1", "tier A"),
    ("safety_sexual", "9", "tier A"),  # in person adds a tier B alert; the couple stays tier A
    ("safety_selfharm", "1", "self-harm"),
]


def partner_resumes(open_context: OpenContext, couple: Couple) -> Page:
    page = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    page.wait_for_url(f"**/i/step/{SAFETY_STEP}/")
    return page


def save_and_leave(page: Page, key: str, value: str) -> None:
    page.locator(f'input[name="{key}"][value="{value}"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and finish later").click()
    page.context.close()  # the partner puts the phone down


def test_each_tier_reaches_the_dashboard_within_the_minute_and_nothing_shows_on_resume(
    open_context: OpenContext, therapist: Any, couple: Couple
) -> None:
    answer_directly(couple.partner_a, last=SAFETY_STEP - 1, submit=False)
    desk = open_context(DESKTOP).new_page()
    log_in(desk, therapist.username)
    for number, (key, value, mark) in enumerate(TURNS):
        page = partner_resumes(open_context, couple)
        expect(page.locator("input[type=radio]:checked")).to_have_count(0)
        if number:
            expect(page.locator("#kept-answers")).to_contain_text("kept safely for your therapist")
            screenshot(page, "safety-step-resumed-phone")
        assert horizontal_overflow(page) == 0
        saved_at = time.monotonic()
        save_and_leave(page, key, value)
        desk.goto("/couples/")
        expect(desk.locator(".safety-mark").first).to_contain_text(f"Safety alert: {mark} (Sam)")
        assert time.monotonic() - saved_at < 60
    screenshot(desk, "dashboard-safety-alert-desktop")
    check_accessibility(desk, "dashboard with a safety alert")

    desk.get_by_role("link", name=couple.name, exact=True).click()
    alert = desk.locator("#alert-a-section")
    expect(alert).to_contain_text("Safety alert: self-harm — Sam")
    expect(alert).to_contain_text(QUESTIONNAIRE.item("safety_strangled").text)
    expect(alert).to_contain_text("would rather tell you in person")
    screenshot(desk, "couple-safety-alerts-desktop")
    check_accessibility(desk, "couple page with open alerts")
    desk.get_by_role("button", name="I have followed up with Sam").click()
    expect(desk.get_by_text("Follow-up with Sam recorded.")).to_be_visible()
    expect(desk.locator("#followups-heading")).to_be_visible()
    check_accessibility(desk, "couple page with follow-up records")
    desk.goto("/couples/")
    expect(desk.locator(".safety-mark")).to_have_count(0)


def test_help_page_and_resumed_safety_step_are_accessible_on_a_phone(open_context: OpenContext, couple: Couple) -> None:
    answer_directly(couple.partner_a, last=SAFETY_STEP - 1, submit=False)
    page = partner_resumes(open_context, couple)
    page.locator('input[name="safety_afraid"][value="1"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", name="Support is available right now")).to_be_visible()
    expect(page.get_by_text("1-800-799-7233")).to_be_visible()
    expect(page.get_by_text("0808 2000 247")).to_be_visible()
    expect(page.get_by_text("1800 341 900")).to_be_visible()
    assert horizontal_overflow(page) == 0
    screenshot(page, "support-phone")
    check_accessibility(page, "support page on a phone")
    page.get_by_role("link", name="Continue with the questions").click()
    page.wait_for_url(f"**/i/step/{SAFETY_STEP}/")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    page.get_by_text("Helplines you can call").click()
    expect(page.locator(".help-lines-details").get_by_text("National Domestic Abuse Helpline")).to_be_visible()
    check_accessibility(page, "resumed safety step on a phone")


def test_the_comparison_shows_tiers_and_private_items_to_the_therapist(
    open_context: OpenContext, therapist: Any, couple: Couple
) -> None:
    answer_directly(couple.partner_a, submit=False, safety_afraid="1", safety_own_aggression="9")
    couple.partner_a.save_answers({"private_affair": 2, "private_children": 3})
    couple.partner_a.submit()
    answer_directly(couple.partner_b, pick=3)
    page = open_context(NARROW_PHONE).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/comparison/")
    panel = page.locator("#safety-panel")
    expect(panel).to_contain_text("Sam: Tier A: hold all joint work")
    expect(panel).to_contain_text("Would rather tell you in person")
    expect(panel).to_contain_text("may reflect fear or control")
    expect(page.locator("#private-panel")).to_contain_text("Yes, I believe my partner is")
    assert horizontal_overflow(page) == 0
    screenshot(page, "comparison-safety-panels-phone")
    check_accessibility(page, "comparison with safety and private panels")
