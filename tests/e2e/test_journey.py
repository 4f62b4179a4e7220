"""The whole journey in a real browser: a therapist hands out two links, each partner answers on their own
device (one leaves half-way and comes back), and the therapist reads the comparison, edits the plan and
prints both PDFs, the couple's handout holding nothing private."""

import re
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from intake.questionnaire import QUESTIONNAIRE
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    STEPS,
    BrowserProblems,
    OpenContext,
    agree,
    answer_step,
    answer_steps,
    flat,
    log_in,
    open_link,
    pdf_text,
    press_next,
    send_answers,
    step_of,
)

A_WORDS = "A-PRIVATE-WORDS about the kitchen table"
B_WORDS = "B-PRIVATE-WORDS about Sunday mornings"
SAFETY_ITEMS = QUESTIONNAIRE.section("safety").items
ENDORSED = SAFETY_ITEMS[0]  # partner A answers "Yes" to this one
RITUALS_STEP = step_of("rituals")  # partner A leaves here and comes back


def create_couple(page: Page, a: str, b: str) -> dict[str, str]:
    """Fill in "New couple" and copy both links with the copy buttons; returns the links by role."""
    page.get_by_role("link", name="New couple").first.click()
    page.locator("#id_partner_a_name").fill(a)
    page.locator("#id_partner_b_name").fill(b)
    page.get_by_role("button", name="Create couple and links").click()
    expect(page.get_by_text("Couple created. Give each partner their own link.")).to_be_visible()
    links = {}
    for role in ("a", "b"):
        shown = page.locator(f"#link-{role}")
        expect(shown).to_have_attribute("readonly", "")
        page.locator(f'[data-copy-target="link-{role}"]').click()
        expect(page.locator(f"#copy-status-{role}")).to_have_text("Link copied.")
        links[role] = page.evaluate("() => navigator.clipboard.readText()")
        assert links[role] == shown.input_value() and "/i/" in links[role]
    return links


def partner_a_starts_then_leaves(context: BrowserContext, link: str) -> None:
    page = open_link(context, link)
    expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    agree(page)
    answer_steps(page, 1, RITUALS_STEP - 1, pick=1)
    answer_step(page, RITUALS_STEP, pick=1)
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("Your answers on this page are saved.")).to_be_visible()


def partner_a_resumes_and_sends(context: BrowserContext, link: str) -> None:
    page = open_link(context, link)
    page.wait_for_url(f"**/i/step/{RITUALS_STEP}/")  # where Robin left off, answers kept
    expect(page.locator('input[name="ritual_morning"][value="2"]')).to_be_checked()
    press_next(page)
    answer_steps(page, RITUALS_STEP + 1, STEPS, 1, **{ENDORSED.key: "1", "free_reason": A_WORDS})
    expect(page.get_by_text(A_WORDS)).to_be_visible()
    assert flat(ENDORSED.text) not in flat(page.content())  # the review never repeats safety answers
    send_answers(page)


def partner_b_answers_everything(context: BrowserContext, link: str) -> None:
    page = open_link(context, link)
    agree(page)
    answer_steps(page, pick=3, free_hope=B_WORDS)
    send_answers(page)
    expect(page.get_by_role("heading", name="Thank you — your answers are with your therapist")).to_be_visible()


def therapist_reads_the_comparison(page: Page, couple_url: str) -> None:
    page.goto(couple_url)
    expect(page.locator(".status-badge", has_text="Submitted")).to_have_count(2)
    page.get_by_role("link", name="Open the comparison").click()
    panel = page.locator("#safety-panel")
    expect(panel).to_contain_text("Robin: Tier A: hold all joint work")
    expect(panel).to_contain_text(ENDORSED.text)
    expect(page.get_by_text(A_WORDS)).to_be_visible()
    expect(page.get_by_text(B_WORDS)).to_be_visible()


def therapist_drafts_and_edits_the_plan(page: Page, couple_url: str) -> None:
    page.goto(couple_url)
    page.get_by_role("link", name="Session plan").click()
    page.get_by_role("button", name="Draft a plan from the comparison").click()
    expect(page.get_by_text("A draft plan was made from the comparison (version 1).")).to_be_visible()
    page.get_by_role("link", name="Edit the plan").click()
    page.locator("#id_s1_notes").fill("THERAPIST-NOTE: go gently, one partner at a time.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Saved as version 2.")).to_be_visible()
    session_1 = page.get_by_role("article", name=re.compile(r"^Session 1:"))
    expect(session_1.get_by_text("THERAPIST-NOTE: go gently")).to_be_visible()


def download(page: Page, what: str, paper: str = "a4") -> bytes:
    """Choose the paper in a PDF's download control and fetch what it asks for, with the browser's cookies."""
    control = page.locator("form.download-control", has_text=what)
    control.get_by_label("Paper size").select_option(paper)
    url = control.evaluate("form => form.action + '?' + new URLSearchParams(new FormData(form))")
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert "no-store" in response.headers["cache-control"]
    return response.body()


def test_therapist_and_both_partners_complete_the_journey(
    open_context: OpenContext, problems: BrowserProblems, therapist: Any, exercise_library: None
) -> None:
    desk = open_context(DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = desk.new_page()
    log_in(page, therapist.username)
    links = create_couple(page, "Robin", "Kai")
    couple_url = page.url

    first_visit = open_context(PHONE)
    partner_a_starts_then_leaves(first_visit, links["a"])
    first_visit.close()
    partner_b_answers_everything(open_context(DESKTOP), links["b"])
    partner_a_resumes_and_sends(open_context(PHONE), links["a"])

    therapist_reads_the_comparison(page, couple_url)
    therapist_drafts_and_edits_the_plan(page, couple_url)
    plan = pdf_text(download(page, "Therapist plan"))
    handout = pdf_text(download(page, "Couple handout"))

    assert "confidential" in plan and "therapist-note" in plan and flat(ENDORSED.text)[:40] in plan
    for item in SAFETY_ITEMS:
        assert flat(item.text)[:40] not in handout, item.key
    for words in (A_WORDS, B_WORDS):
        assert flat(words)[:15] not in handout
    assert not problems.all()
