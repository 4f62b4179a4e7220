"""The off-track rule: when a couple's check-ins say the work is not reaching one of the partners yet.

One rule, in one place (docs/clinical.md, "Change over time"):

- a partner whose latest CSI-4 is reliably worse than at the start raises the mark, from the first check-in on;
- from the fourth check-in on, a partner whose latest CSI-4 is not reliably better than at the start raises it.

Why the fourth: satisfaction by the fourth session predicted the eventual outcome for most couples (Pepping,
Halford & Doss 2015), and a check midway through therapy found about half the couples who would not benefit
(Halford et al. 2012); feeding progress back to couples and therapists improves outcomes (Anker, Duncan & Sparks
2009). The latest check-in decides, so the mark says how things stand now; the trend keeps the history.
Pure: standard library and clinic.outcomes.change only, no Django.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from clinic.outcomes.change import ChangeRule, Direction

CHECK_INS_BEFORE_JUDGING = 4


class Trigger(StrEnum):
    WORSE = "worse"  # reliably less satisfied than at the start
    NOT_BETTER = "not_better"  # by the fourth check-in, still not reliably more satisfied


@dataclass(frozen=True)
class Series:
    """One partner's CSI-4 totals: the baseline (the intake, or the first check-in) and each later check-in in
    order, None where the partner did not answer that one."""

    name: str
    baseline: int | None
    check_ins: tuple[int | None, ...]

    @property
    def answered(self) -> tuple[int, ...]:
        return tuple(total for total in self.check_ins if total is not None)


@dataclass(frozen=True)
class Finding:
    """What raised the mark: whose scores, which rule, at which of their check-ins, and the numbers."""

    name: str
    trigger: Trigger
    check_in: int  # 1-based: the partner's n-th answered check-in
    before: int
    after: int
    rci: float


@dataclass(frozen=True)
class OffTrack:
    findings: tuple[Finding, ...]

    @property
    def raised(self) -> bool:
        return bool(self.findings)


def _finding(series: Series, rule: ChangeRule, by: int) -> Finding | None:
    answered = series.answered
    if series.baseline is None or not answered:
        return None
    before, after, count = series.baseline, answered[-1], len(answered)
    direction = rule.direction(before, after)
    if direction is Direction.WORSE:
        return Finding(series.name, Trigger.WORSE, count, before, after, rule.rci(before, after))
    if count >= by and direction is not Direction.BETTER:
        return Finding(series.name, Trigger.NOT_BETTER, count, before, after, rule.rci(before, after))
    return None


def off_track(partners: Sequence[Series], rule: ChangeRule, by: int = CHECK_INS_BEFORE_JUDGING) -> OffTrack:
    """The mark for a couple: a finding for each partner the rule catches, in the order given."""
    found = (_finding(series, rule, by) for series in partners)
    return OffTrack(tuple(finding for finding in found if finding is not None))
