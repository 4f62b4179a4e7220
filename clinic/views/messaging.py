"""Emailing partners from the couple page: the invitation form, extending a link, and the partner's one-click
"stop reminders" page (no sign-in; it shows nothing about anyone).

Sending an invitation issues a fresh link (the earlier one stops working), queues the email for the worker and
schedules the link's reminders; the worker sends it and writes the access log's "sent" entry.
"""

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.accounts.timeouts import keeps_late_posts
from clinic.drafts import discard_draft
from clinic.forms import InvitationForm, draft_problem, restore_draft
from clinic.messaging import compose, outbox, reminders
from clinic.messaging.links import INTAKE
from clinic.messaging.models import OutboxMessage, ReminderStop
from clinic.messaging.panel import blocked, mail_folder
from clinic.models import AccessLog, FormDraft
from clinic.views.access import couple_for_therapist, partner_for_therapist
from clinic.views.drafts import discard, draft_to_restore, keep_posted
from intake.language import names_of_both
from intake.models import Couple, Invitation, Partner, hash_token


def _recipients(couple: Couple, to: str) -> list[Partner]:
    chosen = [p for p in couple.partners.all() if to in ("both", p.role)]
    if not chosen:
        raise Http404
    return chosen


PAGE = FormDraft.Page.INVITATION


@keeps_late_posts
@therapist_required(AccessLog.Action.QUEUE_INVITATION)
@require_http_methods(["GET", "POST"])
def invitations(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    """The invitation email, the practice's words for the therapist to edit. Typing not yet sent comes back as a
    draft (clinic/drafts.py), kept before a time limit or posted after the sign-out; it is never sent by itself."""
    couple = couple_for_therapist(request, couple_id)
    to = request.POST.get("to") or request.GET.get("to") or "both"
    recipients = _recipients(couple, to)
    if request.method == "POST" and request.POST.get("action") == "discard":
        request.audit.note(action=AccessLog.Action.VIEW_COUPLE)
        return discard(request, couple, PAGE, reverse("invitations", args=[couple.pk]) + f"?to={to}")
    form = _invitation_form(request, couple, recipients)
    draft = None
    if request.method == "GET":
        draft = draft_to_restore(request, couple, PAGE, lambda fields: _late_problem(form, fields))
        if draft is not None:
            restore_draft(form, draft.fields)
    if request.method == "POST" and form.is_valid():
        for partner in recipients:
            _send_invitation(request, partner, form.cleaned_data)
        discard_draft(couple, request.user, PAGE)
        request.audit.note(detail="partner " + ", ".join(p.role for p in recipients))
        messages.success(request, _queued_note(recipients))
        return redirect(reverse("couple_detail", args=[couple.pk]) + "#messages")
    request.audit.note(
        action=AccessLog.Action.VIEW_COUPLE, detail="invitation form" + (", draft restored" * bool(draft))
    )
    context = {
        "couple": couple,
        "form": form,
        "to": to,
        "restored": draft,
        "idle_draft": True,  # the warning before a time limit says the typing is kept; sending stays the therapist's
        "recipients": [
            {"partner": p, "blocked": blocked(p), "live": p.invitations.live().for_intake().exists()}
            for p in recipients
        ],
        "mail_folder": mail_folder(),
        "days": settings.ATTUNE_INVITATION_DAYS,
    }
    return render(request, "clinic/invitation.html", context)


def _invitation_form(request: TherapistRequest, couple: Couple, recipients: list[Partner]) -> InvitationForm:
    # The partners' language when they share one; the therapist's own when they differ (the words can be edited).
    languages = {p.language for p in recipients}
    shared = languages.pop() if len(languages) == 1 else get_language()
    subject, message = compose.default_invitation(request.user, shared)
    return InvitationForm(
        request.POST if request.method == "POST" else None,
        couple=couple,
        recipients=recipients,
        initial={"subject": subject, "message": message},
    )


def _late_problem(form: InvitationForm, fields: dict[str, str]) -> int | None:
    """0 (keep it) when an invitation posted after the sign-out has its words and fits this form; None otherwise
    (the discard button's post, say, carries only whom it was for)."""
    if not {"subject", "message"} & fields.keys():
        return None
    return None if draft_problem(form, {name: [value] for name, value in fields.items()}, extra=("to",)) else 0


@therapist_required(AccessLog.Action.KEEP_DRAFT)
@require_POST
def invitation_draft(request: TherapistRequest, couple_id: UUID) -> JsonResponse:
    """Keep the invitation's typing as this therapist's draft (static/attune/idle.js); never sent by itself."""
    couple = couple_for_therapist(request, couple_id)
    recipients = _recipients(couple, request.POST.get("to") or "both")
    form = InvitationForm(couple=couple, recipients=recipients)
    return keep_posted(request, couple, PAGE, lambda posted: draft_problem(form, posted, extra=("to",)))


def _send_invitation(request: TherapistRequest, partner: Partner, data: dict[str, Any]) -> OutboxMessage:
    """A fresh link for `partner`, emailed with the therapist's words; its reminders scheduled."""
    with transaction.atomic():
        email = data[f"email_{partner.role}"]
        if email != partner.email:
            partner.email = email
            partner.save(update_fields=["email"])
        invitation, token = Invitation.issue(partner, by=request.user)
        reminders.cancel_settled(partner)  # the earlier link's reminders: it no longer works
        url = compose.absolute(reverse("intake:enter", args=[token]))
        mail = compose.invitation(partner, url, invitation.expires_at, data["subject"], data["message"])
        message = outbox.queue(mail, OutboxMessage.Kind.INVITATION, email, partner=partner, by=request.user)
        reminders.schedule(INTAKE, invitation, url)
    return message


def _queued_note(recipients: list[Partner]) -> str:
    names = names_of_both([p.display_name for p in recipients])
    folder = mail_folder()
    if folder is not None:
        return ngettext(
            "The invitation to %(names)s is queued. No mail server is set, so it is written to %(folder)s, not sent.",
            "The invitations to %(names)s are queued. No mail server is set, so they are written to %(folder)s, not sent.",
            len(recipients),
        ) % {"names": names, "folder": folder}
    return ngettext(
        "The invitation to %(names)s is queued; the outbox below shows when the mail server has taken it.",
        "The invitations to %(names)s are queued; the outbox below shows when the mail server has taken them.",
        len(recipients),
    ) % {"names": names}


@therapist_required(AccessLog.Action.EXTEND_LINK)
@require_POST
def link_extend(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    link = partner.invitations.for_intake().order_by("-created_at").first()
    if link is None or link.revoked_at is not None:
        request.audit.note(detail=f"partner {partner.role}: no link to extend")
        messages.info(request, _("%(name)s has no link to extend; issue a new one.") % {"name": partner})
        return redirect("couple_detail", couple_id=couple_id)
    with transaction.atomic():
        link.expires_at = max(link.expires_at, timezone.now()) + timedelta(days=settings.ATTUNE_INVITATION_DAYS)
        link.save(update_fields=["expires_at"])
        reminders.reschedule_last(INTAKE, link)
    request.audit.note(detail=f"partner {partner.role}: until {link.expires_at:%Y-%m-%d}")
    messages.success(
        request,
        _("%(name)s's link now works until %(date)s.") % {"name": partner, "date": compose.until(link.expires_at)},
    )
    return redirect(reverse("couple_detail", args=[couple_id]) + "#messages")


@never_cache
@csrf_exempt  # one click from an email, or a mail client's RFC 8058 one-click post: the token is the authority
@require_http_methods(["GET", "POST"])
def stop_reminders(request: HttpRequest, token: str) -> HttpResponse:
    stop = ReminderStop.objects.select_related("partner").filter(token_hash=hash_token(token)).first()
    if stop is None:
        response = render(request, "intake/invalid_link.html", {"quick_exit_url": ""}, status=404)
    else:
        if stop.stopped_at is None:
            ReminderStop.objects.filter(pk=stop.pk, stopped_at__isnull=True).update(stopped_at=timezone.now())
            reminders.cancel_settled(stop.partner)
            AccessLog.record(
                request, AccessLog.Action.STOP_REMINDERS, stop.partner.couple_id, partner_role=stop.partner.role
            )
        response = render(request, "intake/reminders_stopped.html", {"quick_exit_url": ""})
    response["Referrer-Policy"] = "no-referrer"
    return response
