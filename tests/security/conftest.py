"""Shared set-up for the attack suite: two therapists, each with an answered couple."""

from typing import Any

import pytest
from django.test import Client

from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.factories import make_couple, make_library
from tests.intake_steps import consent, step_data

CANARY = "CANARY-7f3a-private-words"
PAYLOADS = ("<script>window.__pwned=1</script>", '"><img src=x onerror="window.__pwned=2">')


def answer_everything(
    partner: Any, words: str = CANARY, safety: dict[str, str] | None = None, submit: bool = True
) -> Client:
    client = partner_client(partner)
    consent(client)
    for number, section in enumerate(QUESTIONNAIRE.sections, start=1):
        data = step_data(section)
        if section.private and safety:
            data.update({key: value for key, value in safety.items() if key in {item.key for item in section.items}})
        if section.key == "thoughts":
            data.update({"free_reason": words, "free_hope": words})
        assert client.post(f"/i/step/{number}/", data).status_code == 303
    if submit:
        assert client.post("/i/review/").status_code == 303
    return client


@pytest.fixture
def answered_couple(couple: Couple) -> Couple:
    make_library()
    answer_everything(couple.partner_a, safety={"safety_afraid": "1"})
    answer_everything(couple.partner_b)
    return couple


@pytest.fixture
def others_couple(other_therapist: Any) -> Couple:
    return make_couple(other_therapist, "Kim", "Lee")
