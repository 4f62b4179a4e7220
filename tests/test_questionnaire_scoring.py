"""The intake questionnaire's scoring, polarity, read-aloud phrases and safety screen: pure data, no database."""

import re
import string

import pytest

from intake.questionnaire import (
    FREQUENCY,
    QUESTIONNAIRE,
    SAFETY_SELF_HARM_KEY,
    Item,
    Kind,
    Polarity,
)

ITEMS = QUESTIONNAIRE.items
KEY = re.compile(r"^[a-z0-9_]{1,40}$")
P_AREAS = [f"P{n}" for n in range(1, 9)]
O_AREAS = [f"O{n}" for n in range(1, 9)]
WITH_CHOICES = (Kind.LIKERT, Kind.CHOICE, Kind.YESNO)


def values(item: Item) -> list[int]:
    return [choice.value for choice in item.choices]


# Scoring and polarity


def test_scored_items_have_a_polarity() -> None:
    scored = [item for item in ITEMS if item.is_scored]
    assert scored
    assert all(item.polarity != Polarity.NONE for item in scored)
    assert all(item.kind in (Kind.LIKERT, Kind.CHOICE) for item in scored)


def test_context_items_are_optional_and_not_scored() -> None:
    context = QUESTIONNAIRE.by_area("context")
    assert len(context) == 5
    for item in context:
        assert not item.is_scored and item.polarity == Polarity.NONE and not item.required, item.key
        assert item.is_problem(1) is None


def test_is_problem_follows_polarity() -> None:
    brushes_off = QUESTIONNAIRE.item("p1_partner")  # high is the problem
    asks_about_me = QUESTIONNAIRE.item("p3_partner")  # low is the problem
    assert brushes_off.polarity == Polarity.HIGH_IS_PROBLEM
    assert asks_about_me.polarity == Polarity.LOW_IS_PROBLEM
    assert [brushes_off.is_problem(value) for value in range(1, 6)] == [False, False, False, True, True]
    assert [asks_about_me.is_problem(value) for value in range(1, 6)] == [True, True, False, False, False]


def test_middle_of_a_five_point_scale_is_never_a_problem() -> None:
    for item in ITEMS:
        if item.is_scored and item.choices == FREQUENCY:
            assert item.is_problem(3) is False, item.key


def test_problems_sit_at_one_end_of_each_scale() -> None:
    for item in ITEMS:
        if item.polarity == Polarity.NONE:
            continue
        flags = [bool(item.is_problem(value)) for value in sorted(values(item))]
        if item.polarity == Polarity.LOW_IS_PROBLEM:
            flags.reverse()
        # Reading from the good end: some non-problems, then only problems.
        assert flags[0] is False and flags[-1] is True, item.key
        assert flags == sorted(flags), item.key


def test_turning_away_from_a_bid_is_already_a_problem() -> None:
    bid = QUESTIONNAIRE.item("bids_response_partner")
    assert [bid.is_problem(value) for value in (1, 2, 3)] == [False, True, True]


def test_being_unsure_or_leaning_out_is_flagged() -> None:
    stance = QUESTIONNAIRE.item("stance")
    assert stance.area == "stance" and stance.kind == Kind.CHOICE
    assert [choice.label for choice in stance.choices] == [
        "I am committed to making this work",
        "I am unsure",
        "I am leaning towards leaving",
    ]
    assert [stance.is_problem(value) for value in (1, 2, 3)] == [False, True, True]


def test_is_problem_rejects_an_answer_outside_the_scale() -> None:
    with pytest.raises(ValueError):
        QUESTIONNAIRE.item("p1_partner").is_problem(6)


def test_readiness_items_are_agreement_scales_where_low_is_the_problem() -> None:
    readiness = QUESTIONNAIRE.by_area("readiness")
    assert len(readiness) == 5
    for item in readiness:
        assert item.kind == Kind.LIKERT and item.polarity == Polarity.LOW_IS_PROBLEM, item.key
        assert [choice.label for choice in item.choices][::4] == ["Strongly disagree", "Strongly agree"]


def test_rituals_are_frequencies_where_low_is_the_problem() -> None:
    rituals = QUESTIONNAIRE.by_area("rituals")
    assert len(rituals) == 4
    assert all(item.choices == FREQUENCY and item.polarity == Polarity.LOW_IS_PROBLEM for item in rituals)


# Read-aloud phrases


def test_every_behaviour_and_feeling_has_a_phrase_that_formats() -> None:
    for area in P_AREAS + O_AREAS:
        for item in QUESTIONNAIRE.by_area(area):
            assert item.phrase, item.key
    for item in ITEMS:
        fields = {name for _, name, _, _ in string.Formatter().parse(item.phrase) if name is not None}
        assert fields <= {"their"}, item.key
        assert "{" not in item.phrase.format(their="her"), item.key


def test_phrases_carry_no_frequency_words() -> None:
    frequency_words = re.compile(r"\b(never|rarely|sometimes|often|always|usually|seldom)\b", re.IGNORECASE)
    assert [item.key for item in ITEMS if frequency_words.search(item.phrase)] == []


# Safety screen


def test_safety_and_private_sections_are_private_and_hold_every_safety_item() -> None:
    safety = QUESTIONNAIRE.section("safety")
    assert [s.key for s in QUESTIONNAIRE.sections if s.private] == ["safety", "private"]
    screen = [item for item in safety.items if item.area == "safety"]
    assert len(screen) >= 10
    assert all(item.safety and item.required and item.kind == Kind.YESNO for item in screen)
    assert {item.key for item in ITEMS if item.safety} == {item.key for item in screen}
    assert all(item.key.startswith("safety_") for item in screen)
    assert {item.area for item in safety.items} == {"safety", "contact"}


def test_safety_screen_asks_about_self_harm() -> None:
    assert SAFETY_SELF_HARM_KEY == "safety_selfharm"
    assert QUESTIONNAIRE.item(SAFETY_SELF_HARM_KEY).section == "safety"


def test_any_safety_yes_is_flagged_but_never_scored() -> None:
    for item in QUESTIONNAIRE.section("safety").items:
        if not item.safety:
            continue
        assert item.is_problem(1) is True and item.is_problem(0) is False, item.key
        assert not item.is_scored, item.key


def test_safety_intro_promises_the_partner_never_sees_the_answers() -> None:
    intro = QUESTIONNAIRE.section("safety").intro
    assert "everyone" in intro and "only to your therapist" in intro and "never see" in intro
