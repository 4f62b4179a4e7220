"""What Attune sends and means to send: the outbox, the scheduled reminders, and partners' "stop reminders".

Registered with the `clinic` app (clinic/models.py imports this module). A message's body holds a private link,
so it is sealed like an answer and dropped once the message is delivered; the outbox keeps what was sent, when,
to whom and how it went.
"""

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.crypto import seal, unseal
from intake.models import Couple, Partner


class OutboxMessage(models.Model):
    """One email to a partner or to a therapist, from queued to delivered (or not)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        LAST_REMINDER = "last_reminder", _("Last reminder")
        BOTH_SUBMITTED = "both_submitted", _("Notice to you: both partners have sent their answers")
        CHECK_IN = "check_in", _("Notice to you: a check-in is in")
        URGENT = "urgent", _("Notice to you: a client needs follow-up")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RETRYING = "retrying", _("Not delivered yet: trying again")
        SENT = "sent", _("Delivered to the mail server")
        WRITTEN = "written", _("Written to a file, not sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Deleted with the couple. A therapist's notice names no couple in its text, but is filed under it here.
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=200)
    sealed = models.TextField(blank=True)  # {"text": …, "html": …, "headers": …} until delivered; it holds a link
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=300, blank=True)  # the server's answer or why not: never an address
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partner__isnull=False) | models.Q(therapist__isnull=False),
                name="outbox_message_has_a_reader",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} {self.created_at:%Y-%m-%d %H:%M}"  # never the address or the body

    @property
    def content(self) -> dict[str, Any]:
        return json.loads(unseal(self.sealed)) if self.sealed else {}

    def seal_content(self, text: str, html: str, headers: dict[str, str]) -> None:
        self.sealed = seal(json.dumps({"text": text, "html": html, "headers": headers}))

    @property
    def pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RETRYING}


class Reminder(models.Model):
    """A reminder due for one private link, run by its scheduled task only if it is still due then.

    A link is named by its kind and id (clinic/messaging/links.py), so intake links and check-in links share it.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    link_kind = models.CharField(max_length=20)
    link_id = models.PositiveBigIntegerField()
    number = models.PositiveSmallIntegerField()  # 1: the reminder after some days; 2: the last, before expiry
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    reason = models.CharField(max_length=200, blank=True)  # why it was cancelled
    sealed_url = models.TextField(blank=True)  # the private link, sealed, until the reminder is sent or cancelled
    task_id = models.CharField(max_length=64, blank=True)
    message = models.ForeignKey(OutboxMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["link_kind", "link_id", "number"],
                condition=~models.Q(status="cancelled"),
                name="one_live_reminder_per_link_and_number",
            ),
            models.CheckConstraint(condition=models.Q(number__in=[1, 2]), name="at_most_two_reminders"),
        ]

    def __str__(self) -> str:
        return f"reminder {self.number} for {self.link_kind} {self.link_id}: {self.status}"


class ReminderStop(models.Model):
    """A partner's "stop reminders": the hash of the link's token, and when they used it."""

    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reminders of {self.partner_id}: {'stopped' if self.stopped_at else 'on'}"
