"""Intake against re-assessment: which perception gaps closed, which shared concerns eased, what each partner's own
experience and satisfaction did in between.

Pure: two comparisons of the same couple (intake.comparison), one from each round, in and plain data out; standard
library and the comparison's types only, no Django. Safety answers take no part: they stay on the safety route.
"""

from dataclasses import dataclass
from enum import StrEnum

from intake.comparison_types import Category, Comparison, Side


class Shift(StrEnum):
    GAP_CLOSED = "gap_closed"  # a perception gap then, none now
    GAP_OPENED = "gap_opened"  # none then, a perception gap now
    CONCERN_EASED = "concern_eased"  # a shared concern then, not now
    CONCERN_RAISED = "concern_raised"  # not a shared concern then, one now
    SAME = "same"


@dataclass(frozen=True)
class DirectionChange:
    """One partner-behaviour area seen in one direction (the reporter about the subject), in both rounds."""

    area: str
    label: str
    reporter: Side
    subject: Side
    before: Category
    after: Category
    gap_before: int | None
    gap_after: int | None

    @property
    def shift(self) -> Shift:
        was, now = self.before, self.after
        if was is Category.PERCEPTION_GAP and now not in (Category.PERCEPTION_GAP, Category.UNANSWERED):
            return Shift.GAP_CLOSED
        if now is Category.PERCEPTION_GAP and was not in (Category.PERCEPTION_GAP, Category.UNANSWERED):
            return Shift.GAP_OPENED
        if was is Category.SHARED_CONCERN and now not in (Category.SHARED_CONCERN, Category.UNANSWERED):
            return Shift.CONCERN_EASED
        if now is Category.SHARED_CONCERN and was not in (Category.SHARED_CONCERN, Category.UNANSWERED):
            return Shift.CONCERN_RAISED
        return Shift.SAME


@dataclass(frozen=True)
class ExperienceChange:
    """One own-experience item for one partner: a problem then, and now (None: not answered in that round)."""

    key: str
    label: str
    side: Side
    before: bool | None
    after: bool | None

    @property
    def eased(self) -> bool:
        return self.before is True and self.after is False

    @property
    def worsened(self) -> bool:
        return self.before is False and self.after is True


@dataclass(frozen=True)
class RoundChanges:
    directions: tuple[DirectionChange, ...]
    experience: tuple[ExperienceChange, ...]
    csi4: dict[Side, tuple[int | None, int | None]]  # (intake, re-assessment) totals

    def shifted(self, shift: Shift) -> tuple[DirectionChange, ...]:
        return tuple(change for change in self.directions if change.shift is shift)


def _experience(before: Comparison, after: Comparison) -> tuple[ExperienceChange, ...]:
    later = {item.key: item for item in after.experience}
    changes = []
    for item in before.experience:
        now = later.get(item.key)
        for side in Side:
            was_answer = item.a if side is Side.A else item.b
            now_answer = (now.a if side is Side.A else now.b) if now else None
            changes.append(
                ExperienceChange(
                    item.key,
                    item.label,
                    side,
                    was_answer.problem if was_answer else None,
                    now_answer.problem if now_answer else None,
                )
            )
    return tuple(changes)


def compare_rounds(before: Comparison, after: Comparison) -> RoundChanges:
    """What changed between two comparisons of one couple: `before` from the intake, `after` from a re-assessment."""
    later = {(area.key, d.reporter): d for area in after.areas for d in area.directions}
    directions = []
    for area in before.areas:
        for was in area.directions:
            now = later.get((area.key, was.reporter))
            directions.append(
                DirectionChange(
                    area.key,
                    area.label,
                    was.reporter,
                    was.subject,
                    was.category,
                    now.category if now else Category.UNANSWERED,
                    was.gap,
                    now.gap if now else None,
                )
            )
    csi4 = {
        Side.A: (before.partner_a.csi4.total, after.partner_a.csi4.total),
        Side.B: (before.partner_b.csi4.total, after.partner_b.csi4.total),
    }
    return RoundChanges(tuple(directions), _experience(before, after), csi4)
