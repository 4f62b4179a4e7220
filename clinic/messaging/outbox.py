"""Queuing a message and delivering it: the worker's side of every email, with retries and the access log.

A message and the task that sends it are written in one transaction, so a message is never queued without its
task nor sent without its record. A mail server that is down or refuses costs nothing: the message waits, sealed,
and is tried again with growing delays; after the last try it is marked failed for the therapist to see.
"""

import re
import smtplib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinic.messaging.compose import Mail
from clinic.messaging.models import OutboxMessage
from clinic.models import AccessLog

# Seconds before each further try: a minute, five, half an hour, two hours, six hours; then the message has failed.
RETRY_DELAYS = (60, 300, 1800, 7200, 21600)
ADDRESS = re.compile(r"\S+@\S+")


def queue(
    mail: Mail,
    kind: str,
    to: str,
    *,
    partner: Any = None,
    therapist: Any = None,
    by: Any = None,
    couple_id: Any = None,
    enqueue: bool = True,
) -> OutboxMessage:
    """Record the message, sealed, and its delivery task, together."""
    with transaction.atomic():
        message = OutboxMessage(
            kind=kind,
            to_address=to,
            subject=mail.subject,
            partner=partner,
            couple_id=couple_id if couple_id is not None else getattr(partner, "couple_id", None),
            therapist=therapist,
            created_by=by,
        )
        message.seal_content(mail.text(), mail.html(), mail.headers)
        message.save()
        if enqueue:
            schedule_delivery(message, None)
    return message


def schedule_delivery(message: OutboxMessage, run_after: datetime | None) -> None:
    from clinic.messaging.tasks import deliver_message

    task = deliver_message.using(run_after=run_after) if run_after else deliver_message
    result = task.enqueue(str(message.pk))
    OutboxMessage.objects.filter(pk=message.pk).update(task_id=str(result.id), next_attempt_at=run_after)


def _refusal(message: OutboxMessage) -> str:
    """Why this message may no longer go out, checked again at the moment of sending; empty if it may."""
    partner = message.partner
    if partner is not None:
        partner.refresh_from_db(fields=["contact_email_ok"])
        if not partner.may_email:
            return _("Not sent: the partner said email is not safe for them.")
    if message.kind in {OutboxMessage.Kind.URGENT, OutboxMessage.Kind.BOTH_SUBMITTED, OutboxMessage.Kind.CHECK_IN}:
        from clinic.messaging.notifications import wanted

        if not wanted(message.therapist, message.kind):
            return _("Not sent: you switched this notice off.")
    return ""


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    content = message.content
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=content["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        headers=content["headers"],
    )
    email.attach_alternative(content["html"], "text/html")
    return email


def deliver(message_id: Any) -> None:
    """Send one queued message now (the worker's task); a refused or failed try is recorded, never raised."""
    message = OutboxMessage.objects.select_related("partner", "therapist").filter(pk=message_id).first()
    if message is None or not message.pending:
        return  # the couple was deleted, or another try already settled it
    refusal = _refusal(message)
    if refusal:
        _finish(message, OutboxMessage.Status.CANCELLED, refusal)
        return
    mailer = mailers.default
    try:
        mailer.send_messages([_email(message)])
    except (smtplib.SMTPException, OSError) as error:
        _failed_try(message, error)
        return
    written = getattr(mailer, "last_path", None)
    if written is not None:
        _finish(
            message, OutboxMessage.Status.WRITTEN, _("Written to %(path)s; no mail server is set.") % {"path": written}
        )
    else:
        _finish(message, OutboxMessage.Status.SENT, _("Accepted by the mail server."))


def describe(error: BaseException) -> str:
    """What went wrong, for the outbox: the server's code and words without any address in them."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = _("The mail server refused the address.")
    elif isinstance(error, smtplib.SMTPResponseException):
        reply = (
            error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
        )
        text = f"{error.smtp_code} {reply}"
    elif isinstance(error, ConnectionRefusedError):
        text = _("The mail server refused the connection.")
    elif isinstance(error, TimeoutError):
        text = _("The mail server did not answer in time.")
    else:
        text = f"{type(error).__name__}: {error}"
    return ADDRESS.sub("[address]", " ".join(text.split()))[:200]


def _failed_try(message: OutboxMessage, error: BaseException) -> None:
    attempts = message.attempts + 1
    reason = describe(error)
    if attempts <= len(RETRY_DELAYS):
        retry_at = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempts - 1])
        with transaction.atomic():
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.Status.RETRYING, attempts=attempts, result=reason
            )
            schedule_delivery(message, retry_at)
        return
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=attempts)
    message.attempts = attempts
    _finish(
        message,
        OutboxMessage.Status.FAILED,
        ngettext("Failed after %(n)d try: %(reason)s", "Failed after %(n)d tries: %(reason)s", attempts)
        % {"n": attempts, "reason": reason},
    )


def _finish(message: OutboxMessage, status: str, result: str) -> None:
    """Settle the message: the body (and its link) is dropped, the access log notes what happened."""
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(pk=message.pk, status__in=["queued", "retrying"]).update(
            status=status,
            result=result[:300],
            sealed="",
            finished_at=timezone.now(),
            next_attempt_at=None,
            attempts=message.attempts + (status in {"sent", "written"}),
        )
        if updated and status != OutboxMessage.Status.CANCELLED:
            action = AccessLog.Action.MESSAGE_FAILED if status == "failed" else AccessLog.Action.MESSAGE_SENT
            AccessLog.record_automatic(action, message.couple_id, detail=_log_detail(message, status))


def _log_detail(message: OutboxMessage, status: str) -> str:
    reader = f"partner {message.partner.role}" if message.partner else "the therapist"
    how = {"sent": "sent", "written": "written to a file", "failed": "failed"}[status]
    return f"{message.kind} to {reader}: {how}"
