"""The therapist's workspace: dashboard, couples, and the partners' private links."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clinic.forms import CoupleForm
from clinic.models import AccessLog
from clinic.reports import area_rows, bid_rows, comparison_chart, couple_comparison, readiness_notes, safety_panel
from intake.models import Couple, Invitation, Partner
from intake.comparison import Comparison
from intake.questionnaire import QUESTIONNAIRE, Questionnaire

NEW_LINKS_KEY = "new_intake_links"


def _get_couple_for_therapist(request: HttpRequest, couple_id: UUID, with_answers: bool = False) -> Couple:
    queryset = Couple.objects.filter(therapist=request.user)
    queryset = queryset.prefetch_related("partners__answers" if with_answers else "partners")
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


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    couples = Couple.objects.filter(therapist=request.user).prefetch_related("partners")
    page = Paginator(couples, settings.ATTUNE_COUPLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "clinic/dashboard.html", {"page": page})


@login_required
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


@login_required
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


@login_required
@never_cache
@require_GET
def comparison(request: HttpRequest, couple_id: UUID) -> HttpResponse:
    couple = _get_couple_for_therapist(request, couple_id, with_answers=True)
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


@login_required
@require_POST
def link_issue(request: HttpRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = _get_partner_for_therapist(request, couple_id, partner_id)
    _invitation, token = Invitation.issue(partner, by=request.user)
    _remember_link(request, partner, token)
    AccessLog.record(request, AccessLog.Action.ISSUE_LINK, couple_id, detail=f"partner {partner.role}")
    messages.success(request, _("A new link for %(name)s is ready; any earlier link no longer works.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)


@login_required
@require_POST
def intake_reopen(request: HttpRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = _get_partner_for_therapist(request, couple_id, partner_id)
    if partner.reopen(by=request.user):
        AccessLog.record(request, AccessLog.Action.REOPEN_INTAKE, couple_id, detail=f"partner {partner.role}")
        messages.success(request, _("%(name)s's intake is open again; their link shows their saved answers.") % {"name": partner})
    else:
        messages.info(request, _("%(name)s's intake was not submitted, so there was nothing to reopen.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)


@login_required
@require_POST
def link_revoke(request: HttpRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = _get_partner_for_therapist(request, couple_id, partner_id)
    for invitation in partner.invitations.live():
        invitation.revoke()
    AccessLog.record(request, AccessLog.Action.REVOKE_LINK, couple_id, detail=f"partner {partner.role}")
    messages.success(request, _("The link for %(name)s no longer works.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)
