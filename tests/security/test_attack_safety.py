"""Attack 11, continued: a partner probing the safety route can never learn the other partner's tier.

Partner B tries every way in: the safety and private steps (read, posted empty, posted with the other's keys),
the help page with and without a destination, the review page, submitting, and the done page. For couples whose
partner A endorsed nothing, tier B, tier A, "I'd rather tell my therapist in person" or self-harm, every answer
B gets (status, redirect and page, less the CSRF token) must be the same.
"""

import re
from typing import Any

import pytest
from django.test import Client

from intake.models import Couple
from intake.questionnaire import DECLINE_VALUE, QUESTIONNAIRE
from tests.conftest import partner_client
from tests.factories import make_couple
from tests.intake_steps import answer_steps, consent, step_data

SECTIONS = [s.key for s in QUESTIONNAIRE.sections]
SAFETY_STEP = SECTIONS.index("safety") + 1
PRIVATE_STEP = SECTIONS.index("private") + 1
SAFETY = QUESTIONNAIRE.section("safety")

SCENARIOS: dict[str, dict[str, str]] = {
    "nothing": {},
    "tier B": {"safety_insulted": "1", "safety_own_aggression": "1"},
    "in person": {"safety_sexual": str(DECLINE_VALUE)},
    "tier A": {"safety_afraid": "1", "safety_strangled": "1", "safety_controlled": "1"},
    "self-harm": {"safety_selfharm": "1"},
}


def _seen(response: Any) -> tuple[int, str, str]:
    # Without the CSRF token and the seconds the session has left, which differ from one request to the next.
    html = re.sub(r'data-remaining="\d+"', "", response.content.decode())
    page = "\n".join(line for line in html.splitlines() if "csrfmiddlewaretoken" not in line)
    return response.status_code, response.get("Location", ""), page


def _a_answers(couple: Couple, answers: dict[str, str], submit: bool) -> None:
    client = partner_client(couple.partner_a)
    consent(client)
    answer_steps(client, last=SAFETY_STEP - 1)
    assert client.post(f"/i/step/{SAFETY_STEP}/", {**step_data(SAFETY), **answers}).status_code == 303
    answer_steps(client, first=SAFETY_STEP + 1)
    if submit:
        assert client.post("/i/review/").status_code == 303


def _b_probes(couple: Couple) -> list[tuple[int, str, str]]:
    b = partner_client(couple.partner_b)
    consent(b)
    answer_steps(b, last=SAFETY_STEP - 1)
    other_keys = dict.fromkeys(("safety_afraid", "safety_selfharm"), "1")
    probes = [
        b.get(f"/i/step/{SAFETY_STEP}/"),
        b.post(f"/i/step/{SAFETY_STEP}/", {"action": "next"}),
        b.post(f"/i/step/{SAFETY_STEP}/", {**other_keys, "partner": str(couple.partner_a.pk), "action": "next"}),
        b.post(f"/i/step/{SAFETY_STEP}/", step_data(SAFETY)),
        b.get(f"/i/step/{SAFETY_STEP}/"),
        b.get(f"/i/step/{PRIVATE_STEP}/"),
        b.get("/i/support/"),
        b.get(f"/i/support/?next=/i/step/{SAFETY_STEP}/"),
        b.get(f"/i/step/{SAFETY_STEP}/{couple.partner_a.pk}/"),
        b.get("/i/review/"),
        b.get("/i/"),
    ]
    answer_steps(b, first=SAFETY_STEP + 1)
    probes += [b.get("/i/review/"), b.post("/i/review/"), b.get("/i/done/"), b.get("/i/"), b.get("/i/review/")]
    return [_seen(response) for response in probes]


@pytest.mark.parametrize("submit", [False, True], ids=["A still answering", "A submitted"])
def test_11_partner_b_cannot_learn_the_others_tier_from_the_safety_route(therapist: Any, submit: bool) -> None:
    seen = {}
    for name, answers in SCENARIOS.items():
        couple = make_couple(therapist, "Sam", "Alex", name=f"Couple {name}")
        _a_answers(couple, answers, submit)
        assert couple.partner_a.alerts.exists() == bool(answers), name
        seen[name] = _b_probes(couple)
    baseline = seen.pop("nothing")
    for name, probes in seen.items():
        assert probes == baseline, name


def test_11_partner_b_with_a_endorsement_of_their_own_still_learns_nothing_of_a(therapist: Any) -> None:
    """B's own alert shows B help; it never changes with what A said."""
    pages = []
    for name, answers in (("quiet", {}), ("flagged", SCENARIOS["tier A"])):
        couple = make_couple(therapist, "Sam", "Alex", name=name)
        _a_answers(couple, answers, submit=False)
        b = partner_client(couple.partner_b)
        consent(b)
        response = b.post(f"/i/step/{SAFETY_STEP}/", step_data(SAFETY, safety_afraid="1"), follow=True)
        pages.append([_seen(response), _seen(b.get(f"/i/step/{SAFETY_STEP}/"))])
    assert pages[0] == pages[1]
    assert "Support is available right now" in pages[0][0][2]


def test_11_a_partner_cannot_read_back_their_own_safety_answers(client_a: Client, partner_a: Any) -> None:
    """A phone picked up by someone else shows nothing: not the step, not the review, not the help page."""
    consent(client_a)
    client_a.post(f"/i/step/{SAFETY_STEP}/", {**step_data(SAFETY, action="save"), **SCENARIOS["tier A"]})
    client_a.post(f"/i/step/{PRIVATE_STEP}/", {"private_affair": "1", "action": "save"})
    later = partner_client(partner_a)
    for path in (f"/i/step/{SAFETY_STEP}/", f"/i/step/{PRIVATE_STEP}/", "/i/review/", "/i/support/"):
        html = later.get(path).content.decode()
        assert not re.findall(r'type="radio"[^>]* checked', html), path
        assert "Yes, I am" not in html.split('name="private_affair"')[0], path  # only as an unchecked option
    review = later.get("/i/review/").content.decode()
    assert not any(item.text.replace("'", "&#x27;") in review for item in SAFETY.items)
