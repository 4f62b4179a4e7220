"""The off-track rule: worked examples with numbers computed by hand, and its properties (hypothesis): symmetric in
the partners, monotone in the latest total, and silent about "not improving" before the fourth check-in.

Pure: no database, no settings. Shipped defaults: a reliable change needs more than 3.06 points (4 whole points).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.outcomes.change import ChangeRule
from clinic.outcomes.offtrack import Series, Trigger, off_track

RULE = ChangeRule(sd=4.5, reliability=0.94, cutoff=13.5)
TOTALS = st.integers(min_value=0, max_value=21)
SERIES = st.builds(
    Series,
    name=st.sampled_from(["Sam", "Alex"]),
    baseline=st.one_of(st.none(), TOTALS),
    check_ins=st.lists(st.one_of(st.none(), TOTALS), max_size=8).map(tuple),
)


def test_the_demo_couple_goes_off_track_at_the_fourth_check_in() -> None:
    # Sam 8 -> 9, 11, 12, 14: +6 at the fourth (RCI 6 / 1.559 = 3.85): reliably better.
    # Alex 13 -> 13, 12, 13, 13: +0 at the fourth: not reliably better by the fourth check-in.
    sam = Series("Sam", 8, (9, 11, 12, 14))
    alex = Series("Alex", 13, (13, 12, 13, 13))
    assert not off_track([Series("Sam", 8, (9, 11, 12)), Series("Alex", 13, (13, 12, 13))], RULE).raised
    found = off_track([sam, alex], RULE)
    assert [(f.name, f.trigger, f.check_in, f.before, f.after) for f in found.findings] == [
        ("Alex", Trigger.NOT_BETTER, 4, 13, 13)
    ]
    assert found.findings[0].rci == 0


def test_reliable_deterioration_raises_the_mark_at_the_first_check_in() -> None:
    # 12 -> 8: -4 / 1.559 = -2.57 < -1.96.
    found = off_track([Series("Sam", 12, (8,)), Series("Alex", 12, (12,))], RULE)
    assert [(f.name, f.trigger, f.check_in) for f in found.findings] == [("Sam", Trigger.WORSE, 1)]
    assert round(found.findings[0].rci, 2) == -2.57


def test_a_three_point_drop_is_within_the_noise() -> None:
    assert not off_track([Series("Sam", 12, (9,)), Series("Alex", 12, (12,))], RULE).raised


def test_the_latest_check_in_decides() -> None:
    # Worse at the second check-in, back to the start at the third: no longer off track (before the fourth).
    assert not off_track([Series("Sam", 12, (11, 7, 12))], RULE).raised
    # Better at the third, back to the start at the fifth: off track again.
    assert off_track([Series("Sam", 8, (9, 10, 13, 12, 9))], RULE).findings[0].trigger is Trigger.NOT_BETTER


def test_missed_check_ins_do_not_count() -> None:
    # Four occasions but three answers: not yet judged on improvement.
    assert not off_track([Series("Alex", 13, (13, None, 12, 13))], RULE).raised
    assert off_track([Series("Alex", 13, (13, None, 12, 13, 14))], RULE).findings[0].check_in == 4


def test_no_start_no_judgement() -> None:
    assert not off_track([Series("Sam", None, (5, 5, 5, 5, 5))], RULE).raised


@settings(max_examples=300, deadline=None)
@given(SERIES, SERIES)
def test_the_order_of_the_partners_changes_nothing_but_the_order(a: Series, b: Series) -> None:
    assert off_track([a, b], RULE).findings == tuple(reversed(off_track([b, a], RULE).findings))


@settings(max_examples=300, deadline=None)
@given(SERIES)
def test_nothing_about_improvement_before_the_fourth_check_in(series: Series) -> None:
    found = off_track([series], RULE)
    if len(series.answered) < 4:
        assert all(f.trigger is Trigger.WORSE for f in found.findings)


@settings(max_examples=300, deadline=None)
@given(SERIES, TOTALS)
def test_a_higher_latest_total_never_raises_the_mark(series: Series, raise_by: int) -> None:
    if not series.answered:
        return
    latest = series.answered[-1]
    better = min(21, latest + raise_by)
    last = max(i for i, total in enumerate(series.check_ins) if total is not None)
    improved = Series(series.name, series.baseline, (*series.check_ins[:last], better, *series.check_ins[last + 1 :]))
    if not off_track([series], RULE).raised:
        assert not off_track([improved], RULE).raised
