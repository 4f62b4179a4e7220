"""Where a partner could trip: the consent error announced at the top, a page without a session saying what is
true, a step opened from the review going straight back to it, and "I'd rather not say" where it is offered."""

import re
import time
from typing import Any

import pytest
from django.test import Client

from intake.models import Partner
from intake.questionnaire import DECLINE_VALUE, QUESTIONNAIRE
from tests.factories import issue_link
from tests.intake_steps import answer_steps, consent, step_data

RESUME = "open the link from your therapist"
DEAD = "This link is not valid — ask your therapist for a new one."


def _step_of(section_key: str) -> int:
    return QUESTIONNAIRE.sections.index(QUESTIONNAIRE.section(section_key)) + 1


def test_the_consent_error_is_announced_above_the_page_and_linked_to_the_box(
    client_a: Client, partner_a: Partner
) -> None:
    response = client_a.post("/i/welcome/", {})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Error: Before you start", html)
    summary = html.index('id="error-summary"')
    assert summary < html.index("What we ask") < html.index('name="agree"')
    assert 'href="#id_agree"' in html[summary:] and "autofocus" in html[summary - 120 : summary + 80]
    partner_a.refresh_from_db()
    assert partner_a.started_at is None


def test_the_consent_page_has_no_error_summary_before_a_try(client_a: Client) -> None:
    assert 'id="error-summary"' not in client_a.get("/i/welcome/").content.decode()


@pytest.mark.parametrize("path", ["/i/", "/i/step/5/", "/i/review/", "/i/welcome/", "/i/done/"])
def test_an_address_without_a_session_says_the_link_resumes(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 404 and "no-store" in response["Cache-Control"]
    assert "Your session has ended" in html and RESUME in html and "Everything you saved is kept." in html
    assert DEAD not in html


def test_after_leaving_quickly_the_step_address_says_the_link_resumes(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    answer_steps(client_a, last=4)
    client_a.get("/i/leave/")
    html = client_a.get("/i/step/5/").content.decode()
    assert RESUME in html and DEAD not in html
    again = Client()
    again.get(f"/i/{issue_link(partner_a)}/")
    assert again.get("/i/")["Location"] == "/i/step/5/"


def test_a_session_closed_for_inactivity_says_why(client_a: Client, settings: Any) -> None:
    consent(client_a)
    session = client_a.session
    session["intake_seen_at"] = time.time() - settings.ATTUNE_INTAKE_IDLE_SECONDS - 1
    session.save()
    response = client_a.get("/i/step/1/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "closes after a while without activity" in html and RESUME in html


def test_only_a_link_that_died_under_the_session_asks_for_a_new_one(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    partner_a.invitations.get().revoke()
    response = client_a.get("/i/step/1/")
    assert response.status_code == 404 and DEAD in response.content.decode()


def test_review_change_links_open_the_step_for_a_return_to_the_review(client_a: Client) -> None:
    consent(client_a)
    answer_steps(client_a)
    html = client_a.get("/i/review/").content.decode()
    assert 'href="/i/step/3/?from=review"' in html
    step = client_a.get("/i/step/3/?from=review").content.decode()
    assert step.index("Save and return to the review") < step.index(">Next<")
    assert "Save and return to the review" not in client_a.get("/i/step/3/").content.decode()


def test_save_and_return_stores_the_change_and_goes_back_to_that_section(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    answer_steps(client_a)
    section = QUESTIONNAIRE.sections[0]
    response = client_a.post("/i/step/1/?from=review", step_data(section, pick=4, action="review"))
    assert response.status_code == 303 and response["Location"] == "/i/review/#review-1"
    assert all(partner_a.answer_dict()[item.key] == 5 for item in section.items)


def test_save_and_return_with_a_missing_answer_stays_with_the_error_and_the_button(
    client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    answer_steps(client_a, last=1)
    data = step_data(QUESTIONNAIRE.sections[1], action="review")
    del data["p2_self"]
    response = client_a.post("/i/step/2/?from=review", data)
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_p2_self_0"' in html
    assert "Save and return to the review" in html
    partner_a.refresh_from_db()
    assert partner_a.step_reached == 2 and "p1_self" in partner_a.answer_dict()


def test_a_missing_answer_on_the_review_links_back_for_a_return(client_a: Client) -> None:
    consent(client_a)
    answer_steps(client_a, last=2)
    response = client_a.post("/i/review/")
    html = response.content.decode()
    assert 'id="error-summary"' in html and "autofocus" in html
    assert f'href="/i/step/3/?from=review#div_id_{QUESTIONNAIRE.sections[2].items[0].key}"' in html


def test_i_would_rather_not_say_is_offered_on_own_experience_and_context_only(client_a: Client) -> None:
    consent(client_a)
    for key in ("experience", "context"):
        html = client_a.get(f"/i/step/{_step_of(key)}/").content.decode()
        count = len(QUESTIONNAIRE.section(key).items)
        assert html.count(f'value="{DECLINE_VALUE}"') == html.count("I&#x27;d rather not say") == count, key
        assert "Any question on this page can be answered" in html, key
        assert len(re.findall(r"class=\"mb-4 question[\w -]* has-decline\"", html)) == count, key
    for key in ("partner", "csi4"):
        html = client_a.get(f"/i/step/{_step_of(key)}/").content.decode()
        assert "rather not say" not in html, key


def test_i_would_rather_not_say_is_saved_and_shown_on_the_review(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    number = _step_of("experience")
    answer_steps(client_a, last=number - 1)
    data = step_data(QUESTIONNAIRE.section("experience"), o4=str(DECLINE_VALUE))
    assert client_a.post(f"/i/step/{number}/", data).status_code == 303
    assert partner_a.answer_dict()["o4"] == DECLINE_VALUE
    assert "I&#x27;d rather not say" in client_a.get("/i/review/").content.decode()
