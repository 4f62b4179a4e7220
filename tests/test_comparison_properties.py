"""Properties of the comparison over any valid answers (hypothesis): symmetry, no invented gaps, every
category exactly as its rule says, scores in range, and safety answers reaching nothing but safety findings.

Pure: no database and no Django settings, like intake.comparison itself.
"""

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.comparison import P_AREAS, Category, Overlap, Side, compare
from intake.questionnaire import Item, Kind
from tests.comparison_cases import ALEX, SAFETY_KEYS, SAM, Q, english, run

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
    result, swapped = run(a, b), english(compare(Q, ALEX, SAM, b, a))
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
            scores = [d.reported.score, d.self_reported.score]
            assert (d.category == Category.SHARED_STRENGTH) == all(s is not None and s <= 1 for s in scores)
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
