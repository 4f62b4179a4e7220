"""Time limits announced and survivable (WCAG 2.2.1), with the limits shortened to seconds: the warning appears,
"Keep working" extends the session, and what a partner typed survives the session closing."""

from typing import Any

import pytest
from playwright.sync_api import expect

from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE
from tests.e2e.conftest import (
    DESKTOP,
    NARROW_PHONE,
    SCREENSHOTS,
    OpenContext,
    answer_directly,
    check_accessibility,
    log_in,
    open_link,
)
from tests.factories import issue_link

LAST = QUESTIONNAIRE.step_count
WORDS = "We used to talk every evening, before the children."


@pytest.fixture
def short_limits(settings: Any) -> None:
    """Eight seconds without activity end a session, with the warning four seconds before."""
    settings.ATTUNE_INTAKE_IDLE_SECONDS = settings.ATTUNE_IDLE_TIMEOUT_SECONDS = 8
    settings.ATTUNE_IDLE_WARNING_SECONDS = 4


def test_keep_working_extends_a_partners_session_and_keeps_the_typing(
    open_context: OpenContext, couple: Couple, short_limits: None
) -> None:
    answer_directly(couple.partner_a, last=LAST - 1, submit=False)
    page = open_link(open_context(NARROW_PHONE), f"/i/{issue_link(couple.partner_a)}/")
    page.wait_for_url(f"**/i/step/{LAST}/")
    page.locator('textarea[name="free_reason"]').fill(WORDS)
    warning = page.locator("#idle-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=8_000)
    expect(page.locator(".idle-live[role=alert] #idle-warning")).to_have_count(1)  # announced as it appears
    expect(warning).to_contain_text("this page closes in less than a minute unless you keep working")
    check_accessibility(page, "step with the idle warning (360 px)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "intake-idle-warning-phone.png")  # the screen as the partner sees it
    warning.get_by_role("button", name="Keep working").click()
    expect(warning).to_be_hidden()
    couple.partner_a.refresh_from_db()
    assert couple.partner_a.answer_dict()["free_reason"] == WORDS  # kept as a draft when the session was extended
    page.wait_for_timeout(3_000)  # past the first limit, had it not been extended
    assert page.url.endswith(f"/i/step/{LAST}/")
    assert page.locator('textarea[name="free_reason"]').input_value() == WORDS


def test_a_partners_typing_survives_the_session_closing(
    open_context: OpenContext, couple: Couple, short_limits: None
) -> None:
    answer_directly(couple.partner_a, last=LAST - 1, submit=False)
    context = open_context(NARROW_PHONE)
    page = open_link(context, f"/i/{issue_link(couple.partner_a)}/")
    page.wait_for_url(f"**/i/step/{LAST}/")
    page.locator('textarea[name="free_reason"]').fill(WORDS)
    # Nobody answers the warning: the page closes itself, and nothing private stays on the screen.
    expect(page.get_by_text("the questionnaire closes after a while without activity")).to_be_visible(timeout=15_000)
    expect(page.locator("textarea")).to_have_count(0)
    check_accessibility(page, "session closed for inactivity")
    couple.partner_a.refresh_from_db()
    assert couple.partner_a.submitted_at is None
    again = open_link(context, f"/i/{issue_link(couple.partner_a)}/")
    again.wait_for_url(f"**/i/step/{LAST}/")
    expect(again.locator('textarea[name="free_reason"]')).to_have_value(WORDS)


def test_keep_working_extends_a_therapists_session(
    open_context: OpenContext, therapist: Any, couple: Couple, short_limits: None
) -> None:
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    warning = page.locator("#idle-warning")
    expect(warning).to_be_visible(timeout=8_000)
    expect(warning).to_contain_text("you will be signed out in less than a minute without activity")
    check_accessibility(page, "dashboard with the idle warning")
    warning.get_by_role("button", name="Keep working").click()
    expect(warning).to_be_hidden()
    page.wait_for_timeout(3_000)  # past the first limit, had it not been extended
    assert page.url.endswith("/couples/")
    # Left alone, the page signs out and shows why.
    expect(page.get_by_text("You were signed out after a period without activity")).to_be_visible(timeout=15_000)
    assert "/accounts/login/" in page.url
