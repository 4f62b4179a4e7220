"""Reliable change on the CSI-4: how far two totals must lie apart before the difference is more than the noise of
measurement (Jacobson & Truax 1991; docs/clinical.md, "Change over time").

RCI = (x2 - x1) / S_diff with S_diff = sqrt(2) * SD * sqrt(1 - r); |RCI| > 1.96 is reliable change. Recovered means
reliably better and moved from below the cut-off to at or above it. Pure: standard library only, no Django; the SD
and reliability come from the caller (settings ATTUNE_CSI4_SD and ATTUNE_CSI4_RELIABILITY).
"""

import math
from dataclasses import dataclass
from enum import StrEnum

CSI4_MAX = 21
Z_RELIABLE = 1.96  # two-tailed p < .05 (Jacobson & Truax 1991)


class Direction(StrEnum):
    BETTER = "better"  # reliably more satisfied
    WORSE = "worse"  # reliably less satisfied
    SAME = "same"  # no reliable change either way


@dataclass(frozen=True)
class ChangeRule:
    """The reliable-change index for one instrument: its standard deviation, its reliability and its cut-off."""

    sd: float
    reliability: float
    cutoff: float
    z: float = Z_RELIABLE

    def __post_init__(self) -> None:
        if not self.sd > 0:
            raise ValueError("the standard deviation must be positive")
        if not 0 <= self.reliability < 1:
            raise ValueError("the reliability must be at least 0 and below 1")

    @property
    def s_diff(self) -> float:
        """The standard error of the difference between two scores."""
        return math.sqrt(2) * self.sd * math.sqrt(1 - self.reliability)

    @property
    def threshold(self) -> float:
        """How many points a change must exceed to be reliable."""
        return self.z * self.s_diff

    @property
    def points_needed(self) -> int:
        """The smallest whole-point change that is reliable (totals are whole numbers)."""
        return math.floor(self.threshold) + 1

    def rci(self, before: float, after: float) -> float:
        return (after - before) / self.s_diff

    def direction(self, before: float, after: float) -> Direction:
        index = self.rci(before, after)
        if index > self.z:
            return Direction.BETTER
        if index < -self.z:
            return Direction.WORSE
        return Direction.SAME

    def recovered(self, before: float, after: float) -> bool:
        """Reliably better, and from below the cut-off to at or above it (Jacobson & Truax's "recovered")."""
        return self.direction(before, after) is Direction.BETTER and before < self.cutoff <= after

    def band(self, baseline: float) -> tuple[float, float]:
        """The totals not reliably different from `baseline`, within the scale (0 to 21)."""
        return max(0.0, baseline - self.threshold), min(float(CSI4_MAX), baseline + self.threshold)
