"""Reminders for a private link not yet submitted: scheduled when its invitation is emailed, each one a task.

At most two per link: one `ATTUNE_REMINDER_DAYS` after the invitation, and a last one two days before the link
expires. A reminder is cancelled the moment it stops being due (submitted, revoked, a new link, "stop
reminders", "email is not safe"), and its task checks again when it runs, so a reminder that is no longer due
never goes out even if a cancellation was missed. The link itself is kept sealed until the reminder is settled.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.messaging import compose, outbox
from clinic.messaging.links import KINDS, LinkKind, PrivateLink
from clinic.messaging.models import OutboxMessage, Reminder, ReminderStop
from intake.crypto import seal, unseal
from intake.models import Partner

LAST_BEFORE_EXPIRY = timedelta(days=2)
MAX_REMINDERS = 2


def due_times(start: datetime, expires_at: datetime) -> list[tuple[int, datetime]]:
    """(number, when) of the reminders a link emailed at `start` gets: never at or past its expiry."""
    last = expires_at - LAST_BEFORE_EXPIRY
    first = start + timedelta(days=settings.ATTUNE_REMINDER_DAYS)
    times = []
    if first < last - timedelta(days=1):  # a day apart at least, or the last one alone
        times.append((1, first))
    if last > start:
        times.append((2, last))
    return times


def schedule(kind: LinkKind, link: PrivateLink, url: str) -> list[Reminder]:
    """Schedule the reminders of a link whose invitation was just emailed (in the caller's transaction)."""
    from clinic.messaging.tasks import send_reminder

    made = []
    for number, due_at in due_times(timezone.now(), link.expires_at):
        reminder = Reminder.objects.create(
            partner=link.partner,
            link_kind=kind.key,
            link_id=link.pk,
            number=number,
            due_at=due_at,
            sealed_url=seal(url),
        )
        result = send_reminder.using(run_after=due_at).enqueue(reminder.pk)
        Reminder.objects.filter(pk=reminder.pk).update(task_id=str(result.id))
        made.append(reminder)
    return made


def stopped(partner: Partner) -> bool:
    return ReminderStop.objects.filter(partner=partner, stopped_at__isnull=False).exists()


def why_not_due(reminder: Reminder) -> str:
    """Why `reminder` must not go out now; empty when it is due."""
    kind = KINDS.get(reminder.link_kind)
    link = kind.find(reminder.link_id) if kind else None
    if kind is None or link is None:
        return _("the link no longer exists")
    if link.revoked_at is not None:
        return _("the link was revoked or replaced")
    if link.expires_at <= timezone.now():
        return _("the link expired")
    if kind.submitted(link):
        return _("submitted")
    partner = link.partner
    if not partner.may_email:
        return _("the partner said email is not safe for them")
    if not partner.email:
        return _("no email address")
    if stopped(partner):
        return _("the partner stopped reminders")
    sent = Reminder.objects.filter(link_kind=reminder.link_kind, link_id=reminder.link_id, status="sent")
    if sent.count() >= MAX_REMINDERS:
        return _("two reminders were already sent")
    return ""


def cancel(reminders: list[Reminder], reason: str) -> int:
    """Cancel scheduled reminders: their tasks leave the queue and their links are dropped."""
    from django_tasks_db.models import DBTaskResult

    ids = [r.pk for r in reminders if r.status == Reminder.Status.SCHEDULED]
    with transaction.atomic():
        count = Reminder.objects.filter(pk__in=ids, status="scheduled").update(
            status=Reminder.Status.CANCELLED, reason=reason[:200], sealed_url=""
        )
        DBTaskResult.objects.filter(id__in=[r.task_id for r in reminders if r.task_id], status="READY").delete()
    return count


def cancel_settled(partner: Partner) -> int:
    """Cancel every scheduled reminder of `partner` that is no longer due, saying why."""
    cancelled = 0
    for reminder in Reminder.objects.filter(partner=partner, status="scheduled"):
        reason = why_not_due(reminder)
        if reason:
            cancelled += cancel([reminder], reason)
    return cancelled


def reschedule_last(kind: LinkKind, link: PrivateLink) -> Reminder | None:
    """After a link's expiry moved: its last reminder moves with it (if it has not gone out and is still wanted)."""
    from clinic.messaging.tasks import send_reminder

    pending = list(Reminder.objects.filter(link_kind=kind.key, link_id=link.pk, status="scheduled"))
    if not pending:
        return None
    url = unseal(pending[-1].sealed_url)
    last = [r for r in pending if r.number == 2]
    cancel(last, _("the link was extended"))
    due_at = link.expires_at - LAST_BEFORE_EXPIRY
    if any(r.number == 2 for r in Reminder.objects.filter(link_kind=kind.key, link_id=link.pk, status="sent")):
        return None
    reminder = Reminder.objects.create(
        partner=link.partner, link_kind=kind.key, link_id=link.pk, number=2, due_at=due_at, sealed_url=seal(url)
    )
    result = send_reminder.using(run_after=due_at).enqueue(reminder.pk)
    Reminder.objects.filter(pk=reminder.pk).update(task_id=str(result.id))
    return reminder


def run(reminder_id: Any) -> None:
    """The reminder's task: send it if it is still due, else cancel it with the reason."""
    reminder = Reminder.objects.filter(pk=reminder_id, status="scheduled").first()
    if reminder is None or reminder.due_at > timezone.now():
        return
    reason = why_not_due(reminder)
    if reason:
        cancel([reminder], reason)
        return
    kind = KINDS[reminder.link_kind]
    link = kind.find(reminder.link_id)
    assert link is not None  # why_not_due found it  # noqa: S101
    partner = link.partner
    mail = compose.reminder(partner, unseal(reminder.sealed_url), link.expires_at, reminder.number == 2, kind.what)
    kind_of = OutboxMessage.Kind.LAST_REMINDER if reminder.number == 2 else OutboxMessage.Kind.REMINDER
    with transaction.atomic():
        message = outbox.queue(mail, kind_of, partner.email, partner=partner, enqueue=False)
        Reminder.objects.filter(pk=reminder.pk).update(status=Reminder.Status.SENT, sealed_url="", message=message)
    outbox.deliver(message.pk)
