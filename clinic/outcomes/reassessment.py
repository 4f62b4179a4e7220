"""The comparison page's intake-against-re-assessment section: the latest re-assessment both partners sent, compared
as the intake was (intake.comparison), and what moved between the two (clinic.outcomes.rounds), in words.

The re-assessment's answers are their own rows (intake.checkins); the intake's stay as they were, so the plan and
its PDFs keep printing from the intake's comparison.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from clinic.outcomes.change import Direction
from clinic.outcomes.rounds import DirectionChange, Shift, compare_rounds
from clinic.outcomes.trend import current_rule
from clinic.printing.reports import person
from intake.checkins import CheckIn, CheckInAnswer, CheckInResponse
from intake.comparison import Comparison, compare
from intake.comparison_types import Side
from intake.models import Couple, stored_value
from intake.questionnaire import QUESTIONNAIRE, SafetyTier


def _answers(responses: list[CheckInResponse]) -> dict[Any, dict[str, int | str]]:
    """The responses' answers by partner id, in one query."""
    found: dict[Any, dict[str, int | str]] = {response.partner_id: {} for response in responses}
    rows = CheckInAnswer.objects.filter(response__in=responses).values_list(
        "response__partner_id", "item_key", "value_int", "sealed"
    )
    for partner_id, key, value_int, sealed in rows:
        found[partner_id][key] = stored_value(key, value_int, sealed)
    return found


def latest_reassessment(couple: Couple) -> tuple[CheckIn, list[CheckInResponse]] | None:
    """The newest re-assessment with at least one response sent, and its sent responses."""
    sent = (
        CheckInResponse.objects.filter(
            check_in__couple=couple, check_in__kind=CheckIn.Kind.REASSESSMENT, submitted_at__isnull=False
        )
        .select_related("check_in")
        .order_by("-check_in__opens_on", "-check_in__created_at")
    )
    responses = list(sent)
    if not responses:
        return None
    newest = responses[0].check_in
    return newest, [r for r in responses if r.check_in_id == newest.pk]


def _change_row(change: DirectionChange, comparison: Comparison, labels: dict[str, str]) -> dict[str, str]:
    return {
        "area": _(change.label),
        "about": _("%(reporter)s about %(subject)s")
        % {
            "reporter": comparison.name(change.reporter),
            "subject": comparison.name(change.subject),
        },
        "before": labels[change.before.value],
        "after": labels[change.after.value],
    }


def reassessment_context(couple: Couple, intake_comparison: Callable[[], Comparison]) -> dict[str, Any]:
    """What changed since the intake, once a re-assessment is in; {"reassessment": None} before then.

    The intake's comparison is worked out (`intake_comparison()`) only when there is a re-assessment to compare
    it with: the comparison page otherwise shows what was kept of it (clinic/printing/kept.py)."""
    found = latest_reassessment(couple)
    if found is None:
        return {"reassessment": None}
    check_in, responses = found
    intake = intake_comparison()
    partners = list(couple.partners.all())
    answers = _answers(responses)
    views = (answers.get(partners[0].pk), answers.get(partners[1].pk))
    a, b = person(partners[0]), person(partners[1])
    again = compare(QUESTIONNAIRE, a, b, views[0], views[1], gap_threshold=settings.ATTUNE_GAP_THRESHOLD)
    context: dict[str, Any] = {
        "reassessment": check_in,
        "reassessment_waiting": [p.display_name for p, view in zip(partners, views, strict=True) if view is None],
        "reassessment_csi4": _csi4_rows(intake, again),
        "reassessment_tier_a": SafetyTier.A in (intake.safety.tier, again.safety.tier),
    }
    if intake.one_sided or again.one_sided or not intake.answered:
        return context
    changes = compare_rounds(intake, again)
    labels = {
        "shared_strength": _("Shared strength"),
        "shared_concern": _("Shared concern"),
        "perception_gap": _("Perception gap"),
        "uncertain": _("Uncertain"),
        "unanswered": _("Not answered by both"),
    }
    groups = (
        (Shift.GAP_CLOSED, _("Perception gaps that closed")),
        (Shift.CONCERN_EASED, _("Shared concerns that eased")),
        (Shift.GAP_OPENED, _("New perception gaps")),
        (Shift.CONCERN_RAISED, _("New shared concerns")),
    )
    context["reassessment_groups"] = [
        {"title": title, "rows": [_change_row(c, again, labels) for c in changes.shifted(shift)]}
        for shift, title in groups
    ]
    context["reassessment_experience"] = [
        {
            "name": again.name(side),
            "eased": [_(c.label) for c in changes.experience if c.side is side and c.eased],
            "worsened": [_(c.label) for c in changes.experience if c.side is side and c.worsened],
        }
        for side in Side
    ]
    return context


def _csi4_rows(intake: Comparison, again: Comparison) -> list[dict[str, Any]]:
    rule = current_rule()
    words = {
        Direction.BETTER: _("reliably better"),
        Direction.WORSE: _("reliably worse"),
        Direction.SAME: _("no reliable change"),
    }
    rows = []
    for before, after in ((intake.partner_a, again.partner_a), (intake.partner_b, again.partner_b)):
        start, now = before.csi4.total, after.csi4.total
        meaning = words[rule.direction(start, now)] if start is not None and now is not None else ""
        rows.append({"name": after.name, "before": start, "after": now, "meaning": meaning})
    return rows
