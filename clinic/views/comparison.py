"""The comparison page: where the partners' perceptions differ, for the therapist only, in both voices; and, once
a re-assessment is in, what changed since the intake."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.models import AccessLog
from clinic.outcomes.reassessment import reassessment_context
from clinic.printing.kept import kept_in_language
from clinic.printing.reports import comparison_page, couple_comparison, shown_page
from clinic.views.access import couple_for_therapist
from intake.checkins import csi4_translated
from intake.comparison import Comparison


@therapist_required(AccessLog.Action.VIEW_COMPARISON)
@require_GET
def comparison(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    versions = (couple.partner_a.questionnaire, couple.partner_b.questionnaire)
    worked_out: list[Comparison] = []

    def intake_comparison() -> Comparison:  # worked out at most once, and only if needed
        if not worked_out:
            worked_out.append(couple_comparison(couple))
        return worked_out[0]

    page = kept_in_language(couple, "comparison page", lambda: comparison_page(intake_comparison(), versions))
    report = shown_page(page)
    if report["safety"] or report["private"]:
        request.audit.also(AccessLog.Action.VIEW_SAFETY)
    changes = reassessment_context(couple, intake_comparison)
    if changes["reassessment"] is not None:
        request.audit.also(AccessLog.Action.VIEW_CHECK_INS, "comparison: intake against re-assessment")
    # The comparison is of the intakes (and a re-assessment, shown the same way): their CSI-4's language counts.
    translated = csi4_translated(couple, check_ins=changes["reassessment"] is not None)
    context = {"couple": couple, **report, **changes, "csi4_translated": translated}
    return render(request, "clinic/comparison.html", context)
