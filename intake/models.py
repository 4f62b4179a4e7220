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
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.crypto import seal, unseal
from intake.questionnaire import QUESTIONNAIRE, SAFETY_SELF_HARM_KEY, VERSION, Kind, Questionnaire


def questionnaire_for(version: str) -> Questionnaire:
    # One version so far; older versions stay here, keyed by their VERSION, when a new one is added.
    versions = {QUESTIONNAIRE.version: QUESTIONNAIRE}
    return versions[version]


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


class Partner(models.Model):
    class Role(models.TextChoices):
        A = "a", _("Partner A")
        B = "b", _("Partner B")

    class Pronouns(models.TextChoices):
        THEY = "they", _("they / them")
        SHE = "she", _("she / her")
        HE = "he", _("he / him")

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
    pronouns = models.CharField(
        _("pronouns"),
        max_length=4,
        choices=Pronouns.choices,
        default=Pronouns.THEY,
        help_text=_("Used in the sentences of reports."),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    # Set when the partner consents; a submitted intake keeps the version it was answered on.
    questionnaire_version = models.CharField(max_length=20, blank=True)
    step_reached = models.PositiveSmallIntegerField(default=1)
    # Set the moment a saved step endorses self-harm, submitted or not: the therapist follows up the same
    # day (CLINICAL.md §5). Therapist-only; cleared when the therapist records the follow-up.
    urgent_followup_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["couple", "role"], name="one_partner_per_role")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def questionnaire(self) -> Questionnaire:
        return questionnaire_for(self.questionnaire_version or VERSION)

    def consent(self) -> None:
        now = timezone.now()
        Partner.objects.filter(pk=self.pk, started_at__isnull=True).update(
            started_at=now, questionnaire_version=VERSION, last_activity_at=now
        )
        self.refresh_from_db(fields=["started_at", "questionnaire_version", "last_activity_at"])

    def answer_dict(self) -> dict[str, int | str]:
        return {answer.item_key: answer.value for answer in self.answers.all()}

    def save_answers(self, answers: dict[str, int | str], cleared: list[str] = (), step_done: int = 0) -> bool:
        """Store answers for an intake still open; False (and nothing stored) once it is submitted."""
        now = timezone.now()
        rows = [Answer.of(self, key, value, now) for key, value in answers.items()]
        with transaction.atomic():
            # Taking the row lock first makes "save" and "submit" strictly ordered.
            locked = Partner.objects.select_for_update().filter(pk=self.pk, submitted_at__isnull=True)
            if not list(locked.values_list("pk", flat=True)):
                return False
            Answer.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["partner", "item_key"],
                update_fields=["value_int", "sealed", "updated_at"],
            )
            if cleared:
                self.answers.filter(item_key__in=cleared).delete()
            Partner.objects.filter(pk=self.pk).update(
                step_reached=Greatest("step_reached", step_done + 1), last_activity_at=now
            )
            if answers.get(SAFETY_SELF_HARM_KEY) == 1:
                Partner.objects.filter(pk=self.pk, urgent_followup_since__isnull=True).update(urgent_followup_since=now)
        self.step_reached = max(self.step_reached, step_done + 1)
        self.last_activity_at = now
        return True

    def submit(self) -> bool:
        """Lock the intake; False if it was already submitted (a double submit changes nothing)."""
        now = timezone.now()
        updated = Partner.objects.filter(pk=self.pk, submitted_at__isnull=True).update(
            submitted_at=now, last_activity_at=now
        )
        if updated:
            self.submitted_at = self.last_activity_at = now
        return bool(updated)

    def reopen(self, by: "settings.AUTH_USER_MODEL") -> bool:
        with transaction.atomic():
            partner = Partner.objects.select_for_update().get(pk=self.pk)
            if partner.submitted_at is None:
                return False
            Reopening.objects.create(partner=partner, by=by, submitted_at=partner.submitted_at)
            Partner.objects.filter(pk=self.pk).update(submitted_at=None)
        self.submitted_at = None
        return True

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

    def __str__(self) -> str:
        return f"link for {self.partner_id} until {self.expires_at:%Y-%m-%d}"  # never the token

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


# Free text and safety answers are sealed (intake.crypto); every other answer is a plain scale value.
SEALED_KEYS = frozenset(item.key for item in QUESTIONNAIRE.items if item.kind == Kind.TEXT or item.safety)
SAFETY_KEYS = frozenset(item.key for item in QUESTIONNAIRE.items if item.safety)


def _scale_constraints() -> list[models.CheckConstraint]:
    """One check per answer scale: a stored value must lie on its item's scale, even through the ORM."""
    keys_by_range: dict[tuple[int, int], list[str]] = {}
    for item in QUESTIONNAIRE.items:
        if item.choices and item.key not in SEALED_KEYS:
            values = [c.value for c in item.choices]
            keys_by_range.setdefault((min(values), max(values)), []).append(item.key)
    checks = [
        models.CheckConstraint(
            condition=~models.Q(item_key__in=sorted(keys))
            | models.Q(value_int__gte=low, value_int__lte=high, sealed=""),
            name=f"answer_on_scale_{low}_{high}",
        )
        for (low, high), keys in sorted(keys_by_range.items())
    ]
    checks.append(
        models.CheckConstraint(
            condition=~models.Q(item_key__in=sorted(SEALED_KEYS))
            | (models.Q(value_int__isnull=True) & ~models.Q(sealed="")),
            name="answer_sealed_has_no_plain_value",
        )
    )
    return checks


class Answer(models.Model):
    """One partner's answer to one item, stored by the item's permanent key."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=40)
    value_int = models.SmallIntegerField(null=True, blank=True)
    sealed = models.TextField(blank=True)  # Fernet token of a free-text or safety answer
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "item_key"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=models.Q(item_key__in=[item.key for item in QUESTIONNAIRE.items]),
                name="answer_item_key_known",
            ),
            *_scale_constraints(),
        ]

    def __str__(self) -> str:
        return f"{self.item_key} of {self.partner_id}"  # never the value

    @classmethod
    def of(cls, partner: Partner, key: str, value: int | str, now: "timezone.datetime") -> "Answer":
        if key in SEALED_KEYS:
            return cls(partner=partner, item_key=key, value_int=None, sealed=seal(str(value)), updated_at=now)
        return cls(partner=partner, item_key=key, value_int=value, sealed="", updated_at=now)

    @property
    def value(self) -> int | str:
        return stored_value(self.item_key, self.value_int, self.sealed)


def stored_value(key: str, value_int: int | None, sealed: str) -> int | str:
    if key not in SEALED_KEYS:
        return value_int
    plain = unseal(sealed)
    return int(plain) if key in SAFETY_KEYS else plain


def couple_answers(couple: Couple) -> dict[object, dict[str, int | str]]:
    """Both partners' answers by partner id, in one query and without building model instances."""
    answers: dict[object, dict[str, int | str]] = {partner.pk: {} for partner in couple.partners.all()}
    rows = Answer.objects.filter(partner__couple=couple).values_list("partner_id", "item_key", "value_int", "sealed")
    for partner_id, key, value_int, sealed in rows:
        answers[partner_id][key] = stored_value(key, value_int, sealed)
    return answers


class Reopening(models.Model):
    """A therapist reopened a submitted intake: who and when."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="reopenings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"reopened {self.partner_id} at {self.at:%Y-%m-%d %H:%M}"


class KeyCanary(models.Model):
    """A known text sealed under the encryption keys (see intake/canary.py). One row at most."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_key_canary")]

    def __str__(self) -> str:
        return "key canary"
