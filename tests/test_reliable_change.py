"""Reliable change on the CSI-4 (Jacobson & Truax 1991): worked examples computed by hand, and properties that hold
for any totals and any published SD and reliability (hypothesis). Pure: no database, no settings."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.outcomes.change import ChangeRule, Direction

# The defaults Attune ships (ATTUNE_CSI4_SD 4.5, provisional; ATTUNE_CSI4_RELIABILITY .94, Funk & Rogge 2007).
RULE = ChangeRule(sd=4.5, reliability=0.94, cutoff=13.5)
TOTALS = st.integers(min_value=0, max_value=21)
RULES = st.builds(
    ChangeRule,
    sd=st.floats(min_value=0.5, max_value=10),
    reliability=st.floats(min_value=0, max_value=0.99),
    cutoff=st.just(13.5),
)


def test_worked_example_with_the_shipped_defaults() -> None:
    # By hand: 1 - .94 = .06, sqrt(.06) = .24495; 4.5 x .24495 = 1.10227 (the standard error of measurement);
    # x sqrt(2) = 1.41421 x 1.10227 = 1.55885 (S_diff); x 1.96 = 3.0553 points.
    assert RULE.s_diff == pytest.approx(1.55885, abs=1e-4)
    assert RULE.threshold == pytest.approx(3.0553, abs=1e-4)
    assert RULE.points_needed == 4


def test_four_points_up_is_reliable_three_is_not() -> None:
    # 8 -> 12: 4 / 1.55885 = 2.566 > 1.96.   8 -> 11: 3 / 1.55885 = 1.924 < 1.96.
    assert RULE.rci(8, 12) == pytest.approx(2.566, abs=1e-3)
    assert RULE.direction(8, 12) is Direction.BETTER
    assert RULE.rci(8, 11) == pytest.approx(1.925, abs=1e-3)
    assert RULE.direction(8, 11) is Direction.SAME


def test_four_points_down_is_reliable_deterioration() -> None:
    assert RULE.direction(13, 9) is Direction.WORSE
    assert RULE.direction(13, 10) is Direction.SAME


def test_recovered_means_reliably_better_and_across_the_cut_off() -> None:
    assert RULE.recovered(8, 15)  # +7, from below 13.5 to above it
    assert not RULE.recovered(8, 13)  # reliably better, still below the cut-off
    assert not RULE.recovered(12, 14)  # across the cut-off, but +2 is within the noise
    assert not RULE.recovered(15, 20)  # reliably better, but was never below the cut-off


def test_a_different_sd_and_reliability_move_the_threshold() -> None:
    # SD 6, r .90: sqrt(.10) = .31623; 6 x .31623 = 1.89737; x 1.41421 = 2.68328; x 1.96 = 5.2592.
    rule = ChangeRule(sd=6, reliability=0.9, cutoff=13.5)
    assert rule.threshold == pytest.approx(5.2592, abs=1e-4)
    assert rule.points_needed == 6


def test_the_band_is_the_baseline_plus_and_minus_the_threshold_within_the_scale() -> None:
    assert RULE.band(8) == pytest.approx((4.9447, 11.0553), abs=1e-4)
    assert RULE.band(1) == pytest.approx((0.0, 4.0553), abs=1e-4)
    assert RULE.band(20) == pytest.approx((16.9447, 21.0), abs=1e-4)


@pytest.mark.parametrize(("sd", "reliability"), [(0, 0.9), (-1, 0.9), (4, 1), (4, -0.1)])
def test_impossible_parameters_are_refused(sd: float, reliability: float) -> None:
    with pytest.raises(ValueError):
        ChangeRule(sd=sd, reliability=reliability, cutoff=13.5)


@settings(max_examples=300, deadline=None)
@given(RULES, TOTALS, TOTALS)
def test_swapping_before_and_after_mirrors_the_index(rule: ChangeRule, before: int, after: int) -> None:
    assert rule.rci(after, before) == pytest.approx(-rule.rci(before, after))
    mirrored = {Direction.BETTER: Direction.WORSE, Direction.WORSE: Direction.BETTER, Direction.SAME: Direction.SAME}
    assert rule.direction(after, before) is mirrored[rule.direction(before, after)]


@settings(max_examples=300, deadline=None)
@given(RULES, TOTALS, TOTALS, TOTALS)
def test_a_higher_later_total_never_reads_as_a_worse_change(rule: ChangeRule, before: int, low: int, high: int) -> None:
    low, high = sorted((low, high))
    order = [Direction.WORSE, Direction.SAME, Direction.BETTER]
    assert rule.rci(before, low) <= rule.rci(before, high)
    assert order.index(rule.direction(before, low)) <= order.index(rule.direction(before, high))


@settings(max_examples=300, deadline=None)
@given(RULES, TOTALS, TOTALS)
def test_inside_the_band_is_no_reliable_change(rule: ChangeRule, before: int, after: int) -> None:
    low, high = rule.band(before)
    if low < after < high:
        assert rule.direction(before, after) is Direction.SAME
    if rule.direction(before, after) is not Direction.SAME:
        assert abs(after - before) > rule.threshold
    assert rule.direction(before, before) is Direction.SAME


@settings(max_examples=300, deadline=None)
@given(RULES, TOTALS, TOTALS)
def test_recovered_is_reliable_improvement_that_crosses_the_cut_off(rule: ChangeRule, before: int, after: int) -> None:
    expected = rule.direction(before, after) is Direction.BETTER and before < 13.5 <= after
    assert rule.recovered(before, after) is expected
