"""What the therapist sees of safety alerts: urgent couples first on the dashboard, and on the couple page each
alert with its tier, what to do next, and the follow-up records.

Alerts are raised on the partner's side (intake.models.SafetyAlert) the moment a step is saved; nothing here is
ever shown to a partner.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils.translation import gettext as _

from intake.models import Answer, Couple, Partner, SafetyAlert, questionnaire_for, stored_value
from intake.questionnaire import CONTACT_KEY, QUESTIONNAIRE, VERSION

# Most urgent first: self-harm and tier A hold joint work and want contact soon; tier B asks for a check-in.
RANK = {SafetyAlert.Tier.SELF_HARM: 0, SafetyAlert.Tier.A: 1, SafetyAlert.Tier.B: 2}
URGENT = [SafetyAlert.Tier.SELF_HARM, SafetyAlert.Tier.A]


def _open_alerts(tiers: Sequence[str]) -> Exists:
    return Exists(SafetyAlert.objects.open().filter(partner__couple=OuterRef("pk"), tier__in=tiers))


def urgent_first(couples: QuerySet[Couple]) -> QuerySet[Couple]:
    """Couples with an open self-harm or tier A alert first, then tier B, then the rest, newest first."""
    urgency = Case(
        When(_open_alerts(URGENT), then=Value(2)),
        When(_open_alerts([SafetyAlert.Tier.B]), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return couples.annotate(urgency=urgency).order_by("-urgency", "-created_at")


def open_tiers(partner_ids: list[Any]) -> dict[Any, SafetyAlert.Tier]:
    """The most urgent open tier per partner, for the dashboard's marks (one query)."""
    found: dict[Any, SafetyAlert.Tier] = {}
    for partner_id, tier in (
        SafetyAlert.objects.open().filter(partner_id__in=partner_ids).values_list("partner_id", "tier")
    ):
        tier = SafetyAlert.Tier(tier)
        if partner_id not in found or RANK[tier] < RANK[found[partner_id]]:
            found[partner_id] = tier
    return found


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
    questionnaire = response.questionnaire if response else questionnaire_for(partner.questionnaire_version or VERSION)
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
