"""axe-core on every page a partner or a therapist sees, at phone and at desktop width: nothing serious or
critical. Each page is also screenshotted at both widths into test-artifacts/screenshots/ for people to look at."""

import re
from typing import Any

from cryptography.fernet import Fernet
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

from intake.models import Couple
from intake.questionnaire import SAFETY_SELF_HARM_KEY
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SAFETY_STEP,
    STEPS,
    WIDTHS,
    BrowserProblems,
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


def looks_right(page: Page, name: str) -> None:
    """axe at phone and at desktop width, with a screenshot of each."""
    own_size = page.viewport_size or DESKTOP
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        check_accessibility(page, f"{name} ({width})")
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size(own_size)


def test_every_partner_page_passes_axe(open_context: OpenContext, couple: Couple) -> None:
    page = open_link(open_context(PHONE), f"/i/{issue_link(couple.partner_a)}/")
    looks_right(page, "intake-00-consent")
    agree(page)
    page.goto("/i/review/")
    looks_right(page, "intake-00-review-unanswered")
    page.goto("/i/step/1/")
    looks_right(page, "intake-01-step")
    press_next(page)
    expect(page.locator("#error-summary")).to_be_focused()
    looks_right(page, "intake-01-step-errors")
    for number in range(1, STEPS + 1):
        answer_step(page, number, 0, **{SAFETY_SELF_HARM_KEY: "1"})
        if number == SAFETY_STEP:
            expect(page.locator("#crisis-resources")).to_be_visible()
            looks_right(page, f"intake-{number:02d}-step-crisis-resources")
        press_next(page)
        if number == SAFETY_STEP:
            looks_right(page, f"intake-{number:02d}-support")
            page.get_by_role("link", name="Continue with the questions").click()
            page.wait_for_url(f"**/i/step/{number + 1}/")
        if number < STEPS:
            looks_right(page, f"intake-{number + 1:02d}-step")
    looks_right(page, "intake-11-review")
    send_answers(page)
    looks_right(page, "intake-12-done")


def test_every_therapist_page_passes_axe(
    open_context: OpenContext, therapist: Any, couple: Couple, exercise_library: None
) -> None:
    answer_directly(couple.partner_a, 0, STEPS, True, **{"safety_afraid": "1", "free_reason": "Words of my own."})
    answer_directly(couple.partner_b, pick=3)
    page = open_context(DESKTOP).new_page()
    page.goto("/accounts/login/")
    looks_right(page, "clinic-01-login")
    log_in(page, therapist.username)
    looks_right(page, "clinic-02-dashboard")
    page.get_by_role("link", name="New couple").first.click()
    page.locator("#id_partner_a_name").fill("Robin")
    page.locator("#id_partner_b_name").fill("robin")  # the browser lets it through; the server does not
    page.get_by_role("button", name="Create couple and links").click()
    expect(page.get_by_text("Please correct the fields marked below.")).to_be_visible()
    looks_right(page, "clinic-03-new-couple-errors")
    page.locator("#id_partner_b_name").fill("Kai")
    page.get_by_role("button", name="Create couple and links").click()
    expect(page.get_by_text("Couple created.")).to_be_visible()
    looks_right(page, "clinic-04-couple-new-links")
    page.goto(f"/couples/{couple.pk}/")
    looks_right(page, "clinic-05-couple-submitted")
    page.get_by_role("link", name="Open the comparison").click()
    page.wait_for_url("**/comparison/")
    looks_right(page, "clinic-06-comparison")
    page.goto(f"/couples/{couple.pk}/plan/")
    looks_right(page, "clinic-07-plan-empty")
    page.get_by_role("button", name="Draft a plan from the comparison").click()
    expect(page.get_by_text("A draft plan was made from the comparison")).to_be_visible()
    looks_right(page, "clinic-08-plan")


def test_records_sign_in_and_session_pages_pass_axe(
    open_context: OpenContext, therapist: Any, couple: Couple, settings: Any, problems: BrowserProblems
) -> None:
    """The pages around the main flow: access log, delete, two-step sign-in, lockout, a closed intake."""
    settings.ATTUNE_REQUIRE_2FA = True
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.wait_for_url("**/accounts/two-factor/setup/**")
    looks_right(page, "clinic-09-two-factor-setup")
    settings.ATTUNE_REQUIRE_2FA = False
    page.goto(f"/couples/{couple.pk}/log/")
    looks_right(page, "clinic-10-access-log")
    page.goto(f"/couples/{couple.pk}/delete/")
    page.get_by_label("Type the couple's name to confirm").fill("Someone else")
    page.get_by_role("button", name="Delete the couple and all their data").click()
    expect(page.get_by_text("That is not the couple's name; nothing was deleted.")).to_be_visible()
    looks_right(page, "clinic-11-delete-refused")
    locked = open_context(DESKTOP).new_page()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        locked.goto("/accounts/login/")
        locked.get_by_label("Username").fill(therapist.username)
        locked.get_by_label("Password").fill(f"wrong-{attempt}")
        locked.get_by_role("button", name="Log in").click()
    expect(locked.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    looks_right(locked, "clinic-12-locked-out")
    # The lockout page is a 429 on purpose; Chromium reports that status in the console.
    problems.console_errors[:] = [e for e in problems.console_errors if "status of 429" not in e]
    partner = open_link(open_context(PHONE), f"/i/{issue_link(couple.partner_b)}/")
    # The same browser after a long pause: its intake session has ended.
    session_cookie = next(c for c in partner.context.cookies() if c["name"] == "sessionid")
    store = SessionStore(session_key=session_cookie["value"])
    store["intake_seen_at"] = 0
    store.save()
    partner.goto("/i/")
    expect(partner.get_by_role("heading", name="Your session has ended")).to_be_visible()
    looks_right(partner, "intake-13-session-ended")


def test_account_and_record_pages_pass_axe(
    open_context: OpenContext, therapist: Any, couple: Couple, problems: BrowserProblems
) -> None:
    """The password page, and the export and delete pages that ask who you are, blank and refused."""
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.get_by_role("link", name="Password").click()
    page.wait_for_url("**/accounts/password/")
    looks_right(page, "clinic-13-password")
    page.locator("#id_old_password").fill("not my password")
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("other")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your password was not changed")).to_be_visible()
    looks_right(page, "clinic-14-password-refused")
    page.goto(f"/couples/{couple.pk}/")
    page.get_by_role("link", name="Export everything (zip)").click()
    page.wait_for_url("**/export/")
    looks_right(page, "clinic-15-export")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Download the export (zip)").click()
    expect(page.get_by_text("Nothing was exported")).to_be_visible()
    looks_right(page, "clinic-16-export-refused")
    page.goto(f"/couples/{couple.pk}/delete/")
    page.get_by_label("Type the couple's name to confirm").fill(couple.name)
    page.get_by_role("button", name="Delete the couple and all their data").click()
    expect(page.get_by_text("Nothing was deleted")).to_be_visible()
    looks_right(page, "clinic-17-delete-without-password")


def test_fault_pages_pass_axe(
    open_context: OpenContext,
    couple: Couple,
    settings: Any,
    problems: BrowserProblems,
    caplog: Any,
) -> None:
    """A step the server could not save (here: a key the canary refuses), the calm 503 page, the 413 page."""
    page = open_link(open_context(PHONE), f"/i/{issue_link(couple.partner_a)}/")
    agree(page)
    for number in range(1, STEPS):
        answer_step(page, number)
        press_next(page)
    answer_step(page, STEPS)
    page.locator('textarea[name="free_reason"]').fill("Words I do not want to lose.")
    settings.ATTUNE_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    press_next(page)
    expect(page.get_by_role("heading", name="This page is not saved yet")).to_be_visible()
    expect(page.locator("#save-failed")).to_be_focused()
    expect(page.locator('textarea[name="free_reason"]')).to_have_value("Words I do not want to lose.")
    looks_right(page, f"intake-{STEPS:02d}-step-save-failed")
    page.goto("/i/review/")  # reading sealed answers with the wrong key: the calm 503 page
    expect(page.get_by_role("heading", name="Please try again in a moment")).to_be_visible()
    looks_right(page, "intake-14-unavailable")
    settings.ATTUNE_ENCRYPTION_KEYS = []
    page.goto(f"/i/step/{STEPS}/")
    page.evaluate(
        """() => { const box = document.querySelector('textarea[name="free_reason"]');
                   box.removeAttribute('maxlength'); box.value = 'x'.repeat(300000); }"""
    )
    press_next(page)
    expect(page.get_by_role("heading", name="Too much was sent")).to_be_visible()
    looks_right(page, "intake-15-too-much")
    problems.console_errors[:] = [e for e in problems.console_errors if not re.search(r"status of (503|413)", e)]
    caplog.clear()  # the 503s are logged as errors for the operator, on purpose
