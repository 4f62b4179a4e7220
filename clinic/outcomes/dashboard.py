"""The dashboard's outcome columns for a page of couples: each partner's latest CSI-4 and its direction, the
off-track mark, and the check-ins waiting. The figures are the ones kept per couple when a check-in is sent
(clinic.outcomes.latest), read as plain values with the page's own query (`ROW_VALUES`), not trends rebuilt; the
check-ins waiting are one query for the page, whatever its couples and check-ins."""

from typing import Any

from django.utils.translation import gettext as _

from clinic.outcomes.change import Direction
from clinic.outcomes.checkins import waiting_by_couple
from clinic.outcomes.latest import KEPT_FIGURES, SIDES, kept_or_stored
from clinic.outcomes.trend import current_rule

ARROWS = {Direction.BETTER: "↑", Direction.WORSE: "↓", Direction.SAME: "→"}
# What the page's query reads of each couple for these columns (a couple without figures reads None throughout).
ROW_VALUES = (
    *(f"latest_outcome__{name}" for name in KEPT_FIGURES),
    "outcome_settings__every_session",
    "outcome_settings__last_session_on",
)


def _direction_label(direction: Direction | None) -> str:
    return {
        Direction.BETTER: _("reliably better than at the start"),
        Direction.WORSE: _("reliably worse than at the start"),
        Direction.SAME: _("no reliable change from the start"),
        None: _("one score so far"),
    }[direction]


def dashboard_outcomes(rows: list[dict[str, Any]], names: dict[Any, list[str]]) -> dict[Any, dict[str, Any]]:
    """The columns of each row (`ROW_VALUES` read with it), by couple; `names` are each couple's partners' names in
    role order. Figures missing or worked out under another change rule are worked out and kept first."""
    rule = current_rule()
    figures = {row["pk"]: {name: row[f"latest_outcome__{name}"] for name in KEPT_FIGURES} for row in rows}
    figures |= kept_or_stored(figures, rule)
    every = {
        row["pk"]
        for row in rows
        if row["outcome_settings__every_session"] and not row["outcome_settings__last_session_on"]
    }
    waiting = waiting_by_couple([row["pk"] for row in rows], every)
    labels = {direction: _direction_label(direction) for direction in (*Direction, None)}
    found = {}
    for couple_id, kept in figures.items():
        sides = list(zip(SIDES, names[couple_id], strict=False))  # a couple being made has one partner
        latest = []
        for side, name in sides:
            total = kept[f"latest_{side}"]
            if total is not None:
                direction = Direction(kept[f"direction_{side}"]) if kept[f"direction_{side}"] else None
                arrow = ARROWS[direction] if direction else ""
                latest.append({"name": name, "total": total, "arrow": arrow, "direction": labels[direction]})
        found[couple_id] = {
            "latest": latest if kept["shown"] else [],
            "off_track": [name for side, name in sides if kept[f"off_track_{side}"]],
            "waiting": waiting[couple_id].open,
            "due": waiting[couple_id].due,
        }
    return found
