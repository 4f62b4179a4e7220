"""A couple's record as a whole: export, delete (both after confirming who you are), and the access log."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clinic.accounts.reauth import ConfirmIdentityForm
from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.forms import DeleteCoupleForm
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


@therapist_required(AccessLog.Action.VIEW_LOG)
@require_GET
def couple_log(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    entries = AccessLog.objects.filter(couple_id=couple.pk)[:500]
    return render(request, "clinic/couple_log.html", {"couple": couple, "entries": entries})
