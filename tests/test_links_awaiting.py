"""Which links still wait for answers, asked the same way of intake and check-in links (the hook for reminders)."""

from datetime import timedelta

from django.utils import timezone

from clinic.outcomes.checkins import open_check_in
from intake.checkins import CheckIn
from intake.models import Couple, Invitation
from tests.check_in_steps import answered_check_in
from tests.factories import issue_link, submit_intake


def _waiting(couple: Couple) -> set[tuple[str, str]]:
    links = Invitation.objects.live().awaiting().filter(partner__couple=couple).select_related("partner", "check_in")
    return {(i.partner.role, i.check_in.log_label if i.check_in else "intake") for i in links}


def test_intake_and_check_in_links_wait_until_what_they_open_is_sent(couple: Couple) -> None:
    issue_link(couple.partner_a)
    issue_link(couple.partner_b)
    submit_intake(couple.partner_b)
    answered_check_in(couple, (12, None), session_number=2)
    assert _waiting(couple) == {("a", "intake"), ("b", "check-in before session 2")}
    links = {(i.partner.role, i.check_in_id is not None): i.is_submitted for i in Invitation.objects.live()}
    assert links == {("a", False): False, ("b", False): True, ("a", True): True, ("b", True): False}


def test_a_link_to_a_check_in_that_opens_later_does_not_wait_yet(couple: Couple) -> None:
    submit_intake(couple.partner_a)
    submit_intake(couple.partner_b)
    later = timezone.localdate() + timedelta(days=90)
    open_check_in(couple, None, CheckIn.Kind.FOLLOW_UP, months=3, opens_on=later)
    assert _waiting(couple) == set()


def test_revoked_and_closed_links_wait_for_nothing(couple: Couple) -> None:
    check_in, _tokens = open_check_in(couple, None, session_number=2)
    check_in.close()
    issue_link(couple.partner_a)
    couple.partner_a.invitations.live().update(revoked_at=timezone.now())
    assert _waiting(couple) == set()
