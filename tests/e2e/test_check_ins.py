"""Check-ins in the browser: the therapist opens one from the couple page, both partners answer on a 360-pixel phone
(one of them without JavaScript), the couple page shows the trend with two points per partner, and the plan PDF
carries the trend's text alternative. axe on every check-in page in each of its states; screenshots of each for
people to look at (the trend on a phone among them)."""

import re
from typing import Any

from playwright.sync_api import Page, expect

from clinic.outcomes.checkins import open_check_in
from intake.checkin_questionnaire import CHECK_IN
from intake.checkins import CheckInResponse
from intake.models import Couple
from tests.check_in_steps import answered_check_in, csi4_answers
from tests.e2e.conftest import (
    DESKTOP,
    NARROW_PHONE,
    OpenContext,
    check_accessibility,
    horizontal_overflow,
    log_in,
    open_link,
    pdf_text,
    screenshot,
    small_touch_targets,
)
from tests.factories import submitted_couple

SVG_POINTS = {"a": "#trend-chart circle", "b": '#trend-chart rect[width="12"]'}


def _fits_and_passes(page: Page, name: str) -> None:
    page.wait_for_load_state("load")
    assert horizontal_overflow(page) <= 0, f"{page.url} scrolls sideways by {horizontal_overflow(page)} px"
    assert small_touch_targets(page) == [], page.url
    check_accessibility(page, name)
    screenshot(page, name)


def _answer(page: Page, total: int, **choices: str) -> None:
    """Click through the check-in as a partner would: the CSI-4 adding up to `total`, the rest as given."""
    values = {**{key: str(value) for key, value in csi4_answers(total).items()}, "checkin_helpful": "2"}
    values.update({"checkin_practice": "1", **{item.key: "0" for item in CHECK_IN.items if item.safety}, **choices})
    for key, value in values.items():
        page.locator(f'input[name="{key}"][value="{value}"]').check()


def test_a_check_in_from_the_couple_page_to_the_trend_and_the_pdf(
    open_context: OpenContext, therapist: Any, exercise_library: None
) -> None:
    couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(13))
    therapist_page = open_context(DESKTOP).new_page()
    log_in(therapist_page, therapist.username)
    therapist_page.goto(f"/couples/{couple.pk}/")
    check_accessibility(therapist_page, "couple page before any check-in")
    therapist_page.get_by_role("spinbutton", name="Before session").fill("2")
    therapist_page.get_by_role("button", name="Open a check-in").click()
    therapist_page.wait_for_url(re.compile(r".*/couples/.*/#check-ins"))
    links = {role: therapist_page.locator(f'input[id^="checkin-link-"][id$="-{role}"]').input_value() for role in "ab"}
    check_accessibility(therapist_page, "couple page with new check-in links")

    sam = open_link(open_context(NARROW_PHONE), links["a"])
    sam.wait_for_url("**/i/check-in/")
    _fits_and_passes(sam, "check-in-01-page-phone")
    sam.get_by_role("button", name="Send to my therapist").click()
    expect(sam.locator("#error-summary")).to_be_focused()
    _fits_and_passes(sam, "check-in-02-errors-phone")
    _answer(sam, 12, checkin_selfharm="1")
    expect(sam.locator("#crisis-resources")).to_be_visible()
    _answer(sam, 12)
    sam.get_by_label("Is there anything you would like your therapist to know before the session?").fill(
        "A better week."
    )
    sam.get_by_role("button", name="Send to my therapist").click()
    sam.wait_for_url("**/i/check-in/sent/")
    _fits_and_passes(sam, "check-in-03-sent-phone")

    alex = open_link(open_context(NARROW_PHONE, java_script_enabled=False), links["b"])
    alex.wait_for_url("**/i/check-in/")
    _answer(alex, 13)
    alex.get_by_role("button", name="Send to my therapist").click()
    alex.wait_for_url("**/i/check-in/sent/")
    assert CheckInResponse.objects.filter(check_in__couple=couple, submitted_at__isnull=False).count() == 2

    phone = open_context(NARROW_PHONE).new_page()
    log_in(phone, therapist.username)
    phone.goto(f"/couples/{couple.pk}/#check-ins")
    expect(phone.locator(SVG_POINTS["a"])).to_have_count(1 + 2)  # the legend's marker, then two points
    expect(phone.locator(SVG_POINTS["b"])).to_have_count(1 + 2)
    summary = "Sam: 8 → 12, reliably better; Alex: 13 → 13, no reliable change"
    expect(phone.locator(".trend-summary")).to_contain_text(summary)
    _fits_and_passes(phone, "couple-trend-phone")
    phone.locator("#trend-chart").screenshot(path=_artifact("couple-trend-chart-phone.png"))

    therapist_page.goto(f"/couples/{couple.pk}/plan/")
    therapist_page.get_by_role("button", name=re.compile("Draft a plan")).click()
    pdf = therapist_page.request.get(f"/couples/{couple.pk}/plan.pdf")
    assert pdf.ok and summary.lower() in pdf_text(pdf.body())


def test_the_therapists_check_in_pages_in_each_state_pass_axe(open_context: OpenContext, therapist: Any) -> None:
    couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(13))
    for session, totals in enumerate([(9, 13), (11, 12), (12, 13), (14, 13)], start=2):
        answered_check_in(couple, totals, session_number=session)
    open_check_in(couple, therapist, session_number=6)  # one waiting
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/")
    expect(page.locator("#off-track")).to_contain_text("Alex: 13 at the start, 13 at check-in 4")
    _fits_and_passes(page, "couple-off-track-desktop")
    page.set_viewport_size({"width": NARROW_PHONE["width"], "height": NARROW_PHONE["height"]})
    _fits_and_passes(page, "couple-off-track-phone")
    page.set_viewport_size(DESKTOP)
    page.goto("/couples/")
    expect(page.get_by_text("Off track (Alex)")).to_be_visible()
    check_accessibility(page, "dashboard with outcome columns")
    page.goto(f"/couples/{couple.pk}/check-ins/")
    check_accessibility(page, "check-ins page")
    page.get_by_role("spinbutton", name="Before session").fill("3")
    page.get_by_role("button", name="Open a check-in").click()
    expect(page.get_by_text("There is already a check-in before session 3.")).to_be_visible()
    check_accessibility(page, "check-ins page with an error")
    screenshot(page, "check-ins-errors-desktop")
    page.goto(f"/couples/{couple.pk}/progress/")
    check_accessibility(page, "progress handout page")


def _artifact(name: str) -> str:
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / name)


def test_nothing_a_partner_answered_reaches_the_other_partners_check_in(
    open_context: OpenContext, couple: Couple
) -> None:
    _check_in, tokens = open_check_in(couple, couple.therapist, session_number=2)
    sam = open_link(open_context(NARROW_PHONE), f"/i/{tokens[couple.partner_a.pk]}/")
    _answer(sam, 3, checkin_afraid="1")
    sam.get_by_label("Is there anything you would like your therapist to know before the session?").fill("SAM-ONLY")
    sam.get_by_role("button", name="Send to my therapist").click()
    sam.wait_for_url(re.compile(r".*/i/(support|check-in/sent)/.*"))
    alex = open_link(open_context(NARROW_PHONE), f"/i/{tokens[couple.partner_b.pk]}/")
    alex.wait_for_url("**/i/check-in/")
    assert "SAM-ONLY" not in alex.content() and "kept-answers" not in alex.content()
