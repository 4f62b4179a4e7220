"""What the therapist sees of safety alerts: urgent couples first on the dashboard, and on the couple page each
alert with its tier, what to do next, and the follow-up records.

Alerts are raised on the partner's side (intake.models.SafetyAlert) the moment a step is saved; nothing here is
ever shown to a partner.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from clinic import statements
from intake.models import Answer, Couple, Partner, SafetyAlert, questionnaire_for, stored_value
from intake.questionnaire import CONTACT_KEY, QUESTIONNAIRE

# Most urgent first: self-harm and tier A hold joint work and want contact soon; tier B asks for a check-in.
RANK = {SafetyAlert.Tier.SELF_HARM: 0, SafetyAlert.Tier.A: 1, SafetyAlert.Tier.B: 2}
URGENT = [SafetyAlert.Tier.SELF_HARM, SafetyAlert.Tier.A]


@dataclass(frozen=True)
class OpenAlerts:
    """The open alerts of a set of couples: the most urgent tier per partner (the dashboard's marks) and per couple
    (its order). Read afresh on every request, never kept: a new alert must show at once."""

    by_partner: dict[Any, SafetyAlert.Tier]
    by_couple: dict[Any, SafetyAlert.Tier]


def open_alerts(therapist_id: int, found: list[Any] | None = None) -> OpenAlerts:
    """One query, whose answer is as small as the alerts still open (the partners' own, not one row per couple): of
    the therapist's couples, or of those `found` by a search among them (their ids as the database stores them,
    clinic.views.couples's search). The keys are the ids as the database gives
    them back (clinic.statements): the dashboard's own statements take them as they are."""
    by_partner: dict[Any, SafetyAlert.Tier] = {}
    by_couple: dict[Any, SafetyAlert.Tier] = {}
    if found == []:
        return OpenAlerts(by_partner, by_couple)  # a search that found no couple
    sql = _open_alerts_sql(len(found) if found else 0, connection.vendor)
    for couple_id, partner_id, value in statements.execute(sql, [therapist_id, *(found or [])]):
        tier = SafetyAlert.Tier(value)
        for kept, key in ((by_partner, partner_id), (by_couple, couple_id)):
            if key not in kept or RANK[tier] < RANK[kept[key]]:
                kept[key] = tier
    return OpenAlerts(by_partner, by_couple)


@lru_cache(maxsize=64)
def _open_alerts_sql(found: int, vendor: str) -> str:
    # Written once per process and number of couples found (clinic.statements; `vendor` is part of the key only):
    # building it through the ORM cost twice what the database took to answer it.
    named = statements.names(SafetyAlert, Partner, Couple)
    among = f" AND {named['Couple']}.{named['Couple_id']} IN ({statements.placeholders(found)})" if found else ""
    return """
        SELECT {Partner}.{Partner_couple}, {SafetyAlert}.{SafetyAlert_partner}, {SafetyAlert}.{SafetyAlert_tier}
        FROM {SafetyAlert} INNER JOIN {Partner} ON {SafetyAlert}.{SafetyAlert_partner} = {Partner}.{Partner_id}
        WHERE {SafetyAlert}.{SafetyAlert_followed_up_at} IS NULL AND {Partner}.{Partner_couple} IN (
            SELECT {Couple}.{Couple_id} FROM {Couple} WHERE {Couple}.{Couple_therapist} = %s{among})
    """.format(**named, among=among)  # noqa: S608


def urgency(column: str, alerts: OpenAlerts) -> tuple[str, list[Any]]:
    """An SQL expression (empty when no couple has an open alert), and its parameters, that orders couples (their
    ids in `column`) with an open self-harm or tier A alert first, then tier B, then the rest. The order names the
    few couples with an open alert (`alerts`, of these couples) rather than asking, for every couple of the practice,
    whether its partners have one: that was half the dashboard's query at 500 couples (bench/README.md)."""
    urgent = [couple for couple, tier in alerts.by_couple.items() if tier in URGENT]
    check_in = [couple for couple, tier in alerts.by_couple.items() if tier == SafetyAlert.Tier.B]
    cases = [
        (f"WHEN {column} IN ({statements.placeholders(len(ids))}) THEN {rank}", ids)
        for rank, ids in ((2, urgent), (1, check_in))
        if ids
    ]
    if not cases:
        return "", []  # no couple is urgent
    return "CASE " + " ".join(case for case, _ids in cases) + " ELSE 0 END", [i for _case, ids in cases for i in ids]


def mark_label(tier: SafetyAlert.Tier) -> str:
    return {
        SafetyAlert.Tier.SELF_HARM: _("Safety alert: self-harm"),
        SafetyAlert.Tier.A: _("Safety alert: tier A"),
        SafetyAlert.Tier.B: _("Safety alert: tier B"),
    }[tier]


def _next_step(tier: SafetyAlert.Tier, name: str) -> str:
    if tier == SafetyAlert.Tier.SELF_HARM:
        if settings.ATTUNE_SAME_DAY_FOLLOW_UP:
            text = _(
                "Contact %(name)s individually today for a risk assessment and a crisis plan; your practice has "
                "told them you will. They were shown crisis lines when they answered."
            )
        else:
            text = _(
                "Contact %(name)s individually as soon as you can for a risk assessment and a crisis plan. They "
                "were shown crisis lines and told you will see the answer before the next session."
            )
    elif tier == SafetyAlert.Tier.A:
        text = _(
            "Hold all joint work. Meet %(name)s on their own first: what happens, how often, how afraid they are; "
            "make a safety plan and offer referral to specialised services. Resume joint sessions only if "
            "individual assessment shows it is safe."
        )
    else:
        text = _(
            "See %(name)s on their own once before joint work goes on (an individual check-in); the rest of "
            "the plan stands."
        )
    return text % {"name": name}


def _answer_label(value: int) -> str:
    return _("would rather tell you in person") if value != 1 else _("answered yes")


def alert_row(alert: SafetyAlert, partner: Partner) -> dict[str, Any]:
    """One alert as the therapist reads it: the question as the partner read it, and where it was answered (the
    intake, or which check-in or re-assessment)."""
    response = alert.response
    questionnaire = response.questionnaire if response else questionnaire_for(partner.questionnaire_version)
    key = alert.item_key
    item = questionnaire.item(key) if key in {i.key for i in questionnaire.items} else QUESTIONNAIRE.item(key)
    return {
        "source": response.check_in.label if response else _("Intake"),
        "tier": alert.get_tier_display(),
        "question": _(item.text),
        "answer": _answer_label(alert.value),
        "raised_at": alert.raised_at,
        "withdrawn_at": alert.withdrawn_at,
        "followed_up_at": alert.followed_up_at,
        "followed_up_by": alert.followed_up_by_name,
    }


def partner_alerts(partner: Partner) -> dict[str, Any]:
    """Open alerts, most urgent first, with what to do; and the alerts already followed up, newest first."""
    alerts = list(partner.alerts.select_related("response__check_in"))
    open_ = sorted(
        (a for a in alerts if a.followed_up_at is None), key=lambda a: (RANK[SafetyAlert.Tier(a.tier)], a.raised_at)
    )
    done = sorted(
        (a for a in alerts if a.followed_up_at is not None), key=lambda a: a.followed_up_at or a.raised_at, reverse=True
    )
    tiers = list(dict.fromkeys(SafetyAlert.Tier(a.tier) for a in open_))
    return {
        "partner": partner,
        "open": [alert_row(a, partner) for a in open_],
        "done": [alert_row(a, partner) for a in done],
        "next_steps": [_next_step(tier, partner.display_name) for tier in tiers],
        "heading": mark_label(tiers[0]) if tiers else "",
    }


def contact_answers(couple: Couple) -> dict[Any, dict[str, str]]:
    """Each partner's answer on safe contact, as the therapist reads it; {} where not answered yet."""
    item = QUESTIONNAIRE.item(CONTACT_KEY)
    labels = {choice.value: _(choice.label) for choice in item.options}
    rows = Answer.objects.filter(partner__couple=couple, item_key__in=[CONTACT_KEY, "contact_avoid"])
    found: dict[Any, dict[str, str]] = {}
    for partner_id, key, value_int, sealed in rows.values_list("partner_id", "item_key", "value_int", "sealed"):
        value = stored_value(key, value_int, sealed)
        found.setdefault(partner_id, {})["how" if key == CONTACT_KEY else "avoid"] = (
            labels.get(int(value), "") if key == CONTACT_KEY else str(value)
        )
    return found
