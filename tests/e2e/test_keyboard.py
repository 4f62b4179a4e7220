"""A whole intake with the keyboard alone (Tab, arrow keys, Space, Enter), the focus visible after every press."""

from playwright.sync_api import Page, expect

from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE, Kind
from tests.e2e.conftest import DESKTOP, STEPS, OpenContext, open_link, press, tab_to
from tests.factories import issue_link


def press_enter_and_wait(page: Page, url: str) -> None:
    with page.expect_navigation(url=url):
        page.keyboard.press("Enter")


def answer_with_keys(page: Page, number: int) -> None:
    """Tab to each question; Space takes the first answer, the Down arrow the second; text is typed."""
    section = QUESTIONNAIRE.sections[number - 1]
    for index, item in enumerate(section.items):
        if item.kind == Kind.TEXT:
            tab_to(page, f'textarea[name="{item.key}"]')
            page.keyboard.type(f"Typed with the keyboard for {item.key}.")
        else:
            tab_to(page, f'input[name="{item.key}"]')
            press(page, "ArrowDown" if index % 2 and not section.private else "Space")


def test_a_whole_intake_can_be_done_with_the_keyboard_alone(open_context: OpenContext, couple: Couple) -> None:
    page = open_link(open_context(DESKTOP), f"/i/{issue_link(couple.partner_a)}/")
    tab_to(page, "#id_agree")
    press(page, "Space")
    tab_to(page, "button[type=submit]")
    press_enter_and_wait(page, "**/i/step/1/")
    for number in range(1, STEPS + 1):
        answer_with_keys(page, number)
        tab_to(page, 'button[value="next"]')
        press_enter_and_wait(page, f"**/i/step/{number + 1}/" if number < STEPS else "**/i/review/")
    tab_to(page, "form button[type=submit]")
    press_enter_and_wait(page, "**/i/done/")
    expect(page.get_by_role("heading", name="Thank you — your answers are with your therapist")).to_be_visible()

    partner = couple.partner_a
    partner.refresh_from_db()
    answers = partner.answer_dict()
    assert partner.submitted_at is not None
    assert set(answers) == {item.key for item in QUESTIONNAIRE.items}
    assert answers["p1_partner"] == 1 and answers["p2_partner"] == 2  # Space, then the Down arrow
    assert not any(answers[item.key] for item in QUESTIONNAIRE.section("safety").items if item.safety)
    assert answers["contact_ok"] == 1  # email and text both fine
