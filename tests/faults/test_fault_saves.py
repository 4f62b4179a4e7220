"""A partner's save when the database cannot take it (full, read-only, locked): the page comes back with
everything typed and a calm 503 to try again, never a 500 and never an empty form; pressing the button
again once the fault has passed saves it all. Other pages answer 503 too, or keep working."""

import logging
import re
import time

import pytest
from django.test import Client

from intake.models import Couple, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.factories import issue_link
from tests.faults.conftest import Fault, read_only
from tests.intake_steps import consent, step_data

pytestmark = pytest.mark.django_db(transaction=True)

THOUGHTS = next(n for n, s in enumerate(QUESTIONNAIRE.sections, 1) if s.key == "thoughts")
# Near the 2,000-character limit: sealed, each answer fills most of a database page.
REASON = "I want us to talk again & to be <heard>. " * 48
HOPE = "That we find our way back to each other. " * 48


def _browser(partner: Partner) -> Client:
    client = partner_client(partner)
    client.raise_request_exception = False  # as a real server does: the error page, not the exception
    consent(client)
    return client


def _expect_503s(caplog: pytest.LogCaptureFixture, count: int) -> None:
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == count and all(e.startswith("Service Unavailable") for e in errors), errors
    caplog.clear()  # the 503s are logged as errors for the operator, as they should be


def test_a_step_that_cannot_be_saved_comes_back_with_everything_typed(
    partner_a: Partner, fault: Fault, caplog: pytest.LogCaptureFixture
) -> None:
    client = _browser(partner_a)
    typed = step_data(QUESTIONNAIRE.sections[THOUGHTS - 1], free_reason=REASON, free_hope=HOPE)
    with fault(partner_a):
        response = client.post(f"/i/step/{THOUGHTS}/", typed)
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "This page is not saved yet" in html and "press the same button again" in html
    assert REASON.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html
    assert HOPE.strip() in html
    assert partner_a.answer_dict() == {}
    retried = client.post(f"/i/step/{THOUGHTS}/", typed)
    assert retried.status_code == 303
    assert partner_a.answer_dict() == {"free_reason": REASON.strip(), "free_hope": HOPE.strip()}
    _expect_503s(caplog, 1)


def test_chosen_answers_stay_chosen_when_a_save_fails(partner_a: Partner, caplog: pytest.LogCaptureFixture) -> None:
    client = _browser(partner_a)
    first = QUESTIONNAIRE.sections[0]
    typed = step_data(first, pick=3)
    with read_only(partner_a):
        html = client.post("/i/step/1/", typed).content.decode()
    for item in first.items:
        chosen = re.findall(rf'name="{item.key}" value="(\d)" id="[^"]+" checked', html)
        assert chosen == [typed[item.key]], item.key
    _expect_503s(caplog, 1)


def test_pages_keep_opening_while_the_database_is_read_only(
    partner_a: Partner, caplog: pytest.LogCaptureFixture
) -> None:
    client = _browser(partner_a)
    session = client.session
    session["intake_seen_at"] = time.time() - 60  # the next page wants to note the partner is still here
    session.save()
    with read_only(partner_a):
        assert client.get("/i/step/1/").status_code == 200
        assert client.get("/i/review/").status_code == 200
    assert any("session update was skipped" in r.getMessage() for r in caplog.records)


def test_other_writes_answer_a_calm_503_not_a_500(
    couple: Couple, therapist_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    partner_b = couple.partner_b
    fresh = Client(raise_request_exception=False)
    token = issue_link(partner_b)
    therapist = Client(raise_request_exception=False)
    therapist.force_login(couple.therapist)
    with read_only(partner_b):
        opened = fresh.get(f"/i/{token}/")
        new = {
            "partner_a_name": "Kim",
            "partner_b_name": "Lee",
            "partner_a_pronouns": "she",
            "partner_b_pronouns": "he",
        }
        created = therapist.post("/couples/new/", new)
    assert opened.status_code == 503 and "Leave this page quickly" in opened.content.decode()
    assert "Answers you saved before are safe" in opened.content.decode()
    assert created.status_code == 503 and "Nothing was changed" in created.content.decode()
    assert "no-store" in opened["Cache-Control"]
    assert fresh.get(f"/i/{token}/").status_code == 303  # the same link works once the fault has passed
    _expect_503s(caplog, 2)


def test_sending_the_answers_during_a_fault_sends_nothing_and_can_be_repeated(
    partner_a: Partner, caplog: pytest.LogCaptureFixture
) -> None:
    client = _browser(partner_a)
    for number, section in enumerate(QUESTIONNAIRE.sections, start=1):
        assert client.post(f"/i/step/{number}/", step_data(section)).status_code == 303
    with read_only(partner_a):
        refused = client.post("/i/review/")
    assert refused.status_code == 503
    partner_a.refresh_from_db()
    assert partner_a.submitted_at is None
    assert client.post("/i/review/")["Location"] == "/i/done/"
    _expect_503s(caplog, 1)
