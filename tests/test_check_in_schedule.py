"""When check-ins open: before every session (the next one is due once the last has its answers), and follow-ups
3 and 6 months after the last session, whose links can be handed out at once and open on their day."""

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from clinic.outcomes.checkins import add_months
from intake.checkins import CheckIn
from intake.models import Couple, Partner
from tests.check_in_steps import answered_check_in, check_in_client, check_in_data


def _plan(client: Client, couple: Couple, **data: str) -> Any:
    return client.post(f"/couples/{couple.pk}/check-ins/", {"action": "plan", **data})


def test_months_are_added_to_the_calendar() -> None:
    assert add_months(date(2027, 3, 31), 3) == date(2027, 6, 30)
    assert add_months(date(2027, 11, 15), 3) == date(2028, 2, 15)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_before_every_session_the_next_check_in_is_due_once_the_last_is_answered(
    therapist_client: Client, couple: Couple
) -> None:
    assert _plan(therapist_client, couple, every_session="on").status_code == 302
    page = therapist_client.get(f"/couples/{couple.pk}/")
    assert page.context["due_session"] == 2
    assert "The check-in before session 2 is due" in page.content.decode()
    answered = answered_check_in(couple, (12, None))
    assert therapist_client.get(f"/couples/{couple.pk}/").context["due_session"] is None  # still waiting for B
    answered.close()
    assert therapist_client.get(f"/couples/{couple.pk}/").context["due_session"] == 3
    dashboard = therapist_client.get("/couples/").content.decode()
    assert "next one due" in dashboard


def test_follow_ups_open_three_and_six_months_after_the_last_session(
    therapist_client: Client, couple: Couple, partner_a: Partner
) -> None:
    last = timezone.localdate() + timedelta(days=7)
    response = _plan(therapist_client, couple, last_session_on=last.isoformat(), follow_up_3="on", follow_up_6="on")
    assert response.status_code == 302
    follow_ups = {c.months: c for c in couple.check_ins.filter(kind=CheckIn.Kind.FOLLOW_UP)}
    assert {m: c.opens_on for m, c in follow_ups.items()} == {3: add_months(last, 3), 6: add_months(last, 6)}
    page = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert "Follow-up at 3 months" in page and "opens" in page and 'id="checkin-link-' in page
    early = check_in_client(partner_a, follow_ups[3])
    assert "This check-in is not open yet" in early.get("/i/check-in/").content.decode()
    # The link lasts from the day it opens, not from today.
    expires = follow_ups[3].invitations.live().get(partner=partner_a).expires_at
    assert expires.date() >= add_months(last, 3)


def test_a_follow_up_without_the_last_session_is_refused(therapist_client: Client, couple: Couple) -> None:
    page = _plan(therapist_client, couple, follow_up_3="on")
    assert page.status_code == 200
    assert "Give the date of the last session" in page.content.decode()
    assert not CheckIn.objects.exists()


def test_a_bad_date_is_refused(therapist_client: Client, couple: Couple) -> None:
    page = _plan(therapist_client, couple, last_session_on="31/02/2027", follow_up_6="on")
    assert "Enter a date, for example 2027-03-31." in page.content.decode()
    assert not CheckIn.objects.exists()


def test_unticking_a_follow_up_nobody_opened_removes_it(therapist_client: Client, couple: Couple) -> None:
    last = timezone.localdate().isoformat()
    _plan(therapist_client, couple, last_session_on=last, follow_up_3="on", follow_up_6="on")
    _plan(therapist_client, couple, last_session_on=last, follow_up_6="on")
    assert list(couple.check_ins.values_list("months", flat=True)) == [6]


def test_follow_up_results_carry_the_note_on_the_post_therapy_dip(therapist_client: Client, couple: Couple) -> None:
    answered_check_in(couple, (10, 12), session_number=2)
    answered_check_in(couple, (9, 12), kind=CheckIn.Kind.FOLLOW_UP, months=3)
    page = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert "Satisfaction often dips in the months just after therapy ends and then recovers" in page
    assert "Christensen et al. 2006" in page


def test_a_partner_answers_a_follow_up_on_its_day(partner_a: Partner, couple: Couple) -> None:
    from clinic.outcomes.checkins import open_check_in

    today, _tokens = open_check_in(couple, None, CheckIn.Kind.FOLLOW_UP, months=6, opens_on=timezone.localdate())
    client = check_in_client(partner_a, today)
    assert client.post("/i/check-in/", check_in_data(total=15)).status_code == 303


def test_the_dashboard_counts_the_check_ins_still_waiting_for_an_answer(
    therapist_client: Client, couple: Couple
) -> None:
    """Waiting: open today and not yet answered by both. Answered by both, closed, or opening later: not waiting."""
    answered_check_in(couple, (None, None), session_number=2)  # nobody has answered
    answered_check_in(couple, (12, None), session_number=3)  # one partner has
    answered_check_in(couple, (12, 14), session_number=4)  # both have
    answered_check_in(couple, (None, None), session_number=5).close()
    answered_check_in(couple, (None, None), kind=CheckIn.Kind.FOLLOW_UP, months=3, opens_on=date(2099, 1, 1))
    page = therapist_client.get("/couples/")
    assert page.context["rows"][0].outcomes["waiting"] == 2
    assert "<dt>Check-ins waiting</dt> <dd>2</dd>" in page.content.decode()
