"""A partner's whole intake through their private link: consent, steps, review, submit."""

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from intake.models import Partner
from intake.questionnaire import QUESTIONNAIRE, SAFETY_SELF_HARM_KEY
from tests.conftest import partner_client
from tests.factories import issue_link
from tests.intake_steps import answer_steps, complete_intake, consent, step_data

STEPS = QUESTIONNAIRE.step_count


def test_first_visit_asks_for_consent(client_a: Client, partner_a: Partner) -> None:
    response = client_a.get("/i/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/i/welcome/"
    assert "Your partner never sees your answers" in html
    assert "kept for up to 7 years" in html


def test_consent_is_required(client_a: Client, partner_a: Partner) -> None:
    response = client_a.post("/i/welcome/", {})
    assert response.status_code == 200
    assert "Please tick the box" in response.content.decode()
    assert client_a.get("/i/step/1/").status_code == 302  # back to consent
    partner_a.refresh_from_db()
    assert partner_a.started_at is None


def test_consent_starts_the_intake_on_the_current_version(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    partner_a.refresh_from_db()
    assert partner_a.status == Partner.Status.STARTED
    assert partner_a.questionnaire_version == QUESTIONNAIRE.version
    assert client_a.get("/i/")["Location"] == "/i/step/1/"


def test_each_step_shows_progress_and_fieldsets(client_a: Client) -> None:
    consent(client_a)
    html = client_a.get("/i/step/3/").content.decode()
    assert f"Step 3 of {STEPS}" in html
    assert html.count("<fieldset") == len(QUESTIONNAIRE.sections[2].items)
    assert html.count("<legend") == len(QUESTIONNAIRE.sections[2].items)


def test_pages_are_never_cached(client_a: Client) -> None:
    consent(client_a)
    for path in ("/i/step/1/", "/i/review/", "/i/welcome/"):
        assert "no-store" in client_a.get(path)["Cache-Control"], path


def test_next_saves_the_step_and_moves_on(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    section = QUESTIONNAIRE.sections[0]
    response = client_a.post("/i/step/1/", step_data(section, pick=3))
    assert response.status_code == 303 and response["Location"] == "/i/step/2/"
    assert partner_a.answer_dict() == {item.key: 4 for item in section.items}


def test_missing_answers_keep_the_valid_ones_and_show_linked_errors(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    data = step_data(QUESTIONNAIRE.sections[0])
    del data["p3_partner"]
    response = client_a.post("/i/step/1/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_p3_partner_0"' in html and "Please choose an answer." in html
    assert "Your other answers on this page are saved." in html
    assert len(partner_a.answer_dict()) == len(QUESTIONNAIRE.sections[0].items) - 1
    partner_a.refresh_from_db()
    assert partner_a.step_reached == 1


def test_back_and_save_keep_partial_answers_without_complaint(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    response = client_a.post("/i/step/2/", {"p1_self": "2", "action": "back"})
    assert response.status_code == 303 and response["Location"] == "/i/step/1/"
    response = client_a.post("/i/step/2/", {"p2_self": "5", "action": "save"}, follow=True)
    assert "Your answers on this page are saved" in response.content.decode()
    assert partner_a.answer_dict() == {"p1_self": 2, "p2_self": 5}


def test_saved_answers_are_shown_again(client_a: Client) -> None:
    consent(client_a)
    client_a.post("/i/step/1/", step_data(QUESTIONNAIRE.sections[0], pick=4))
    html = client_a.get("/i/step/1/").content.decode()
    assert 'value="5" id="id_p1_partner_4" checked' in html
    assert html.count(" checked") == len(QUESTIONNAIRE.sections[0].items)


def test_leaving_midway_and_returning_with_the_link_resumes(partner_a: Partner) -> None:
    first = partner_client(partner_a)
    consent(first)
    answer_steps(first, last=4)
    # A new browser (or an expired session) opens a new link: it continues at step 5.
    again = Client()
    again.get(f"/i/{issue_link(partner_a)}/")
    assert again.get("/i/")["Location"] == "/i/step/5/"
    assert len(partner_a.answer_dict()) == sum(len(s.items) for s in QUESTIONNAIRE.sections[:4])


def test_resuming_after_the_session_expired(partner_a: Partner, client_a: Client) -> None:
    consent(client_a)
    answer_steps(client_a, last=2)
    client_a.session.flush()  # what an expired session looks like to the server
    client_a.cookies.clear()
    assert client_a.get("/i/step/3/").status_code == 404
    token = issue_link(partner_a)
    client_a.get(f"/i/{token}/")
    assert client_a.get("/i/")["Location"] == "/i/step/3/"


def test_review_lists_answers_with_change_links_but_hides_safety_answers(client_a: Client) -> None:
    consent(client_a)
    answer_steps(client_a)
    html = client_a.get("/i/review/").content.decode()
    assert "My own words for free_reason." in html
    assert 'href="/i/step/1/?from=review"' in html
    safety_texts = [item.text for item in QUESTIONNAIRE.section("safety").items]
    assert not any(text in html for text in safety_texts)
    assert "private section" in html


def test_submit_requires_every_required_answer(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    answer_steps(client_a, last=3)
    response = client_a.post("/i/review/")
    assert response.status_code == 200
    assert "still need an answer" in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.submitted_at is None


def test_submit_locks_the_intake(client_a: Client, partner_a: Partner) -> None:
    complete_intake(client_a)
    partner_a.refresh_from_db()
    assert partner_a.status == Partner.Status.SUBMITTED
    before = partner_a.answer_dict()
    done = client_a.get("/i/done/").content.decode()
    assert "your answers are with your therapist" in done
    # Back button, re-post, double submit: nothing changes.
    assert client_a.get("/i/step/1/")["Location"] == "/i/done/"
    response = client_a.post("/i/step/1/", step_data(QUESTIONNAIRE.sections[0], pick=4))
    assert response["Location"] == "/i/done/"
    submitted_at = partner_a.submitted_at
    assert client_a.post("/i/review/")["Location"] == "/i/done/"
    partner_a.refresh_from_db()
    assert partner_a.submitted_at == submitted_at
    assert partner_a.answer_dict() == before


def test_self_harm_answer_shows_crisis_resources_at_once(client_a: Client) -> None:
    consent(client_a)
    number = [s.key for s in QUESTIONNAIRE.sections].index("safety") + 1
    data = step_data(QUESTIONNAIRE.sections[number - 1], 0, "next", **{SAFETY_SELF_HARM_KEY: "1"})
    response = client_a.post(f"/i/step/{number}/", data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[0][0].startswith("/i/support/")
    assert "988" in html and "Samaritans" in html
    assert f'href="/i/step/{number + 1}/"' in html


def test_support_page_ignores_offsite_next(client_a: Client) -> None:
    consent(client_a)
    html = client_a.get("/i/support/?next=https://evil.example/").content.decode()
    assert "evil.example" not in html


def test_safety_step_has_a_quick_exit(client_a: Client) -> None:
    consent(client_a)
    number = [s.key for s in QUESTIONNAIRE.sections].index("safety") + 1
    html = client_a.get(f"/i/step/{number}/").content.decode()
    assert "data-quick-exit" in html and "Leave this page quickly" in html


def test_therapist_sees_progress_but_no_answers(therapist_client: Client, client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    answer_steps(client_a, last=2)
    html = therapist_client.get(f"/couples/{partner_a.couple_id}/").content.decode()
    assert f"step 3 of {STEPS}" in html
    assert "My own words" not in html and QUESTIONNAIRE.sections[0].items[0].text not in html


def test_therapist_can_reopen_a_submitted_intake(
    therapist_client: Client, therapist: Any, client_a: Client, partner_a: Partner
) -> None:
    complete_intake(client_a)
    response = therapist_client.post(f"/couples/{partner_a.couple_id}/partners/{partner_a.pk}/reopen/")
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.submitted_at is None
    reopening = partner_a.reopenings.get()
    assert reopening.by == therapist and reopening.at <= timezone.now() + timedelta(seconds=1)
    # The partner's link shows their saved answers again.
    assert client_a.get("/i/")["Location"] == "/i/review/"


def test_other_therapist_cannot_reopen(other_client: Client, client_a: Client, partner_a: Partner) -> None:
    complete_intake(client_a)
    response = other_client.post(f"/couples/{partner_a.couple_id}/partners/{partner_a.pk}/reopen/")
    assert response.status_code == 404
    partner_a.refresh_from_db()
    assert partner_a.submitted_at is not None


def test_unknown_step_number_is_404(client_a: Client) -> None:
    consent(client_a)
    assert client_a.get(f"/i/step/{STEPS + 1}/").status_code == 404
    assert client_a.get("/i/step/0/").status_code == 404


def test_questions_are_fieldsets_with_labelled_radios_and_linked_errors(client_a: Client) -> None:
    consent(client_a)
    data = step_data(QUESTIONNAIRE.sections[0])
    del data["p2_partner"]
    html = client_a.post("/i/step/1/", data).content.decode()
    assert '<fieldset aria-describedby="id_p2_partner_error"><legend class="form-label fs-6">' in html
    assert (
        'id="id_p2_partner_0" aria-invalid="true"><label for="id_p2_partner_0" class="form-check-label">Never' in html
    )
    assert '<div id="id_p2_partner_error" class="invalid-feedback d-block"><p id="error_1_id_p2_partner">' in html
    assert '<fieldset><legend class="form-label fs-6">My partner brushes off' in html  # no error, no describedby


def test_typed_text_is_shown_back_escaped(client_a: Client) -> None:
    consent(client_a)
    number = QUESTIONNAIRE.step_count
    client_a.post(f"/i/step/{number}/", {"free_reason": "</textarea><b>hi</b>", "action": "save"})
    html = client_a.get(f"/i/step/{number}/").content.decode()
    assert "&lt;/textarea&gt;&lt;b&gt;hi&lt;/b&gt;</textarea>" in html


def test_self_harm_alerts_the_therapist_before_the_intake_is_submitted(
    therapist_client: Client, other_client: Client, client_a: Client, client_b: Client, partner_a: Partner
) -> None:
    consent(client_a)
    number = [s.key for s in QUESTIONNAIRE.sections].index("safety") + 1
    client_a.post(
        f"/i/step/{number}/", step_data(QUESTIONNAIRE.sections[number - 1], 0, "next", **{SAFETY_SELF_HARM_KEY: "1"})
    )
    couple_page = therapist_client.get(f"/couples/{partner_a.couple_id}/").content.decode()
    assert "Safety alert: self-harm — <bdi>Sam</bdi>" in couple_page
    assert "Safety alert: self-harm (Sam)" in therapist_client.get("/couples/").content.decode()
    consent(client_b)
    for path in ("/i/step/1/", "/i/review/"):
        assert "follow-up" not in client_b.get(path).content.decode().lower()
    url = f"/couples/{partner_a.couple_id}/partners/{partner_a.pk}/followed-up/"
    assert other_client.post(url).status_code == 404
    assert therapist_client.post(url).status_code == 302
    after = therapist_client.get(f"/couples/{partner_a.couple_id}/").content.decode()
    assert "Safety alert: self-harm — <bdi>Sam</bdi>" not in after
    assert "Followed up by therapist on" in after
    from clinic.models import AccessLog

    assert AccessLog.objects.filter(action="followed_up", couple_id=partner_a.couple_id).count() == 1


def test_a_step_shows_its_own_saved_answers_and_reads_no_other_step(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    first, second = QUESTIONNAIRE.sections[0], QUESTIONNAIRE.sections[1]
    partner_a.save_answers({first.items[0].key: 2, second.items[0].key: 5, "free_reason": "Words of my own"})
    assert partner_a.answer_dict(item.key for item in second.items) == {second.items[0].key: 5}
    assert partner_a.answer_dict() == {first.items[0].key: 2, second.items[0].key: 5, "free_reason": "Words of my own"}
    page = client_a.get("/i/step/2/").content.decode()
    assert f'name="{second.items[0].key}" value="5" id="id_{second.items[0].key}_4" checked' in page
