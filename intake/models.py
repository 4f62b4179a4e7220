"""Couples, their two partners, and each partner's private intake link.

Couples live here rather than in `clinic` because the intake side needs them and
`intake` never imports `clinic`. A link's token is shown once and stored only as
a SHA-256 hash; tokens carry 256 random bits, so a fast hash is enough.
"""

import hashlib
import json
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, models, router, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intake.checkin_questionnaire import CHECK_IN, CSI4_KEYS
from intake.crypto import seal, unseal
from intake.questionnaire import (
    CONTACT_EMAIL_OK,
    CONTACT_KEY,
    CONTACT_TEXT_OK,
    QUESTIONNAIRE,
    VERSION,
    Item,
    Kind,
    Questionnaire,
    SafetyTier,
    Section,
)
from intake.questionnaire_2026_11 import QUESTIONNAIRE_2026_11
from intake.signals import outcome_changed

# Every version partners have answered, newest first. A submitted intake keeps its version; each older
# version's keys and answers are a subset of the newest one's, so any two intakes compare with the newest.
VERSIONS: dict[str, Questionnaire] = {q.version: q for q in (QUESTIONNAIRE, QUESTIONNAIRE_2026_11)}


def questionnaire_for(version: str) -> Questionnaire:
    """The questionnaire of this version; an intake or check-in not yet started has none, and gets the current one."""
    return VERSIONS[version or VERSION]


def _all_items() -> list[Item]:
    return [item for questionnaire in VERSIONS.values() for item in questionnaire.items]


class Language(models.TextChoices):
    """The languages a partner answers in and a therapist reads in; each named in itself (settings.LANGUAGES)."""

    EN = "en", "English"
    AR = "ar", "العربية"


def practice_language() -> str:
    """The default of every person's language: the practice's ATTUNE_LANGUAGE."""
    return str(settings.ATTUNE_LANGUAGE)


def answered_csi4(answers: dict[str, int | str]) -> bool:
    return any(key in answers for key in CSI4_KEYS)


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
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=practice_language,
        help_text=_("The language of the partner's pages; the partner can change it at any step."),
    )
    # The language the CSI-4 was answered in (the page's language when its answers were last saved): its Arabic
    # items are Attune's own, unvalidated translation, which the therapist is told (docs/clinical.md, CSI-4).
    csi4_language = models.CharField(max_length=8, choices=Language.choices, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    # Set when the partner consents; a submitted intake keeps the version it was answered on.
    questionnaire_version = models.CharField(max_length=20, blank=True)
    step_reached = models.PositiveSmallIntegerField(default=1)
    # The partner's own answer to "is it safe to contact you by email or text?"; None until they answer.
    # Every message the practice sends checks may_email / may_text first.
    contact_email_ok = models.BooleanField(null=True, blank=True)
    contact_text_ok = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["couple", "role"], name="one_partner_per_role")]

    def __str__(self) -> str:
        return self.display_name

    # What this partner's intake link opens: the multi-step questionnaire (a check-in link opens its own page).
    flow = "intake"

    @property
    def questionnaire(self) -> Questionnaire:
        return questionnaire_for(self.questionnaire_version)

    @property
    def answering(self) -> "Partner":
        """The partner who answers: the intake is the partner's own (a check-in response names its partner)."""
        return self

    def log_detail(self, detail: str) -> str:
        """The access log's detail for what the partner did on their intake."""
        return detail

    @property
    def may_email(self) -> bool:
        """False once the partner has said email is not safe for them; before they answer, the therapist decides."""
        return self.contact_email_ok is not False

    @property
    def may_text(self) -> bool:
        return self.contact_text_ok is not False

    def consent(self) -> None:
        now = timezone.now()
        Partner.objects.filter(pk=self.pk, started_at__isnull=True).update(
            started_at=now, questionnaire_version=VERSION, last_activity_at=now
        )
        self.refresh_from_db(fields=["started_at", "questionnaire_version", "last_activity_at"])

    def answered_keys(self, section: Section) -> frozenset[str]:
        """The keys of `section`'s items this partner has answered, read without unsealing any answer."""
        keys = [item.key for item in section.items]
        return frozenset(self.answers.filter(item_key__in=keys).values_list("item_key", flat=True))

    def answer_dict(self, keys: Iterable[str] | None = None) -> dict[str, int | str]:
        """The saved answers by item key (of `keys` only, when given: a step unseals no other step's answers), read
        as plain values without model instances."""
        return answers_by_key(answer_rows(Answer, "partner", self.pk), keys)

    def save_answers(self, answers: dict[str, int | str], cleared: Iterable[str] = (), step_done: int = 0) -> bool:
        """Store answers for an intake still open; False (and nothing stored) once it is submitted."""
        now = timezone.now()
        rows = [Answer.of(self, key, value, now) for key, value in answers.items()]
        with transaction.atomic():
            # Taking the row lock first makes "save" and "submit" strictly ordered.
            locked = Partner.objects.select_for_update().filter(pk=self.pk, submitted_at__isnull=True)
            if not list(locked.values_list("pk", flat=True)):
                return False
            # Alerts compare with what was stored before this save, so they are worked out first.
            SafetyAlert.record_changes(self, self.questionnaire, answers, now)
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
            if answered_csi4(answers):
                self.csi4_language = get_language()
                Partner.objects.filter(pk=self.pk).update(csi4_language=self.csi4_language)
            if CONTACT_KEY in answers:
                self.contact_email_ok = answers[CONTACT_KEY] in CONTACT_EMAIL_OK
                self.contact_text_ok = answers[CONTACT_KEY] in CONTACT_TEXT_OK
                Partner.objects.filter(pk=self.pk).update(
                    contact_email_ok=self.contact_email_ok, contact_text_ok=self.contact_text_ok
                )
        self.step_reached = max(self.step_reached, step_done + 1)
        self.last_activity_at = now
        return True

    def submit(self) -> bool:
        """Lock the intake; False if it was already submitted (a double submit changes nothing)."""
        now = timezone.now()
        with transaction.atomic():
            updated = Partner.objects.filter(pk=self.pk, submitted_at__isnull=True).update(
                submitted_at=now, last_activity_at=now
            )
            if updated:  # the intake's CSI-4 is where the couple's outcome starts
                outcome_changed.send(Partner, couple_id=self.couple_id)
        if updated:
            self.submitted_at = self.last_activity_at = now
        return bool(updated)

    def reopen(self, by: User) -> bool:
        with transaction.atomic():
            partner = Partner.objects.select_for_update().get(pk=self.pk)
            if partner.submitted_at is None:
                return False
            Reopening.objects.create(partner=partner, by=by, submitted_at=partner.submitted_at)
            Partner.objects.filter(pk=self.pk).update(submitted_at=None)
            outcome_changed.send(Partner, couple_id=self.couple_id)
        self.submitted_at = None
        return True

    @property
    def status(self) -> "Partner.Status":
        return self.status_of(self.started_at, self.submitted_at)

    @classmethod
    def status_of(cls, started_at: datetime | None, submitted_at: datetime | None) -> "Partner.Status":
        """The status of an intake started and sent at these times (for rows read as plain values)."""
        if submitted_at:
            return cls.Status.SUBMITTED
        if started_at:
            return cls.Status.STARTED
        return cls.Status.INVITED


def live_link(through: str = "") -> models.Q:
    """A link neither revoked nor expired; `through` names the path to it from another model ("check_in__invitations__")."""
    return models.Q(**{f"{through}revoked_at__isnull": True, f"{through}expires_at__gt": timezone.now()})


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def live(self) -> "InvitationQuerySet":
        return self.filter(live_link())

    def for_intake(self) -> "InvitationQuerySet":
        """Intake links only: a check-in's links are its own (intake.checkins)."""
        return self.filter(check_in__isnull=True)

    def awaiting(self) -> "InvitationQuerySet":
        """Links whose questionnaire can be answered now and is not submitted yet: the intake, or the check-in the
        link opens (one that opens later, such as a follow-up handed out early, waits until its day).

        The same question for every kind of link, so anything that follows up unanswered links (reminders)
        needs no special case for check-ins. Combine with `live()` to leave out expired and revoked links.
        """
        answered = CheckInResponse.objects.filter(
            check_in=OuterRef("check_in"), partner=OuterRef("partner"), submitted_at__isnull=False
        )
        intake_open = models.Q(check_in__isnull=True, partner__submitted_at__isnull=True)
        check_in_open = models.Q(check_in__isnull=False, check_in__opens_on__lte=timezone.localdate()) & ~models.Q(
            Exists(answered)
        )
        return self.filter(intake_open | check_in_open)


class Invitation(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    first_used_at = models.DateTimeField(null=True, blank=True)
    # Empty for an intake link; a check-in's link opens that check-in only (intake.checkins).
    check_in = models.ForeignKey(
        "intake.CheckIn", on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"link for {self.partner_id} until {self.expires_at:%Y-%m-%d}"  # never the token

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def issue(cls, partner: Partner, by: User | None, check_in: Any = None) -> tuple["Invitation", str]:
        """Revoke the partner's live links to the same thing and make a new one; returns it with the raw token.

        An intake link replaces only intake links, a check-in link only that check-in's: a check-in never ends
        the intake link, nor the other way round. A link to a check-in that opens later lasts from its opening.
        """
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        start = max(now, check_in.opens_at) if check_in is not None else now
        with transaction.atomic():
            cls.objects.filter(partner=partner, check_in=check_in).live().update(revoked_at=now)
            invitation = cls.objects.create(
                partner=partner,
                check_in=check_in,
                token_hash=hash_token(token),
                created_by=by,
                expires_at=start + timedelta(days=settings.ATTUNE_INVITATION_DAYS),
            )
        return invitation, token

    @property
    def is_submitted(self) -> bool:
        """Whether what this link opens is answered and sent (the intake, or its check-in)."""
        if self.check_in is None:
            return self.partner.submitted_at is not None
        return self.check_in.responses.filter(partner_id=self.partner_id, submitted_at__isnull=False).exists()

    def respondent(self) -> Any:
        """Who answers through this link: the partner's intake, or their response to the check-in."""
        if self.check_in is None:
            return self.partner
        return CheckInResponse.of(self.check_in, self.partner)

    @classmethod
    def find_live(cls, token: str) -> "Invitation | None":
        return cls.objects.live().select_related("partner__couple").filter(token_hash=hash_token(token)).first()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


def _private_keys() -> frozenset[str]:
    return frozenset(
        item.key for q in VERSIONS.values() for section in q.sections if section.private for item in section.items
    )


def _sealed_keys(items: Iterable[Item], private: frozenset[str]) -> frozenset[str]:
    return frozenset(item.key for item in items if item.kind == Kind.TEXT) | private


# Free text and every answer of a private section (safety, contact, private items) are sealed (intake.crypto);
# every other answer is a plain scale value. Keys of every version, so older intakes stay readable, and of the
# check-in (intake.checkin_questionnaire), whose answers are stored apart (intake.checkins).
INTAKE_SEALED_KEYS = _sealed_keys(_all_items(), _private_keys())
CHECK_IN_SEALED_KEYS = _sealed_keys(
    CHECK_IN.items, frozenset(item.key for section in CHECK_IN.sections if section.private for item in section.items)
)
SEALED_KEYS: frozenset[str] = INTAKE_SEALED_KEYS | CHECK_IN_SEALED_KEYS
SAFETY_KEYS = frozenset(item.key for item in (*_all_items(), *CHECK_IN.items) if item.safety)
SEALED_CHOICE_KEYS = frozenset(item.key for item in (*_all_items(), *CHECK_IN.items) if item.kind != Kind.TEXT) & (
    SEALED_KEYS
)


def scale_constraints(items: Iterable[Item], sealed: frozenset[str], prefix: str) -> list[models.CheckConstraint]:
    """One check per answer scale: a stored value must be one of its item's answers, even through the ORM; and a
    sealed answer has no plain value. `prefix` names the constraints of one table."""
    values_by_key: dict[str, set[int]] = {}
    for item in items:
        if item.choices and item.key not in sealed:
            values_by_key.setdefault(item.key, set()).update(choice.value for choice in item.options)
    keys_by_values: dict[tuple[int, ...], list[str]] = {}
    for key, values in values_by_key.items():
        keys_by_values.setdefault(tuple(sorted(values)), []).append(key)
    checks = [
        models.CheckConstraint(
            condition=~models.Q(item_key__in=sorted(keys)) | models.Q(value_int__in=list(values), sealed=""),
            name=f"{prefix}_on_scale_{'_'.join(map(str, values))}",
        )
        for values, keys in sorted(keys_by_values.items())
    ]
    checks.append(
        models.CheckConstraint(
            condition=~models.Q(item_key__in=sorted(sealed))
            | (models.Q(value_int__isnull=True) & ~models.Q(sealed="")),
            name=f"{prefix}_sealed_has_no_plain_value",
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
                condition=models.Q(item_key__in=sorted({item.key for item in _all_items()})),
                name="answer_item_key_known",
            ),
            *scale_constraints(_all_items(), INTAKE_SEALED_KEYS, "answer"),
        ]

    def __str__(self) -> str:
        return f"{self.item_key} of {self.partner_id}"  # never the value

    @classmethod
    def of(cls, partner: Partner, key: str, value: int | str, now: datetime) -> "Answer":
        if key in SEALED_KEYS:
            return cls(partner=partner, item_key=key, value_int=None, sealed=seal(str(value)), updated_at=now)
        return cls(partner=partner, item_key=key, value_int=value, sealed="", updated_at=now)

    @property
    def value(self) -> int | str:
        return stored_value(self.item_key, self.value_int, self.sealed)


def stored_value(key: str, value_int: int | None, sealed: str) -> int | str:
    if key not in SEALED_KEYS:
        if value_int is None:  # the database's scale constraints keep this from happening
            raise ValueError(f"answer {key} has no value")
        return value_int
    plain = unseal(sealed)
    return int(plain) if key in SEALED_CHOICE_KEYS else plain


AnswerRow = tuple[str, int | None, str]


def answer_rows(model: type[models.Model], owner: str, pk: Any) -> list[AnswerRow]:
    """Every saved answer of one intake (`Answer`, "partner") or check-in response (`CheckInAnswer`, "response") as
    (item key, plain value, sealed value), nothing unsealed.

    The one read of answers every partner's page makes. Building this one-table query through the ORM took longer
    than the database took to answer it (about 0.29 ms against 0.08 through the cursor, bench/README.md), so the
    statement is written once per process from the model's own names, and the owner's key goes as a parameter."""
    connection = connections[router.db_for_read(model)]
    with connection.cursor() as cursor:
        key = _field(model, owner).get_db_prep_value(pk, connection)  # a partner's UUID as the database stores it
        cursor.execute(_answer_rows_sql(model, owner, connection.vendor), [key])
        return cursor.fetchall()


@lru_cache(maxsize=8)
def _answer_rows_sql(model: type[models.Model], owner: str, vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database.
    quote = connections[router.db_for_read(model)].ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in ("item_key", "value_int", "sealed"))
    # Only the model's own names are put into the statement; the owner's key goes as a parameter.
    return f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {quote(_column(model, owner))} = %s"  # noqa: S608


def _field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _column(model: type[models.Model], name: str) -> str:
    return str(_field(model, name).column)


def answers_by_key(rows: Iterable[AnswerRow], keys: Iterable[str] | None = None) -> dict[str, int | str]:
    """Saved answers (an intake's or a check-in response's rows, `answer_rows`) by item key, of `keys` only when
    given, as plain values. Every row is read and only the wanted ones unsealed: cheaper than a query that names the
    keys."""
    wanted = None if keys is None else frozenset(keys)
    return {
        key: stored_value(key, value_int, sealed) for key, value_int, sealed in rows if wanted is None or key in wanted
    }


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


class SafetyAlertQuerySet(models.QuerySet["SafetyAlert"]):
    def open(self) -> "SafetyAlertQuerySet":
        return self.filter(followed_up_at__isnull=True)


class SafetyAlert(models.Model):
    """A safety answer the therapist must see: raised the moment the step is saved, submitted or not.

    Therapist-only. Which item and which answer are sealed like the answers themselves; the tier stays plain
    so the dashboard can put urgent couples first. A partner who later changes the answer does not erase
    the alert: it is marked withdrawn and stays until the therapist records the follow-up (a partner may be
    pressured into changing answers; docs/clinical.md, safety screening and tiers).
    """

    class Tier(models.TextChoices):
        SELF_HARM = SafetyTier.SELF_HARM.value, _("Self-harm")
        A = SafetyTier.A.value, _("Tier A: joint work on hold")
        B = SafetyTier.B.value, _("Tier B: individual check-in first")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="alerts")
    # Empty for an answer on the intake; the check-in response (or re-assessment) whose answer raised it.
    response = models.ForeignKey(
        "intake.CheckInResponse", on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    tier = models.CharField(max_length=10, choices=Tier.choices)
    sealed = models.TextField()  # Fernet token of {"key": item key, "value": the answer}
    raised_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)  # the partner later gave a different answer
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    followed_up_by_name = models.CharField(max_length=150, blank=True)  # kept if the account is deleted

    objects = SafetyAlertQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(tier__in=["self_harm", "a", "b"]), name="safety_alert_tier"),
            models.CheckConstraint(
                condition=models.Q(followed_up_at__isnull=True) | ~models.Q(followed_up_by_name=""),
                name="safety_alert_follow_up_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tier} alert for {self.partner_id} at {self.raised_at:%Y-%m-%d %H:%M}"  # never the answer

    @property
    def content(self) -> dict[str, Any]:
        return json.loads(unseal(self.sealed))

    @property
    def item_key(self) -> str:
        return self.content["key"]

    @property
    def value(self) -> int:
        return self.content["value"]

    @staticmethod
    def tier_of(item: Item, value: int) -> SafetyTier:
        """The tier an answer raises: the item's on "yes", tier B for "I'd rather tell my therapist in person"."""
        if item.is_declined(value):
            return SafetyTier.B
        return item.tier if value == 1 else SafetyTier.NONE

    @classmethod
    def record_changes(
        cls,
        partner: Partner,
        questionnaire: Questionnaire,
        answers: dict[str, int | str],
        now: Any,
        response: "CheckInResponse | None" = None,
    ) -> None:
        """Raise an alert for each safety answer that newly endorses a tier; mark alerts whose answer changed.

        Runs inside the saving transaction, before the new answers are stored. `response` is the check-in (or
        re-assessment) being answered; None for the intake. Each keeps its own answers and its own alerts, so a
        check-in's answer never withdraws an alert from the intake or from another check-in.
        """
        safety = {key: value for key, value in answers.items() if key in SAFETY_KEYS}
        if not safety:
            return
        stored = CheckInAnswer.objects.filter(response=response) if response else Answer.objects.filter(partner=partner)
        rows = stored.filter(item_key__in=list(safety)).values_list("item_key", "value_int", "sealed")
        before = {key: stored_value(key, value_int, sealed) for key, value_int, sealed in rows}
        changed = [key for key, value in safety.items() if before.get(key) != value]
        if not changed:
            return
        alerts = partner.alerts.filter(withdrawn_at__isnull=True, response=response)
        live = [alert for alert in alerts if alert.item_key in changed]
        cls.objects.filter(pk__in=[alert.pk for alert in live]).update(withdrawn_at=now)
        for key in changed:
            tier = cls.tier_of(questionnaire.item(key), int(safety[key]))
            if tier is not SafetyTier.NONE:
                content = json.dumps({"key": key, "value": int(safety[key])})
                cls.objects.create(
                    partner=partner, response=response, tier=tier.value, sealed=seal(content), raised_at=now
                )

    @classmethod
    def follow_up(cls, partner: Partner, by: Any) -> int:
        """Record that the therapist followed up every open alert of `partner`; how many there were."""
        return (
            cls.objects.filter(partner=partner)
            .open()
            .update(followed_up_at=timezone.now(), followed_up_by=by, followed_up_by_name=by.get_username())
        )


class KeyCanary(models.Model):
    """A known text sealed under the encryption keys (see intake/canary.py). One row at most."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_key_canary")]

    def __str__(self) -> str:
        return "key canary"


# The check-in models live in their own module; importing them here registers them with the intake app.
from intake.checkins import CheckIn, CheckInAnswer, CheckInResponse  # noqa: E402, F401
