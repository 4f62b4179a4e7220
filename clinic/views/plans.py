"""Session plans: drafting, viewing and editing versions, the next session's date, and the two PDFs."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.forms import DraftForm, NextSessionForm, PlanForm
from clinic.models import AccessLog, PlanVersion, SessionPlan
from clinic.plans.printouts import handout_pdf as make_handout_pdf
from clinic.plans.printouts import plan_pdf as make_plan_pdf
from clinic.plans.versions import (
    APPROACH_LABELS,
    PAGE_FIELDS,
    VersionConflict,
    answers_changed,
    draft_version,
    library,
    save_version,
    shown_sessions,
)
from clinic.printing.pdf import PAPERS, PdfTooSlow
from clinic.views.access import couple_for_therapist
from intake.models import Couple


def _plan_versions(couple: Couple) -> list[PlanVersion]:
    versions = PlanVersion.objects.filter(plan__couple=couple).select_related("created_by", "plan")
    return list(versions.defer("sealed", "sealed_comparison"))


def _submitted(couple: Couple) -> bool:
    return bool(couple.partner_a.submitted_at and couple.partner_b.submitted_at)


@therapist_required(AccessLog.Action.VIEW_PLAN)
def plan(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "draft":
        return _draft(request, couple)
    if action == "next_session":
        return _next_session(request, couple)
    versions = _plan_versions(couple)
    if not versions:
        request.audit.note(detail="no plan yet")
        context = {"couple": couple, "ready": _submitted(couple), "draft_form": DraftForm()}
        return render(request, "clinic/plan_empty.html", context)
    version = _chosen_version(request, versions)
    latest = versions[0].number == version.number
    exercises = library(*PAGE_FIELDS)
    posted = request.POST if request.method == "POST" else None
    form = PlanForm(version.content, exercises, posted, initial={"base_version": version.number})
    if posted is not None and latest and form.is_valid():
        try:
            saved = save_version(couple, form.edited_content(), request.user, form.cleaned_data["base_version"])
        except VersionConflict as conflict:
            form.add_error(None, _conflict_message(conflict.latest))
        else:
            request.audit.note(AccessLog.Action.SAVE_PLAN, f"version {saved.number}")
            messages.success(request, _("Saved as version %(n)d.") % {"n": saved.number})
            return redirect("plan", couple_id=couple.pk)
    return _page(request, couple, versions, version, form, exercises)


def _page(
    request: TherapistRequest,
    couple: Couple,
    versions: list[PlanVersion],
    version: PlanVersion,
    form: PlanForm,
    exercises: dict[str, Any],
    draft_form: DraftForm | None = None,
    next_form: NextSessionForm | None = None,
) -> HttpResponse:
    request.audit.note(detail=f"version {version.number}")
    latest = versions[0].number == version.number
    plan_record = versions[0].plan
    context = {
        "couple": couple,
        "version": version,
        "versions": versions,
        "latest": latest,
        "form": form,
        **(_edit_context(form) if latest else {}),
        "sessions": shown_sessions(version.content, exercises),
        "plan": version.content,
        "approach_label": APPROACH_LABELS.get(version.content["approach"], version.content["approach"]),
        "changed": answers_changed(version, couple),
        "stored_comparison": bool(version.sealed_comparison),
        "ready": _submitted(couple),
        "draft_form": draft_form or DraftForm(),
        "next_form": next_form or NextSessionForm(initial={"next_session_on": plan_record.next_session_on}),
    }
    return render(request, "clinic/plan.html", context)


def _edit_context(form: PlanForm) -> dict[str, Any]:
    return {
        "form_sessions": form.sessions(),
        "hold_field": form.control("safety_hold") if "safety_hold" in form.fields else "",
        "count_field": form.control("session_count"),
        "base_field": form.control("base_version"),
    }


def _chosen_version(request: TherapistRequest, versions: list[PlanVersion]) -> PlanVersion:
    wanted = request.GET.get("version", "")
    chosen = next((v for v in versions if str(v.number) == wanted), versions[0])
    return PlanVersion.objects.select_related("created_by").get(pk=chosen.pk)


def _conflict_message(latest: PlanVersion) -> str:
    return _(
        "Not saved: version %(n)d was saved by %(who)s at %(when)s while you were editing. Nothing was "
        "overwritten. Open the latest version and make your changes there."
    ) % {
        "n": latest.number,
        "who": latest.created_by or _("someone"),
        "when": date_format(localtime(latest.created_at), "j M Y, H:i"),
    }


def _rerender(request: TherapistRequest, couple: Couple, **forms: Any) -> HttpResponse:
    """The page again, with the form that failed showing its errors; nothing was saved."""
    versions = _plan_versions(couple)
    if not versions:
        context = {"couple": couple, "ready": _submitted(couple), "draft_form": DraftForm(), **forms}
        return render(request, "clinic/plan_empty.html", context)
    version = _chosen_version(request, versions)
    exercises = library(*PAGE_FIELDS)
    form = PlanForm(version.content, exercises, initial={"base_version": version.number})
    return _page(request, couple, versions, version, form, exercises, **forms)


def _draft(request: TherapistRequest, couple: Couple) -> HttpResponse:
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _rerender(request, couple, draft_form=form)
    if not _submitted(couple):
        messages.error(request, _("Both partners need to submit their intake before a plan can be drafted."))
        return redirect("plan", couple_id=couple.pk)
    saved = draft_version(couple, request.user, form.cleaned_data["sessions"])
    request.audit.note(AccessLog.Action.SAVE_PLAN, f"draft, version {saved.number}")
    messages.success(request, _("A draft plan was made from the comparison (version %(n)d).") % {"n": saved.number})
    return redirect("plan", couple_id=couple.pk)


def _next_session(request: TherapistRequest, couple: Couple) -> HttpResponse:
    form = NextSessionForm(request.POST)
    plan_record = SessionPlan.objects.filter(couple=couple).first()
    if plan_record is None:
        raise Http404
    if not form.is_valid():
        return _rerender(request, couple, next_form=form)
    plan_record.next_session_on = form.cleaned_data["next_session_on"]
    plan_record.save(update_fields=["next_session_on"])
    request.audit.note(AccessLog.Action.SAVE_PLAN, "next session date")
    messages.success(request, _("The next session date was saved; the handout prints it."))
    return redirect("plan", couple_id=couple.pk)


def _pdf_version(request: TherapistRequest, couple: Couple) -> PlanVersion:
    versions = PlanVersion.objects.filter(plan__couple=couple).select_related("created_by", "plan")
    wanted = request.GET.get("version")
    version = versions.filter(number=wanted).first() if wanted and wanted.isdigit() else versions.first()
    if version is None:
        raise Http404
    version.plan.couple = couple  # the couple already fetched, with its partners
    return version


def _pdf_download(request: TherapistRequest, couple_id: UUID, kind: str) -> HttpResponse:
    """The therapist plan or the couple handout of a plan version, in the paper asked for."""
    couple = couple_for_therapist(request, couple_id)
    paper = request.GET.get("paper", settings.ATTUNE_PAPER)
    if paper not in PAPERS:
        return HttpResponseBadRequest(_("Paper must be a4 or letter."), content_type="text/plain; charset=utf-8")
    version = _pdf_version(request, couple)
    make = {"plan": make_plan_pdf, "handout": make_handout_pdf}[kind]
    request.audit.note(detail=f"version {version.number}, {paper}")
    try:
        pdf = make(version, paper)
    except PdfTooSlow:
        context = {"seconds": settings.ATTUNE_PDF_TIME_LIMIT_SECONDS}
        return render(request, "clinic/pdf_too_slow.html", context, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="attune-{kind}-v{version.number}-{paper}.pdf"'
    return response


@therapist_required(AccessLog.Action.DOWNLOAD_PLAN_PDF)
@require_GET
def plan_pdf(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    return _pdf_download(request, couple_id, "plan")


@therapist_required(AccessLog.Action.DOWNLOAD_HANDOUT_PDF)
@require_GET
def handout_pdf(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    return _pdf_download(request, couple_id, "handout")
