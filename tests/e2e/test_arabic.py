"""Arabic, right to left, in a real browser at 360 × 740: every intake page and the check-in read right to left, fit
the phone without sideways scrolling and pass axe; switching language mid-step keeps every answer; and the whole
walk of issue 19: one partner in Arabic on a phone, the other in English on a desktop, the therapist reading the
comparison in English (the Arabic words shown as written, isolated) and then in Arabic (the chart mirrored)."""

from typing import Any

from playwright.sync_api import Page, expect

from clinic.outcomes.checkins import open_check_in
from intake.models import Couple, Invitation, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.e2e.conftest import (
    DESKTOP,
    NARROW_PHONE,
    SAFETY_STEP,
    STEPS,
    OpenContext,
    agree,
    answer_step,
    answer_steps,
    check_accessibility,
    horizontal_overflow,
    log_in,
    open_link,
    screenshot,
    send_answers,
)

ARABIC_WORDS = "أتمنى أن نتحدث أكثر في المساء — Sam"
ENGLISH_WORDS = "ENGLISH-WORDS about our evenings"


def right_to_left(page: Page, name: str) -> None:
    """The page reads right to left, fits the phone, and axe finds nothing serious."""
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert horizontal_overflow(page) <= 0, f"{name} scrolls sideways"
    check_accessibility(page, name)


def press(page: Page, action: str) -> None:
    """Press one of the step's buttons by what it does, whatever language it is labelled in."""
    with page.expect_navigation():
        page.locator(f'button[name="action"][value="{action}"]').click()


def link_for(partner: Partner) -> str:
    return f"/i/{Invitation.issue(partner, partner.couple.therapist)[1]}/"


def test_every_intake_page_in_arabic_reads_right_to_left_fits_and_passes_axe(
    open_context: OpenContext, couple: Couple
) -> None:
    Partner.objects.filter(pk=couple.partner_a.pk).update(language="ar")
    page = open_link(open_context(NARROW_PHONE), link_for(couple.partner_a))
    page.wait_for_url("**/i/welcome/")
    right_to_left(page, "consent (ar)")
    screenshot(page, "ar-01-consent")
    page.locator('#main form button[type="submit"]:not([name])').click()  # Start, without agreeing
    expect(page.locator("#error-summary, .alert-danger").first).to_be_visible()
    right_to_left(page, "consent with its error (ar)")
    page.locator('input[name="agree"]').check()
    with page.expect_navigation():
        page.locator('#main form button[type="submit"]:not([name])').click()
    for number in range(1, STEPS + 1):
        page.wait_for_url(f"**/i/step/{number}/")
        right_to_left(page, f"step {number} (ar)")
        if number in (1, SAFETY_STEP):
            screenshot(page, f"ar-02-step-{number}")
        if any(item.required for item in QUESTIONNAIRE.sections[number - 1].items):
            press(page, "next")
            expect(page.locator("#error-summary")).to_be_visible()
            right_to_left(page, f"step {number} with errors (ar)")
        if number == SAFETY_STEP:
            answer_step(page, number, safety_selfharm="1")
            press(page, "next")
            page.wait_for_url("**/i/support/**")
            right_to_left(page, "help at once after a self-harm answer (ar)")
            screenshot(page, "ar-03-support")
            page.goto(f"/i/step/{SAFETY_STEP}/")
            expect(page.locator("#kept-answers")).to_be_visible()
            right_to_left(page, "safety step with its answers kept (ar)")
            screenshot(page, "ar-04-safety-kept")
            answer_step(page, number)
        else:
            answer_step(page, number, free_reason=ARABIC_WORDS)
        press(page, "next")
    page.wait_for_url("**/i/review/")
    right_to_left(page, "review (ar)")
    expect(page.get_by_text(ARABIC_WORDS)).to_be_visible()
    with page.expect_navigation():
        page.locator('#main form button[type="submit"]:not([name])').click()
    page.wait_for_url("**/i/done/")
    right_to_left(page, "done (ar)")


def test_the_check_in_in_arabic_reads_right_to_left_fits_and_passes_axe(
    open_context: OpenContext, couple: Couple
) -> None:
    Partner.objects.filter(pk=couple.partner_b.pk).update(language="ar")
    check_in, _tokens = open_check_in(couple, couple.therapist)
    token = Invitation.issue(couple.partner_b, couple.therapist, check_in=check_in)[1]
    page = open_link(open_context(NARROW_PHONE), f"/i/{token}/")
    page.wait_for_url("**/i/check-in/")
    right_to_left(page, "check-in (ar)")
    press(page, "next")
    expect(page.locator(".alert-danger, #error-summary").first).to_be_visible()
    right_to_left(page, "check-in with errors (ar)")


def test_switching_language_mid_step_keeps_every_answer_both_ways(open_context: OpenContext, couple: Couple) -> None:
    Partner.objects.filter(pk=couple.partner_a.pk).update(language="ar")
    page = open_link(open_context(NARROW_PHONE), link_for(couple.partner_a))
    page.wait_for_url("**/i/welcome/")
    page.locator('input[name="agree"]').check()
    with page.expect_navigation():
        page.locator('button[name="language"][value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('input[name="agree"]')).to_be_checked()  # the box ticked before the switch
    agree(page)
    answer_steps(page, 1, STEPS - 1)
    last = QUESTIONNAIRE.sections[STEPS - 1]
    page.locator('textarea[name="free_reason"]').fill(ENGLISH_WORDS)
    page.locator('textarea[name="free_hope"]').fill(ARABIC_WORDS)
    with page.expect_navigation():
        page.locator('button[name="language"][value="ar"]').click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator('textarea[name="free_reason"]')).to_have_value(ENGLISH_WORDS)
    expect(page.locator('textarea[name="free_hope"]')).to_have_value(ARABIC_WORDS)
    assert last.key == "thoughts"
    # Back to a page of scales, half answered, and the other way round: what was picked stays picked.
    page.goto("/i/step/4/")
    page.locator('input[name="bids_response_partner"][value="2"]').check()
    with page.expect_navigation():
        page.locator('button[name="language"][value="en"]').click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator('input[name="bids_response_partner"][value="2"]')).to_be_checked()
    expect(page.locator('input[name="bids_notice_self"]:checked')).to_have_count(1)  # answered before, still there


def test_one_partner_in_arabic_on_a_phone_one_in_english_on_a_desktop_and_the_therapist_reads_both(
    open_context: OpenContext, therapist: Any, exercise_library: None
) -> None:
    desk = open_context(DESKTOP)
    page = desk.new_page()
    log_in(page, therapist.username)
    page.get_by_role("link", name="New couple").first.click()
    page.locator("#id_partner_a_name").fill("سلمى")
    page.locator("#id_partner_a_language").select_option("ar")
    page.locator("#id_partner_b_name").fill("Sam")
    page.get_by_role("button", name="Create couple and links").click()
    expect(page.get_by_text("Couple created. Give each partner their own link.")).to_be_visible()
    couple_url = page.url
    links = {role: page.locator(f"#link-{role}").input_value() for role in ("a", "b")}

    phone = open_link(open_context(NARROW_PHONE), links["a"])
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    phone.locator('input[name="agree"]').check()
    with phone.expect_navigation():
        phone.locator('#main form button[type="submit"]:not([name])').click()
    for number in range(1, STEPS + 1):
        phone.wait_for_url(f"**/i/step/{number}/")
        answer_step(phone, number, pick=1, free_reason=ARABIC_WORDS)
        press(phone, "next")
    phone.wait_for_url("**/i/review/")
    with phone.expect_navigation():
        phone.locator('#main form button[type="submit"]:not([name])').click()
    expect(phone.locator("html")).to_have_attribute("lang", "ar")

    laptop = open_link(open_context(DESKTOP), links["b"])
    expect(laptop.locator("html")).to_have_attribute("lang", "en")
    agree(laptop)
    answer_steps(laptop, pick=3, free_hope=ENGLISH_WORDS)
    send_answers(laptop)

    page.goto(couple_url)
    page.get_by_role("link", name="Open the comparison").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("CSI-4 answered in Arabic by")).to_be_visible()
    written = page.locator('[dir="auto"]', has_text=ARABIC_WORDS)
    expect(written).to_have_count(1)  # shown as written, isolated for its own direction
    expect(page.locator("bdi", has_text="سلمى").first).to_be_visible()
    check_accessibility(page, "comparison, one partner in Arabic (therapist in English)")
    screenshot(page, "ar-05-comparison-en")

    # The same comparison for a therapist who reads Arabic, on a phone: mirrored, and still fitting.
    page.goto("/accounts/profile/")
    page.locator("#id_language").select_option("ar")
    with page.expect_navigation():
        page.locator('input[type="submit"], button[type="submit"]').last.click()
    phone_desk = open_context(NARROW_PHONE)
    reader = phone_desk.new_page()
    log_in(reader, therapist.username)
    reader.goto(couple_url + "comparison/")
    right_to_left(reader, "comparison, therapist in Arabic")
    expect(reader.locator("svg.attune-chart[direction='rtl']").first).to_be_attached()
    screenshot(reader, "ar-06-comparison-ar")
