"""Attacks 1–3: one partner against the other, one therapist against another, dead links."""

from typing import Any

from django.test import Client

from clinic.models import AccessLog
from intake.models import Couple, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.factories import issue_link
from tests.intake_steps import consent, step_data
from tests.security.conftest import CANARY, answer_everything


def test_1_partner_a_cannot_reach_partner_b(couple: Couple) -> None:
    """Partner A asks for B's steps, review or answers by id, by a changed token, or with injected fields."""
    b_client = answer_everything(couple.partner_b, submit=False)
    before = couple.partner_b.answer_dict()
    a_client = partner_client(couple.partner_a)
    consent(a_client)
    b = couple.partner_b
    for path in (
        f"/i/{b.pk}/",
        f"/i/step/1/{b.pk}/",
        f"/i/review/{b.pk}/",
        f"/i/answers/{b.pk}/",
        f"/couples/{couple.pk}/comparison/",
    ):
        response = a_client.get(path)
        assert response.status_code in (302, 404), path
        assert CANARY not in response.content.decode()
    injected = {
        **step_data(QUESTIONNAIRE.sections[0]),
        "partner": str(b.pk),
        "partner_id": str(b.pk),
        "free_reason": "overwrite",
    }
    assert a_client.post("/i/step/1/", injected).status_code == 200
    assert couple.partner_b.answer_dict() == before
    assert b_client.get("/i/review/").status_code == 200  # B's own session is untouched
    token = issue_link(b)
    assert a_client.get(f"/i/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}/").status_code == 404
    # A failed guess leaves A in A's own intake, still without a trace of B.
    assert CANARY not in a_client.get("/i/review/").content.decode()


def test_2_other_therapist_gets_404_everywhere(other_client: Client, answered_couple: Couple) -> None:
    c = answered_couple
    a = c.partner_a
    therapist = Client()
    therapist.force_login(c.therapist)
    therapist.post(f"/couples/{c.pk}/plan/", {"action": "draft"})
    gets = ["", "comparison/", "plan/", "plan.pdf", "handout.pdf", "log/", "delete/"]
    posts = [
        "export/",
        "delete/",
        "plan/",
        f"partners/{a.pk}/link/",
        f"partners/{a.pk}/revoke/",
        f"partners/{a.pk}/reopen/",
    ]
    before = AccessLog.objects.count()
    for path in gets:
        assert other_client.get(f"/couples/{c.pk}/{path}").status_code == 404, path
    for path in posts:
        assert (
            other_client.post(f"/couples/{c.pk}/{path}", {"action": "draft", "confirm_name": c.name}).status_code == 404
        ), path
    assert Couple.objects.filter(pk=c.pk).exists()
    assert AccessLog.objects.count() == before
    assert c.name not in other_client.get("/couples/").content.decode()


def test_3_a_revoked_link_and_its_session_are_both_dead(therapist_client: Client, partner_a: Partner) -> None:
    token = issue_link(partner_a)
    browser = Client()
    browser.get(f"/i/{token}/")
    consent(browser)
    assert browser.get("/i/step/1/").status_code == 200
    therapist_client.post(f"/couples/{partner_a.couple_id}/partners/{partner_a.pk}/revoke/")
    assert browser.get("/i/step/1/").status_code == 404
    assert browser.post("/i/step/1/", step_data(QUESTIONNAIRE.sections[0])).status_code == 404
    assert Client().get(f"/i/{token}/").status_code == 404
    assert partner_a.answer_dict() == {}


def test_partner_session_is_not_a_therapist_session(client_a: Client, couple: Couple) -> None:
    for path in ("/couples/", f"/couples/{couple.pk}/", "/admin/"):
        response = client_a.get(path)
        assert response.status_code == 302 and "login" in response["Location"], path


def test_owner_lists_only_their_couples(
    therapist_client: Client, couple: Couple, others_couple: Couple, django_assert_max_num_queries: Any
) -> None:
    html = therapist_client.get("/couples/").content.decode()
    assert couple.name.replace("&", "&amp;") in html and "Kim" not in html
