"""Intake against re-assessment, as plain data (clinic.outcomes.rounds): gaps that closed or opened, shared
concerns that eased or came, own experience that eased, and the CSI-4 both times. Pure: no database."""

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.outcomes.rounds import Shift, compare_rounds
from intake.comparison import Category
from intake.comparison_types import Side
from tests.comparison_cases import csi4, run


def _p1(sam_about_alex: int, alex_about_self: int) -> dict[str, dict[str, Any]]:
    """P1 (feelings brushed off), seen by Sam about Alex and by Alex about herself; 5 = almost always."""
    return {"a": {"p1_partner": sam_about_alex}, "b": {"p1_self": alex_about_self}}


def _round(sam: dict[str, Any], alex: dict[str, Any]) -> Any:
    return run(sam, alex)


def test_a_perception_gap_that_closed() -> None:
    before = _p1(5, 1)  # Sam: almost always; Alex: never. A gap seen by Sam.
    after = _p1(2, 1)  # Both now say rarely or never.
    changes = compare_rounds(_round(before["a"], before["b"]), _round(after["a"], after["b"]))
    (closed,) = changes.shifted(Shift.GAP_CLOSED)
    assert (closed.area, closed.reporter, closed.before, closed.after) == (
        "P1",
        Side.A,
        Category.PERCEPTION_GAP,
        Category.SHARED_STRENGTH,
    )
    assert (closed.gap_before, closed.gap_after) == (4, 1)
    assert not changes.shifted(Shift.GAP_OPENED)


def test_a_shared_concern_that_eased_and_one_that_came() -> None:
    before = run({"p1_partner": 5, "p2_partner": 1}, {"p1_self": 5, "p2_self": 1})
    after = run({"p1_partner": 2, "p2_partner": 5}, {"p1_self": 2, "p2_self": 5})
    changes = compare_rounds(before, after)
    assert [c.area for c in changes.shifted(Shift.CONCERN_EASED)] == ["P1"]
    assert [c.area for c in changes.shifted(Shift.CONCERN_RAISED)] == ["P2"]


def test_own_experience_that_eased_and_the_csi4_both_times() -> None:
    before = run({"o1": 5, **csi4(2, 2, 2, 2)}, {"o1": 1, **csi4(3, 4, 3, 3)})
    after = run({"o1": 2, **csi4(4, 4, 4, 3)}, {"o1": 4, **csi4(3, 4, 3, 3)})
    changes = compare_rounds(before, after)
    o1 = {c.side: c for c in changes.experience if c.key == "o1"}
    assert o1[Side.A].eased and not o1[Side.A].worsened
    assert o1[Side.B].worsened and not o1[Side.B].eased
    assert changes.csi4 == {Side.A: (8, 15), Side.B: (13, 13)}


def test_an_area_not_answered_again_is_no_change() -> None:
    changes = compare_rounds(run({"p1_partner": 5}, {"p1_self": 1}), run({}, {}))
    assert not changes.shifted(Shift.GAP_CLOSED)
    assert all(c.shift is Shift.SAME for c in changes.directions)


LIKERT = st.integers(min_value=1, max_value=5)


@settings(max_examples=200, deadline=None)
@given(LIKERT, LIKERT, LIKERT, LIKERT)
def test_nothing_moves_when_the_answers_do_not(a: int, b: int, c: int, d: int) -> None:
    same = run({"p1_partner": a, "p1_self": b}, {"p1_partner": c, "p1_self": d})
    changes = compare_rounds(same, same)
    assert all(change.shift is Shift.SAME for change in changes.directions)
    assert not any(change.eased or change.worsened for change in changes.experience)


@settings(max_examples=200, deadline=None)
@given(LIKERT, LIKERT, LIKERT, LIKERT)
def test_reversing_the_rounds_reverses_every_shift(a: int, b: int, c: int, d: int) -> None:
    first, second = run({"p1_partner": a}, {"p1_self": b}), run({"p1_partner": c}, {"p1_self": d})
    forward = {(x.area, x.reporter): x.shift for x in compare_rounds(first, second).directions}
    backward = {(x.area, x.reporter): x.shift for x in compare_rounds(second, first).directions}
    opposite = {
        Shift.GAP_CLOSED: Shift.GAP_OPENED,
        Shift.GAP_OPENED: Shift.GAP_CLOSED,
        Shift.CONCERN_EASED: Shift.CONCERN_RAISED,
        Shift.CONCERN_RAISED: Shift.CONCERN_EASED,
        Shift.SAME: Shift.SAME,
    }
    for key, shift in forward.items():
        if shift in (Shift.GAP_CLOSED, Shift.GAP_OPENED):
            assert backward[key] is opposite[shift]
