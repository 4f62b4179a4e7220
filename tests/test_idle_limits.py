"""The idle limits, warned about and survivable: asking how long is left is not activity, "Keep working" extends a
session, and a partner's typing posted as a draft goes through the step's own save path (never submitted, the
step not counted done), refused as a bad save would be."""

import time
from typing import Any

import pytest
from django.test import Client

from clinic.accounts.timeouts import SEEN, STARTED
from clinic.outcomes.checkins import open_check_in
from intake.checkins import CheckInResponse
from intake.models import Couple, Partner
from intake.questionnaire import QUESTIONNAIRE
from intake.views import SEEN_KEY
from tests.check_in_steps import check_in_client
from tests.intake_steps import answer_steps, complete_intake, consent, step_data

LAST = QUESTIONNAIRE.step_count
WORDS = "We used to talk every evening."


def age_session(client: Client, key: str, seconds: float) -> float:
    """Make the session's last activity `seconds` ago; return that time."""
    session = client.session
    session[key] = then = time.time() - seconds
    session.save()
    return then


def test_asking_how_long_is_left_is_not_activity(client_a: Client, settings: Any) -> None:
    consent(client_a)
    then = age_session(client_a, SEEN_KEY, 600)
    answer = client_a.get("/i/still-here/")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert (
        settings.ATTUNE_INTAKE_IDLE_SECONDS - 602
        <= answer.json()["remaining"]
        <= settings.ATTUNE_INTAKE_IDLE_SECONDS - 599
    )
    assert client_a.session[SEEN_KEY] == then


def test_keep_working_extends_the_partners_session(client_a: Client, settings: Any) -> None:
    consent(client_a)
    age_session(client_a, SEEN_KEY, settings.ATTUNE_INTAKE_IDLE_SECONDS - 5)
    answer = client_a.post("/i/still-here/", {"extend": "1"})
    assert answer.json()["saved"] is None and answer.json()["remaining"] >= settings.ATTUNE_INTAKE_IDLE_SECONDS - 1
    assert "closes after a while" not in client_a.get("/i/step/1/").content.decode()


def test_a_draft_keeps_typed_text_without_submitting_or_moving_on(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    answer_steps(client_a, last=LAST - 1)
    data = {"step": str(LAST), "extend": "0", "free_reason": WORDS}
    answer = client_a.post("/i/still-here/", data)
    assert answer.json()["saved"] is True
    partner_a.refresh_from_db()
    assert partner_a.answer_dict()["free_reason"] == WORDS
    assert partner_a.step_reached == LAST and partner_a.submitted_at is None
    assert WORDS in client_a.get(f"/i/step/{LAST}/").content.decode()  # shown again when the partner comes back


def test_a_draft_without_extend_leaves_the_clock_alone(client_a: Client) -> None:
    consent(client_a)
    then = age_session(client_a, SEEN_KEY, 100)
    client_a.post("/i/still-here/", {"step": "1", "extend": "0", **step_data(QUESTIONNAIRE.sections[0])})
    assert client_a.session[SEEN_KEY] == then


@pytest.mark.parametrize("step", ["", "x", "0", str(LAST + 1)])
def test_a_draft_for_no_real_step_keeps_nothing(client_a: Client, partner_a: Partner, step: str) -> None:
    consent(client_a)
    answer = client_a.post("/i/still-here/", {"step": step, "free_reason": WORDS})
    assert answer.status_code == 200 and answer.json()["saved"] is None
    assert partner_a.answer_dict() == {}


def test_a_draft_with_an_answer_off_the_scale_is_refused_and_changes_nothing(
    client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    first = QUESTIONNAIRE.sections[0]
    answer = client_a.post("/i/still-here/", {"step": "1", first.items[0].key: "77"})
    assert answer.status_code == 200 and answer.json()["saved"] is False
    assert partner_a.answer_dict() == {}


def test_a_submitted_intake_takes_no_draft(client_a: Client, partner_a: Partner) -> None:
    complete_intake(client_a)
    before = partner_a.answer_dict()
    answer = client_a.post("/i/still-here/", {"step": str(LAST), "free_reason": "changed afterwards"})
    assert answer.json()["saved"] is None and partner_a.answer_dict() == before


def test_without_a_partner_session_there_is_nothing_to_keep(client: Client, therapist_client: Client) -> None:
    for outsider in (client, therapist_client):
        assert outsider.post("/i/still-here/", {"step": "1"}).status_code == 404


def test_one_partners_draft_never_touches_the_other(client_a: Client, client_b: Client, partner_b: Partner) -> None:
    consent(client_a)
    consent(client_b)
    client_a.post("/i/still-here/", {"step": str(LAST), "free_reason": WORDS})
    assert partner_b.answer_dict() == {}
    assert WORDS not in client_b.get(f"/i/step/{LAST}/").content.decode()


def test_the_consent_page_states_the_limit(client_a: Client, settings: Any) -> None:
    settings.ATTUNE_INTAKE_IDLE_SECONDS = 45 * 60
    html = client_a.get("/i/welcome/").content.decode()
    assert "closes after 45 minutes without activity" in html


def test_partner_pages_carry_the_warning_and_its_numbers(client_a: Client, settings: Any) -> None:
    settings.ATTUNE_INTAKE_IDLE_SECONDS, settings.ATTUNE_IDLE_WARNING_SECONDS = 600, 120
    consent(client_a)
    html = client_a.get("/i/step/1/").content.decode()
    assert 'id="idle-warning"' in html and 'data-warn="120"' in html and 'action="/i/still-here/"' in html
    assert "this page closes in about 2 minutes unless you keep working" in html


# The therapist's side --------------------------------------------------------------------------------------


def test_a_therapist_asking_how_long_is_left_does_not_extend(therapist_client: Client, settings: Any) -> None:
    therapist_client.get("/couples/")
    then = age_session(therapist_client, SEEN, 300)
    answer = therapist_client.get("/accounts/still-here/")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert abs(answer.json()["remaining"] - (settings.ATTUNE_IDLE_TIMEOUT_SECONDS - 300)) <= 2
    assert therapist_client.session[SEEN] == then


def test_keep_working_extends_a_therapists_session(therapist_client: Client, settings: Any) -> None:
    therapist_client.get("/couples/")
    age_session(therapist_client, SEEN, settings.ATTUNE_IDLE_TIMEOUT_SECONDS - 3)
    answer = therapist_client.post("/accounts/still-here/")
    assert answer.json()["remaining"] >= settings.ATTUNE_IDLE_TIMEOUT_SECONDS - 1
    assert therapist_client.get("/couples/").status_code == 200


def test_after_the_limit_the_therapist_must_sign_in_again(therapist_client: Client, settings: Any) -> None:
    therapist_client.get("/couples/")
    age_session(therapist_client, SEEN, settings.ATTUNE_IDLE_TIMEOUT_SECONDS + 1)
    answer = therapist_client.post("/accounts/still-here/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


def test_therapist_pages_carry_the_warning(therapist_client: Client) -> None:
    html = therapist_client.get("/couples/").content.decode()
    assert 'action="/accounts/still-here/"' in html and "you will be signed out in about 2 minutes" in html


def test_anonymous_pages_carry_no_warning(client: Client) -> None:
    assert "idle-warning" not in client.get("/accounts/login/").content.decode()


def test_a_check_in_draft_keeps_the_typed_note_without_sending(partner_a: Partner, couple: Couple) -> None:
    check_in, _tokens = open_check_in(couple, couple.therapist, session_number=2)
    client = check_in_client(partner_a, check_in)
    client.get("/i/check-in/")
    data = {"page": "check-in", "extend": "0", "checkin_note": WORDS}
    assert client.post("/i/still-here/", data).json()["saved"] is True
    response = CheckInResponse.objects.get(partner=partner_a)
    assert response.answer_dict()["checkin_note"] == WORDS and response.submitted_at is None
    assert WORDS in client.get("/i/check-in/").content.decode()


# Without JavaScript: a page sent just after the limit ------------------------------------------------------


def test_a_step_sent_after_the_limit_is_kept_and_the_closed_page_says_so(
    client_a: Client, partner_a: Partner, settings: Any
) -> None:
    consent(client_a)
    answer_steps(client_a, last=LAST - 1)
    age_session(client_a, SEEN_KEY, settings.ATTUNE_INTAKE_IDLE_SECONDS + 5)
    response = client_a.post(f"/i/step/{LAST}/", {"free_reason": WORDS, "action": "next"})
    html = response.content.decode()
    assert response.status_code == 200 and "closes after a while without activity" in html
    assert "What you had entered on the page you just sent is kept too." in html and WORDS not in html
    partner_a.refresh_from_db()
    assert partner_a.answer_dict()["free_reason"] == WORDS and partner_a.step_reached == LAST
    assert client_a.get(f"/i/step/{LAST}/").status_code == 404  # the session stays closed


def test_a_bad_step_sent_after_the_limit_keeps_nothing(client_a: Client, partner_a: Partner, settings: Any) -> None:
    consent(client_a)
    age_session(client_a, SEEN_KEY, settings.ATTUNE_INTAKE_IDLE_SECONDS + 5)
    first = QUESTIONNAIRE.sections[0]
    response = client_a.post("/i/step/1/", {first.items[0].key: "77", "action": "next"})
    assert "is kept too" not in response.content.decode() and partner_a.answer_dict() == {}


def test_a_step_sent_after_the_link_was_revoked_keeps_nothing(
    client_a: Client, partner_a: Partner, settings: Any
) -> None:
    consent(client_a)
    age_session(client_a, SEEN_KEY, settings.ATTUNE_INTAKE_IDLE_SECONDS + 5)
    partner_a.invitations.get().revoke()
    client_a.post(f"/i/step/{LAST}/", {"free_reason": WORDS, "action": "next"})
    assert partner_a.answer_dict() == {}


def test_a_check_in_sent_after_the_limit_is_kept_not_sent(partner_a: Partner, couple: Couple, settings: Any) -> None:
    check_in, _tokens = open_check_in(couple, couple.therapist, session_number=2)
    client = check_in_client(partner_a, check_in)
    client.get("/i/check-in/")
    age_session(client, SEEN_KEY, settings.ATTUNE_INTAKE_IDLE_SECONDS + 5)
    response = client.post("/i/check-in/", {"checkin_note": WORDS, "action": "next"})
    assert "is kept too" in response.content.decode()
    kept = CheckInResponse.objects.get(partner=partner_a)
    assert kept.answer_dict()["checkin_note"] == WORDS and kept.submitted_at is None


# The therapist's fixed session lifetime ------------------------------------------------------------------------


def test_the_status_reports_the_fixed_end_when_it_comes_first(therapist_client: Client, settings: Any) -> None:
    therapist_client.get("/couples/")
    session = therapist_client.session
    session[STARTED] = time.time() - settings.ATTUNE_SESSION_MAX_SECONDS + 100  # 100 s of the lifetime left
    session.save()
    answer = therapist_client.get("/accounts/still-here/").json()
    assert answer["final"] is True and 98 <= answer["remaining"] <= 100
    kept_working = therapist_client.post("/accounts/still-here/").json()  # nothing extends it
    assert kept_working["final"] is True and kept_working["remaining"] <= 100


def test_the_status_reports_the_idle_limit_while_it_comes_first(therapist_client: Client, settings: Any) -> None:
    therapist_client.get("/couples/")
    answer = therapist_client.get("/accounts/still-here/").json()
    assert answer["final"] is False and answer["remaining"] >= settings.ATTUNE_IDLE_TIMEOUT_SECONDS - 2


def test_pages_near_the_fixed_end_carry_its_warning_without_keep_working(
    therapist_client: Client, settings: Any
) -> None:
    settings.TIME_ZONE = "UTC"
    therapist_client.get("/couples/")
    session = therapist_client.session
    session[STARTED] = started = time.time() - settings.ATTUNE_SESSION_MAX_SECONDS + 100
    session.save()
    html = therapist_client.get("/couples/").content.decode()
    ends = time.strftime("%H:%M", time.gmtime(started + settings.ATTUNE_SESSION_MAX_SECONDS))
    assert 'data-final="1"' in html and f"your session ends at {ends}" in html
    assert "it cannot be extended" in html
    assert "<div data-idle-part hidden>" in html  # "Keep working" is in the hidden part
    assert "Finish what you are doing; you can sign in again straight away." in html


def test_the_fixed_end_signs_out_whatever_is_done(therapist_client: Client, settings: Any) -> None:
    therapist_client.get("/couples/")
    session = therapist_client.session
    session[STARTED] = time.time() - settings.ATTUNE_SESSION_MAX_SECONDS - 1
    session.save()
    response = therapist_client.post("/accounts/still-here/", follow=True)
    assert "Your session reached its maximum length" in response.content.decode()


def test_partner_pages_have_no_fixed_end(client_a: Client) -> None:
    consent(client_a)
    html = client_a.get("/i/step/1/").content.decode()
    assert 'data-final="0"' in html and "data-final-part" not in html
