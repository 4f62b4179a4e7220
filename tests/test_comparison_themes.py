"""The comparison's two voices and its pronouns: themes for the room, who-said-what for the therapist, and the
record a plan version keeps.

Pure: no database and no Django settings, like the modules under test.
"""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.comparison import Comparison, Person, compare
from intake.comparison_record import answers_digest, from_record, to_record
from intake.comparison_text import THEME_SENTENCES, theme_sentence
from intake.comparison_types import Theme, ThemeKind
from intake.questionnaire import QUESTIONNAIRE, Kind
from tests.comparison_cases import english

SAM = Person("Sam", "he", "him", "his", plural_verb=False)
ALEX = Person("Alex", "she", "her", "her", plural_verb=False)
ROBIN = Person("Robin")  # they / them
KAI = Person("Kai", "he", "him", "his", plural_verb=False)

ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        item.key: st.sampled_from([choice.value for choice in item.choices])
        for item in QUESTIONNAIRE.items
        if item.kind != Kind.TEXT
    },
)


def run(a: dict[str, Any] | None, b: dict[str, Any] | None, first: Person = SAM, second: Person = ALEX) -> Comparison:
    return english(compare(QUESTIONNAIRE, first, second, a, b))


def kinds(result: Comparison) -> list[tuple[ThemeKind, str]]:
    return [(theme.kind, theme.topic) for theme in result.themes]


# Themes


def test_a_perception_gap_becomes_a_theme_that_names_nobody() -> None:
    result = run({"p1_partner": 5}, {"p1_self": 1})
    assert (ThemeKind.DIFFERENT_VIEWS, "P1") in kinds(result)
    assert theme_sentence(Theme(ThemeKind.DIFFERENT_VIEWS, "P1")) == (
        "You see how feelings are received at home differently."
    )


def test_a_concern_both_share_is_said_as_shared_and_wins_over_a_difference_in_the_same_area() -> None:
    # Both agree Alex rarely asks about Sam's world (shared concern); Alex sees a gap the other way.
    result = run({"p3_partner": 1, "p3_self": 5}, {"p3_self": 2, "p3_partner": 1})
    assert (ThemeKind.SHARED_CONCERN, "P3") in kinds(result)
    assert (ThemeKind.DIFFERENT_VIEWS, "P3") not in kinds(result)


def test_feelings_and_rituals_become_themes_only_when_both_report_them() -> None:
    both = run({"o1": 5, "ritual_bedtime": 1}, {"o1": 4, "ritual_bedtime": 2})
    assert (ThemeKind.BOTH_FEEL, "O1") in kinds(both) and (ThemeKind.BOTH_MISS, "ritual_bedtime") in kinds(both)
    assert (
        theme_sentence(Theme(ThemeKind.BOTH_MISS, "ritual_bedtime")) == "You both miss talk at bedtime without screens."
    )
    one = run({"o1": 5, "ritual_bedtime": 1}, {"o1": 1, "ritual_bedtime": 5})
    assert not [kind for kind in kinds(one) if kind[1] in ("O1", "ritual_bedtime")]


def test_strengths_come_first_and_differences_last() -> None:
    result = run(
        {"p6_partner": 1, "p6_self": 1, "o5": 5, "p1_partner": 5, "ritual_morning": 5},
        {"p6_self": 1, "p6_partner": 1, "o5": 5, "p1_self": 1, "ritual_morning": 5},
    )
    assert kinds(result) == [
        (ThemeKind.STRENGTH, "P6"),
        (ThemeKind.STRENGTH, "ritual_morning"),
        (ThemeKind.BOTH_FEEL, "O5"),
        (ThemeKind.DIFFERENT_VIEWS, "P1"),
    ]


def test_bids_turned_against_by_both_accounts_is_a_shared_theme() -> None:
    result = run({"bids_response_partner": 3}, {"bids_response_self": 3})
    assert (ThemeKind.SHARED_CONCERN, "bids") in kinds(result)


def test_one_partner_alone_gives_no_theme() -> None:
    assert run({"o1": 5, "p1_partner": 5}, None).themes == ()


def test_every_theme_has_a_sentence_to_both_that_names_no_one() -> None:
    for (kind, topic), sentence in THEME_SENTENCES.items():
        assert sentence.startswith("You ") or sentence.endswith("you share."), (kind, topic)
        assert "{" not in sentence and "one of you feels" not in sentence


@settings(max_examples=150, deadline=None)
@given(ANSWERS, ANSWERS)
def test_themes_cannot_tell_who_answered_what(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Swapping the partners' answers changes no theme: a theme cannot attribute an answer to either."""
    result = run(a, b)
    assert result.themes == run(b, a).themes
    assert all(theme_sentence(theme) for theme in result.themes)  # every theme found has its sentence


@settings(max_examples=80, deadline=None)
@given(ANSWERS, ANSWERS)
def test_safety_answers_never_change_a_theme(a: dict[str, Any], b: dict[str, Any]) -> None:
    unsafe = {item.key: 1 for item in QUESTIONNAIRE.items if item.safety}
    assert run(a, b).themes == run(a | unsafe, b).themes


# Pronouns in the therapist's sentences


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (ALEX, "Sam says Alex rarely asks about his worries, dreams and day; Alex says she often does."),
        (KAI, "Sam says Kai rarely asks about Sam's worries, dreams and day; Kai says he often does."),
        (ROBIN, "Sam says Robin rarely asks about his worries, dreams and day; Robin says they often do."),
    ],
)
def test_each_partner_keeps_their_pronouns_and_shared_pronouns_become_names(subject: Person, expected: str) -> None:
    result = run({"p3_partner": 2}, {"p3_self": 4}, second=subject)
    assert result.differences[0].sentence == expected


def test_two_they_partners_read_without_ambiguity() -> None:
    result = run({"p1_partner": 4}, {"p1_self": 2}, first=ROBIN, second=Person("Jo"))
    assert result.differences[0].sentence == (
        "Robin says Jo often brushes off or plays down Robin's feelings; Jo says they rarely do."
    )


# The record a plan version keeps


@settings(max_examples=60, deadline=None)
@given(ANSWERS, st.one_of(st.none(), ANSWERS))
def test_a_comparison_survives_its_record_unchanged(a: dict[str, Any], b: dict[str, Any] | None) -> None:
    result = run(a, b)
    assert from_record(json.loads(json.dumps(to_record(result)))) == result


def test_a_record_of_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        from_record({"format": 99, "comparison": {}})


def test_the_digest_changes_with_any_answer_and_only_then() -> None:
    same = answers_digest({"o1": 5, "free_reason": "Hi"}, None)
    assert same == answers_digest({"free_reason": "Hi", "o1": 5}, None)
    assert same != answers_digest({"o1": 4, "free_reason": "Hi"}, None)
    assert same != answers_digest({"o1": 5, "free_reason": "Hi"}, {})
