"""The couple comparison as a spec: categories, alignment, scores, sentences and safety kept apart.

Pure: no database and no Django settings, like intake.comparison itself.
"""

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.comparison import (
    AREA_LABELS,
    O_AREAS,
    P_AREAS,
    Category,
    Comparison,
    Direction,
    Overlap,
    Person,
    ReadinessFlag,
    ReadinessNote,
    Side,
    Stance,
    Turn,
    compare,
    problem_score,
)
from intake.questionnaire import CSI4_CITATION, QUESTIONNAIRE, Item, Kind

Q = QUESTIONNAIRE
SAM = Person("Sam", "he", "him", "his", plural_verb=False)
ALEX = Person("Alex", "she", "her", "her", plural_verb=False)
CSI4_KEYS = ("csi4_1", "csi4_2", "csi4_3", "csi4_4")
SAFETY_KEYS = {item.key for item in Q.items if item.safety}


def run(a: dict[str, Any] | None, b: dict[str, Any] | None, threshold: int = 2) -> Comparison:
    return compare(Q, SAM, ALEX, a, b, threshold)


def about_b(result: Comparison, area: str) -> Direction:
    """Sam's (A's) report on Alex's behaviour in `area`, against Alex's self-report."""
    return next(found for found in result.areas if found.key == area).about_b


def csi4(*values: int) -> dict[str, int]:
    return dict(zip(CSI4_KEYS, values, strict=True))


# Polarity and the 0..4 problem score


def test_problem_score_counts_from_the_good_end() -> None:
    brushes_off, asks_about_me = Q.item("p1_partner"), Q.item("p3_partner")  # high, low is the problem
    assert [problem_score(brushes_off, value) for value in range(1, 6)] == [0, 1, 2, 3, 4]
    assert [problem_score(asks_about_me, value) for value in range(1, 6)] == [4, 3, 2, 1, 0]


def test_shorter_scales_stretch_onto_zero_to_four() -> None:
    assert [problem_score(Q.item("bids_response_partner"), value) for value in (1, 2, 3)] == [0, 2, 4]


def test_unscored_items_have_no_problem_score() -> None:
    with pytest.raises(ValueError):
        problem_score(Q.item("context_childhood"), 1)


def test_reverse_keyed_answers_are_aligned_before_comparing() -> None:
    # "Rarely asks about my worries" (2) is a problem; "I often ask" (4) is not: scores 3 and 1.
    direction = about_b(run({"p3_partner": 2}, {"p3_self": 4}), "P3")
    assert (direction.reported.value, direction.self_reported.value) == (2, 4)
    assert (direction.reported.score, direction.self_reported.score, direction.gap) == (3, 1, 2)
    assert direction.category == Category.PERCEPTION_GAP


# Categories: one direction at a time (P1 is high-is-problem: 1 never ... 5 almost always)


@pytest.mark.parametrize(
    ("reported", "self_reported", "threshold", "category", "seen_by"),
    [
        (5, 4, 2, Category.SHARED_CONCERN, None),  # scores 4 and 3: both problems
        (4, 4, 1, Category.SHARED_CONCERN, None),
        (4, 2, 2, Category.PERCEPTION_GAP, Side.A),  # 3 against 1: Sam sees it, Alex does not
        (1, 5, 2, Category.PERCEPTION_GAP, Side.B),  # 0 against 4: Alex owns it, Sam does not see it
        (4, 3, 2, Category.UNCERTAIN, None),  # 3 against 2: one problem, gap under the threshold
        (4, 3, 1, Category.PERCEPTION_GAP, Side.A),  # ... and the same at threshold 1
        (1, 2, 2, Category.SHARED_STRENGTH, None),  # 0 and 1: both at the good end
        (2, 2, 2, Category.SHARED_STRENGTH, None),
        (3, 3, 2, Category.UNCERTAIN, None),  # middle answers
        (1, 3, 2, Category.UNCERTAIN, None),  # good against middle: neither sees a problem
    ],
)
def test_each_category_rule(
    reported: int, self_reported: int, threshold: int, category: Category, seen_by: Side | None
) -> None:
    direction = about_b(run({"p1_partner": reported}, {"p1_self": self_reported}, threshold), "P1")
    assert (direction.category, direction.seen_by) == (category, seen_by)
    assert direction.gap == abs(reported - self_reported)


def test_a_difference_without_a_problem_is_listed_but_not_called_a_perception_gap() -> None:
    (difference,) = run({"p1_partner": 1}, {"p1_self": 3}).differences
    assert difference.category == Category.UNCERTAIN and difference.seen_by is None and difference.gap == 2
    assert difference.sentence == (
        "Sam says Alex never brushes off or plays down his feelings; Alex says she sometimes does."
    )


# Unanswered


def test_a_missing_answer_is_unanswered_never_a_gap_or_agreement() -> None:
    # Sam sees a clear problem; Alex skipped the item. Reading the gap as 0 or 4 would invent a finding.
    result = run({"p1_partner": 5, "p2_partner": 1}, {"p3_self": 1})
    for area in ("P1", "P2"):
        direction = about_b(result, area)
        assert direction.category == Category.UNANSWERED and direction.gap is None and direction.seen_by is None
    assert result.differences == result.strengths == result.shared_concerns == ()


def test_empty_answers_leave_everything_unanswered() -> None:
    result = run({}, {})
    assert all(d.category == Category.UNANSWERED for area in result.areas for d in area.directions)
    assert all(row.overlap == Overlap.UNANSWERED for row in result.experience)
    assert result.partner_a.domain("partner").mean is None and result.partner_a.domain("partner").answered == 0
    assert result.partner_a.csi4.total is None and result.answered == (Side.A, Side.B)


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
    assert (row.a.label, row.b.label) == ("Strongly agree", "Strongly disagree")
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
    assert result.experience[0].a.score == 4 and result.experience[0].a.problem


def test_bids_in_both_directions() -> None:
    result = run({"bids_response_partner": 2, "bids_notice_self": 5}, {"bids_response_self": 1})
    b_answering_a, a_answering_b = result.bids
    assert (b_answering_a.reporter, b_answering_a.turn, b_answering_a.self_turn) == (Side.A, Turn.AWAY, Turn.TOWARD)
    assert b_answering_a.response.label.startswith("They miss it")
    assert a_answering_b.self_notice.label == "Almost always" and a_answering_b.turn is None


def test_rituals_context_and_free_text_per_partner() -> None:
    result = run(
        {"ritual_bedtime": 1, "context_mood": 1, "context_taught": 0, "free_hope": "More talk"},
        {"ritual_bedtime": 4, "free_reason": "  "},
    )
    bedtime = next(row for row in result.rituals if row.key == "ritual_bedtime")
    assert (bedtime.a.label, bedtime.b.label) == ("Never", "Often")
    assert result.partner_a.context == ("context_mood",) and result.partner_b.context == ()
    assert result.partner_a.free_text == (("free_hope", "More talk"),) and result.partner_b.free_text == ()


def test_every_area_has_a_label() -> None:
    assert set(AREA_LABELS) == set(P_AREAS) | set(O_AREAS)
    assert [area.label for area in run({}, {}).areas] == [AREA_LABELS[key] for key in P_AREAS]


def test_they_pronouns_read_plainly() -> None:
    result = compare(Q, Person("Robin"), Person("Kai"), {"p5_partner": 1}, {"p5_self": 5})
    assert result.differences[0].sentence == (
        "Robin says Kai never offers warm touch that isn't about sex; Kai says they almost always do."
    )


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
    assert result.experience[0].overlap == Overlap.UNANSWERED and result.experience[0].a.problem
    assert result.partner_a.csi4.total == 4 and result.partner_a.domain("self").mean == 1
    assert result.readiness_flags == (ReadinessNote(ReadinessFlag.LEANING_OUT, Side.A),)
    assert result.differences == result.strengths == result.shared_concerns == ()


def test_nobody_answered_yet() -> None:
    result = run(None, None)
    assert result.answered == () and not result.one_sided and not result.safety.any_safety


# Bad input


@pytest.mark.parametrize(
    "answers",
    [
        {"p1_partner": 6},
        {"p1_partner": 0},
        {"p1_partner": "4"},
        {"p1_partner": True},
        {"p1_partner": 4.0},
        {"csi4_1": 7},
        {"safety_afraid": 2},
        {"stance": 4},
        {"free_hope": 5},
        {"free_hope": "x" * 2001},
        {"no_such_item": 1},
    ],
)
def test_bad_values_raise_value_error(answers: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        run(answers, {})
    with pytest.raises(ValueError):
        run(None, answers)


@pytest.mark.parametrize("threshold", [0, 5])
def test_the_gap_threshold_stays_on_the_scale(threshold: int) -> None:
    with pytest.raises(ValueError):
        run({}, {}, threshold)


def test_the_threshold_is_echoed() -> None:
    assert run({}, {}, 3).gap_threshold == 3


# A worked example, computed by hand. Sam is partner A (he/him), Alex partner B (she/her).
# Problem scores (0 none .. 4 most): P1, P2, P6, P7, P8 score value - 1; reverse-keyed P3, P4, P5 score 5 - value.
#
#       Sam about Alex   Alex about self  -> category        | Alex about Sam   Sam about self  -> category
#  P1   never      0     never      0     strength (gap 0)   | often      3     rarely     1    gap 2, Alex sees it
#  P2   alm.alw.   4     often      3     concern (gap 1)    | alm.alw.   4     often      3    concern
#  P3   rarely     3     often      1     gap 2, Sam sees it | sometimes  2     sometimes  2    uncertain (gap 0)
#  P4   rarely     3     sometimes  2     uncertain (gap 1)  | never      4     often      1    gap 3, Alex sees it
#  P5   often      1     often      1     strength           | often      1     alm.alw.   0    strength
#  P6   (skipped)        rarely     1     unanswered         | alm.alw.   4     never      0    gap 4, Alex sees it
#  P7   often      3     rarely     1     gap 2, Sam sees it | often      3     rarely     1    gap 2, Alex sees it
#  P8   rarely     1     rarely     1     strength           | often      3     alm.alw.   4    concern (gap 1)
#
# Differences, largest gap first, ties by area then A's report first: P6 (4), P4 (3), then the gaps of 2 as
# P1 Alex-about-Sam, P3 Sam-about-Alex, P7 Sam-about-Alex, P7 Alex-about-Sam.
# CSI-4: Sam 3 + 4 + 3 + 4 = 14 (not below 13.5); Alex 2 + 3 + 2 + 3 = 10 (below).
# Domains: Sam about Alex (0+4+3+3+1+3+1)/7 = 15/7; Sam about self (1+3+2+1+0+0+1+4)/8 = 1.5;
# Alex about Sam (3+4+2+4+1+4+3+3)/8 = 3.0; Alex about self (0+3+1+2+1+1+1+1)/8 = 1.25.
SAM_ANSWERS = {
    "p1_partner": 1,
    "p2_partner": 5,
    "p3_partner": 2,
    "p4_partner": 2,
    "p5_partner": 4,
    "p7_partner": 4,
    "p8_partner": 2,
    "p1_self": 2,
    "p2_self": 4,
    "p3_self": 3,
    "p4_self": 4,
    "p5_self": 5,
    "p6_self": 1,
    "p7_self": 2,
    "p8_self": 5,
    "o1": 2,
    "o2": 4,
    "o3": 1,
    "readiness_problem": 2,
    "stance": 1,
    **csi4(3, 4, 3, 4),
}
ALEX_ANSWERS = {
    "p1_partner": 4,
    "p2_partner": 5,
    "p3_partner": 3,
    "p4_partner": 1,
    "p5_partner": 4,
    "p6_partner": 5,
    "p7_partner": 4,
    "p8_partner": 4,
    "p1_self": 1,
    "p2_self": 4,
    "p3_self": 4,
    "p4_self": 3,
    "p5_self": 4,
    "p6_self": 2,
    "p7_self": 2,
    "p8_self": 2,
    "o1": 5,
    "o2": 4,
    "o3": 1,
    "o4": 4,
    "readiness_problem": 4,
    "stance": 3,
    **csi4(2, 3, 2, 3),
}


def test_worked_example_categories_and_views() -> None:
    result = run(SAM_ANSWERS, ALEX_ANSWERS)
    categories = [(area.about_b.category, area.about_a.category) for area in result.areas]
    assert categories == [
        (Category.SHARED_STRENGTH, Category.PERCEPTION_GAP),
        (Category.SHARED_CONCERN, Category.SHARED_CONCERN),
        (Category.PERCEPTION_GAP, Category.UNCERTAIN),
        (Category.UNCERTAIN, Category.PERCEPTION_GAP),
        (Category.SHARED_STRENGTH, Category.SHARED_STRENGTH),
        (Category.UNANSWERED, Category.PERCEPTION_GAP),
        (Category.PERCEPTION_GAP, Category.PERCEPTION_GAP),
        (Category.SHARED_STRENGTH, Category.SHARED_CONCERN),
    ]
    p3 = result.areas[2]
    assert (p3.a_about_b, p3.b_self, p3.b_about_a, p3.a_self) == (3, 1, 2, 2)
    assert (p3.about_b.gap, p3.about_b.seen_by) == (2, Side.A)


def test_worked_example_ranked_differences() -> None:
    differences = run(SAM_ANSWERS, ALEX_ANSWERS).differences
    assert [(d.area, d.reporter, d.gap) for d in differences] == [
        ("P6", Side.B, 4),
        ("P4", Side.B, 3),
        ("P1", Side.B, 2),
        ("P3", Side.A, 2),
        ("P7", Side.A, 2),
        ("P7", Side.B, 2),
    ]
    assert [d.sentence for d in differences[:4]] == [
        "Alex says Sam almost always forgets the dates and news that matter in her life; Sam says he never does.",
        "Alex says Sam never stays close through her hard moments; Sam says he often does.",
        "Alex says Sam often brushes off or plays down her feelings; Sam says he rarely does.",
        "Sam says Alex rarely asks about his worries, dreams and day; Alex says she often does.",
    ]
    assert differences[3].item_keys == ("p3_partner", "p3_self") and differences[3].seen_by == Side.A


def test_worked_example_strengths_and_shared_concerns() -> None:
    result = run(SAM_ANSWERS, ALEX_ANSWERS)
    assert [finding.sentence for finding in result.strengths] == [
        "Sam and Alex agree that Alex never brushes off or plays down Sam's feelings.",
        "Sam and Alex agree that Alex often offers warm touch that isn't about sex.",
        "Alex and Sam agree that Sam often or almost always offers warm touch that isn't about sex.",
        "Sam and Alex agree that Alex rarely gets defensive or blaming when asked for closeness.",
    ]
    assert [finding.sentence for finding in result.shared_concerns] == [
        "Sam and Alex agree that Alex often or almost always keeps conversations to schedules, money and chores.",
        "Alex and Sam agree that Sam often or almost always keeps conversations to schedules, money and chores.",
        "Alex and Sam agree that Sam often or almost always gets defensive or blaming when asked for closeness.",
    ]


def test_worked_example_scores_and_readiness() -> None:
    result = run(SAM_ANSWERS, ALEX_ANSWERS)
    assert (result.partner_a.csi4.total, result.partner_a.csi4.below_cutoff) == (14, False)
    assert (result.partner_b.csi4.total, result.partner_b.csi4.below_cutoff) == (10, True)
    assert result.partner_a.domain("partner").mean == pytest.approx(15 / 7)
    assert result.partner_a.domain("partner").answered == 7
    assert [
        result.partner_a.domain("self").mean,
        result.partner_b.domain("partner").mean,
        result.partner_b.domain("self").mean,
    ] == [1.5, 3.0, 1.25]
    assert result.readiness_flags == (
        ReadinessNote(ReadinessFlag.MISMATCH_STANCE, None),
        ReadinessNote(ReadinessFlag.NO_PROBLEM_SEEN, Side.A),
        ReadinessNote(ReadinessFlag.LEANING_OUT, Side.B),
    )
    assert [(row.overlap, row.who) for row in result.experience[:4]] == [
        (Overlap.ONE, Side.B),
        (Overlap.BOTH, None),
        (Overlap.NEITHER, None),
        (Overlap.UNANSWERED, None),
    ]


# Properties over any valid answers


def choice_or_text(item: Item) -> st.SearchStrategy[int | str]:
    if item.kind == Kind.TEXT:
        return st.text(max_size=20)
    return st.sampled_from([choice.value for choice in item.choices])


# Each item either missing or a valid answer.
ANSWER_SETS = st.fixed_dictionaries({}, optional={item.key: choice_or_text(item) for item in Q.items})


@st.composite
def matched_perceptions(draw: st.DrawFn) -> tuple[dict[str, int | str], dict[str, int | str]]:
    """Two answer sets where each partner's report on the other equals the other's self-report."""
    a, b = draw(ANSWER_SETS), draw(ANSWER_SETS)
    for n in range(1, 9):
        for reporter, subject in ((a, b), (b, a)):
            reporter.pop(f"p{n}_partner", None)
            if f"p{n}_self" in subject:
                reporter[f"p{n}_partner"] = subject[f"p{n}_self"]
    return a, b


def flip(side: Side | None) -> Side | None:
    return None if side is None else side.other


@settings(max_examples=200, deadline=None)
@given(ANSWER_SETS, ANSWER_SETS)
def test_swapping_the_partners_mirrors_the_result(a: dict[str, Any], b: dict[str, Any]) -> None:
    result, swapped = run(a, b), compare(Q, ALEX, SAM, b, a)
    for area, mirror in zip(result.areas, swapped.areas, strict=True):
        for direction, other in ((area.about_b, mirror.about_a), (area.about_a, mirror.about_b)):
            assert (other.reported, other.self_reported, other.gap, other.category) == (
                direction.reported,
                direction.self_reported,
                direction.gap,
                direction.category,
            )
            assert (other.reporter, other.seen_by) == (direction.reporter.other, flip(direction.seen_by))
        assert (mirror.a_self, mirror.a_about_b) == (area.b_self, area.b_about_a)
    assert (swapped.partner_a, swapped.partner_b) == (result.partner_b, result.partner_a)
    assert (swapped.safety.a, swapped.safety.b) == (result.safety.b, result.safety.a)
    assert [(row.a, row.b) for row in swapped.experience] == [(row.b, row.a) for row in result.experience]
    assert [(row.a, row.b) for row in swapped.rituals] == [(row.b, row.a) for row in result.rituals]
    assert {(n.flag, n.side) for n in swapped.readiness_flags} == {
        (n.flag, flip(n.side)) for n in result.readiness_flags
    }
    for name in ("differences", "strengths", "shared_concerns"):
        mirrored = sorted((f.sentence, f.gap, f.category) for f in getattr(swapped, name))
        assert mirrored == sorted((f.sentence, f.gap, f.category) for f in getattr(result, name))


@settings(max_examples=200, deadline=None)
@given(matched_perceptions())
def test_matching_perceptions_give_no_perception_gap(answers: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result = run(*answers)
    assert all(
        d.category != Category.PERCEPTION_GAP and d.gap in (0, None) for area in result.areas for d in area.directions
    )
    assert result.differences == ()


@settings(max_examples=200, deadline=None)
@given(ANSWER_SETS)
def test_identical_answers_do_not_crash_and_agree_on_own_experience(answers: dict[str, Any]) -> None:
    result = run(answers, dict(answers))
    assert all(row.overlap != Overlap.ONE for row in result.experience)
    assert result.partner_a.csi4 == result.partner_b.csi4


@settings(max_examples=200, deadline=None)
@given(ANSWER_SETS, ANSWER_SETS, st.integers(1, 4))
def test_every_direction_gets_exactly_the_category_its_rule_gives(
    a: dict[str, Any], b: dict[str, Any], threshold: int
) -> None:
    result = run(a, b, threshold)
    assert [area.key for area in result.areas] == list(P_AREAS)
    for area in result.areas:
        for d in area.directions:
            missing = d.reported is None or d.self_reported is None
            assert (d.category == Category.UNANSWERED) == missing
            if d.reported is None or d.self_reported is None or d.gap is None:
                continue
            problems = [d.reported.problem, d.self_reported.problem]
            assert (d.category == Category.SHARED_CONCERN) == all(problems)
            assert (d.category == Category.PERCEPTION_GAP) == (problems.count(True) == 1 and d.gap >= threshold)
            assert (d.category == Category.SHARED_STRENGTH) == (max(d.reported.score, d.self_reported.score) <= 1)
            if d.category == Category.PERCEPTION_GAP:
                assert d.seen_by == (d.reporter if d.reported.problem else d.subject)
            else:
                assert d.seen_by is None
    gaps = [(-f.gap, f.area, f.reporter) for f in result.differences]
    assert gaps == sorted(gaps) and all(f.gap >= threshold for f in result.differences)


@settings(max_examples=200, deadline=None)
@given(ANSWER_SETS, ANSWER_SETS)
def test_all_scores_stay_in_range(a: dict[str, Any], b: dict[str, Any]) -> None:
    result = run(a, b)
    for area in result.areas:
        views = (area.a_self, area.a_about_b, area.b_self, area.b_about_a)
        assert all(view is None or 0 <= view <= 4 for view in views)
    for partner in (result.partner_a, result.partner_b):
        assert partner.csi4.total is None or 0 <= partner.csi4.total <= 21
        assert all(score.mean is None or 0 <= score.mean <= 4 for score in partner.domains)


@settings(max_examples=200, deadline=None)
@given(ANSWER_SETS, ANSWER_SETS)
def test_nothing_but_safety_depends_on_safety_answers(a: dict[str, Any], b: dict[str, Any]) -> None:
    result = run(a, b)

    def without_safety(answers: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in answers.items() if key not in SAFETY_KEYS}

    stripped = run(without_safety(a), without_safety(b))
    assert dataclasses.replace(result, safety=stripped.safety) == stripped
