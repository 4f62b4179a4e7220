"""A worked example of the comparison, computed by hand: every category, sentence and score of one couple.

Pure: no database and no Django settings, like intake.comparison itself.
"""

import pytest

from intake.comparison import Category, Overlap, ReadinessFlag, ReadinessNote, Side
from tests.comparison_cases import csi4, run

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
