"""The comparison page: where the partners' perceptions differ, for the therapist only, in both voices."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinic.accounts.signin import therapist_required
from clinic.models import AccessLog
from clinic.printing.reports import comparison_report, couple_comparison
from clinic.views.access import couple_for_therapist


@therapist_required
@never_cache
@require_GET
def comparison(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    result = couple_comparison(couple)
    AccessLog.record(request, AccessLog.Action.VIEW_COMPARISON, couple.pk)
    if result.safety.any_safety:
        AccessLog.record(request, AccessLog.Action.VIEW_SAFETY, couple.pk)
    report = comparison_report(result, couple.partner_a.questionnaire)
    return render(request, "clinic/comparison.html", {"couple": couple, **report})
