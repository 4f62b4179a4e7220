"""Bad input to an intake step: a clear error, nothing saved, never a 500."""

import html
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from intake.models import Partner
from intake.questionnaire import QUESTIONNAIRE, Kind
from tests.factories import make_couple
from tests.intake_steps import consent, step_data

SECTION = QUESTIONNAIRE.sections[0]
TEXT_STEP = [s.key for s in QUESTIONNAIRE.sections].index("thoughts") + 1


@pytest.mark.parametrize("bad", ["99", "-1", "3.5", "", "3 OR 1=1", "\x00", "1\x00"])
def test_off_scale_likert_values_are_refused(client_a: Client, partner_a: Partner, bad: str) -> None:
    consent(client_a)
    response = client_a.post("/i/step/1/", step_data(SECTION, p1_partner=bad))
    assert response.status_code == 200
    assert response.context["form"].errors["p1_partner"]
    if bad != "":
        assert partner_a.answer_dict() == {}


def test_repeated_values_are_refused(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    data: dict[str, Any] = {**step_data(SECTION), "p1_partner": ["1", "5"]}
    response = client_a.post("/i/step/1/", data)
    assert "Choose only one answer." in response.content.decode()
    assert partner_a.answer_dict() == {}


def test_unknown_keys_and_extra_fields_are_refused(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    data = {**step_data(SECTION), **{f"extra_{i}": "1" for i in range(40)}}
    response = client_a.post("/i/step/1/", data)
    assert response.status_code == 200
    assert "This page sent answers it does not ask for." in response.content.decode()
    assert partner_a.answer_dict() == {}


def test_text_over_the_limit_keeps_what_was_typed_and_saves_nothing(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    long_text = "I feel alone. " * 200
    response = client_a.post(f"/i/step/{TEXT_STEP}/", {"free_reason": long_text, "action": "next"})
    html = response.content.decode()
    assert "Ensure this value has at most 2000 characters" in html
    assert long_text.strip()[:500] in html  # nothing the partner typed is lost from the page
    assert partner_a.answer_dict() == {}


def test_nul_bytes_in_text_are_refused(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    response = client_a.post(f"/i/step/{TEXT_STEP}/", {"free_reason": "hello\x00world", "action": "next"})
    assert "Null characters are not allowed." in response.content.decode()
    assert partner_a.answer_dict() == {}


def test_too_many_fields_is_a_clear_400(client_a: Client, partner_a: Partner, caplog: pytest.LogCaptureFixture) -> None:
    consent(client_a)
    response = client_a.post("/i/step/1/", {f"f{i}": "1" for i in range(1001)})
    assert response.status_code == 400
    assert "too much" in response.content.decode().lower()
    assert partner_a.answer_dict() == {}
    caplog.clear()  # Django reports the refused request on its security logger


def test_unknown_action_just_saves(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    response = client_a.post("/i/step/1/", step_data(SECTION, action="launch"))
    assert response.status_code == 303 and response["Location"] == "/i/step/1/"
    assert len(partner_a.answer_dict()) == len(SECTION.items)


def _value_strategy(item) -> st.SearchStrategy:
    valid = [str(c.value) for c in item.choices] or ["words"]
    junk = st.text(max_size=30) | st.integers(-1000, 1000).map(str) | st.floats(allow_nan=True).map(str)
    return st.sampled_from(valid) | junk


class RandomPostsTest(HypothesisTestCase):
    """Hypothesis posts to every step: only form errors, and valid data round-trips unchanged."""

    def setUp(self) -> None:
        from uuid import uuid4

        from django.contrib.auth import get_user_model

        couple = make_couple(get_user_model().objects.create(username=f"hyp-{uuid4()}"))
        self.partner = couple.partner_a
        self.partner.consent()
        self.client = Client()
        session = self.client.session
        from intake.models import Invitation
        from intake.views import SEEN_KEY, SESSION_KEY

        invitation, _token = Invitation.issue(self.partner, by=None)
        session[SESSION_KEY] = invitation.pk
        session[SEEN_KEY] = time.time()
        session.save()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data(), number=st.integers(1, QUESTIONNAIRE.step_count))
    def test_random_posts_never_crash(self, data: st.DataObject, number: int) -> None:
        section = QUESTIONNAIRE.sections[number - 1]
        keys = [item.key for item in section.items] + ["intruder", "action"]
        chosen = data.draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
        post = {
            key: data.draw(
                _value_strategy(QUESTIONNAIRE.item(key)) if key not in ("intruder", "action") else st.text(max_size=10)
            )
            for key in chosen
        }
        post = {k: v.replace("\x00", "") if k == "action" else v for k, v in post.items()}
        response = self.client.post(f"/i/step/{number}/", post)
        assert response.status_code in (200, 303)
        if response.status_code == 200:
            assert response.context["form"].errors or response.context["form"].is_bound

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data(), number=st.integers(1, QUESTIONNAIRE.step_count))
    def test_valid_answers_round_trip_unchanged(self, data: st.DataObject, number: int) -> None:
        section = QUESTIONNAIRE.sections[number - 1]
        expected: dict[str, int | str] = {}
        for item in section.items:
            if item.kind == Kind.TEXT:
                text = data.draw(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=200))
                if text.strip():
                    expected[item.key] = text.strip()
            else:
                expected[item.key] = data.draw(st.sampled_from([c.value for c in item.options]))
        post = {key: str(value) for key, value in expected.items()} | {"action": "save"}
        response = self.client.post(f"/i/step/{number}/", post)
        assert response.status_code == 303, response.context and response.context["form"].errors
        saved = self.partner.answer_dict()
        assert {key: saved[key] for key in expected} == expected


def test_a_refused_answer_and_a_language_stay_on_their_own_page(
    client_a: Client, client_b: Client, partner_b: Partner
) -> None:
    # The questions' fields are made once per process and shared (intake/forms.py): nothing of one page may stick.
    consent(client_a)
    consent(client_b)
    refused = client_a.post("/i/step/1/", step_data(SECTION, p1_partner="99")).content.decode()
    assert 'aria-invalid="true"' in refused and "Choose one of the answers shown." in refused
    Partner.objects.filter(pk=partner_b.pk).update(language="ar")
    question = SECTION.items[0].text
    with translation.override("ar"):
        arabic = translation.gettext(question)
    assert arabic != question
    other = client_b.get("/i/step/1/").content.decode()
    assert "aria-invalid" not in other and "Choose one of the answers shown." not in other
    assert html.escape(arabic) in other and html.escape(question) not in other
    again = client_a.get("/i/step/1/").content.decode()
    assert "aria-invalid" not in again and html.escape(question) in again and html.escape(arabic) not in again
