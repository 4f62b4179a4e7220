"""Session plans: drafting, viewing and editing versions, and their two PDFs."""

from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinic.accounts.signin import therapist_required
from clinic.forms import PlanForm
from clinic.models import AccessLog, CachedPdf, PlanVersion
from clinic.plans.versions import (
    APPROACH_LABELS,
    PAGE_FIELDS,
    VersionConflict,
    draft_content,
    handout_pdf_context,
    library,
    plan_pdf_context,
    save_version,
    shown_sessions,
)
from clinic.printing.pdf import PAPERS, PdfTooSlow, cached_pdf, render_handout_html, render_plan_html
from clinic.printing.reports import (
    couple_comparison,
)
from clinic.views.access import couple_for_therapist
from intake.models import Couple


def _plan_versions(couple: Couple) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan__couple=couple).select_related("created_by").defer("sealed"))


@therapist_required
@never_cache
def plan(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    drafting = request.method == "POST" and request.POST.get("action") == "draft"
    couple = couple_for_therapist(request, couple_id)
    exercises = library(*PAGE_FIELDS)
    if drafting:
        return _draft(request, couple, exercises)
    versions = _plan_versions(couple)
    if not versions:
        ready = couple.partner_a.submitted_at and couple.partner_b.submitted_at
        return render(request, "clinic/plan_empty.html", {"couple": couple, "ready": ready})
    version = _chosen_version(request, versions)
    latest = versions[0].number == version.number
    form = PlanForm(
        version.content,
        exercises,
        request.POST if request.method == "POST" else None,
        initial={"base_version": version.number},
    )
    if request.method == "POST" and latest and form.is_valid():
        try:
            saved = save_version(couple, form.edited_content(), request.user, form.cleaned_data["base_version"])
        except VersionConflict as conflict:
            form.add_error(None, _conflict_message(conflict.latest))
        else:
            AccessLog.record(request, AccessLog.Action.SAVE_PLAN, couple.pk, detail=f"version {saved.number}")
            messages.success(request, _("Saved as version %(n)d.") % {"n": saved.number})
            return redirect("plan", couple_id=couple.pk)
    AccessLog.record(request, AccessLog.Action.VIEW_PLAN, couple.pk, detail=f"version {version.number}")
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
    }
    return render(request, "clinic/plan.html", context)


def _edit_context(form: PlanForm) -> dict[str, Any]:
    options = format_html_join("", '<option value="{}">{}</option>', form.add_choices())
    hold = form.lean("safety_hold", "checkbox") if "safety_hold" in form.fields else None
    return {
        "form_sessions": form.sessions(),
        "add_options": options,
        "hold_field": hold,
        "count_field": form.lean("session_count", "number"),
    }


def _chosen_version(request: HttpRequest, versions: list[PlanVersion]) -> PlanVersion:
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


def _draft(request: HttpRequest, couple: Couple, exercises: dict[str, Any]) -> HttpResponse:
    if not (couple.partner_a.submitted_at and couple.partner_b.submitted_at):
        messages.error(request, _("Both partners need to submit their intake before a plan can be drafted."))
        return redirect("plan", couple_id=couple.pk)
    content = draft_content(couple_comparison(couple), exercises)
    saved = save_version(couple, content, request.user, base=None)
    AccessLog.record(request, AccessLog.Action.SAVE_PLAN, couple.pk, detail=f"draft, version {saved.number}")
    messages.success(request, _("A draft plan was made from the comparison (version %(n)d).") % {"n": saved.number})
    return redirect("plan", couple_id=couple.pk)


def _pdf_version(request: HttpRequest, couple: Couple) -> PlanVersion:
    versions = PlanVersion.objects.filter(plan__couple=couple).select_related("created_by")
    wanted = request.GET.get("version")
    version = versions.filter(number=wanted).first() if wanted and wanted.isdigit() else versions.first()
    if version is None:
        raise Http404
    return version


def _pdf_response(html: str, filename: str, request: HttpRequest, couple: Couple) -> HttpResponse:
    try:
        pdf = cached_pdf(html, partial(CachedPdf.remember, couple.pk))
    except PdfTooSlow:
        context = {"seconds": settings.ATTUNE_PDF_TIME_LIMIT_SECONDS}
        return render(request, "clinic/pdf_too_slow.html", context, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def _pdf_download(request: HttpRequest, couple_id: UUID, kind: str) -> HttpResponse:
    """The therapist plan or the couple handout of a plan version, in the paper asked for."""
    couple = couple_for_therapist(request, couple_id)
    paper = request.GET.get("paper", settings.ATTUNE_PAPER)
    if paper not in PAPERS:
        return HttpResponseBadRequest(_("Paper must be a4 or letter."), content_type="text/plain; charset=utf-8")
    version = _pdf_version(request, couple)
    if kind == "plan":
        html = render_plan_html(plan_pdf_context(couple, version, library(), PAPERS[paper]))
        action = AccessLog.Action.DOWNLOAD_PLAN_PDF
    else:
        html = render_handout_html(handout_pdf_context(version, library(), PAPERS[paper]))
        action = AccessLog.Action.DOWNLOAD_HANDOUT_PDF
    AccessLog.record(request, action, couple.pk, detail=f"version {version.number}")
    return _pdf_response(html, f"attune-{kind}-v{version.number}-{paper}.pdf", request, couple)


@therapist_required
@require_GET
def plan_pdf(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    return _pdf_download(request, couple_id, "plan")


@therapist_required
@require_GET
def handout_pdf(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    return _pdf_download(request, couple_id, "handout")
