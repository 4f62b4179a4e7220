"""A couple's record as a whole: export everything, or delete everything.

The export is a zip of one JSON document (the couple, both partners' answers
unsealed, links without their hashes, reopenings, every check-in and re-assessment
with its answers, every plan version with the comparison it was drafted from, and
the access log) and the latest plan's two PDFs. Deleting removes the couple
with its answers, links and plans, and its PDFs from the cache; the access log keeps only that it happened.
"""

import io
import json
import zipfile
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from clinic.audit import Audit
from clinic.models import AccessLog, CachedPdf, OutcomeSettings, PlanVersion
from clinic.plans.printouts import handout_pdf, plan_pdf
from clinic.plans.versions import shown_content
from intake.checkins import CheckIn
from intake.models import Couple


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def couple_document(couple: Couple) -> dict[str, Any]:
    partners = []
    for partner in couple.partners.all():
        partners.append(
            {
                "role": partner.role,
                "display_name": partner.display_name,
                "email": partner.email,
                "pronouns": partner.pronouns,
                "questionnaire_version": partner.questionnaire_version,
                "started_at": _when(partner.started_at),
                "submitted_at": _when(partner.submitted_at),
                "answers": partner.answer_dict(),
                "links": [
                    {
                        "created_at": _when(i.created_at),
                        "expires_at": _when(i.expires_at),
                        "revoked_at": _when(i.revoked_at),
                        "first_used_at": _when(i.first_used_at),
                    }
                    for i in partner.invitations.all()
                ],
                "reopenings": [
                    {"at": _when(r.at), "by": r.by.get_username() if r.by else None} for r in partner.reopenings.all()
                ],
                "contact_email_ok": partner.contact_email_ok,
                "contact_text_ok": partner.contact_text_ok,
                "safety_alerts": [
                    {
                        "tier": alert.tier,
                        "item_key": alert.item_key,
                        "answer": alert.value,
                        "raised_at": _when(alert.raised_at),
                        "withdrawn_at": _when(alert.withdrawn_at),
                        "followed_up_at": _when(alert.followed_up_at),
                        "followed_up_by": alert.followed_up_by_name or None,
                    }
                    for alert in partner.alerts.all()
                ],
            }
        )
    versions = PlanVersion.objects.filter(plan__couple=couple).select_related("created_by").order_by("number")
    log = AccessLog.objects.filter(couple_id=couple.pk).order_by("at")
    choices = OutcomeSettings.objects.filter(couple=couple).first()
    return {
        "format": "attune-couple-export-1",
        "exported_at": timezone.now().isoformat(),
        "couple": {
            "id": str(couple.pk),
            "name": couple.name,
            "created_at": _when(couple.created_at),
            "therapist": couple.therapist.get_username(),
        },
        "partners": partners,
        "check_ins": _check_ins(couple),
        "check_in_choices": {
            "every_session": choices.every_session,
            "last_session_on": _when(choices.last_session_on),
            "handout_note": choices.note,
            "handout_shows": choices.handout_shows,
        }
        if choices
        else None,
        "plan_versions": [
            {
                "number": v.number,
                "created_at": _when(v.created_at),
                "created_by": v.created_by.get_username() if v.created_by else None,
                "content": v.content,  # as stored: drafted words as messages ({"msgid": …, "params": …})
                "content_worded": shown_content(v.content),  # the same, worded in the exporting therapist's language
                "comparison": v.comparison_record,  # what the version was drafted from, as it was then
            }
            for v in versions
        ],
        "access_log": [
            {"at": _when(e.at), "who": e.actor, "action": e.action, "detail": e.detail, "address": e.address}
            for e in log
        ],
    }


def _check_ins(couple: Couple) -> list[dict[str, Any]]:
    """Every check-in and re-assessment with each partner's answers, unsealed, and its links without their hashes."""
    found = []
    for check_in in CheckIn.objects.filter(couple=couple).prefetch_related(
        "responses__partner", "invitations__partner"
    ):
        found.append(
            {
                "kind": check_in.kind,
                "session": check_in.session_number,
                "months": check_in.months,
                "opens_on": _when(check_in.opens_on),
                "closed_at": _when(check_in.closed_at),
                "responses": [
                    {
                        "partner": r.partner.role,
                        "questionnaire_version": r.questionnaire_version,
                        "started_at": _when(r.started_at),
                        "submitted_at": _when(r.submitted_at),
                        "csi4_total": r.csi4_total,
                        "answers": r.answer_dict(),
                    }
                    for r in check_in.responses.all()
                ],
                "links": [
                    {"partner": i.partner.role, "expires_at": _when(i.expires_at), "revoked_at": _when(i.revoked_at)}
                    for i in check_in.invitations.all()
                ],
            }
        )
    return found


def export_zip(couple: Couple, paper: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("couple.json", json.dumps(couple_document(couple), indent=2, ensure_ascii=False))
        version = PlanVersion.objects.filter(plan__couple=couple).select_related("plan").order_by("-number").first()
        if version is not None:
            version.plan.couple = couple
            archive.writestr("plan.pdf", plan_pdf(version, paper))
            archive.writestr("handout.pdf", handout_pdf(version, paper))
    return buffer.getvalue()


def delete_couple(couple: Couple, audit: Audit) -> None:
    """Remove the couple and everything made from their answers, rendered PDFs in the cache included; the
    audit's entry is written in the same transaction, so neither stands alone."""
    cached = list(CachedPdf.objects.filter(couple=couple).values_list("cache_key", flat=True))
    cache.delete_many(cached)  # first: if the deletion then fails, a PDF is merely rendered again
    with transaction.atomic():
        couple.delete()  # cascades to partners, answers, links, reopenings, plans and the PDF index
        audit.write()
