"""The email pages in a real browser: the couple page's invitations and outbox in each state, the invitation
form (clean and refused), asking before a link stops working, the partner's stop page and the profile's notices.
axe finds nothing serious at phone and desktop width, nothing scrolls sideways on a 360-pixel phone, and the
whole of it works without JavaScript."""

from typing import Any

from playwright.sync_api import expect

from clinic.messaging import compose
from clinic.messaging.models import OutboxMessage
from intake.models import Couple, Partner
from tests.e2e.conftest import DESKTOP, NARROW_PHONE, OpenContext, horizontal_overflow, log_in, open_link
from tests.e2e.test_a11y import looks_right
from tests.factories import issue_link


def test_the_email_pages_pass_axe_in_every_state(open_context: OpenContext, therapist: Any, couple: Couple) -> None:
    Partner.objects.filter(pk=couple.partner_b.pk).update(contact_email_ok=False)  # Alex said: no email
    issue_link(couple.partner_a)
    page = open_context(DESKTOP).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/")
    expect(page.get_by_role("button", name="Send the invitation to Alex")).to_be_disabled()
    looks_right(page, "mail-01-couple-page-before-sending")
    page.get_by_role("link", name="Send the invitation to Sam").click()
    looks_right(page, "mail-02-invitation-form")
    page.get_by_label("Message").fill("Hello Sam, please answer.")
    page.get_by_role("button", name="Send the invitation to Sam").click()
    expect(page.locator("#id_message_error")).to_contain_text("Leave out Sam")
    looks_right(page, "mail-03-invitation-form-refused")
    page.get_by_label("Email address of Sam").fill("sam@example.org")
    page.get_by_label("Message").fill("Hello,\n\nPlease answer before we meet.")
    page.get_by_role("button", name="Send the invitation to Sam").click()
    page.wait_for_url(f"**/couples/{couple.pk}/#messages")
    expect(page.locator("#messages")).to_contain_text("Waiting for the worker")
    OutboxMessage.objects.update(status="retrying", attempts=1, result="451 4.3.0 Mail server busy, try again later")
    page.reload()
    looks_right(page, "mail-04-couple-page-retrying")
    page.set_viewport_size(NARROW_PHONE)
    assert horizontal_overflow(page) == 0
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Revoke link for Sam").click()
    looks_right(page, "mail-05-confirm-revoke")
    page.get_by_role("button", name="Revoke Sam's link").click()
    page.wait_for_url(f"**/couples/{couple.pk}/")
    page.goto("/accounts/profile/")
    looks_right(page, "mail-06-profile-notices")


def test_the_stop_page_passes_axe_and_says_nothing_about_anyone(open_context: OpenContext, couple: Couple) -> None:
    token = compose.stop_token(couple.partner_a)
    page = open_link(open_context(NARROW_PHONE), f"/i/{token}/stop/")
    expect(page.get_by_role("heading", name="Reminders stopped")).to_be_visible()
    assert "Sam" not in page.content() and "Alex" not in page.content()
    looks_right(page, "mail-07-reminders-stopped")


def test_an_invitation_is_sent_without_javascript(open_context: OpenContext, therapist: Any, couple: Couple) -> None:
    page = open_context(NARROW_PHONE, java_script_enabled=False).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/")
    page.get_by_role("link", name="Send the invitation to both").click()
    page.get_by_label("Email address of Sam").fill("sam@example.org")
    page.get_by_label("Email address of Alex").fill("alex@example.net")
    page.get_by_role("button", name="Send both invitations").click()
    page.wait_for_url(f"**/couples/{couple.pk}/#messages")
    expect(page.locator("#messages")).to_contain_text("Waiting for the worker")
    assert OutboxMessage.objects.filter(kind="invitation").count() == 2
    assert horizontal_overflow(page) == 0
