"""What the therapist is told by email, and what a partner's activity changes for their reminders.

Notices go to the therapist's account address, each kind switched on or off on their profile page
(`TherapistProfile.notify_…`). None names a client or a couple: the urgent one says only that a client needs
follow-up. They are queued after the partner's own save has committed, and a failure to queue one never
undoes or fails that save (`robust`): the partner's answers come first.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse

from clinic.messaging import compose, outbox, reminders
from clinic.messaging.models import OutboxMessage
from clinic.models import TherapistProfile
from intake.models import Couple, Partner, SafetyAlert, practice_language
from intake.signals import PartnerEvent, partner_activity

URGENT_TIERS = {SafetyAlert.Tier.SELF_HARM, SafetyAlert.Tier.A}
PREFERENCE = {
    OutboxMessage.Kind.BOTH_SUBMITTED: "notify_both_submitted",
    OutboxMessage.Kind.CHECK_IN: "notify_check_in",
    OutboxMessage.Kind.URGENT: "notify_urgent",
}


def account_language(therapist: Any) -> str:
    """The language of the therapist's pages, which their notices use too."""
    language = TherapistProfile.objects.filter(user=therapist).values_list("language", flat=True).first()
    return language or practice_language()


def wanted(therapist: Any, kind: str) -> bool:
    """Whether `therapist` takes this kind of notice: an address, and the notice not switched off."""
    if therapist is None or not therapist.email:
        return False
    profile = TherapistProfile.objects.filter(user=therapist).first()
    return profile is None or getattr(profile, PREFERENCE[OutboxMessage.Kind(kind)])


def notify(kind: str, couple: Couple, path: str) -> OutboxMessage | None:
    therapist = couple.therapist
    if not wanted(therapist, kind):
        return None
    if kind == OutboxMessage.Kind.URGENT:
        # One notice says all it may say; more of them while one waits would only repeat it.
        waiting = OutboxMessage.objects.filter(therapist=therapist, kind=kind, status__in=["queued", "retrying"])
        if waiting.exists():
            return None
    mail = compose.notice(kind, compose.absolute(path), account_language(therapist))
    return outbox.queue(mail, kind, therapist.email, therapist=therapist, couple_id=couple.pk)


def check_in_received(partner: Partner) -> OutboxMessage | None:
    """A partner sent a check-in or a re-assessment."""
    return notify(OutboxMessage.Kind.CHECK_IN, partner.couple, reverse("couple_detail", args=[partner.couple_id]))


def _after_partner_activity(partner: Partner, event: str, detail: str) -> None:
    reminders.cancel_settled(partner)  # a submission, or "please don't email me", ends the reminders at once
    # A re-assessment is sent through the intake's pages: its event names the check-in it belongs to.
    if event == PartnerEvent.SUBMIT_CHECK_IN or (event == PartnerEvent.SUBMIT and detail):
        check_in_received(partner)
    elif event == PartnerEvent.SUBMIT:
        couple = Couple.objects.select_related("therapist").get(pk=partner.couple_id)
        if all(p.submitted_at for p in couple.partners.all()):
            notify(OutboxMessage.Kind.BOTH_SUBMITTED, couple, reverse("couple_detail", args=[couple.pk]))


def on_partner_activity(sender: object, partner: Partner, event: str, detail: str = "", **kwargs: object) -> None:
    transaction.on_commit(partial(_after_partner_activity, partner, event, detail), robust=True)


def _after_alert(alert_id: int) -> None:
    alert = SafetyAlert.objects.select_related("partner__couple__therapist").get(pk=alert_id)
    notify(OutboxMessage.Kind.URGENT, alert.partner.couple, reverse("dashboard"))


def on_safety_alert(sender: object, instance: SafetyAlert, created: bool, **kwargs: object) -> None:
    if created and instance.tier in URGENT_TIERS:
        transaction.on_commit(partial(_after_alert, instance.pk), robust=True)


def connect() -> None:
    partner_activity.connect(on_partner_activity, dispatch_uid="attune_messaging_partner_activity")
    post_save.connect(on_safety_alert, sender=SafetyAlert, dispatch_uid="attune_messaging_safety_alert")
