"""The comparison and the recommender say what they found as messages, never as English text (issue 19): the
fake-translator walk over varied couples, and English worded word for word from the message ids.

The fake translator words every message with a numbered token that keeps the id's placeholders; whatever Latin
text is left came from somewhere other than a message: a person's or an exercise's name, a one-word parameter (an
English pronoun a translation may leave out) or a bug. The walk removes the first two and finds none of the third.
"""

import json
from dataclasses import fields
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.plans.recommender import draft_plan
from intake.comparison import compare
from intake.message import Joiner, from_data, join, label, msg, to_data
from intake.questionnaire import QUESTIONNAIRE, Kind
from intake.wording import ENGLISH, word, word_data
from tests.recommender_cases import (
    ALEX,
    EFT_A,
    EFT_B,
    LIBRARY,
    SAM,
    answers,
    with_safety,
)
from tests.wording_cases import PRONOUNS, FakeTranslator, couples, drafts, english_left, person

COUPLES = couples()


@pytest.mark.parametrize("case", COUPLES, ids=[f"{case[0]} ({case[1].subject}, {case[2].subject})" for case in COUPLES])
def test_the_comparison_and_the_draft_hold_no_english_sentence(case: tuple[Any, ...]) -> None:
    _name, first, second, a, b = case
    comparison = compare(QUESTIONNAIRE, first, second, a, b)
    names = {first.name, second.name}
    assert english_left(comparison, names) == []
    for draft in drafts(comparison):
        assert english_left(draft, names) == []
    held = with_safety(comparison, "a", tier_a=("safety_added_later",))  # a safety item this version lacks
    assert english_left(draft_plan(held, LIBRARY), names) == []


@settings(max_examples=40, deadline=None)
@given(
    a=st.fixed_dictionaries(
        {
            item.key: st.sampled_from([c.value for c in item.options])
            for item in QUESTIONNAIRE.items
            if item.kind != Kind.TEXT
        }
    ),
    b=st.fixed_dictionaries(
        {
            item.key: st.sampled_from([c.value for c in item.options])
            for item in QUESTIONNAIRE.items
            if item.kind != Kind.TEXT
        }
    ),
    pronouns=st.tuples(st.sampled_from(list(PRONOUNS)), st.sampled_from(list(PRONOUNS))),
)
def test_any_answers_give_messages_not_english(a: dict[str, int], b: dict[str, int], pronouns: tuple[str, str]) -> None:
    first, second = person("Noor", pronouns[0]), person("Yusuf", pronouns[1])
    comparison = compare(QUESTIONNAIRE, first, second, a, b)
    assert english_left(comparison, {"Noor", "Yusuf"}) == []
    assert english_left(draft_plan(comparison, LIBRARY), {"Noor", "Yusuf"}) == []


def test_the_check_finds_english_left_in_a_result() -> None:
    """The walk is not blind: an English sentence where a message belongs is found, a name alone is not."""
    comparison = compare(QUESTIONNAIRE, SAM, ALEX, answers(**EFT_A), answers(**EFT_B))
    draft = draft_plan(comparison, LIBRARY)
    assert english_left(draft, {"Sam", "Alex"}) == []
    leaky = draft.__class__(**{**{f.name: getattr(draft, f.name) for f in fields(draft)}, "stage": "Sam starts alone"})
    assert english_left(leaky, {"Sam", "Alex"}) == ["starts alone"]


# English: the message ids, word for word --------------------------------------------------------------


def test_english_words_a_message_and_its_lists_as_the_sentences_always_read() -> None:
    kinds = join([msg("feeling afraid of the partner"), msg("threats of harm"), msg("insults or screaming")])
    said = msg("{name} answered yes about {kinds}", name="Sam", kinds=kinds)
    assert (
        word(said, ENGLISH)
        == "Sam answered yes about feeling afraid of the partner, threats of harm and insults or screaming"
    )
    assert word(join([label("Rarely"), label("Never")], Joiner.OR), ENGLISH) == "rarely or never"
    assert word(join(["a", msg("b")], Joiner.SEMICOLON), ENGLISH) == "a; b"
    assert word(join(["", "One.", msg("Two.")], Joiner.SENTENCES), ENGLISH) == "One. Two."
    assert join([]) == "" and join(["only"]) == "only"  # nothing to join, or one item as it is


def test_a_translation_that_names_a_placeholder_the_message_lacks_falls_back_to_english() -> None:
    class Broken(FakeTranslator):
        def gettext(self, message: str, /) -> str:
            return "{nobody}" if "{" in message else message

    assert (
        word(msg("Follow up {name}'s answer privately.", name="Alex"), Broken()) == "Follow up Alex's answer privately."
    )


def test_stored_messages_come_back_as_they_were_and_plain_strings_stay_strings() -> None:
    message = msg("{a} and {b}", a="Sam", b=join([label("Often"), msg("x", n=3)], Joiner.OR))
    assert from_data(json.loads(json.dumps(to_data(message)))) == message
    assert from_data("The therapist's own words.") == "The therapist's own words."
    assert word_data({"reason": to_data(message), "notes": ["Mine"], "number": 2}, ENGLISH) == {
        "reason": "Sam and often or x",
        "notes": ["Mine"],
        "number": 2,
    }
