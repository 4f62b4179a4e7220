"""Couples, their two partners, and each partner's private intake link.

Couples live here rather than in `clinic` because the intake side needs them and
`intake` never imports `clinic`. A link's token is shown once and stored only as
a SHA-256 hash; tokens carry 256 random bits, so a fast hash is enough.
"""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Couple(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="couples", verbose_name=_("therapist")
    )
    name = models.CharField(_("couple name"), max_length=80)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("couple")
        verbose_name_plural = _("couples")

    def __str__(self) -> str:
        return self.name

    @property
    def partner_a(self) -> "Partner":
        return self._partner(Partner.Role.A)

    @property
    def partner_b(self) -> "Partner":
        return self._partner(Partner.Role.B)

    def _partner(self, role: str) -> "Partner":
        # Works on a prefetched `partners` relation without another query.
        return next(p for p in self.partners.all() if p.role == role)

    @property
    def last_activity(self) -> "timezone.datetime | None":
        times = [p.last_activity_at for p in self.partners.all() if p.last_activity_at]
        return max(times, default=None)


class Partner(models.Model):
    class Role(models.TextChoices):
        A = "a", _("Partner A")
        B = "b", _("Partner B")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="partners")
    role = models.CharField(_("role"), max_length=1, choices=Role.choices)
    display_name = models.CharField(
        _("display name"), max_length=60, help_text=_("A first name or a pseudonym; shown to the therapist only.")
    )
    email = models.EmailField(_("email (optional)"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["couple", "role"], name="one_partner_per_role")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def other(self) -> "Partner":
        return self.couple.partner_b if self.role == self.Role.A else self.couple.partner_a

    @property
    def status(self) -> "Partner.Status":
        if self.submitted_at:
            return self.Status.SUBMITTED
        if self.started_at:
            return self.Status.STARTED
        return self.Status.INVITED


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def live(self) -> "InvitationQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    first_used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def issue(cls, partner: Partner, by: "settings.AUTH_USER_MODEL | None") -> tuple["Invitation", str]:
        """Revoke the partner's live links and make a new one; returns it with the raw token."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        with transaction.atomic():
            cls.objects.filter(partner=partner).live().update(revoked_at=now)
            invitation = cls.objects.create(
                partner=partner,
                token_hash=hash_token(token),
                created_by=by,
                expires_at=now + timedelta(days=settings.ATTUNE_INVITATION_DAYS),
            )
        return invitation, token

    @classmethod
    def find_live(cls, token: str) -> "Invitation | None":
        return cls.objects.live().select_related("partner__couple").filter(token_hash=hash_token(token)).first()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
