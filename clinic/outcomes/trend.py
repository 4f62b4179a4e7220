"""Each partner's CSI-4 over time, as the couple page and the plan PDF show it: the occasions (the intake, then each
check-in answered), reliable change against the start, the off-track mark with what raised it and what to do, the
chart and its text alternative. Two queries for a couple however many check-ins it has; two for a dashboard page.

The rules are pure (clinic.outcomes.change, clinic.outcomes.offtrack, clinic.outcomes.trend_chart); this module
feeds them the couple's totals and words them in the current language (docs/clinical.md, "Change over time").
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from clinic.outcomes.change import ChangeRule, Direction
from clinic.outcomes.offtrack import OffTrack, Series, Trigger, off_track
from clinic.outcomes.trend_chart import PLOT_HEIGHT, Line, TrendText, trend_chart
from intake.checkin_questionnaire import CSI4_KEYS
from intake.checkins import CheckIn, CheckInResponse
from intake.controls import trusted_svg
from intake.models import Answer, Couple, Partner
from intake.questionnaire import CSI4_CITATION, CSI4_CUTOFF

JACOBSON_TRUAX = (
    "Jacobson, N. S., & Truax, P. (1991). Clinical significance: A statistical approach to defining meaningful "
    "change in psychotherapy research. Journal of Consulting and Clinical Psychology, 59(1), 12-19."
)
FOLLOW_UP_SOURCE = (
    "Christensen, A., Atkins, D. C., Yi, J., Baucom, D. H., & George, W. H. (2006). Couple and individual adjustment "
    "for 2 years following a randomized clinical trial comparing traditional versus integrative behavioral couple "
    "therapy. Journal of Consulting and Clinical Psychology, 74(6), 1180-1191."
)
# The SD Attune ships is not a published one (docs/clinical.md, "Change over time"): pages call the band provisional.
PROVISIONAL_SD = 4.5


def current_rule() -> ChangeRule:
    return ChangeRule(sd=settings.ATTUNE_CSI4_SD, reliability=settings.ATTUNE_CSI4_RELIABILITY, cutoff=CSI4_CUTOFF)


@dataclass(frozen=True)
class Occasion:
    label: str  # "Check-in before session 4"
    short: str  # "S4", under the chart's points
    follow_up: bool = False
    intake: bool = False


@dataclass(frozen=True)
class PartnerTrend:
    name: str
    totals: tuple[int | None, ...]  # one per occasion
    start: int | None
    latest: int | None
    direction: Direction | None  # None with fewer than two totals
    recovered: bool
    summary: str  # "Sam: 8 → 15, reliably better and past the cut-off (recovered)"


def _short(check_in: CheckIn) -> str:
    if check_in.kind == CheckIn.Kind.SESSION:
        return _("S%(n)d") % {"n": check_in.session_number}
    if check_in.kind == CheckIn.Kind.FOLLOW_UP:
        return _("+%(n)dm") % {"n": check_in.months}
    return _("R%(n)s") % {"n": check_in.session_number or ""}


def _meaning(rule: ChangeRule, start: int, latest: int) -> str:
    if rule.recovered(start, latest):
        return _("reliably better and past the cut-off (recovered)")
    return {
        Direction.BETTER: _("reliably better"),
        Direction.WORSE: _("reliably worse"),
        Direction.SAME: _("no reliable change"),
    }[rule.direction(start, latest)]


def _partner_trend(name: str, totals: tuple[int | None, ...], rule: ChangeRule) -> PartnerTrend:
    answered = [total for total in totals if total is not None]
    if not answered:
        return PartnerTrend(name, totals, None, None, None, False, _("%(name)s: no score yet") % {"name": name})
    start, latest = answered[0], answered[-1]
    if len(answered) == 1:
        summary = _("%(name)s: %(start)d, one score so far") % {"name": name, "start": start}
        return PartnerTrend(name, totals, start, latest, None, False, summary)
    summary = _("%(name)s: %(start)d → %(latest)d, %(meaning)s") % {
        "name": name,
        "start": start,
        "latest": latest,
        "meaning": _meaning(rule, start, latest),
    }
    return PartnerTrend(
        name, totals, start, latest, rule.direction(start, latest), rule.recovered(start, latest), summary
    )


def _series(trend: PartnerTrend, occasions: list[Occasion]) -> Series:
    """The totals the off-track rule reads: the start, then each check-in during therapy (not the follow-ups)."""
    during = [total for total, occasion in zip(trend.totals, occasions, strict=True) if not occasion.follow_up]
    answered_at = next((i for i, total in enumerate(during) if total is not None), None)
    if answered_at is None:
        return Series(trend.name, None, ())
    return Series(trend.name, during[answered_at], tuple(during[answered_at + 1 :]))


@dataclass(frozen=True)
class Trend:
    occasions: list[Occasion]
    partners: list[PartnerTrend]
    rule: ChangeRule
    off_track: OffTrack

    @property
    def shown(self) -> bool:
        """Worth a chart: some check-in has been answered (the intake alone is the comparison's business)."""
        return any(not occasion.intake for occasion in self.occasions)

    @property
    def summary(self) -> str:
        """The text alternative: each partner's start, latest and what the change means."""
        return "; ".join(partner.summary for partner in self.partners)

    @property
    def off_track_sides(self) -> tuple[bool, ...]:
        """Which partners the off-track rule catches, in order (a finding carries a name, and names can repeat)."""
        return tuple(off_track([_series(p, self.occasions)], self.rule).raised for p in self.partners)

    @property
    def provisional(self) -> bool:
        return self.rule.sd == PROVISIONAL_SD

    @property
    def has_follow_up(self) -> bool:
        return any(occasion.follow_up for occasion in self.occasions)

    def gap_rows(self) -> list[dict[str, Any]]:
        """How far apart the two partners' totals were at each occasion both answered."""
        a, b = self.partners
        return [
            {"occasion": occasion.label, "a": x, "b": y, "gap": abs(x - y) if x is not None and y is not None else None}
            for occasion, x, y in zip(self.occasions, a.totals, b.totals, strict=True)
        ]


def build_trend(
    names: tuple[str, str],
    start: tuple[int | None, int | None],
    responses: Iterable[tuple[CheckIn, int, int | None]],
    rule: ChangeRule,
) -> Trend:
    """`start` is each partner's intake total (None: none); `responses` are (check-in, 0 or 1, total), in any order."""
    by_check_in: dict[Any, tuple[CheckIn, list[int | None]]] = {}
    for check_in, side, total in responses:
        by_check_in.setdefault(check_in.pk, (check_in, [None, None]))[1][side] = total
    ordered = sorted(by_check_in.values(), key=lambda found: (found[0].opens_on, found[0].created_at))
    occasions, columns = [], []
    if start != (None, None):
        occasions.append(Occasion(_("Intake"), _("Start"), intake=True))
        columns.append(start)
    for check_in, totals in ordered:
        if totals == [None, None]:
            continue
        occasions.append(Occasion(check_in.label, _short(check_in), follow_up=check_in.kind == CheckIn.Kind.FOLLOW_UP))
        columns.append((totals[0], totals[1]))
    partners = [_partner_trend(names[side], tuple(column[side] for column in columns), rule) for side in (0, 1)]
    found = off_track([_series(partner, occasions) for partner in partners], rule)
    return Trend(occasions, partners, rule, found)


def couple_trend(couple: Couple, intake: tuple[int | None, int | None] | None = None) -> Trend:
    """The couple's trend: two queries (the intake's CSI-4 answers, the check-ins' totals). `intake` gives the
    starting totals instead (a plan version's PDF starts from the comparison the plan was drafted from)."""
    partners: list[Partner] = list(couple.partners.all())
    sides = {partner.pk: side for side, partner in enumerate(partners)}
    start = dict(zip([p.pk for p in partners], intake, strict=True)) if intake else _intake_totals(partners)
    rows = CheckInResponse.objects.filter(
        check_in__couple=couple, submitted_at__isnull=False, csi4_total__isnull=False
    ).select_related("check_in")
    responses = [(r.check_in, sides[r.partner_id], r.csi4_total) for r in rows]
    names = (partners[0].display_name, partners[1].display_name)
    return build_trend(names, (start.get(partners[0].pk), start.get(partners[1].pk)), responses, current_rule())


def trends_by_couple(couples: list[Couple]) -> dict[Any, Trend]:
    """Each couple's trend, for a page of the dashboard: two queries whatever the number of couples and check-ins
    (the couples come with their partners prefetched)."""
    partners = [partner for couple in couples for partner in couple.partners.all()]
    start = _intake_totals(partners)
    by_couple = _totals_by_couple(couples)
    rule = current_rule()
    trends = {}
    for couple in couples:
        pair = list(couple.partners.all())
        sides = {partner.pk: side for side, partner in enumerate(pair)}
        responses = [(check_in, sides[partner], total) for check_in, partner, total in by_couple.get(couple.pk, [])]
        names = (pair[0].display_name, pair[1].display_name)
        trends[couple.pk] = build_trend(names, (start.get(pair[0].pk), start.get(pair[1].pk)), responses, rule)
    return trends


TREND_FIELDS = ("id", "couple_id", "kind", "session_number", "months", "opens_on", "created_at")


def _totals_by_couple(couples: list[Couple]) -> dict[Any, list[tuple[CheckIn, Any, int]]]:
    """(check-in, partner id, total) of every sent response, by couple, in one query of plain values: a page of 25
    couples with a dozen check-ins each is 300 rows, and model instances for each were most of the dashboard's
    time (bench/README.md, "Where the time goes"). Each check-in is made once, with only what a trend reads."""
    rows = CheckInResponse.objects.filter(
        check_in__couple__in=couples, submitted_at__isnull=False, csi4_total__isnull=False
    ).values_list(*(f"check_in__{name}" for name in TREND_FIELDS), "partner_id", "csi4_total")
    check_ins: dict[Any, CheckIn] = {}
    by_couple: dict[Any, list[tuple[CheckIn, Any, int]]] = {}
    for *fields, partner_id, total in rows:
        check_in = check_ins.get(fields[0])
        if check_in is None:
            check_in = check_ins[fields[0]] = CheckIn(**dict(zip(TREND_FIELDS, fields, strict=True)))
        by_couple.setdefault(check_in.couple_id, []).append((check_in, partner_id, total))
    return by_couple


def _intake_totals(partners: list[Partner]) -> dict[Any, int]:
    """Each submitted intake's CSI-4 total, when all four items are answered (one query)."""
    submitted = [partner.pk for partner in partners if partner.submitted_at]
    values: dict[Any, list[int]] = {}
    rows = Answer.objects.filter(partner_id__in=submitted, item_key__in=CSI4_KEYS).values_list(
        "partner_id", "value_int"
    )
    for partner_id, value in rows:
        if value is not None:  # the CSI-4 is never sealed; the scale constraints keep a value on every row
            values.setdefault(partner_id, []).append(value)
    return {partner_id: sum(found) for partner_id, found in values.items() if len(found) == len(CSI4_KEYS)}


PRINTED_PLOT_HEIGHT = 110  # flatter in the plan PDF, so the section fits beside its table


def trend_svg(trend: Trend, svg_id: str = "trend-chart", printed: bool = False) -> SafeString:
    text = TrendText(
        title=_("Relationship satisfaction (CSI-4) over time"),
        description=trend.summary,
        cutoff=_("Cut-off %(cutoff)s") % {"cutoff": CSI4_CUTOFF},
        band=_("Shaded: no reliable change"),
        axis=_("CSI-4 (0–21)"),
    )
    lines = [Line(p.name, p.totals, trend.rule.band(p.start) if p.start is not None else None) for p in trend.partners]
    labels = [o.short for o in trend.occasions]
    height = PRINTED_PLOT_HEIGHT if printed else PLOT_HEIGHT
    return trusted_svg(trend_chart(labels, lines, CSI4_CUTOFF, text, svg_id, height, numbers=not printed))


def _finding_text(finding: Any) -> str:
    values = {"name": finding.name, "before": finding.before, "after": finding.after, "n": finding.check_in}
    if finding.trigger is Trigger.WORSE:
        return _("%(name)s: %(before)d at the start, %(after)d now: reliably less satisfied.") % values
    return (
        _(
            "%(name)s: %(before)d at the start, %(after)d at check-in %(n)d: no reliable improvement by the fourth check-in."
        )
        % values
    )


def off_track_notes(trend: Trend) -> dict[str, Any]:
    """What raised the mark and what to consider, for the couple page, the dashboard and the PDF."""
    if not trend.off_track.raised:
        return {}
    names = [finding.name for finding in trend.off_track.findings]
    suggestions = [
        _(
            "Share the scores with both partners at the next session and ask what is helping and what is not "
            "(Anker, Duncan & Sparks 2009)."
        ),
        _("Offer an individual session with %(names)s: what is in the way, and is it safe?")
        % {"names": " & ".join(names)},
        _(
            "Review the plan and consider a change of approach, pace or focus, or a referral (Pepping, Halford & "
            "Doss 2015; Halford et al. 2012)."
        ),
    ]
    return {"findings": [_finding_text(f) for f in trend.off_track.findings], "suggestions": suggestions}


def trend_context(trend: Trend, svg_id: str = "trend-chart", printed: bool = False) -> dict[str, Any]:
    """Everything the couple page and the plan PDF show of the trend, in one place."""
    if not trend.shown:
        return {"trend": None}
    return {
        "trend": trend,
        "trend_chart": trend_svg(trend, svg_id, printed),
        "trend_rows": trend.gap_rows(),
        "trend_names": [p.name for p in trend.partners],
        "off_track": off_track_notes(trend),
        "rci_points": trend.rule.points_needed,
        "rci_threshold": f"{trend.rule.threshold:.2f}",
        "rci_sd": trend.rule.sd,
        "rci_reliability": trend.rule.reliability,
        "rci_sources": [JACOBSON_TRUAX, CSI4_CITATION],
        "follow_up_source": FOLLOW_UP_SOURCE,
    }
