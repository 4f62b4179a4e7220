"""Helpers for the wording tests: a translator that knows no English, the walk that finds English left in a result
of the pure modules, the couples it runs over, and the check that a text is Arabic with its names intact."""

import json
import re
from dataclasses import fields, is_dataclass
from pathlib import Path
from string import Formatter
from typing import Any

from clinic.plans.recommender import Draft, draft_plan
from intake.comparison import Comparison, Person
from intake.message import Join, Message
from intake.wording import worded
from tests.recommender_cases import (
    ALEX,
    BOTH_A,
    BOTH_B,
    EFT_A,
    EFT_B,
    GOTTMAN_A,
    GOTTMAN_B,
    LIBRARY,
    MAYA,
    PURSUER,
    SAM,
    TOM,
    WITHDRAWER,
    answers,
)

DEMO = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "demo.json").read_text())["couples"]
PRONOUNS = {
    "he": ("he", "him", "his", False),
    "she": ("she", "her", "her", False),
    "they": ("they", "them", "their", True),
}
EXERCISE_NAMES = {info.name for info in LIBRARY}  # the library's own words (its translations are issue 19 part D)
# Two or more Latin words in a row: English left in the output.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[,;:]?\s+[A-Za-z][A-Za-z'’]*)+")
# Not sentences the modules word: what a partner typed, the CSI-4's citation (references stay as published) and
# the library's homework text (the exercise library's own translations, issue 19 part D).
NOT_WORDED = {"free_text", "csi4_citation", "homework"}
# Fields that hold a message id rather than text (keys plus data): the pages translate them where shown.
MESSAGE_IDS = {"label", "stance_label"}


class FakeTranslator:
    """A language with no Latin letters: each message id becomes ‹N›, numbered in the order first seen, followed by
    the id's placeholders (so every parameter still shows, and a missing one would fail to format)."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}

    def gettext(self, message: str, /) -> str:
        token = self.tokens.setdefault(message, f"‹{len(self.tokens) + 1}›")
        names = [name for _text, name, _spec, _conv in Formatter().parse(message) if name]
        return " ".join([token, *(f"{{{name}}}" for name in dict.fromkeys(names))])

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self.gettext(singular if n == 1 else plural)


def person(name: str, pronouns: str) -> Person:
    return Person(name, *PRONOUNS[pronouns])


def param_values(value: Any) -> set[str]:
    """Every plain string given to a message as a parameter, anywhere in `value`."""
    found: set[str] = set()
    if isinstance(value, Message):
        for _name, param in value.params:
            found |= {param} if isinstance(param, str) else param_values(param)
    elif isinstance(value, Join):
        for item in value.items:
            found |= {item} if isinstance(item, str) else param_values(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            found |= param_values(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            found |= param_values(item)
    return found


def texts(value: Any, translator: FakeTranslator, field: str = "") -> list[str]:
    """Every string in a worded result, walking dataclasses, tuples and lists; message ids through the translator."""
    if field in NOT_WORDED:
        return []
    if isinstance(value, str):
        return [translator.gettext(value) if field in MESSAGE_IDS and value else value]
    if is_dataclass(value) and not isinstance(value, type):
        return [text for f in fields(value) for text in texts(getattr(value, f.name), translator, f.name)]
    if isinstance(value, tuple | list):
        return [text for item in value for text in texts(item, translator, field)]
    return []


def english_left(result: Any, names: set[str]) -> list[str]:
    """The Latin runs left in `result` worded by the fake translator, once names and parameter values are gone."""
    translator = FakeTranslator()
    # Parameters of one word (an English pronoun, "does") may stay; a longer one must be a name: English text
    # passed as a parameter ("often or sometimes" joined in English) is English left all the same.
    words = {value for value in param_values(result) if value.strip() and " " not in value.strip()}
    allowed = names | EXERCISE_NAMES | words
    # Whole words only, longest first: a parameter "s" (English "wants") must not eat the letter s of a word.
    pattern = re.compile(
        "|".join(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])" for value in sorted(allowed, key=len, reverse=True))
    )
    left = []
    for text in texts(worded(result, translator), translator):
        left += LATIN_RUN.findall(pattern.sub("·", text))
    return left


def couples() -> list[tuple[str, Person, Person, dict[str, Any] | None, dict[str, Any] | None]]:
    """The demo couples (with each pronoun pairing) and the recommender's couples: every approach, the cycle,
    discernment, unsure and low readiness, both safety tiers, self-harm, causes, bids turned against, one side."""
    found = []
    for couple in DEMO:
        first, second = couple["partners"]
        views = [p["answers"] if p.get("submitted") else None for p in (first, second)]
        for a_pronouns in PRONOUNS:
            for b_pronouns in PRONOUNS:
                people = person(first["name"], a_pronouns), person(second["name"], b_pronouns)
                found.append((couple["name"], *people, *views))
    cases = {
        "gottman": (SAM, ALEX, GOTTMAN_A, GOTTMAN_B),
        "eft": (SAM, ALEX, EFT_A, EFT_B),
        "both": (SAM, ALEX, BOTH_A, BOTH_B),
        "pursue-withdraw": (MAYA, TOM, PURSUER, WITHDRAWER),
        "discernment": (SAM, ALEX, {"stance": 3, "readiness_problem": 1, "readiness_change": 1}, {"stance": 1}),
        "unsure": (SAM, ALEX, {"stance": 2, "readiness_openness": 1, "readiness_months": 1}, {"stance": 3}),
        "both leaning out": (SAM, ALEX, {"stance": 3}, {"stance": 3, "readiness_guidance": 1}),
        "tier A and self-harm": (
            SAM,
            ALEX,
            {"safety_afraid": 1, "safety_hurt": 1, "stance": 3, **EFT_A},
            {"stance": 1, "safety_selfharm": 1},
        ),
        "tier B and causes": (
            SAM,
            ALEX,
            {"safety_insulted": 1, **BOTH_A},
            {**BOTH_B, "context_childhood": 1, "context_mood": 1, "context_taught": 1},
        ),
        "in person": (SAM, ALEX, {"safety_insulted": 9, "safety_controlled": 9}, BOTH_B),
        "bids against": (
            SAM,
            ALEX,
            {"bids_response_partner": 3, "bids_response_self": 2, "context_resentment": 1, "ritual_weekly": 1},
            {"bids_response_partner": 2, "bids_response_self": 3, "context_resentment": 1, "ritual_weekly": 1},
        ),
    }
    for name, (first, second, a, b) in cases.items():
        found.append((name, first, second, answers(**a), answers(**b)))
    found.append(("one side", SAM, ALEX, answers(**EFT_A), None))
    return found


def drafts(comparison: Comparison) -> list[Draft]:
    """The usual length, shorter and longer plans, and a short session (exercises sent home, steps left out)."""
    return [draft_plan(comparison, LIBRARY, count, minutes) for count, minutes in ((None, 50), (3, 50), (16, 90))]


ARABIC = re.compile(r"[\u0600-\u06FF]")


def assert_arabic(text: str, *names: str) -> None:
    assert ARABIC.search(text), text
    for name in names:
        assert name in text, (name, text)
    rest = text
    for name in names:
        rest = rest.replace(name, "")
    assert not LATIN_RUN.search(rest), rest
