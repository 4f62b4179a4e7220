"""The dashboard's outcome columns for a page of couples: each partner's latest CSI-4 and its direction, the
off-track mark, and the check-ins waiting. Four queries for the page, whatever its couples and check-ins: the
figures are the ones kept per couple when a check-in is sent (clinic.outcomes.latest), not trends rebuilt."""

from typing import Any

from django.utils.translation import gettext as _

from clinic.models import LatestOutcome
from clinic.outcomes.change import Direction
from clinic.outcomes.checkins import waiting_by_couple
from clinic.outcomes.latest import SIDES, latest_by_couple
from intake.models import Couple

ARROWS = {Direction.BETTER: "↑", Direction.WORSE: "↓", Direction.SAME: "→"}


def _direction_label(direction: Direction | None) -> str:
    return {
        Direction.BETTER: _("reliably better than at the start"),
        Direction.WORSE: _("reliably worse than at the start"),
        Direction.SAME: _("no reliable change from the start"),
        None: _("one score so far"),
    }[direction]


def dashboard_outcomes(couples: list[Couple]) -> dict[Any, dict[str, Any]]:
    kept = latest_by_couple(couples)
    waiting = waiting_by_couple(couples)
    labels = {direction: _direction_label(direction) for direction in (*Direction, None)}
    found = {}
    for couple in couples:
        row = kept.get(couple.pk) or LatestOutcome(couple_id=couple.pk)  # no figures: nothing to show yet
        sides = list(zip(SIDES, couple.partners.all(), strict=False))  # a couple being made has one
        latest = []
        for side, partner in sides:
            total = getattr(row, f"latest_{side}")
            if total is not None:
                direction = Direction(getattr(row, f"direction_{side}")) if getattr(row, f"direction_{side}") else None
                arrow = ARROWS[direction] if direction else ""
                latest.append(
                    {"name": partner.display_name, "total": total, "arrow": arrow, "direction": labels[direction]}
                )
        found[couple.pk] = {
            "latest": latest if row.shown else [],
            "off_track": [partner.display_name for side, partner in sides if getattr(row, f"off_track_{side}")],
            "waiting": waiting[couple.pk].open,
            "due": waiting[couple.pk].due,
        }
    return found
