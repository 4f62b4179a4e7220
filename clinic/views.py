"""The therapist's workspace: dashboard, couples, and the partners' private links."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clinic.forms import CoupleForm, DeleteCoupleForm, PlanForm
from clinic.signin import therapist_required
from clinic.models import AccessLog, PlanVersion
from clinic.pdf import PAPERS, PdfTooSlow, cached_pdf, render_handout_html, render_plan_html
from clinic.records import delete_couple, export_zip
from clinic.plans import (
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
from clinic.reports import area_rows, bid_rows, comparison_chart, couple_comparison, readiness_notes, safety_panel
from intake.models import Couple, Invitation, Partner
from intake.comparison import Comparison
from intake.questionnaire import QUESTIONNAIRE, Questionnaire

NEW_LINKS_KEY = "new_intake_links"


def _get_couple_for_therapist(request: HttpRequest, couple_id: UUID) -> Couple:
    queryset = Couple.objects.filter(therapist=request.user).prefetch_related("partners")
    return get_object_or_404(queryset, pk=couple_id)


def _get_partner_for_therapist(request: HttpRequest, couple_id: UUID, partner_id: UUID) -> Partner:
    queryset = Partner.objects.filter(couple__therapist=request.user).select_related("couple")
    return get_object_or_404(queryset, pk=partner_id, couple_id=couple_id)


def _remember_link(request: HttpRequest, partner: Partner, token: str) -> None:
    # The raw token exists only until the therapist has seen it once.
    links = request.session.get(NEW_LINKS_KEY, {})
    links[str(partner.pk)] = request.build_absolute_uri(reverse("intake:enter", args=[token]))
    request.session[NEW_LINKS_KEY] = links


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def index(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard")


@therapist_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    couples = Couple.objects.filter(therapist=request.user).prefetch_related("partners")
    page = Paginator(couples, settings.ATTUNE_COUPLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "clinic/dashboard.html", {"page": page, "rows": _dashboard_rows(page.object_list)})


BADGES = {Partner.Status.SUBMITTED: "success", Partner.Status.STARTED: "warning", Partner.Status.INVITED: "secondary"}


def _dashboard_rows(couples: Any) -> list[dict[str, Any]]:
    """Plain rows, worked out once: the template only writes them out (it is the busiest page)."""
    url = reverse("couple_detail", args=["00000000-0000-0000-0000-000000000000"])
    rows = []
    for couple in couples:
        partners = list(couple.partners.all())
        rows.append({
            "name": couple.name,
            "url": url.replace("00000000-0000-0000-0000-000000000000", str(couple.pk)),
            "partners": [(p.display_name, p.status.label, BADGES[p.status], p.urgent_followup_since) for p in partners],
            "last": max((p.last_activity_at for p in partners if p.last_activity_at), default=None),
        })
    return rows


@therapist_required
@never_cache
def couple_new(request: HttpRequest) -> HttpResponse:
    form = CoupleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            couple = Couple.objects.create(therapist=request.user, name=data["name"])
            for role in Partner.Role:
                partner = Partner.objects.create(
                    couple=couple,
                    role=role,
                    display_name=data[f"partner_{role}_name"].strip(),
                    email=data[f"partner_{role}_email"],
                    pronouns=data[f"partner_{role}_pronouns"],
                )
                _invitation, token = Invitation.issue(partner, by=request.user)
                _remember_link(request, partner, token)
        messages.success(request, _("Couple created. Give each partner their own link."))
        return redirect("couple_detail", couple_id=couple.pk)
    return render(request, "clinic/couple_new.html", {"form": form})


@therapist_required
@never_cache
@require_GET
def couple_detail(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    couple = _get_couple_for_therapist(request, couple_id)
    new_links = request.session.pop(NEW_LINKS_KEY, {})
    live = set(Invitation.objects.live().filter(partner__couple=couple).values_list("partner_id", flat=True))
    partners = [
        {"partner": p, "new_link": new_links.get(str(p.pk)), "has_live_link": p.pk in live}
        for p in couple.partners.all()
    ]
    context = {"couple": couple, "partners": partners, "steps": QUESTIONNAIRE.step_count}
    return render(request, "clinic/couple_detail.html", context)


@therapist_required
@never_cache
@require_GET
def comparison(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    couple = _get_couple_for_therapist(request, couple_id)
    result = couple_comparison(couple)
    AccessLog.record(request, AccessLog.Action.VIEW_COMPARISON, couple.pk)
    if result.safety.any_safety:
        AccessLog.record(request, AccessLog.Action.VIEW_SAFETY, couple.pk)
    questionnaire = couple.partner_a.questionnaire
    context = {
        "couple": couple,
        "c": result,
        "chart": mark_safe(comparison_chart(result)) if result.answered else "",  # noqa: S308 (escaped in charts)
        "areas": area_rows(result),
        "summaries": [result.partner_a, result.partner_b],
        "bids": bid_rows(result),
        "readiness_notes": readiness_notes(result),
        "safety": safety_panel(result, questionnaire),
        "free_text": _free_text_rows(result, questionnaire),
        "context": _context_rows(result, questionnaire),
    }
    return render(request, "clinic/comparison.html", context)


def _plan_versions(couple: Couple) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan__couple=couple).select_related("created_by").defer("sealed"))


@therapist_required
@never_cache
def plan(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    drafting = request.method == "POST" and request.POST.get("action") == "draft"
    couple = _get_couple_for_therapist(request, couple_id)
    exercises = library(*PAGE_FIELDS)
    if drafting:
        return _draft(request, couple, exercises)
    versions = _plan_versions(couple)
    if not versions:
        ready = couple.partner_a.submitted_at and couple.partner_b.submitted_at
        return render(request, "clinic/plan_empty.html", {"couple": couple, "ready": ready})
    version = _chosen_version(request, versions)
    latest = versions[0].number == version.number
    form = PlanForm(version.content, exercises, request.POST if request.method == "POST" else None,
                    initial={"base_version": version.number})
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
    context = {"couple": couple, "version": version, "versions": versions, "latest": latest, "form": form,
               **(_edit_context(form) if latest else {}),
               "sessions": shown_sessions(version.content, exercises), "plan": version.content,
               "approach_label": APPROACH_LABELS.get(version.content["approach"], version.content["approach"])}
    return render(request, "clinic/plan.html", context)


def _edit_context(form: PlanForm) -> dict[str, Any]:
    options = format_html_join("", '<option value="{}">{}</option>', form.add_choices())
    hold = form.lean("safety_hold", "checkbox") if "safety_hold" in form.fields else None
    return {"form_sessions": form.sessions(), "add_options": options, "hold_field": hold,
            "count_field": form.lean("session_count", "number")}


def _chosen_version(request: HttpRequest, versions: list[PlanVersion]) -> PlanVersion:
    wanted = request.GET.get("version", "")
    chosen = next((v for v in versions if str(v.number) == wanted), versions[0])
    return PlanVersion.objects.select_related("created_by").get(pk=chosen.pk)


def _conflict_message(latest: PlanVersion) -> str:
    return _(
        "Not saved: version %(n)d was saved by %(who)s at %(when)s while you were editing. Nothing was "
        "overwritten. Open the latest version and make your changes there."
    ) % {"n": latest.number, "who": latest.created_by or _("someone"), "when": date_format(localtime(latest.created_at), "j M Y, H:i")}


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


def _pdf_response(html: str, filename: str, request: HttpRequest) -> HttpResponse:
    try:
        pdf = cached_pdf(html)
    except PdfTooSlow:
        context = {"seconds": settings.ATTUNE_PDF_TIME_LIMIT_SECONDS}
        return render(request, "clinic/pdf_too_slow.html", context, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def _pdf_download(request: HttpRequest, couple_id: UUID, kind: str) -> HttpResponse:
    """The therapist plan or the couple handout of a plan version, in the paper asked for."""
    couple = _get_couple_for_therapist(request, couple_id)
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
    return _pdf_response(html, f"attune-{kind}-v{version.number}-{paper}.pdf", request)


@therapist_required
@require_GET
def plan_pdf(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    return _pdf_download(request, couple_id, "plan")


@therapist_required
@require_GET
def handout_pdf(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    return _pdf_download(request, couple_id, "handout")


@therapist_required
@require_POST
def couple_export(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    couple = _get_couple_for_therapist(request, couple_id)
    archive = export_zip(couple, settings.ATTUNE_PAPER)
    AccessLog.record(request, AccessLog.Action.EXPORT, couple.pk)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="attune-export-{localdate():%Y-%m-%d}.zip"'
    add_never_cache_headers(response)
    return response


@therapist_required
@never_cache
def couple_delete(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    couple = _get_couple_for_therapist(request, couple_id)
    form = DeleteCoupleForm(couple.name, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_couple(couple, request)
        messages.success(request, _("The couple and all their data were deleted."))
        return redirect("dashboard")
    return render(request, "clinic/couple_delete.html", {"couple": couple, "form": form})


@therapist_required
@never_cache
@require_GET
def couple_log(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    couple = _get_couple_for_therapist(request, couple_id)
    entries = AccessLog.objects.filter(couple_id=couple.pk)[:500]
    AccessLog.record(request, AccessLog.Action.VIEW_LOG, couple.pk)
    return render(request, "clinic/couple_log.html", {"couple": couple, "entries": entries})


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


@therapist_required
@require_POST
def link_issue(request: HttpRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = _get_partner_for_therapist(request, couple_id, partner_id)
    _invitation, token = Invitation.issue(partner, by=request.user)
    _remember_link(request, partner, token)
    AccessLog.record(request, AccessLog.Action.ISSUE_LINK, couple_id, detail=f"partner {partner.role}")
    messages.success(request, _("A new link for %(name)s is ready; any earlier link no longer works.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required
@require_POST
def intake_reopen(request: HttpRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = _get_partner_for_therapist(request, couple_id, partner_id)
    if partner.reopen(by=request.user):
        AccessLog.record(request, AccessLog.Action.REOPEN_INTAKE, couple_id, detail=f"partner {partner.role}")
        messages.success(request, _("%(name)s's intake is open again; their link shows their saved answers.") % {"name": partner})
    else:
        messages.info(request, _("%(name)s's intake was not submitted, so there was nothing to reopen.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required
@require_POST
def followed_up(request: HttpRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = _get_partner_for_therapist(request, couple_id, partner_id)
    Partner.objects.filter(pk=partner.pk).update(urgent_followup_since=None)
    AccessLog.record(request, AccessLog.Action.FOLLOWED_UP, couple_id, detail=f"partner {partner.role}")
    messages.success(request, _("Follow-up with %(name)s recorded.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required
@require_POST
def link_revoke(request: HttpRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = _get_partner_for_therapist(request, couple_id, partner_id)
    for invitation in partner.invitations.live():
        invitation.revoke()
    AccessLog.record(request, AccessLog.Action.REVOKE_LINK, couple_id, detail=f"partner {partner.role}")
    messages.success(request, _("The link for %(name)s no longer works.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)
