"""Each couple's latest outcome, kept: the figures the dashboard's outcome columns show (each partner's latest CSI-4,
its direction against the start, the off-track mark), worked out by the same trend the couple page draws
(clinic.outcomes.trend) and stored in `LatestOutcome` whenever what they come from changes: a check-in or
re-assessment sent, an intake submitted or reopened. `intake` announces those through `intake.signals.outcome_changed`
inside the transaction that made the change, so the stored figures change in that same transaction; a couple gets
its first (empty) figures when the therapist creates it (clinic.views.couples.couple_new).

Why keep them: a dashboard page rebuilt 25 couples' trends from all their check-ins on every view, to show two
numbers, an arrow and a mark, and that was a third of the page's time at 10,000 couples (bench/README.md, "Where
the time goes"). A couple with no stored figures, or figures worked out under another change rule (the practice
changed ATTUNE_CSI4_SD or ATTUNE_CSI4_RELIABILITY), gets them worked out and stored when a page first needs them.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from clinic.models import LatestOutcome
from clinic.outcomes.trend import ChangeRule, Trend, trends_by_couple
from intake.models import Couple

SIDES = ("a", "b")  # the partners in role order, as Couple.partners lists them
# The figures kept per couple (what a dashboard page reads with its couples), and with them when they were worked out.
KEPT_FIGURES = (
    "shown",
    "latest_a",
    "latest_b",
    "direction_a",
    "direction_b",
    "off_track_a",
    "off_track_b",
    "sd",
    "reliability",
)
KEPT_FIELDS = [*KEPT_FIGURES, "updated_at"]
CHUNK = 500  # couples worked out at a time when filling the figures for a whole practice


def figures(trend: Trend) -> dict[str, Any]:
    """What is kept of a couple's trend: the dashboard's outcome columns without the partners' names."""
    found: dict[str, Any] = {"shown": trend.shown, "sd": trend.rule.sd, "reliability": trend.rule.reliability}
    for side, partner, flagged in zip(SIDES, trend.partners, trend.off_track_sides, strict=True):
        found[f"latest_{side}"] = partner.latest
        found[f"direction_{side}"] = str(partner.direction or "")
        found[f"off_track_{side}"] = flagged
    return found


def store(couples: list[Couple]) -> dict[Any, LatestOutcome]:
    """Work out and keep the couples' figures (they come with their partners prefetched): the same few queries
    whatever their number. A couple is still being made while its first partner exists alone (in couple_new's transaction):
    it gets figures with the second.

    The couples' rows are locked first: when both partners send a check-in at the same moment, the second to store
    waits for the first to commit and then reads both totals (on PostgreSQL each would otherwise work out figures
    without the other's answer, and the later write would keep one total stale; SQLite writes one at a time)."""
    couples = [couple for couple in couples if len(couple.partners.all()) == len(SIDES)]  # both partners made
    if not couples:
        return {}
    with transaction.atomic():
        list(Couple.objects.select_for_update().filter(pk__in=[c.pk for c in couples]).order_by("pk").values("pk"))
        now = timezone.now()
        trends = trends_by_couple(couples)
        rows = [LatestOutcome(couple_id=c.pk, updated_at=now, **figures(trends[c.pk])) for c in couples]
        LatestOutcome.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["couple"], update_fields=KEPT_FIELDS
        )
    return {row.couple_id: row for row in rows}


def store_for(couple_ids: Iterable[Any]) -> None:
    """Keep the figures of these couples, read afresh once their rows are locked (inside the caller's transaction,
    so they see its change, and after any other transaction storing them has committed)."""
    ids = list(couple_ids)
    with transaction.atomic():
        list(Couple.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        store(list(Couple.objects.filter(pk__in=ids).prefetch_related("partners")))


def store_every_couple() -> int:
    """Work out every couple's figures, CHUNK couples at a time."""
    return _store_in_chunks(list(Couple.objects.order_by("pk").values_list("pk", flat=True)))


def _store_in_chunks(ids: list[Any]) -> int:
    for start in range(0, len(ids), CHUNK):
        store_for(ids[start : start + CHUNK])
    return len(ids)


def fill_after_migrate(sender: object, using: str = "default", **kwargs: object) -> None:
    """Connected to post_migrate (clinic/apps.py): the figures of every couple that has none, worked out once the
    database is migrated to the end. Not inside a migration: the figures come from the app's own models, which match
    the tables only after the last migration (clinic 0014 did this itself, and broke as soon as intake 0007 added a
    partner's column after it). A migration to an earlier point leaves them for the dashboard to work out."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    if using != "default":
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    missing = Couple.objects.filter(latest_outcome__isnull=True).order_by("pk").values_list("pk", flat=True)
    _store_in_chunks(list(missing))


def on_outcome_changed(sender: object, couple_id: Any, **kwargs: object) -> None:
    """Connected to intake.signals.outcome_changed (clinic/apps.py)."""
    store_for([couple_id])


def _current(kept: dict[str, Any], sd: float, reliability: float) -> bool:
    return kept["sd"] == sd and kept["reliability"] == reliability


def kept_or_stored(figures: dict[Any, dict[str, Any]], rule: ChangeRule) -> dict[Any, dict[str, Any]]:
    """Of a page's kept figures (by couple, each a dict of `KEPT_FIGURES`, all None where a couple has none), those
    missing or worked out under another change rule, worked out and stored now (a few queries, only then). A couple
    still being made has none, and keeps its empty figures."""
    stale = [couple_id for couple_id, kept in figures.items() if not _current(kept, rule.sd, rule.reliability)]
    if not stale:
        return {}
    stored = store(list(Couple.objects.filter(pk__in=stale).prefetch_related("partners")))
    return {couple_id: {name: getattr(row, name) for name in KEPT_FIGURES} for couple_id, row in stored.items()}
