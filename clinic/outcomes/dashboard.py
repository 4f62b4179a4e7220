"""The dashboard's outcome columns for a page of couples: each partner's latest CSI-4 and its direction, the
off-track mark, and the check-ins waiting. Five queries for the page, whatever its couples and check-ins."""

from typing import Any

from django.utils.translation import gettext as _

from clinic.outcomes.change import Direction
from clinic.outcomes.checkins import waiting_by_couple
from clinic.outcomes.trend import trends_by_couple
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
    trends = trends_by_couple(couples)
    waiting = waiting_by_couple(couples)
    found = {}
    for couple in couples:
        trend = trends[couple.pk]
        latest = [
            {
                "name": p.name,
                "total": p.latest,
                "arrow": ARROWS.get(p.direction, "") if p.direction else "",
                "direction": _direction_label(p.direction),
            }
            for p in trend.partners
            if p.latest is not None
        ]
        found[couple.pk] = {
            "latest": latest if trend.shown else [],
            "off_track": [finding.name for finding in trend.off_track.findings],
            "waiting": waiting[couple.pk].open,
            "due": waiting[couple.pk].due,
        }
    return found
