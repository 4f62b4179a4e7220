"""The session-plan recommender as a spec: what holds for every draft (strengths named first, the same plan
for the same answers, only the library's exercises, plain data), the approach and where the plan starts.

The rules of docs/clinical.md, "Plan drafting", one test each, are split by behaviour: test_recommender_safety,
_readiness, _eft, _gottman, _both, _time, _answers and _findings; test_recommender_properties checks the orderings for
any answers.
Pure: no database and no Django settings, like clinic.plans.recommender itself.
"""

import dataclasses
import json
import random

import pytest

from intake.comparison import compare
from intake.questionnaire import QUESTIONNAIRE
from tests.recommender_cases import (
    ALEX,
    BOTH_A,
    BOTH_B,
    EFT_A,
    EFT_B,
    GOTTMAN_A,
    GOTTMAN_B,
    LIBRARY,
    SAM,
    answers,
    drafted,
    keys,
    plan,
)


def test_strengths_are_themes_to_name_first() -> None:
    draft = plan({**GOTTMAN_A, "p5_partner": 5, "p5_self": 5}, {**GOTTMAN_B, "p5_self": 5, "p5_partner": 5})
    assert draft.strengths[0] == "Warm, everyday touch is a strength you share."
    assert "Sam" not in " ".join(draft.strengths)


def test_the_same_input_gives_the_same_plan_whatever_the_library_order() -> None:
    shuffled = LIBRARY[:]
    random.Random(7).shuffle(shuffled)
    for a, b in ((GOTTMAN_A, GOTTMAN_B), (EFT_A, EFT_B), (BOTH_A, BOTH_B)):
        assert plan(a, b, exercises=shuffled) == plan(a, b) == plan(a, b)


def test_no_exercise_outside_the_library_is_emitted() -> None:
    missing = {"gottman-love-maps", "individual-assessment", "eft-de-escalation-cycle", "eft-hmt-2-raw-spots"}
    smaller = [info for info in LIBRARY if info.key not in missing]
    for a, b in ((GOTTMAN_A, GOTTMAN_B), (EFT_A, EFT_B), ({"safety_selfharm": 1}, {})):
        for count in (1, 6, 14):
            assert set(keys(plan(a, b, count, smaller))) <= {info.key for info in smaller}


def test_the_draft_is_plain_data() -> None:
    draft = plan(BOTH_A, BOTH_B)
    assert json.loads(json.dumps(dataclasses.asdict(draft)))["approach"] == "both"


@pytest.mark.parametrize(
    ("a", "b", "approach", "reason"),
    [
        (EFT_A, EFT_B, "eft", "attachment distress is the main thread: openness when asked for closeness; loneliness "
         "in the relationship; holding back feelings; lasting sadness or emptiness."),
        ({"o1": 5, "o3": 5, "p6_partner": 5}, {"p6_self": 5}, "eft", "attachment distress is the main thread: "
         "loneliness in the relationship; holding back feelings."),  # two areas to one is enough
        (GOTTMAN_A, GOTTMAN_B, "gottman", "everyday skills and habits are the main thread: remembering what matters; "
         "time together over distractions."),
        (BOTH_A, BOTH_B, "both", "attachment distress (being there in hard moments; loneliness in the relationship) "
         "sets EFT's course for the sessions; everyday skills and habits (curiosity about each other's inner world; "
         "time together over distractions) are practised at home with Gottman Method exercises."),
        ({}, {}, "gottman", "no area points to attachment distress, so skills work builds on the couple's strengths."),
    ],
)  # fmt: skip
def test_the_approach_follows_the_problem_areas_and_names_them(
    a: dict[str, int], b: dict[str, int], approach: str, reason: str
) -> None:
    draft = plan(a, b)
    assert (draft.approach, draft.approach_reason) == (approach, reason)


def test_until_both_partners_have_answered_the_draft_builds_on_strengths_with_gottman() -> None:
    draft = drafted(compare(QUESTIONNAIRE, SAM, ALEX, answers(**EFT_A), None), LIBRARY)
    assert (draft.approach, draft.stage, len(draft.sessions)) == ("gottman", "Gottman Method: assessment", 8)
    assert draft.approach_reason == "for now: the approach can rest on findings only once both partners have answered."


@pytest.mark.parametrize(
    ("a", "b", "stage"),
    [
        (EFT_A, EFT_B, "EFT stage 1 (de-escalation), steps 1–2"),
        (GOTTMAN_A, GOTTMAN_B, "Gottman Method: assessment, then the Sound Relationship House from level 1"),
        ({"context_resentment": 1}, {}, "Gottman Method: assessment, then the Sound Relationship House from level 5"),
        ({}, {}, "Gottman Method: assessment"),
        ({**EFT_A, "stance": 3}, EFT_B, "Discernment counselling, then EFT stage 1 (de-escalation), steps 1–2"),
        (GOTTMAN_A, {**GOTTMAN_B, "safety_insulted": 1}, "Individual check-ins, then Gottman Method: assessment, then "
         "the Sound Relationship House from level 1"),
        ({**EFT_A, "stance": 3}, {**EFT_B, "safety_insulted": 1}, "Individual check-ins, then discernment counselling, "
         "then EFT stage 1 (de-escalation), steps 1–2"),
    ],
)  # fmt: skip
def test_the_stage_says_where_the_plan_starts(a: dict[str, int], b: dict[str, int], stage: str) -> None:
    assert plan(a, b).stage == stage


def test_a_joint_draft_is_not_on_hold_and_keeps_the_plans_session_length() -> None:
    draft = plan(GOTTMAN_A, GOTTMAN_B, minutes=90)
    assert draft.safety_hold is False and draft.hold_reason == "" and draft.tier == "none"
    assert draft.session_minutes == 90
