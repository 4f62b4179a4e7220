"""The comparison page: where the partners' perceptions differ, for the therapist only."""

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.models import AccessLog
from clinic.printing.reports import (
    area_rows,
    bid_rows,
    comparison_chart,
    couple_comparison,
    private_panel,
    readiness_notes,
    safety_panel,
)
from clinic.views.access import couple_for_therapist
from intake.comparison import Comparison
from intake.controls import trusted_svg
from intake.questionnaire import QUESTIONNAIRE, Questionnaire


@therapist_required(AccessLog.Action.VIEW_COMPARISON)
@require_GET
def comparison(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    result = couple_comparison(couple)
    versions = (couple.partner_a.questionnaire, couple.partner_b.questionnaire)
    private = private_panel(result, versions)
    if result.safety.any_safety or private:
        request.audit.also(AccessLog.Action.VIEW_SAFETY)
    questionnaire = QUESTIONNAIRE  # every older version is a subset of it
    context = {
        "couple": couple,
        "c": result,
        "chart": trusted_svg(comparison_chart(result)) if result.answered else "",
        "areas": area_rows(result),
        "summaries": [result.partner_a, result.partner_b],
        "bids": bid_rows(result),
        "readiness_notes": readiness_notes(result),
        "safety": safety_panel(result, questionnaire, versions),
        "safety_tier": result.safety.tier.value,
        "safety_hold": result.safety.hold,
        "private": private,
        "declined": _declined_rows(result, questionnaire),
        "free_text": _free_text_rows(result, questionnaire),
        "context": _context_rows(result, questionnaire),
    }
    return render(request, "clinic/comparison.html", context)


def _free_text_rows(result: Comparison, questionnaire: Questionnaire) -> list[dict[str, str]]:
    texts = (dict(result.partner_a.free_text), dict(result.partner_b.free_text))
    return [
        {"question": _(item.text), "a": texts[0].get(item.key, ""), "b": texts[1].get(item.key, "")}
        for item in questionnaire.by_area("free")
    ]


def _context_rows(result: Comparison, questionnaire: Questionnaire) -> list[dict[str, Any]]:
    yes = (set(result.partner_a.context), set(result.partner_b.context))
    return [
        {"question": _(item.text), "a": item.key in yes[0], "b": item.key in yes[1]}
        for item in questionnaire.by_area("context")
    ]


def _declined_rows(result: Comparison, questionnaire: Questionnaire) -> list[dict[str, Any]]:
    """Per partner, the questions answered "I'd rather not say": missing from every score and category."""
    rows = []
    for summary in (result.partner_a, result.partner_b):
        if summary.declined:
            rows.append(
                {"name": summary.name, "questions": [_(questionnaire.item(key).text) for key in summary.declined]}
            )
    return rows
