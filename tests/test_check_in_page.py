"""The partner's check-in: one short page on its own link, sent once; answers kept apart from the intake's, sealed
alike, and safety answers on the intake's route."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from clinic.models import AccessLog
from clinic.outcomes.checkins import open_check_in
from intake import helplines
from intake.checkins import CheckIn, CheckInAnswer, CheckInResponse
from intake.models import Couple, Invitation, Partner, SafetyAlert
from intake.views import RESPONSE_KEY, SESSION_KEY
from tests.check_in_steps import check_in_client, check_in_data
from tests.factories import submit_intake


def test_the_link_opens_the_check_in_page(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    assert client.get("/i/")["Location"] == "/i/check-in/"
    page = client.get("/i/check-in/")
    text = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Please indicate the degree of happiness, all things considered, of your relationship." in text
    assert "How helpful was our last session for you?" in text
    assert "Did you try the practice from the last session at home?" in text
    assert "Since your last session, have you felt afraid of your partner?" in text
    assert "Leave this page quickly" in text


def test_sending_locks_the_answers_and_keeps_the_csi4_total(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    response = client.post("/i/check-in/", check_in_data(total=14, checkin_note="Better week."))
    assert response.status_code == 303 and response["Location"] == "/i/check-in/sent/"
    saved = CheckInResponse.objects.get(check_in=check_in, partner=partner_a)
    assert saved.submitted_at is not None and saved.csi4_total == 14
    assert "your check-in is with your therapist" in client.get("/i/check-in/sent/").content.decode()
    assert client.get("/i/check-in/")["Location"] == "/i/check-in/sent/"
    again = client.post("/i/check-in/", check_in_data(total=2))
    assert again.status_code == 302 and CheckInResponse.objects.get(pk=saved.pk).csi4_total == 14


def test_answers_are_stored_apart_from_the_intake_and_sealed(partner_a: Partner, check_in: CheckIn) -> None:
    submit_intake(partner_a, pick=1)
    intake_before = dict(partner_a.answer_dict())
    client = check_in_client(partner_a, check_in)
    client.post("/i/check-in/", check_in_data(total=3, checkin_note="PLAINTEXT-CANARY"))
    assert partner_a.answer_dict() == intake_before
    with connection.cursor() as cursor:
        cursor.execute("SELECT item_key, value_int, sealed FROM intake_checkinanswer")
        rows = {key: (value, sealed) for key, value, sealed in cursor.fetchall()}
    assert rows["csi4_1"] == (3, "")
    assert rows["checkin_note"][0] is None and "PLAINTEXT-CANARY" not in rows["checkin_note"][1]
    assert rows["checkin_afraid"][0] is None and rows["checkin_afraid"][1]
    assert CheckInAnswer.objects.get(item_key="checkin_note").value == "PLAINTEXT-CANARY"


def test_missing_answers_keep_the_rest_and_say_what_is_missing(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    data = check_in_data()
    del data["csi4_2"], data["checkin_helpful"]
    page = client.post("/i/check-in/", data)
    assert page.status_code == 200
    assert "Some answers need another look" in page.content.decode()
    assert set(page.context["form"].errors) == {"csi4_2", "checkin_helpful"}
    response = CheckInResponse.objects.get(partner=partner_a)
    assert response.submitted_at is None and response.answer_dict()["csi4_1"] == 6


def test_a_post_no_browser_would_send_changes_nothing(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    for tampered in (check_in_data(p1_partner="3"), check_in_data(csi4_1="9"), check_in_data(checkin_note="x" * 501)):
        page = client.post("/i/check-in/", tampered)
        assert page.status_code == 200 and page.context["form"].errors
    assert not CheckInAnswer.objects.filter(item_key__in=["csi4_1", "checkin_note"]).exists()


def test_save_and_finish_later_keeps_the_answers_open(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    response = client.post("/i/check-in/", check_in_data(action="save", csi4_1="5"))
    assert response.status_code == 303 and response["Location"] == "/i/check-in/"
    page = client.get("/i/check-in/")
    assert 'id="id_csi4_1_5" checked' in page.content.decode()
    assert CheckInResponse.objects.get(partner=partner_a).submitted_at is None


def test_a_tier_a_answer_raises_an_alert_at_once_and_shows_help(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    response = client.post("/i/check-in/", check_in_data(action="save", checkin_violence="1"))
    assert response["Location"].startswith("/i/support/?next=")
    alert = SafetyAlert.objects.get(partner=partner_a)
    assert alert.response is not None and alert.response.check_in == check_in
    assert (alert.tier, alert.item_key) == ("a", "checkin_violence")
    support = client.get(response["Location"])
    assert support.status_code == 200 and "Support is available right now" in support.content.decode()


@pytest.mark.parametrize(
    ("key", "value", "tier"),
    [("checkin_private", "1", "b"), ("checkin_afraid", "9", "b"), ("checkin_selfharm", "1", "self_harm")],
)
def test_each_screen_item_raises_its_tier(
    partner_a: Partner, check_in: CheckIn, key: str, value: str, tier: str
) -> None:
    overrides: dict[str, Any] = {key: value}
    check_in_client(partner_a, check_in).post("/i/check-in/", check_in_data(**overrides))
    assert list(SafetyAlert.objects.values_list("tier", flat=True)) == [tier]


def test_a_saved_safety_answer_is_never_shown_again(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    client.post("/i/check-in/", check_in_data(action="save", checkin_afraid="1"))
    page = client.get("/i/check-in/").content.decode()
    assert 'id="kept-answers"' in page
    assert not re.search(r'name="checkin_(afraid|violence|selfharm|private)" [^>]*checked', page)
    assert re.search(r'name="checkin_practice" [^>]*checked', page)  # the rest is shown as saved
    # Sending without answering them again keeps them: nothing is cleared, and the alert stays.
    safety = {"checkin_afraid", "checkin_violence", "checkin_selfharm", "checkin_private"}
    client.post("/i/check-in/", {k: v for k, v in check_in_data().items() if k not in safety})
    response = CheckInResponse.objects.get(partner=partner_a)
    assert response.submitted_at is not None and response.answer_dict()["checkin_afraid"] == 1
    assert SafetyAlert.objects.get(partner=partner_a).withdrawn_at is None


def test_a_check_in_alert_never_withdraws_the_intakes(partner_a: Partner, check_in: CheckIn) -> None:
    submit_intake(partner_a, safety={"safety_afraid": 1})
    client = check_in_client(partner_a, check_in)
    client.post("/i/check-in/", check_in_data(checkin_afraid="0"))
    assert SafetyAlert.objects.get(partner=partner_a, response=None).withdrawn_at is None


def test_the_partner_answers_are_logged_without_their_content(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    client.post("/i/check-in/", check_in_data(checkin_note="Words"))
    logged = list(AccessLog.objects.filter(partner_role="a").values_list("action", "detail"))
    assert ("open_link", "check-in before session 3") in logged
    assert ("save_check_in", "check-in before session 3") in logged
    assert ("submit_check_in", "check-in before session 3") in logged


def test_a_check_in_opens_on_its_day(partner_a: Partner, couple: Couple) -> None:
    from datetime import timedelta

    from django.utils import timezone

    later, _tokens = open_check_in(
        couple, couple.therapist, CheckIn.Kind.FOLLOW_UP, months=3, opens_on=timezone.localdate() + timedelta(days=30)
    )
    client = check_in_client(partner_a, later)
    page = client.get("/i/check-in/")
    assert "This check-in is not open yet" in page.content.decode()
    assert client.post("/i/check-in/", check_in_data()).status_code == 200
    assert not CheckInAnswer.objects.exists()


def _page(client: Client) -> str:
    html = client.get("/i/check-in/").content.decode()
    html = re.sub(r'data-remaining="\d+"', "", html)  # the seconds the session has left differ request to request
    return "\n".join(line for line in html.splitlines() if "csrfmiddlewaretoken" not in line)


def test_the_other_partners_page_is_the_same_whatever_was_answered(
    partner_a: Partner, partner_b: Partner, check_in: CheckIn
) -> None:
    b = check_in_client(partner_b, check_in)
    before = _page(b)
    answers = check_in_data(total=3, checkin_note="A-PRIVATE-LINE", checkin_afraid="1", checkin_selfharm="1")
    check_in_client(partner_a, check_in).post("/i/check-in/", answers)
    after = _page(b)
    assert after == before and "A-PRIVATE-LINE" not in after


def test_an_intake_session_stays_on_the_intake_and_a_check_in_session_on_the_check_in(
    client_a: Client, partner_a: Partner, check_in: CheckIn
) -> None:
    assert client_a.get("/i/check-in/")["Location"] == "/i/"
    checking = check_in_client(partner_a, check_in)
    for path in ("/i/welcome/", "/i/step/1/", "/i/review/", "/i/done/"):
        assert checking.get(path)["Location"] == "/i/check-in/", path


def test_the_pages_fixed_parts_follow_the_language_and_the_practice_settings(
    partner_a: Partner, check_in: CheckIn, settings: Any
) -> None:
    # The safety help, the crisis box and the language buttons are written once per language and settings
    # (intake/templatetags/fixed_parts.py): a changed language, list or promise is written afresh.
    client = check_in_client(partner_a, check_in)
    html = _page(client)
    assert "Emergency services" in html and 'value="ar"' in html and 'value="en"' not in html
    assert "before your next session" in html and "contact you today" not in html
    settings.ATTUNE_SAME_DAY_FOLLOW_UP = True
    settings.ATTUNE_HELPLINES = helplines.load("uk")
    html = _page(client)
    assert "contact you today" in html and "0808 2000 247" in html and "1-800-799-7233" not in html
    Partner.objects.filter(pk=partner_a.pk).update(language="ar")
    with translation.override("ar"):
        arabic = gettext("Helplines you can call")
    html = _page(client)
    assert arabic in html and "Helplines you can call" not in html and 'value="en"' in html and 'value="ar"' not in html


def test_only_parts_without_anyones_data_are_kept() -> None:
    with pytest.raises(TemplateSyntaxError, match="not a fixed part"):
        Template('{% load fixed_parts %}{% fixed_part "intake/check_in.html" %}').render(Context({}))


def _forget_response(client: Client, response_id: Any = None) -> None:
    """The session as one opened before the response was kept in it, or (`response_id`) holding another's."""
    session = client.session
    session.pop(RESPONSE_KEY, None)
    if response_id is not None:
        session[RESPONSE_KEY] = response_id
    session.save()


def test_a_session_without_its_response_kept_finds_it_and_keeps_it(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    client.post("/i/check-in/", check_in_data(total=14, checkin_note="MY-OWN-NOTE", action="save"))
    _forget_response(client)
    assert "MY-OWN-NOTE" in _page(client)
    assert client.session[RESPONSE_KEY] == CheckInResponse.objects.get(partner=partner_a).pk
    with CaptureQueriesContext(connection) as captured:
        assert "MY-OWN-NOTE" in _page(client)
    assert len(captured) == 3  # the session, the response with its link, its answers


def test_a_response_kept_from_another_link_is_never_shown(
    partner_a: Partner, partner_b: Partner, check_in: CheckIn
) -> None:
    check_in_client(partner_b, check_in).post("/i/check-in/", check_in_data(checkin_note="B-PRIVATE", action="save"))
    theirs = CheckInResponse.objects.get(partner=partner_b)
    client = check_in_client(partner_a, check_in)
    _forget_response(client, theirs.pk)
    html = _page(client)
    assert "B-PRIVATE" not in html and "Hello <bdi>Sam</bdi>" in html
    assert client.session[RESPONSE_KEY] == CheckInResponse.objects.get(partner=partner_a).pk


def test_an_expired_check_in_link_ends_the_page_whatever_the_session_kept(
    partner_a: Partner, check_in: CheckIn
) -> None:
    client = check_in_client(partner_a, check_in)
    assert client.get("/i/check-in/").status_code == 200
    Invitation.objects.filter(check_in=check_in).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get("/i/check-in/")
    assert page.status_code == 404 and "Hello" not in page.content.decode()
    assert RESPONSE_KEY not in client.session and SESSION_KEY not in client.session
