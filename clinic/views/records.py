"""A couple's record as a whole: export, delete (both after confirming who you are), and the access log."""

import re
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clinic.accounts.reauth import ConfirmIdentityForm
from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.forms import DeleteCoupleForm, LogFilterForm
from clinic.models import AccessLog
from clinic.records import delete_couple, export_zip
from clinic.views.access import couple_for_therapist


@therapist_required(AccessLog.Action.VIEW_COUPLE)
def couple_export(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    form = ConfirmIdentityForm(request, request.POST if request.method == "POST" else None)
    request.audit.note(detail="export page")
    if request.method == "POST" and form.is_valid():
        archive = export_zip(couple, settings.ATTUNE_PAPER)
        request.audit.note(AccessLog.Action.EXPORT, "")
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="attune-export-{localdate():%Y-%m-%d}.zip"'
        return response
    return render(request, "clinic/couple_export.html", {"couple": couple, "form": form})


@therapist_required(AccessLog.Action.VIEW_COUPLE)
def couple_delete(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    form = DeleteCoupleForm(request, couple.name, request.POST if request.method == "POST" else None)
    request.audit.note(detail="delete page")
    if request.method == "POST" and form.is_valid():
        request.audit.note(AccessLog.Action.DELETE_COUPLE, "")
        delete_couple(couple, request.audit)
        messages.success(request, _("The couple and all their data were deleted."))
        return redirect("dashboard")
    return render(request, "clinic/couple_delete.html", {"couple": couple, "form": form})


# What changed a couple's record or was done by a partner, as against a page or PDF someone looked at.
CHANGES = (
    AccessLog.Action.CREATE_COUPLE,
    AccessLog.Action.ISSUE_LINK,
    AccessLog.Action.REVOKE_LINK,
    AccessLog.Action.OPEN_LINK,
    AccessLog.Action.SAVE_STEP,
    AccessLog.Action.SUBMIT_INTAKE,
    AccessLog.Action.REOPEN_INTAKE,
    AccessLog.Action.FOLLOWED_UP,
    AccessLog.Action.SAVE_PLAN,
    AccessLog.Action.EXPORT,
)
LOG_PAGE = 50


@therapist_required(AccessLog.Action.VIEW_LOG)
@require_GET
def couple_log(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    shown = LogFilterForm(request.GET)
    which = (shown.cleaned_data["show"] if shown.is_valid() else "") or "all"
    entries = AccessLog.objects.filter(couple_id=couple.pk)
    if which == "changes":
        entries = entries.filter(action__in=CHANGES)
    elif which == "views":
        entries = entries.exclude(action__in=CHANGES)
    page = Paginator(entries, LOG_PAGE).get_page(request.GET.get("page"))
    names = {p.role: p.display_name for p in couple.partners.all()}
    context = {
        "couple": couple,
        "page": page,
        "rows": [_log_row(e, names) for e in page],
        "shown": shown,
        "which": which,
    }
    return render(request, "clinic/couple_log.html", context)


def _log_row(entry: AccessLog, names: dict[str, str]) -> dict[str, Any]:
    """An entry in the therapist's words: each partner by name rather than by role."""
    if entry.partner_role:
        who = _("%(name)s, through their private link") % {"name": names.get(entry.partner_role, entry.actor)}
    else:
        who = entry.username or _("an account since deleted")
    detail = re.sub(r"\bpartner ([ab])\b", lambda found: names.get(found[1], found[0]), entry.detail)
    return {"at": entry.at, "who": who, "what": entry.get_action_display(), "detail": detail, "address": entry.address}
