"""The comparison's summaries per partner: domain scores, the CSI-4, readiness, own experience, bids,
rituals, context and free text, the safety findings kept apart, and what one partner alone gives.

Pure: no database and no Django settings, like intake.comparison itself.
"""

import dataclasses

import pytest

from intake.comparison import (
    O_AREAS,
    Answer,
    Category,
    Overlap,
    ReadinessFlag,
    ReadinessNote,
    Side,
    Stance,
    Turn,
)
from intake.questionnaire import CSI4_CITATION, SafetyTier
from tests.comparison_cases import csi4, run


def present(answer: Answer | None) -> Answer:
    assert answer is not None
    return answer


def test_domain_means_count_only_answered_items() -> None:
    # P1 "often" scores 3, P3 "almost always asks" scores 0: mean 1.5 over two items, not over eight.
    result = run({"p1_partner": 4, "p3_partner": 5}, None)
    assert (result.partner_a.domain("partner").mean, result.partner_a.domain("partner").answered) == (1.5, 2)


# CSI-4


@pytest.mark.parametrize(
    ("values", "total", "below"),
    [
        ((3, 3, 3, 4), 13, True),
        ((3, 4, 3, 4), 14, False),
        ((0, 0, 0, 0), 0, True),
        ((6, 5, 5, 5), 21, False),
    ],
)
def test_csi4_total_against_the_cutoff(values: tuple[int, ...], total: int, below: bool) -> None:
    result = run(csi4(*values), None)
    assert (result.partner_a.csi4.total, result.partner_a.csi4.below_cutoff) == (total, below)
    assert result.csi4_cutoff == 13.5 and result.csi4_citation == CSI4_CITATION


def test_csi4_needs_all_four_answers() -> None:
    score = run({"csi4_1": 6, "csi4_2": 5, "csi4_3": 5}, None).partner_a.csi4
    assert (score.total, score.below_cutoff, score.answered) == (None, None, 3)


# Readiness


@pytest.mark.parametrize(
    ("stance_a", "stance_b", "expected"),
    [
        (1, 3, {(ReadinessFlag.MISMATCH_STANCE, None), (ReadinessFlag.LEANING_OUT, Side.B)}),
        (2, 1, {(ReadinessFlag.MISMATCH_STANCE, None), (ReadinessFlag.UNSURE, Side.A)}),
        (3, 3, {(ReadinessFlag.LEANING_OUT, Side.A), (ReadinessFlag.LEANING_OUT, Side.B)}),
        (1, 1, set()),
        (3, None, {(ReadinessFlag.LEANING_OUT, Side.A)}),
    ],
)
def test_stance_flags(stance_a: int, stance_b: int | None, expected: set[tuple[ReadinessFlag, Side | None]]) -> None:
    answers_b = None if stance_b is None else {"stance": stance_b}
    result = run({"stance": stance_a}, answers_b)
    assert {(note.flag, note.side) for note in result.readiness_flags} == expected


def test_stances_are_reported_per_partner() -> None:
    result = run({"stance": 1}, {"stance": 3})
    assert (result.partner_a.stance, result.partner_b.stance) == (Stance.COMMITTED, Stance.LEANING_OUT)
    assert result.partner_b.stance_label == "I am leaning towards leaving"


@pytest.mark.parametrize(("answer", "flagged"), [(1, True), (2, True), (3, False), (5, False)])
def test_disagreeing_there_is_a_problem_is_flagged(answer: int, flagged: bool) -> None:
    notes = run({}, {"readiness_problem": answer}).readiness_flags
    assert (ReadinessNote(ReadinessFlag.NO_PROBLEM_SEEN, Side.B) in notes) is flagged


def test_readiness_items_sit_side_by_side() -> None:
    result = run({"readiness_change": 5}, {"readiness_change": 1})
    row = next(row for row in result.readiness if row.key == "readiness_change")
    assert (present(row.a).label, present(row.b).label) == ("Strongly agree", "Strongly disagree")
    assert len(result.readiness) == 5
    assert ReadinessNote(ReadinessFlag.NOT_WILLING_TO_CHANGE, Side.B) in result.readiness_flags


# Own experience, bids, rituals, context, free text


def test_own_experience_says_who_reports_a_problem() -> None:
    result = run({"o1": 5, "o2": 4, "o3": 1, "o4": 5}, {"o1": 1, "o2": 5, "o3": 2})
    overlaps = [(row.overlap, row.who) for row in result.experience[:4]]
    assert overlaps == [
        (Overlap.ONE, Side.A),
        (Overlap.BOTH, None),
        (Overlap.NEITHER, None),
        (Overlap.UNANSWERED, None),
    ]
    first = present(result.experience[0].a)
    assert first.score == 4 and first.problem
    assert [row.key for row in result.experience] == [f"o{n}" for n in range(1, 9)]
    assert [row.area for row in result.experience] == list(O_AREAS)


def test_bids_in_both_directions() -> None:
    result = run({"bids_response_partner": 2, "bids_notice_self": 5}, {"bids_response_self": 1})
    b_answering_a, a_answering_b = result.bids
    assert (b_answering_a.reporter, b_answering_a.turn, b_answering_a.self_turn) == (Side.A, Turn.AWAY, Turn.TOWARD)
    assert present(b_answering_a.response).label.startswith("They miss it")
    assert present(a_answering_b.self_notice).label == "Almost always" and a_answering_b.turn is None


def test_each_direction_of_bids_is_about_the_other_partner_in_both_voices() -> None:
    # Sam: Alex turns away from my bids and I notice them often; Alex: I turn toward them and notice them rarely.
    # Alex: Sam turns against my bids; Sam: I turn toward them.
    sam = {"bids_response_partner": 2, "bids_notice_partner": 4, "bids_response_self": 1, "bids_notice_self": 3}
    alex = {"bids_response_self": 1, "bids_notice_self": 2, "bids_response_partner": 3, "bids_notice_partner": 5}
    about_alex, about_sam = run(sam, alex).bids
    assert (about_alex.reporter, about_alex.subject) == (Side.A, Side.B)
    assert (about_sam.reporter, about_sam.subject) == (Side.B, Side.A)
    assert (present(about_alex.response).value, present(about_alex.self_response).value) == (2, 1)
    assert (about_alex.turn, about_alex.self_turn) == (Turn.AWAY, Turn.TOWARD)
    assert (present(about_alex.notice).value, present(about_alex.self_notice).value) == (4, 2)
    assert (present(about_sam.response).value, present(about_sam.self_response).value) == (3, 1)
    assert (about_sam.turn, about_sam.self_turn) == (Turn.AGAINST, Turn.TOWARD)
    assert (present(about_sam.notice).value, present(about_sam.self_notice).value) == (5, 3)


def test_rituals_context_and_free_text_per_partner() -> None:
    result = run(
        {"ritual_bedtime": 1, "context_mood": 1, "context_taught": 0, "free_hope": "More talk"},
        {"ritual_bedtime": 4, "free_reason": "  "},
    )
    bedtime = next(row for row in result.rituals if row.key == "ritual_bedtime")
    assert (present(bedtime.a).label, present(bedtime.b).label) == ("Never", "Often")
    assert result.partner_a.context == ("context_mood",) and result.partner_b.context == ()
    assert result.partner_a.free_text == (("free_hope", "More talk"),) and result.partner_b.free_text == ()


# Safety stays apart


def test_safety_endorsements_per_partner() -> None:
    result = run({"safety_afraid": 1, "safety_selfharm": 1}, {"safety_hurt": 0})
    assert result.safety.a.endorsed == ("safety_afraid", "safety_selfharm")
    assert result.safety.a.any_safety and result.safety.a.self_harm
    assert result.safety.b == dataclasses.replace(result.safety.b, endorsed=(), any_safety=False, self_harm=False)
    assert result.safety.any_safety


def test_safety_answers_change_nothing_but_the_safety_findings() -> None:
    base = {"p1_partner": 4, "o1": 5, "stance": 2, **csi4(3, 3, 3, 3)}
    with_safety = run({**base, "safety_insulted": 1, "safety_controlled": 1}, {"safety_selfharm": 1})
    without = run(base, {})
    assert with_safety.safety.any_safety and not without.safety.any_safety
    assert dataclasses.replace(with_safety, safety=without.safety) == without


# One-sided reports


def test_one_partner_alone_gets_their_own_views_and_scores() -> None:
    result = run({"p1_partner": 4, "p1_self": 2, "o1": 5, "stance": 3, **csi4(1, 1, 1, 1)}, None)
    assert result.one_sided and result.answered == (Side.A,)
    assert not result.partner_b.answered and result.partner_a.answered
    p1 = result.areas[0]
    assert (p1.a_about_b, p1.a_self, p1.b_self, p1.b_about_a) == (3, 1, None, None)
    assert all(d.category == Category.UNANSWERED for area in result.areas for d in area.directions)
    assert result.experience[0].overlap == Overlap.UNANSWERED and present(result.experience[0].a).problem
    assert result.partner_a.csi4.total == 4 and result.partner_a.domain("self").mean == 1
    assert result.readiness_flags == (ReadinessNote(ReadinessFlag.LEANING_OUT, Side.A),)
    assert result.differences == result.strengths == result.shared_concerns == ()


def test_nobody_answered_yet() -> None:
    result = run(None, None)
    assert result.answered == () and not result.one_sided and not result.safety.any_safety


def test_safety_findings_sort_endorsements_into_their_tiers() -> None:
    result = run({"safety_afraid": 1, "safety_insulted": 1, "safety_hurt": 0}, {"safety_insulted": 1})
    assert (result.safety.a.tier_a, result.safety.a.tier_b) == (("safety_afraid",), ("safety_insulted",))
    assert (result.safety.b.tier_a, result.safety.b.tier_b) == ((), ("safety_insulted",))
    assert (result.safety.a.tier, result.safety.b.tier, result.safety.tier) == (
        SafetyTier.A,
        SafetyTier.B,
        SafetyTier.A,
    )
    assert result.safety.hold


def test_tier_b_alone_asks_for_a_check_in_without_a_hold() -> None:
    result = run({"safety_insulted": 1}, {})
    assert result.safety.tier == SafetyTier.B and not result.safety.hold
    assert result.safety.a.tier_a == () and not result.safety.a.self_harm


def test_self_harm_is_its_own_finding_and_holds_joint_work() -> None:
    result = run({}, {"safety_selfharm": 1})
    assert result.safety.b.self_harm and (result.safety.b.tier_a, result.safety.b.tier_b) == ((), ())
    assert result.safety.tier == SafetyTier.NONE and result.safety.hold


def test_a_partner_who_has_not_answered_has_an_empty_summary() -> None:
    summary = run({"stance": 1, "o1": 5}, None).partner_b
    assert (summary.name, summary.answered, summary.stance, summary.stance_label) == ("Alex", False, None, "")
    assert (summary.context, summary.free_text) == ((), ())
    assert [(score.domain, score.mean, score.answered) for score in summary.domains] == [
        ("partner", None, 0),
        ("self", None, 0),
        ("experience", None, 0),
    ]
    assert (summary.csi4.total, summary.csi4.answered, summary.csi4.below_cutoff) == (None, 0, None)
