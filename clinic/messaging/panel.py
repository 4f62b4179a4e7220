"""What the couple page shows of messages: per partner whether an invitation can be emailed (and if not, why),
the link's expiry, the reminders; and the couple's outbox.

Before a partner has answered the safe-contact question, email is allowed and the page says it is not known
yet; once they say no, the send buttons are disabled with that reason and pending reminders are gone.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from clinic.messaging.compose import mask
from clinic.messaging.links import INTAKE
from clinic.messaging.models import OutboxMessage, Reminder, ReminderStop
from intake.models import Couple, Invitation, Partner


def mail_folder() -> Path | None:
    """The folder messages are written to when no mail server is set; None when they are sent."""
    mailer = settings.MAILERS["default"]
    if mailer["BACKEND"].endswith("EmlFileBackend"):
        return Path(mailer["OPTIONS"]["file_path"]).resolve()
    return None


def blocked(partner: Partner) -> str:
    """Why an invitation cannot be emailed to `partner` now; empty when it can."""
    if partner.contact_email_ok is False:
        return _("%(name)s said in the questionnaire that email is not safe for them.") % {"name": partner}
    return ""


def contact_note(partner: Partner) -> str:
    if partner.contact_email_ok is None:
        return _("Not answered yet: %(name)s has not said whether email is safe. Email only if you know it is.") % {
            "name": partner
        }
    if partner.contact_email_ok:
        return _("%(name)s said email is safe for them.") % {"name": partner}
    return blocked(partner)


def _partner_row(partner: Partner, link: Invitation | None, stop: ReminderStop | None) -> dict[str, Any]:
    reminders = list(Reminder.objects.filter(partner=partner, link_kind=INTAKE.key, link_id=link.pk)) if link else []
    return {
        "partner": partner,
        "link": link,
        "blocked": blocked(partner),
        "contact_note": contact_note(partner),
        "no_address": not partner.email,
        "reminders": [r for r in reminders if r.status != Reminder.Status.CANCELLED or r.reason],
        "stopped_at": stop.stopped_at if stop else None,
    }


def couple_messaging(couple: Couple) -> dict[str, Any]:
    partners = list(couple.partners.all())
    latest: dict[Any, Invitation] = {}
    for invitation in Invitation.objects.for_intake().filter(partner__couple=couple).order_by("created_at"):
        latest[invitation.partner_id] = invitation  # the newest link of each partner, live or not
    stops = {s.partner_id: s for s in ReminderStop.objects.filter(partner__couple=couple)}
    outbox = OutboxMessage.objects.filter(couple=couple).select_related("partner")[:50]
    return {
        "rows": [_partner_row(p, latest.get(p.pk), stops.get(p.pk)) for p in partners],
        "both_can_send": all(not blocked(p) for p in partners),
        "both_submitted": all(p.submitted_at for p in partners),
        "outbox": [{"message": m, "to": mask(m.to_address), "partner": m.partner} for m in outbox],
        "mail_folder": mail_folder(),
        "invitation_days": settings.ATTUNE_INVITATION_DAYS,
    }
