"""No therapist loses plan typing to a time limit, in Chromium with the limits shortened to seconds: typed edits
survive the idle sign-out and come back after signing in (kept by the page just before the limit, or, without
JavaScript, posted after it); discarding starts again from the saved version; before the session's fixed end the
warning says when it ends, offers to save and no "Keep working". axe on the editor with a restored draft and on the
pages with each warning, at 360 px and desktop width."""

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from clinic.accounts.timeouts import SEEN
from clinic.models import FormDraft, PlanVersion
from clinic.sessions import SessionStore
from intake.models import Couple
from tests.e2e.conftest import (
    DESKTOP,
    NARROW_PHONE,
    SCREENSHOTS,
    WIDTHS,
    OpenContext,
    answer_directly,
    check_accessibility,
    log_in,
)
from tests.factories import PASSWORD

WORDS = "Name the pursue-withdraw cycle as the enemy, not each other."
WIDTHS_HERE = {"phone": NARROW_PHONE, "desktop": WIDTHS["desktop"]}


@pytest.fixture
def planned(couple: Couple, therapist: Any, exercise_library: None) -> Couple:
    """A couple with both intakes in and a drafted plan (version 1)."""
    from clinic.plans.versions import draft_version

    answer_directly(couple.partner_a, pick=4)
    answer_directly(couple.partner_b, pick=0)
    draft_version(couple, therapist)
    return couple


def edit_url(couple: Couple) -> str:
    return f"/couples/{couple.pk}/plan/edit/"


def notes(page: Page) -> Any:
    return page.locator('textarea[name="s1_notes"]')


def sign_in_here(page: Page, username: str, then: str) -> None:
    """Sign in on the sign-in page the sign-out left on screen; it goes back to where the therapist was."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{then}")


def axe_at_both_widths(page: Page, name: str) -> None:
    for width, size in WIDTHS_HERE.items():
        page.set_viewport_size(size)
        check_accessibility(page, f"{name} ({width})")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png")


def test_typed_plan_edits_survive_the_idle_sign_out_and_can_be_discarded(
    open_context: OpenContext, therapist: Any, planned: Couple, settings: Any
) -> None:
    settings.ATTUNE_IDLE_TIMEOUT_SECONDS, settings.ATTUNE_IDLE_WARNING_SECONDS = 12, 6
    page = open_context(NARROW_PHONE).new_page()
    log_in(page, therapist.username)
    page.goto(edit_url(planned))
    saved_notes = notes(page).input_value()
    notes(page).fill(WORDS)
    warning = page.locator("#idle-warning")
    expect(warning).to_be_visible(timeout=12_000)
    expect(warning).to_contain_text("Your unsaved changes on this page will be kept as a draft.")
    expect(warning.get_by_role("button", name="Keep working")).to_be_visible()
    # Nobody answers: just before the limit the page keeps the typing, then shows the sign-in page.
    expect(page.get_by_text("You were signed out after a period without activity")).to_be_visible(timeout=15_000)
    expect(notes(page)).to_have_count(0)
    assert FormDraft.objects.get(couple=planned).fields["s1_notes"] == WORDS
    settings.ATTUNE_IDLE_TIMEOUT_SECONDS = 600  # time enough to look at the page now
    sign_in_here(page, therapist.username, edit_url(planned))
    expect(notes(page)).to_have_value(WORDS)
    restored = page.locator("#draft-restored")
    expect(restored).to_contain_text("Your unsaved changes are back")
    expect(restored).to_be_focused()  # announced: the focus is on it as the page opens
    axe_at_both_widths(page, "plan-edit-draft-restored")
    restored.get_by_role("button", name="Discard them and start from version 1 as saved").click()
    expect(page.get_by_text("Your unsaved changes were discarded")).to_be_visible()
    expect(notes(page)).to_have_value(saved_notes)
    expect(page.locator("#draft-restored")).to_have_count(0)
    assert not FormDraft.objects.exists() and PlanVersion.objects.filter(plan__couple=planned).count() == 1


def test_keep_working_on_the_editor_keeps_the_typing_and_saving_clears_it(
    open_context: OpenContext, therapist: Any, planned: Couple, settings: Any
) -> None:
    settings.ATTUNE_IDLE_TIMEOUT_SECONDS, settings.ATTUNE_IDLE_WARNING_SECONDS = 12, 6
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.goto(edit_url(planned))
    notes(page).fill(WORDS)
    warning = page.locator("#idle-warning")
    expect(warning).to_be_visible(timeout=12_000)
    with page.expect_response(lambda response: response.url.endswith("/accounts/still-here/")):
        warning.get_by_role("button", name="Keep working").click()
    expect(warning).to_be_hidden()
    assert FormDraft.objects.get(couple=planned).fields["s1_notes"] == WORDS
    settings.ATTUNE_IDLE_TIMEOUT_SECONDS = 600
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Saved as version 2.")).to_be_visible()
    assert not FormDraft.objects.exists()
    page.goto(edit_url(planned))
    expect(notes(page)).to_have_value(WORDS)  # from version 2 now, not from a draft
    expect(page.locator("#draft-restored")).to_have_count(0)


def age_session(context: BrowserContext, seconds: float) -> None:
    """The browser's session last active `seconds` ago, as if the therapist had walked away."""
    import time

    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[SEEN] = time.time() - seconds
    session.save()


def test_without_javascript_an_edit_posted_after_the_sign_out_comes_back(
    open_context: OpenContext, therapist: Any, planned: Couple, settings: Any
) -> None:
    context = open_context(NARROW_PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, therapist.username)
    page.goto(edit_url(planned))
    notes(page).fill(WORDS)
    age_session(context, settings.ATTUNE_IDLE_TIMEOUT_SECONDS + 5)
    page.get_by_role("button", name="Save as a new version").click()
    page.wait_for_url("**/accounts/login/**")
    expect(page.get_by_text("What you had typed on the page you sent is kept")).to_be_visible()
    assert PlanVersion.objects.filter(plan__couple=planned).count() == 1  # nothing saved behind the sign-out
    sign_in_here(page, therapist.username, edit_url(planned))
    expect(notes(page)).to_have_value(WORDS)
    expect(page.locator("#draft-restored")).to_contain_text("Your unsaved changes are back")
    assert PlanVersion.objects.filter(plan__couple=planned).count() == 1  # a draft, for the therapist to look at


def test_before_the_fixed_session_end_the_warning_offers_to_save_and_keeps_the_typing(
    open_context: OpenContext, therapist: Any, planned: Couple, settings: Any
) -> None:
    settings.ATTUNE_SESSION_MAX_SECONDS, settings.ATTUNE_IDLE_TIMEOUT_SECONDS = 30, 600
    settings.ATTUNE_IDLE_WARNING_SECONDS = 20
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.goto(edit_url(planned))
    notes(page).fill(WORDS)
    warning = page.locator("#idle-warning")
    expect(warning).to_be_visible(timeout=20_000)
    expect(warning).to_contain_text("your session ends at")
    expect(warning).to_contain_text("it cannot be extended")
    expect(warning).to_contain_text("Save your changes now.")
    expect(warning.get_by_role("button", name="Keep working")).to_be_hidden()
    expect(warning.get_by_role("button", name="Save as a new version now")).to_be_visible()
    axe_at_both_widths(page, "plan-edit-session-end-warning")
    page.set_viewport_size(DESKTOP)
    # Left alone, the typing is kept just before the end and the sign-in page says why.
    expect(page.get_by_text("Your session reached its maximum length")).to_be_visible(timeout=25_000)
    assert FormDraft.objects.get(couple=planned).fields["s1_notes"] == WORDS
    settings.ATTUNE_SESSION_MAX_SECONDS = 3600
    sign_in_here(page, therapist.username, edit_url(planned))
    expect(notes(page)).to_have_value(WORDS)


def test_save_now_in_the_session_end_warning_saves_the_plan(
    open_context: OpenContext, therapist: Any, planned: Couple, settings: Any
) -> None:
    settings.ATTUNE_SESSION_MAX_SECONDS, settings.ATTUNE_IDLE_TIMEOUT_SECONDS = 40, 600
    settings.ATTUNE_IDLE_WARNING_SECONDS = 38
    page = open_context(NARROW_PHONE).new_page()
    log_in(page, therapist.username)
    page.goto(edit_url(planned))
    notes(page).fill(WORDS)
    warning = page.locator("#idle-warning")
    expect(warning).to_be_visible(timeout=10_000)
    warning.get_by_role("button", name="Save as a new version now").click()
    expect(page.get_by_text("Saved as version 2.")).to_be_visible()
    latest = PlanVersion.objects.filter(plan__couple=planned).first()
    assert latest is not None and latest.content["sessions"][0]["notes"] == WORDS


def test_the_session_end_warning_on_a_page_with_nothing_to_save(
    open_context: OpenContext, therapist: Any, couple: Couple, settings: Any
) -> None:
    settings.ATTUNE_SESSION_MAX_SECONDS, settings.ATTUNE_IDLE_TIMEOUT_SECONDS = 40, 600
    settings.ATTUNE_IDLE_WARNING_SECONDS = 38
    page = open_context(NARROW_PHONE).new_page()
    log_in(page, therapist.username)
    warning = page.locator("#idle-warning")
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_contain_text("Finish what you are doing; you can sign in again straight away.")
    expect(warning.get_by_role("button")).to_have_count(0)  # nothing to press that would do nothing
    check_accessibility(page, "dashboard with the session end warning (360 px)")


def test_the_progress_note_survives_the_idle_sign_out(
    open_context: OpenContext, therapist: Any, couple: Couple, settings: Any
) -> None:
    """The therapist's other typing pages do the same: here the note on the couple's progress handout."""
    settings.ATTUNE_IDLE_TIMEOUT_SECONDS, settings.ATTUNE_IDLE_WARNING_SECONDS = 12, 6
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/progress/")
    note = page.get_by_label("Your note to the couple")
    note.fill(WORDS)
    expect(page.locator("#idle-warning")).to_contain_text("will be kept as a draft", timeout=12_000)
    expect(page.get_by_text("You were signed out after a period without activity")).to_be_visible(timeout=15_000)
    settings.ATTUNE_IDLE_TIMEOUT_SECONDS = 600
    sign_in_here(page, therapist.username, f"/couples/{couple.pk}/progress/")
    expect(page.get_by_label("Your note to the couple")).to_have_value(WORDS)
    expect(page.locator("#draft-restored")).to_be_focused()
    axe_at_both_widths(page, "progress-draft-restored")
