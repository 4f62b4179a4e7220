"""What the recommender reads from a comparison (docs/clinical.md, "Plan drafting" and "Every answer counts"): the
needs in the order of work, each with the sentence that justifies it, the likely cycle as a hypothesis, each
partner's own feelings, and the individual-therapy notes.

Pure: no database and no Django settings.
"""

from typing import Any

import pytest

from clinic.plans import findings
from clinic.plans.findings import Cycle, Need, feelings_sentence, pattern, referral_notes
from intake.comparison import Comparison, Person, Side, compare
from intake.questionnaire import QUESTIONNAIRE
from tests.recommender_cases import SAM, answers, english, pursue_withdraw, run

JO = Person("Jo", "they", "them", "their", plural_verb=True)
AGAINST = (  # Tom's account of his bids: a need for turning toward and one for conflict work
    "Chosen because, when Tom reaches out in small ways, Tom says Maya usually responds with irritation, criticism "
    "or a put-down (turning against); Maya's own answer: notices and responds with warmth."
)


def needs(comparison: Comparison) -> list[Need]:
    """The needs with their reasons worded in English."""
    return english(findings.needs(comparison))


def test_every_finding_becomes_a_need_in_the_order_of_work_with_the_sentence_behind_it() -> None:
    found = needs(pursue_withdraw())
    assert [need.area for need in found] == [
        "O2",  # a feeling both report
        *("P3", "P8", "P1", "P1", "P2", "P4", "P7", "P8"),  # perception gaps, largest first
        *("O1", "O3", "O4", "O5", "O6", "O8"),  # feelings one partner reports
        *("bids", "bids", "bids_against", "rituals", "overload"),
    ]
    assert found[0].reason == (
        "Chosen because Maya and Tom both report, about their own feelings: feeling one's thoughts and feelings "
        "don't matter."
    )
    assert found[1].reason == (
        "Chosen because Maya says Tom never asks about her worries, dreams and day; Tom says he often does."
    )
    assert found[9].reason == "Chosen because Maya reports, about her own feelings: loneliness in the relationship."
    assert found[10].reason == "Chosen because Tom reports, about his own feelings: holding back feelings."
    assert found[-5:] == [
        Need(
            "bids",
            "Chosen because, when Maya reaches out in small ways, Maya says Tom usually misses it (turning away); "
            "Tom's own answer: notices and responds with warmth.",
        ),
        Need("bids", AGAINST),
        Need("bids_against", AGAINST),
        Need(
            "rituals",
            "Chosen because Maya and Tom both say these rarely or never happen: warm goodbye in the morning, time "
            "for each other at the reunion, bedtime talk without screens and weekly talk about the relationship.",
        ),
        Need("overload", "Chosen because Maya and Tom both say daily demands leave little energy for each other."),
    ]


def test_a_shared_concern_is_quoted_as_the_comparison_words_it() -> None:
    concern = needs(run({"p6_partner": 5, "p6_self": 5}, {"p6_partner": 5, "p6_self": 5}))[0]
    assert concern == Need(
        "P6",
        "Chosen because Sam and Alex agree that Alex almost always forgets the dates and news that matter in Sam's life.",
    )


def test_answers_that_raise_nothing_ask_for_nothing() -> None:
    assert needs(run({}, {})) == []


def test_a_bid_missed_in_the_second_partners_account_counts_as_much_as_in_the_first() -> None:
    assert needs(run({}, {"bids_response_partner": 2})) == [
        Need(
            "bids",
            "Chosen because, when Alex reaches out in small ways, Alex says Sam usually misses it (turning away); "
            "Sam's own answer: notices and responds with warmth.",
        )
    ]


def test_one_ritual_both_call_rare_is_not_yet_rituals_are_low() -> None:
    assert needs(run({"ritual_weekly": 1}, {"ritual_weekly": 1})) == []
    two = needs(run({"ritual_weekly": 1, "ritual_bedtime": 1}, {"ritual_weekly": 1, "ritual_bedtime": 1}))
    assert [need.area for need in two] == ["rituals"]


PW, UNCLEAR = Cycle.PURSUE_WITHDRAW, Cycle.UNCLEAR


@pytest.mark.parametrize(
    ("a", "b", "cycle", "pursuer"),
    [
        ({"o1": 5}, {"o3": 5}, PW, Side.A),  # lonely against holding back
        ({"o3": 5}, {"o1": 5}, PW, Side.B),
        ({"bids_response_partner": 2}, {"o3": 5}, PW, Side.A),  # reaching out and missed
        ({"o8": 5}, {"bids_response_partner": 2}, PW, Side.B),  # checking out
        ({"p8_partner": 5}, {"o3": 5}, PW, Side.A),  # asking for closeness and meeting defensiveness
        ({"p2_partner": 5}, {}, PW, Side.A),  # protesting the other's distance: one reaches, one is seen to pull back
        ({"p2_partner": 5, "o3": 5}, {}, UNCLEAR, None),  # protesting distance while holding back: not clear
        ({"p1_partner": 5}, {}, UNCLEAR, None),  # feelings brushed off is not distance
        ({"o8": 5}, {"o8": 5}, Cycle.BOTH_WITHDRAW, None),
        ({"o1": 5}, {"o1": 5}, Cycle.BOTH_PURSUE, None),
        ({}, {}, UNCLEAR, None),
        ({"o1": 5}, {}, UNCLEAR, None),  # a cycle takes two: one partner's answers alone name none
        ({}, {"o1": 5}, UNCLEAR, None),
        ({"o3": 5}, {}, UNCLEAR, None),
    ],
)
def test_the_likely_cycle_comes_from_who_reaches_out_and_who_pulls_back(
    a: dict[str, Any], b: dict[str, Any], cycle: Cycle, pursuer: Side | None
) -> None:
    found = pattern(run(a, b))
    assert (found.cycle, found.pursuer, found.withdrawer) == (cycle, pursuer, pursuer and pursuer.other)


def test_the_cycle_is_stated_as_a_hypothesis_to_check_or_not_at_all() -> None:
    notes = {}
    for a, b in (({"o1": 5}, {"o3": 5}), ({"o8": 5}, {"o8": 5}), ({"o1": 5}, {"o1": 5}), ({}, {})):
        comparison = run(a, b)
        notes[pattern(comparison).cycle] = english(pattern(comparison).note(comparison))
    assert notes == {
        Cycle.PURSUE_WITHDRAW: (
            "The answers suggest a pursue–withdraw cycle: Sam reaches out and meets distance, Alex pulls back; "
            "check this in the first session."
        ),
        Cycle.BOTH_WITHDRAW: (
            "The answers suggest both partners pull back (withdraw–withdraw, “freeze and flee”); check this in the "
            "first session."
        ),
        Cycle.BOTH_PURSUE: (
            "The answers suggest both partners push for contact and meet each other with blame (“find the bad "
            "guy”); check this in the first session."
        ),
        Cycle.UNCLEAR: "",
    }
    reversed_roles = run({"o3": 5}, {"o1": 5})
    assert english(pattern(reversed_roles).note(reversed_roles)).startswith(
        "The answers suggest a pursue–withdraw cycle: Alex reaches out and meets distance, Sam pulls back;"
    )


def test_each_partners_own_feelings_are_named_for_step_3() -> None:
    assert english(feelings_sentence(pursue_withdraw())) == (
        "Maya reports, about her own feelings: loneliness in the relationship, feeling one's thoughts and feelings "
        "don't matter, doubting the wish for more closeness, lasting sadness or emptiness and feeling better "
        "understood by others. Tom reports, about his own feelings: feeling one's thoughts and feelings don't "
        "matter, holding back feelings and checking out emotionally."
    )


def test_an_individual_therapy_note_speaks_of_each_partner_in_their_own_pronouns() -> None:
    comparison = compare(QUESTIONNAIRE, JO, SAM, answers(context_childhood=1), answers(context_mood=1))
    assert english(referral_notes(comparison)) == [
        "Individual therapy alongside the couple work may help Jo (feelings were rarely talked about in the family "
        "they grew up in): raise it in their individual session and offer a referral if they want one.",
        "Individual therapy alongside the couple work may help Sam (low mood or anxiety, or finding feelings hard to "
        "put into words): raise it in his individual session and offer a referral if he wants one.",
    ]
