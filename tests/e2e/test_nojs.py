"""Everything works with JavaScript switched off: scripts only enhance."""

import re
from typing import Any

from playwright.sync_api import expect

from intake.models import Couple
from intake.questionnaire import SAFETY_SELF_HARM_KEY
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SAFETY_STEP,
    OpenContext,
    agree,
    answer_directly,
    answer_step,
    answer_steps,
    log_in,
    open_link,
    press_next,
    send_answers,
)
from tests.factories import issue_link


def test_a_whole_intake_works_without_javascript(open_context: OpenContext, couple: Couple) -> None:
    page = open_link(open_context(PHONE, java_script_enabled=False), f"/i/{issue_link(couple.partner_a)}/")
    agree(page)
    answer_steps(page, 1, SAFETY_STEP - 1)
    answer_step(page, SAFETY_STEP, 0, **{SAFETY_SELF_HARM_KEY: "1"})
    press_next(page)
    # Without the script that shows them in place, crisis resources get a page of their own, before anything else.
    expect(page.get_by_role("heading", name="Support is available right now")).to_be_visible()
    page.get_by_role("link", name="Continue with the questions").click()
    answer_steps(page, SAFETY_STEP + 1)
    send_answers(page)
    expect(page.get_by_role("heading", name="Thank you — your answers are with your therapist")).to_be_visible()
    couple.partner_a.refresh_from_db()
    assert couple.partner_a.submitted_at is not None
    assert couple.partner_a.answer_dict()[SAFETY_SELF_HARM_KEY] == 1


def test_new_links_can_be_copied_by_hand_without_javascript(open_context: OpenContext, therapist: Any) -> None:
    page = open_context(DESKTOP, java_script_enabled=False).new_page()
    log_in(page, therapist.username)
    page.goto("/couples/new/")
    page.locator("#id_partner_a_name").fill("Robin")
    page.locator("#id_partner_b_name").fill("Kai")
    page.get_by_role("button", name="Create couple and links").click()
    for role in ("a", "b"):
        expect(page.locator(f"#link-{role}")).to_have_value(re.compile(r"^http://[^/]+/i/[\w-]{43}/$"))
        expect(page.locator(f'[data-copy-target="link-{role}"]')).to_be_hidden()  # the script would add it


def test_a_plan_can_be_drafted_and_edited_without_javascript(
    open_context: OpenContext, therapist: Any, couple: Couple, exercise_library: None
) -> None:
    answer_directly(couple.partner_a)
    answer_directly(couple.partner_b, pick=3)
    page = open_context(DESKTOP, java_script_enabled=False).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/plan/")
    page.get_by_role("button", name="Draft a plan from the comparison").click()
    page.get_by_role("link", name="Edit the plan").click()
    page.get_by_label("Number of sessions").fill("7")
    page.locator("#edit-session-2 summary").click()  # <details> opens without a script
    page.locator("#edit-session-2").get_by_label("Add an exercise").select_option(
        label="Love Maps (30 min, Gottman Method)"
    )
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Saved as version 2.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Session 7:"))).to_be_visible()
    expect(
        page.get_by_role("article", name=re.compile(r"^Session 2:")).get_by_text("Added by the therapist.")
    ).to_be_visible()
