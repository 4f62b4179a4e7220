"""The session-plan recommender as a spec: what holds for every draft (strengths named first, the same plan
for the same answers, only the library's exercises, plain data).

The rules of docs/clinical.md, "Plan drafting", one test each, are split by behaviour: test_recommender_safety,
_readiness, _eft, _gottman, _time and _answers; test_recommender_properties checks the orderings for any answers.
Pure: no database and no Django settings, like clinic.plans.recommender itself.
"""

import dataclasses
import json
import random

from tests.recommender_cases import BOTH_A, BOTH_B, EFT_A, EFT_B, GOTTMAN_A, GOTTMAN_B, LIBRARY, keys, plan


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
