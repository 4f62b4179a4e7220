"""The comparison page: where the partners' perceptions differ, for the therapist only, in both voices; and, once
a re-assessment is in, what changed since the intake."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.models import AccessLog
from clinic.outcomes.reassessment import reassessment_context
from clinic.printing.reports import comparison_report, couple_comparison
from clinic.views.access import couple_for_therapist
from intake.checkins import csi4_translated


@therapist_required(AccessLog.Action.VIEW_COMPARISON)
@require_GET
def comparison(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    result = couple_comparison(couple)
    report = comparison_report(result, (couple.partner_a.questionnaire, couple.partner_b.questionnaire))
    if report["safety"] or report["private"]:
        request.audit.also(AccessLog.Action.VIEW_SAFETY)
    changes = reassessment_context(couple, result)
    if changes["reassessment"] is not None:
        request.audit.also(AccessLog.Action.VIEW_CHECK_INS, "comparison: intake against re-assessment")
    # The comparison is of the intakes (and a re-assessment, shown the same way): their CSI-4's language counts.
    translated = csi4_translated(couple, check_ins=changes["reassessment"] is not None)
    context = {"couple": couple, **report, **changes, "csi4_translated": translated}
    return render(request, "clinic/comparison.html", context)
