"""The therapist's workspace: the dashboard, couples, and the partners' private links (asked before one stops working)."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.forms import CoupleForm
from clinic.messaging import reminders
from clinic.messaging.panel import couple_messaging
from clinic.models import AccessLog
from clinic.safety import contact_answers, mark_label, open_tiers, partner_alerts, urgent_first
from clinic.views.access import couple_for_therapist, partner_for_therapist
from intake.models import Couple, Invitation, Partner, SafetyAlert

NEW_LINKS_KEY = "new_intake_links"


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


@therapist_required(AccessLog.Action.VIEW_DASHBOARD)
@require_GET
def dashboard(request: TherapistRequest) -> HttpResponse:
    couples = urgent_first(Couple.objects.filter(therapist=request.user)).prefetch_related("partners")
    page = Paginator(couples, settings.ATTUNE_COUPLES_PER_PAGE).get_page(request.GET.get("page"))
    # Names, progress and follow-up badges are client data: each couple listed gets its own entry.
    request.audit.about(couple.pk for couple in page.object_list)
    request.audit.note(detail=f"page {page.number}")
    return render(request, "clinic/dashboard.html", {"page": page, "rows": _dashboard_rows(page.object_list)})


BADGES = {Partner.Status.SUBMITTED: "success", Partner.Status.STARTED: "warning", Partner.Status.INVITED: "secondary"}


def _dashboard_rows(couples: Any) -> list[dict[str, Any]]:
    """Plain rows, worked out once: the template only writes them out (it is the busiest page)."""
    url = reverse("couple_detail", args=["00000000-0000-0000-0000-000000000000"])
    couples = list(couples)
    tiers = open_tiers([p.pk for couple in couples for p in couple.partners.all()])
    rows = []
    for couple in couples:
        partners = list(couple.partners.all())
        marks = [(p.display_name, mark_label(tiers[p.pk]), tiers[p.pk]) for p in partners if p.pk in tiers]
        rows.append(
            {
                "name": couple.name,
                "url": url.replace("00000000-0000-0000-0000-000000000000", str(couple.pk)),
                "partners": [(p.display_name, p.status.label, BADGES[p.status]) for p in partners],
                "alerts": marks,
                "urgent": bool(marks),
                "last": max((p.last_activity_at for p in partners if p.last_activity_at), default=None),
            }
        )
    return rows


@therapist_required(AccessLog.Action.CREATE_COUPLE)
def couple_new(request: TherapistRequest) -> HttpResponse:
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
        request.audit.about([couple.pk])
        messages.success(request, _("Couple created. Give each partner their own link."))
        return redirect("couple_detail", couple_id=couple.pk)
    return render(request, "clinic/couple_new.html", {"form": form})


@therapist_required(AccessLog.Action.VIEW_COUPLE)
@require_GET
def couple_detail(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    new_links = request.session.pop(NEW_LINKS_KEY, {})
    live = set(Invitation.objects.live().filter(partner__couple=couple).values_list("partner_id", flat=True))
    contact = contact_answers(couple)
    partners = [
        {
            "partner": p,
            "new_link": new_links.get(str(p.pk)),
            "has_live_link": p.pk in live,
            "steps": p.questionnaire.step_count,
            "contact": contact.get(p.pk, {}),
        }
        for p in couple.partners.all()
    ]
    alerts = [partner_alerts(p) for p in couple.partners.all()]
    if contact or any(found["open"] or found["done"] for found in alerts):
        request.audit.also(AccessLog.Action.VIEW_SAFETY, "couple page")
    context = {
        "couple": couple,
        "partners": partners,
        "alerts": [found for found in alerts if found["open"]],
        "follow_ups": [found for found in alerts if found["done"]],
        "messaging": couple_messaging(couple),
    }
    return render(request, "clinic/couple_detail.html", context)


def _confirm(request: TherapistRequest, partner: Partner, action: str) -> HttpResponse:
    """The page that asks before a link stops working (a GET never changes anything)."""
    request.audit.note(action=AccessLog.Action.VIEW_COUPLE, detail=f"confirm {action} for partner {partner.role}")
    live = partner.invitations.live().first()
    context = {"couple": partner.couple, "partner": partner, "action": action, "live": live}
    return render(request, "clinic/link_confirm.html", context)


@therapist_required(AccessLog.Action.ISSUE_LINK)
@require_http_methods(["GET", "POST"])
def link_issue(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    if request.method == "GET":
        return _confirm(request, partner, "issue")
    _invitation, token = Invitation.issue(partner, by=request.user)
    reminders.cancel_settled(partner)  # the earlier link's reminders: it no longer works
    _remember_link(request, partner, token)
    request.audit.note(detail=f"partner {partner.role}")
    messages.success(
        request, _("A new link for %(name)s is ready; any earlier link no longer works.") % {"name": partner}
    )
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required(AccessLog.Action.REOPEN_INTAKE)
@require_POST
def intake_reopen(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    request.audit.note(detail=f"partner {partner.role}")
    if partner.reopen(by=request.user):
        messages.success(
            request, _("%(name)s's intake is open again; their link shows their saved answers.") % {"name": partner}
        )
    else:
        request.audit.note(detail=f"partner {partner.role}: not submitted, nothing reopened")
        messages.info(
            request, _("%(name)s's intake was not submitted, so there was nothing to reopen.") % {"name": partner}
        )
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required(AccessLog.Action.FOLLOWED_UP)
@require_POST
def followed_up(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    if SafetyAlert.follow_up(partner, by=request.user):
        request.audit.note(detail=f"partner {partner.role}")
        messages.success(request, _("Follow-up with %(name)s recorded.") % {"name": partner})
    else:
        request.audit.note(detail=f"partner {partner.role}: no open alert")
        messages.info(request, _("There was no open alert for %(name)s to follow up.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required(AccessLog.Action.REVOKE_LINK)
@require_http_methods(["GET", "POST"])
def link_revoke(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    if request.method == "GET":
        return _confirm(request, partner, "revoke")
    for invitation in partner.invitations.live():
        invitation.revoke()
    reminders.cancel_settled(partner)
    request.audit.note(detail=f"partner {partner.role}")
    messages.success(request, _("The link for %(name)s no longer works.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)
