"""Couples for the recommender's tests: answers built from a neutral base, and the library as the app loads it.

The pursue–withdraw couple (Maya reaches out, Tom pulls back) is the one a clinician would recognise from
Johnson (2004): she protests his distance and feels lonely; he feels criticised, holds back and checks out.
"""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from clinic.plans.recommender import Draft, ExerciseInfo, draft_plan
from intake.comparison import Comparison, Person, compare
from intake.questionnaire import QUESTIONNAIRE, Kind
from intake.wording import ENGLISH, worded

SAM = Person("Sam", "he", "him", "his", plural_verb=False)
ALEX = Person("Alex", "she", "her", "her", plural_verb=False)
MAYA = Person("Maya", "she", "her", "her", plural_verb=False)
TOM = Person("Tom", "he", "him", "his", plural_verb=False)
LIBRARY_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "exercises.json"


def library() -> list[ExerciseInfo]:
    entries = json.loads(LIBRARY_FILE.read_text())
    return [
        ExerciseInfo(
            entry["pk"],
            f["name"],
            f["approach"],
            f["stage"],
            tuple(f["targets"]),
            f["joint"],
            f["paused_by_safety"],
            f["homework"],
            f["duration_minutes"],
        )
        for entry in entries
        for f in [entry["fields"]]
    ]


LIBRARY = library()
BY_KEY = {info.key: info for info in LIBRARY}


def neutral_value(key: str, area: str) -> int:
    """An answer that raises no finding: the middle of a frequency, no to yes/no, agreement with readiness."""
    if area in ("safety", "context"):
        return 0
    if key.startswith("bids_response") or area == "stance":
        return 1
    return 4 if area == "readiness" else 3


def answers(**overrides: int) -> dict[str, int | str]:
    neutral: dict[str, int | str] = {
        item.key: neutral_value(item.key, item.area) for item in QUESTIONNAIRE.items if item.kind != Kind.TEXT
    }
    return neutral | overrides


def run(a: dict[str, Any], b: dict[str, Any], first: Person = SAM, second: Person = ALEX) -> Comparison:
    return compare(QUESTIONNAIRE, first, second, answers(**a), answers(**b))


def plan(
    a: dict[str, Any],
    b: dict[str, Any],
    sessions: int | None = None,
    exercises: list[ExerciseInfo] = LIBRARY,
    minutes: int = 50,
) -> Any:
    return drafted(run(a, b), exercises, sessions, minutes)


def english(value: Any) -> Any:
    """The recommender's messages worded in English (their ids), as the tests read them: the same dataclasses,
    with text where the messages were (typed Any, as their fields are still typed as messages)."""
    return worded(value, ENGLISH)


def drafted(
    comparison: Comparison, exercises: list[ExerciseInfo] = LIBRARY, sessions: int | None = None, minutes: int = 50
) -> Any:
    """draft_plan's draft worded in English."""
    return english(draft_plan(comparison, exercises, sessions, minutes))


def planned(draft: Any) -> list[Any]:
    return [exercise for session in draft.sessions for exercise in session.exercises]


def keys(draft: Draft) -> list[str]:
    return [exercise.key for exercise in planned(draft)]


def with_safety(comparison: Comparison, side: str, tier_a: tuple[str, ...] = (), tier_b: tuple[str, ...] = ()):
    """A comparison whose partner endorsed items of a questionnaire version Attune does not know yet, by tier."""
    found = replace(getattr(comparison.safety, side), endorsed=tier_a + tier_b, any_safety=True)
    found = replace(found, tier_a=tier_a, tier_b=tier_b)
    return replace(comparison, safety=replace(comparison.safety, **{side: found}, any_safety=True))


# Sam sees Alex forget and choose the phone (Alex agrees), and Sam sees her as defensive (Alex does not).
GOTTMAN_A = {"p6_partner": 5, "p7_partner": 5, "p8_partner": 5, "p1_partner": 1}
GOTTMAN_B = {"p6_self": 4, "p7_self": 5, "p8_self": 1, "p1_self": 1}
# Lonely, holding back, sad; both find Sam defensive.
EFT_A = {"o1": 5, "o3": 5, "p8_self": 4}
EFT_B = {"o3": 4, "o5": 5, "p8_partner": 5}
# Attachment distress (Sam unavailable in distress, Alex lonely) and habits (curiosity, distractions) alike.
BOTH_A = {"p3_partner": 1, "p7_partner": 5, "p4_self": 1}
BOTH_B = {"p3_self": 5, "p7_self": 5, "p4_partner": 1, "o1": 5}

# Maya pursues: his distance, her loneliness, her reaches missed. Tom withdraws: criticised, holding back.
PURSUER = {
    "p1_partner": 4, "p2_partner": 5, "p3_partner": 1, "p4_partner": 2, "p5_partner": 2, "p6_partner": 3,
    "p7_partner": 5, "p8_partner": 5, "p1_self": 2, "p2_self": 2, "p3_self": 5, "p4_self": 5, "p5_self": 4,
    "p6_self": 1, "p7_self": 2, "p8_self": 2, "o1": 5, "o2": 4, "o3": 2, "o4": 4, "o5": 4, "o6": 4, "o7": 3, "o8": 2,
    "bids_response_partner": 2, "bids_response_self": 1, "bids_notice_partner": 1, "bids_notice_self": 5,
    "ritual_morning": 2, "ritual_reunion": 2, "ritual_bedtime": 1, "ritual_weekly": 1, "context_overload": 1,
    "readiness_problem": 5, "readiness_change": 5, "readiness_months": 5, "readiness_guidance": 5,
    "readiness_openness": 4, "stance": 1, "csi4_1": 2, "csi4_2": 2, "csi4_3": 2, "csi4_4": 1,
}  # fmt: skip
WITHDRAWER = {
    "p1_partner": 4, "p2_partner": 3, "p3_partner": 3, "p4_partner": 3, "p5_partner": 3, "p6_partner": 2,
    "p7_partner": 2, "p8_partner": 4, "p1_self": 2, "p2_self": 3, "p3_self": 4, "p4_self": 4, "p5_self": 3,
    "p6_self": 2, "p7_self": 3, "p8_self": 2, "o1": 3, "o2": 4, "o3": 5, "o4": 2, "o5": 3, "o6": 2, "o7": 3, "o8": 4,
    "bids_response_partner": 3, "bids_response_self": 1, "bids_notice_partner": 3, "bids_notice_self": 3,
    "ritual_morning": 2, "ritual_reunion": 2, "ritual_bedtime": 2, "ritual_weekly": 1, "context_childhood": 1,
    "context_taught": 1, "context_overload": 1, "readiness_problem": 4, "readiness_change": 4, "readiness_months": 4,
    "readiness_guidance": 4, "readiness_openness": 2, "stance": 1, "csi4_1": 3, "csi4_2": 3, "csi4_3": 2, "csi4_4": 3,
}  # fmt: skip
PURSUE_WITHDRAW_WORDS = {
    "a": {"free_reason": "I keep reaching for him and he keeps disappearing into his phone."},
    "b": {"free_reason": "Whatever I say turns into a row, so I go quiet."},
}


def pursue_withdraw() -> Comparison:
    return compare(QUESTIONNAIRE, MAYA, TOM, answers(**PURSUER), answers(**WITHDRAWER))
