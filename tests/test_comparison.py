"""The couple comparison as a spec: scores, agreement categories and the findings they make, and bad input.

Pure: no database and no Django settings, like intake.comparison itself. The summaries per partner are in
test_comparison_summaries.py, a worked example in test_comparison_example.py, properties over any answers
in test_comparison_properties.py.
"""

import dataclasses
from typing import Any

import pytest

from intake.comparison import (
    AREA_LABELS,
    O_AREAS,
    P_AREAS,
    Answer,
    Category,
    Overlap,
    Person,
    Side,
    categorise,
    compare,
    problem_score,
)
from intake.questionnaire import Questionnaire
from tests.comparison_cases import ALEX, SAM, Q, about_b, english, run


def present(answer: Answer | None) -> Answer:
    assert answer is not None
    return answer


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
    reported, self_reported = present(direction.reported), present(direction.self_reported)
    assert (reported.value, self_reported.value) == (2, 4)
    assert (reported.score, self_reported.score, direction.gap) == (3, 1, 2)
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


def test_a_rule_needs_two_scores() -> None:
    scored = Answer("p1_partner", 4, "Often", 3, True)
    unscored = Answer("p1_self", 4, "Often", None, None)
    assert categorise(scored, unscored, 2) == Category.UNANSWERED
    assert categorise(unscored, scored, 2) == Category.UNANSWERED
    assert categorise(None, scored, 2) == Category.UNANSWERED


# What a finding says and about whom


def test_answers_keep_their_item_keys() -> None:
    direction = about_b(run({"p1_partner": 4}, {"p1_self": 2}), "P1")
    assert (present(direction.reported).key, present(direction.self_reported).key) == ("p1_partner", "p1_self")
    assert (direction.partner_key, direction.self_key) == ("p1_partner", "p1_self")


@pytest.mark.parametrize(
    ("answers_a", "answers_b", "reporter", "subject"),
    [
        ({"p4_partner": 1}, {"p4_self": 5}, Side.A, Side.B),  # Sam: Alex is never there; Alex: almost always
        ({"p4_self": 5}, {"p4_partner": 1}, Side.B, Side.A),  # and the same the other way round
    ],
)
def test_a_finding_names_the_area_its_reporter_and_its_subject(
    answers_a: dict[str, int], answers_b: dict[str, int], reporter: Side, subject: Side
) -> None:
    (finding,) = run(answers_a, answers_b).differences
    assert (finding.area, finding.label) == ("P4", AREA_LABELS["P4"])
    assert (finding.reporter, finding.subject, finding.seen_by) == (reporter, subject, reporter)
    assert finding.item_keys == ("p4_partner", "p4_self")


def _without_phrase(area_key: str) -> Questionnaire:
    """The questionnaire with the partner-report item of `area_key` stripped of its read-aloud phrase."""
    sections = tuple(
        dataclasses.replace(
            section,
            items=tuple(
                dataclasses.replace(item, phrase="") if item.key == f"{area_key.lower()}_partner" else item
                for item in section.items
            ),
        )
        for section in Q.sections
    )
    return Questionnaire(Q.version, sections)


def test_an_item_without_a_phrase_is_named_by_its_area() -> None:
    questionnaire = _without_phrase("P1")
    result = english(
        compare(questionnaire, SAM, ALEX, {"p1_partner": 5, "p2_partner": 1}, {"p1_self": 1, "p2_self": 1})
    )
    assert [finding.sentence for finding in result.differences] == [
        "Sam and Alex see this differently: taking feelings seriously."
    ]
    shared = english(compare(questionnaire, SAM, ALEX, {"p1_partner": 5}, {"p1_self": 5})).shared_concerns
    assert [finding.sentence for finding in shared] == [
        "Sam and Alex see this the same way: taking feelings seriously."
    ]


def test_every_area_has_a_label() -> None:
    assert set(AREA_LABELS) == set(P_AREAS) | set(O_AREAS)
    assert [area.label for area in run({}, {}).areas] == [AREA_LABELS[key] for key in P_AREAS]


def test_they_pronouns_read_plainly() -> None:
    result = english(compare(Q, Person("Robin"), Person("Kai"), {"p5_partner": 1}, {"p5_self": 5}))
    assert result.differences[0].sentence == (
        "Robin says Kai never offers warm touch that isn't about sex; Kai says they almost always do."
    )


def test_the_result_names_its_questionnaire_version() -> None:
    assert run({}, {}).version == Q.version


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


def test_a_free_text_answer_may_use_every_allowed_character() -> None:
    longest = "x" * Q.item("free_hope").max_length
    assert Q.item("free_hope").max_length == 2000
    assert run({"free_hope": longest}, {}).partner_a.free_text == (("free_hope", longest),)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"no_such_item": 1}, "'no_such_item' is not an item of questionnaire"),
        ({"p1_partner": 6}, "6 is not an answer to p1_partner"),
    ],
)
def test_bad_input_says_what_is_wrong(answers: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run(answers, None)


def test_errors_name_the_threshold_and_the_scale() -> None:
    with pytest.raises(ValueError, match="the gap threshold must be 1 to 4, not 0"):
        run({}, {}, 0)
    with pytest.raises(ValueError, match="2 has no problem score on context_childhood"):
        problem_score(Q.item("context_childhood"), 2)
    four_point = dataclasses.replace(Q.item("p1_partner"), choices=Q.item("p1_partner").choices[:4])
    with pytest.raises(ValueError, match="p1_partner has no whole-number scale from 0 to 4"):
        problem_score(four_point, 2)
