"""Check-ins: what each partner answers after the intake, each on its own private link.

A `CheckIn` is one occasion for a couple: a short check-in before a session (intake.checkin_questionnaire), a
re-assessment with the full intake questionnaire, or a follow-up after therapy has ended. Each partner's answers
to it are a `CheckInResponse` with its own `CheckInAnswer` rows, sealed like the intake's and never mixed with
them; safety answers raise alerts the moment they are saved (intake.models.SafetyAlert). A check-in's links are
`Invitation`s that name it. The therapist's side (opening, trends, reliable change) is clinic.outcomes.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Col
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from intake.checkin_questionnaire import CHECK_IN, csi4_total
from intake.crypto import seal
from intake.models import (
    SEALED_KEYS,
    VERSIONS,
    Couple,
    Invitation,
    Language,
    Partner,
    SafetyAlert,
    answer_rows,
    answered_csi4,
    answers_by_key,
    questionnaire_for,
    scale_constraints,
    stored_value,
)
from intake.questionnaire import CONTACT_EMAIL_OK, CONTACT_KEY, CONTACT_TEXT_OK, VERSION, Item, Questionnaire, Section
from intake.signals import outcome_changed


class CheckIn(models.Model):
    """One occasion on which both partners answer again: before a session, a re-assessment, or a follow-up."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Check-in before a session")
        REASSESSMENT = "reassessment", _("Re-assessment with the full questionnaire")
        FOLLOW_UP = "follow_up", _("Follow-up after therapy")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="check_ins")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Before which session (a check-in), or at which session (a re-assessment, optional).
    session_number = models.PositiveSmallIntegerField(null=True, blank=True)
    # How long after the last session (a follow-up): 3 or 6 months.
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    opens_on = models.DateField()  # partners who open the link earlier are asked to come back on this day
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)  # the therapist closed it: its links stop working

    class Meta:
        ordering = ["opens_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["session", "reassessment", "follow_up"]), name="check_in_kind"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="session") | models.Q(session_number__isnull=False, session_number__gte=1),
                name="check_in_names_its_session",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="follow_up") | models.Q(months__isnull=False, months__in=[3, 6]),
                name="follow_up_at_3_or_6_months",
            ),
            models.UniqueConstraint(
                fields=["couple", "session_number"], condition=models.Q(kind="session"), name="one_check_in_per_session"
            ),
            models.UniqueConstraint(
                fields=["couple", "months"], condition=models.Q(kind="follow_up"), name="one_follow_up_per_interval"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} check-in of {self.couple_id} from {self.opens_on}"

    @property
    def label(self) -> str:
        """How the therapist's pages name it, in the current language."""
        if self.kind == self.Kind.SESSION:
            return gettext("Check-in before session %(n)d") % {"n": self.session_number}
        if self.kind == self.Kind.FOLLOW_UP:
            return gettext("Follow-up at %(n)d months") % {"n": self.months}
        if self.session_number:
            return gettext("Re-assessment at session %(n)d") % {"n": self.session_number}
        return gettext("Re-assessment")

    @property
    def log_label(self) -> str:
        """How the access log names it (in English, like the log's other details)."""
        if self.kind == self.Kind.SESSION:
            return f"check-in before session {self.session_number}"
        if self.kind == self.Kind.FOLLOW_UP:
            return f"follow-up at {self.months} months"
        return "re-assessment"

    @property
    def is_reassessment(self) -> bool:
        return self.kind == self.Kind.REASSESSMENT

    @property
    def opens_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.opens_on, time.min))

    def has_opened(self, today: date | None = None) -> bool:
        return self.opens_on <= (today or timezone.localdate())

    def close(self) -> None:
        """Stop its links working (the sessions they opened end with them); answers already given stay."""
        now = timezone.now()
        with transaction.atomic():
            CheckIn.objects.filter(pk=self.pk, closed_at__isnull=True).update(closed_at=now)
            Invitation.objects.filter(check_in=self).live().update(revoked_at=now)
        self.closed_at = self.closed_at or now


def latest_version(check_in: CheckIn) -> str:
    return VERSION if check_in.is_reassessment else CHECK_IN.version


class CheckInResponse(models.Model):
    """One partner's answers to one check-in: started, saved as they go, and sent (then locked).

    It answers to the same calls as a Partner's own intake (`questionnaire`, `consent`, `save_answers`,
    `submit`...), so a re-assessment runs through the intake's pages unchanged.
    """

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="responses")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="check_in_responses")
    questionnaire_version = models.CharField(max_length=20, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    step_reached = models.PositiveSmallIntegerField(default=1)
    # Kept plain, like the CSI-4 answers themselves, so trends and the dashboard read it without unsealing.
    csi4_total = models.PositiveSmallIntegerField(null=True, blank=True)
    # The language the CSI-4 was answered in, as on Partner (an Arabic one is Attune's own translation).
    csi4_language = models.CharField(max_length=8, choices=Language.choices, blank=True)

    class Meta:
        ordering = ["check_in__opens_on", "partner__role"]
        constraints = [
            models.UniqueConstraint(fields=["check_in", "partner"], name="one_response_per_partner_and_check_in"),
            models.CheckConstraint(
                condition=models.Q(csi4_total__isnull=True) | models.Q(csi4_total__lte=21), name="csi4_total_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"response of {self.partner_id} to {self.check_in_id}"  # never an answer

    @classmethod
    def of(cls, check_in: CheckIn, partner: Partner) -> "CheckInResponse":
        response, _created = cls.objects.get_or_create(check_in=check_in, partner=partner)
        # Both are at hand already: no further query for the names, the couple or the kind of check-in.
        response.check_in, response.partner = check_in, partner
        return response

    @classmethod
    def opened_by(cls, pk: Any, invitation_id: Any) -> "CheckInResponse | None":
        """Response `pk` with its check-in and partner, while `invitation_id` is a live link to that check-in
        for that partner; None otherwise. A check-in page's one read of who answers (intake.views._session_partner),
        where the link and then the response were two."""
        connection = connections[router.db_for_read(cls)]
        read = _opened_by_read(connection)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        values = read.row(connection, [cls._meta.pk.get_db_prep_value(pk, connection), invitation_id, now])
        if values is None:
            return None
        response = cls.from_db(connection.alias, *read.part(values, 0))
        response.check_in = CheckIn.from_db(connection.alias, *read.part(values, 1))
        response.partner = Partner.from_db(connection.alias, *read.part(values, 2))
        return response

    # What the partner's pages read, as on Partner -------------------------------------------------------------

    @property
    def flow(self) -> str:
        """What its link opens: the intake's pages (a re-assessment) or the one-page check-in."""
        return "intake" if self.check_in.is_reassessment else "check_in"

    @property
    def display_name(self) -> str:
        return self.partner.display_name

    @property
    def couple(self) -> Couple:
        return self.partner.couple

    @property
    def answering(self) -> Partner:
        return self.partner

    def log_detail(self, detail: str) -> str:
        return f"{self.check_in.log_label}: {detail}" if detail else self.check_in.log_label

    @property
    def questionnaire(self) -> Questionnaire:
        if not self.check_in.is_reassessment:
            return CHECK_IN
        return questionnaire_for(self.questionnaire_version)

    def consent(self) -> None:
        now = timezone.now()
        version = latest_version(self.check_in)
        CheckInResponse.objects.filter(pk=self.pk, started_at__isnull=True).update(
            started_at=now, questionnaire_version=version, last_activity_at=now
        )
        self.refresh_from_db(fields=["started_at", "questionnaire_version", "last_activity_at"])

    def answered_keys(self, section: Section) -> frozenset[str]:
        keys = [item.key for item in section.items]
        return frozenset(self.answers.filter(item_key__in=keys).values_list("item_key", flat=True))

    def answer_dict(self, keys: Iterable[str] | None = None) -> dict[str, int | str]:
        return answers_by_key(answer_rows(CheckInAnswer, "response", self.pk), keys)

    def answers_to_show(self, private: Section) -> tuple[frozenset[str], dict[str, int | str]]:
        """The check-in page's one read of its answers: the keys of `private`'s items already answered (kept, never
        unsealed: they are not shown again), and every other answer by key."""
        private_keys = {item.key for item in private.items}
        rows = answer_rows(CheckInAnswer, "response", self.pk)
        kept = frozenset(key for key, _value_int, _sealed in rows if key in private_keys)
        shown = {key: stored_value(key, value_int, sealed) for key, value_int, sealed in rows if key not in kept}
        return kept, shown

    def save_answers(self, answers: dict[str, int | str], cleared: Iterable[str] = (), step_done: int = 0) -> bool:
        """Store answers while the response is open; False (and nothing stored) once it is sent."""
        now = timezone.now()
        rows = [CheckInAnswer.of(self, key, value, now) for key, value in answers.items()]
        with transaction.atomic():
            locked = CheckInResponse.objects.select_for_update().filter(pk=self.pk, submitted_at__isnull=True)
            if not list(locked.values_list("pk", flat=True)):
                return False
            SafetyAlert.record_changes(self.partner, self.questionnaire, answers, now, response=self)
            CheckInAnswer.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["response", "item_key"],
                update_fields=["value_int", "sealed", "updated_at"],
            )
            if cleared:
                self.answers.filter(item_key__in=cleared).delete()
            CheckInResponse.objects.filter(pk=self.pk).update(
                step_reached=Greatest("step_reached", step_done + 1), last_activity_at=now
            )
            Partner.objects.filter(pk=self.partner_id).update(last_activity_at=now)
            if answered_csi4(answers):
                self.csi4_language = get_language()
                CheckInResponse.objects.filter(pk=self.pk).update(csi4_language=self.csi4_language)
            if CONTACT_KEY in answers:  # a re-assessment asks again: the newest answer is the one that counts
                Partner.objects.filter(pk=self.partner_id).update(
                    contact_email_ok=answers[CONTACT_KEY] in CONTACT_EMAIL_OK,
                    contact_text_ok=answers[CONTACT_KEY] in CONTACT_TEXT_OK,
                )
        self.step_reached = max(self.step_reached, step_done + 1)
        self.last_activity_at = now
        return True

    def submit(self) -> bool:
        """Lock the answers and keep the CSI-4 total; False if already sent (a double submit changes nothing)."""
        now = timezone.now()
        total = csi4_total(self.answer_dict())
        with transaction.atomic():
            updated = CheckInResponse.objects.filter(pk=self.pk, submitted_at__isnull=True).update(
                submitted_at=now, last_activity_at=now, csi4_total=total
            )
            if updated:  # the couple's kept outcome changes with the answers, or neither does
                outcome_changed.send(CheckInResponse, couple_id=self.check_in.couple_id)
        if updated:
            self.submitted_at = self.last_activity_at = now
            self.csi4_total = total
        return bool(updated)


def _answerable() -> list[Item]:
    """The items a response may answer: the check-in's, and every intake version's (for a re-assessment)."""
    return [*CHECK_IN.items, *(item for questionnaire in VERSIONS.values() for item in questionnaire.items)]


class CheckInAnswer(models.Model):
    """One answer of a check-in response, by the item's permanent key; sealed where the intake's would be."""

    response = models.ForeignKey(CheckInResponse, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=40)
    value_int = models.SmallIntegerField(null=True, blank=True)
    sealed = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item_key"], name="one_check_in_answer_per_item"),
            models.CheckConstraint(
                condition=models.Q(item_key__in=sorted({item.key for item in _answerable()})),
                name="check_in_answer_item_key_known",
            ),
            *scale_constraints(_answerable(), SEALED_KEYS, "checkin_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.item_key} of response {self.response_id}"  # never the value

    @classmethod
    def of(cls, response: CheckInResponse, key: str, value: int | str, now: datetime) -> "CheckInAnswer":
        if key in SEALED_KEYS:
            return cls(response=response, item_key=key, value_int=None, sealed=seal(str(value)), updated_at=now)
        return cls(response=response, item_key=key, value_int=value, sealed="", updated_at=now)

    @property
    def value(self) -> int | str:
        return stored_value(self.item_key, self.value_int, self.sealed)


def responses_by_partner(check_ins: Iterable[CheckIn]) -> dict[tuple[Any, Any], CheckInResponse]:
    """Every response to these check-ins, by (check-in id, partner id), in one query."""
    ids = [check_in.pk for check_in in check_ins]
    return {(r.check_in_id, r.partner_id): r for r in CheckInResponse.objects.filter(check_in_id__in=ids)}


# The CSI-4's validated wording is Funk & Rogge's English; in any other language it is Attune's own translation.
CSI4_VALIDATED = ("", "en")


def csi4_translated(couple: Couple, check_ins: bool = True) -> list[Partner]:
    """The partners of `couple` whose CSI-4 was answered in Attune's own, unvalidated translation: at intake, or (with
    `check_ins`) in any check-in or re-assessment. For the therapist only (docs/clinical.md, CSI-4)."""
    partners = list(couple.partners.all())
    translated = {p.pk for p in partners if p.csi4_language not in CSI4_VALIDATED}
    if check_ins:
        others = CheckInResponse.objects.filter(partner__couple=couple).exclude(csi4_language__in=CSI4_VALIDATED)
        translated |= set(others.values_list("partner_id", flat=True))
    return [p for p in partners if p.pk in translated]


class _JoinedRead(NamedTuple):
    """A read written once per process: its statement, each model's columns in it, and the database's converters.

    A partner's page reads who answers on every request. Built through the ORM (a select_related over three
    tables), such a query took about 1.1 ms of CPU to build and turn into objects, against 0.14 ms through the
    cursor (bench/README.md, sixth part): so these few are written once from the models' own names, and the
    objects made as the ORM makes them (`from_db`, the database's own converters)."""

    sql: str
    parts: tuple[tuple[tuple[str, ...], int], ...]  # each model's attribute names and first column, in order
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Col], ...]  # (column, converters, expression)

    def row(self, connection: BaseDatabaseWrapper, params: list[Any]) -> list[Any] | None:
        """The one row the statement finds (converted as the ORM converts it), or None."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            found = cursor.fetchone()
        if found is None:
            return None
        values = list(found)
        for position, converters, expression in self.converters:
            for converter in converters:
                values[position] = converter(values[position], expression, connection)
        return values

    def part(self, values: list[Any], index: int) -> tuple[tuple[str, ...], list[Any]]:
        """The attribute names and values of the `index`th model read, for its `from_db`."""
        names, start = self.parts[index]
        return names, values[start : start + len(names)]


def _joined_read(
    connection: BaseDatabaseWrapper, tables: str, joined: tuple[tuple[type[models.Model], str], ...]
) -> _JoinedRead:
    """`SELECT` every column of `joined` (model, alias), in order, then `tables` (the FROM and WHERE clauses)."""
    quote = connection.ops.quote_name
    parts: list[tuple[tuple[str, ...], int]] = []
    columns: list[str] = []
    expressions: list[Col] = []
    for model, alias in joined:
        fields = model._meta.concrete_fields
        parts.append((tuple(field.attname for field in fields), len(columns)))
        columns.extend(f"{alias}.{quote(str(field.column))}" for field in fields)
        expressions.extend(field.get_col(alias) for field in fields)
    converters = tuple(
        (position, found, expression)
        for position, expression in enumerate(expressions)
        if (found := (*connection.ops.get_db_converters(expression), *expression.get_db_converters(connection)))
    )
    return _JoinedRead(f"SELECT {', '.join(columns)} {tables}", tuple(parts), converters)


def _names(
    connection: BaseDatabaseWrapper,
) -> tuple[dict[type[models.Model], str], Callable[[type[models.Model], str], str]]:
    """The tables, and a function naming a model's column, quoted for `connection`."""
    quote = connection.ops.quote_name

    def column(model: type[models.Model], name: str) -> str:
        return quote(str(model._meta.get_field(name).column))  # type: ignore[union-attr]

    return {model: quote(model._meta.db_table) for model in (CheckInResponse, CheckIn, Partner, Invitation)}, column


@lru_cache(maxsize=8)
def _opened_by_read(connection: BaseDatabaseWrapper) -> _JoinedRead:
    """`CheckInResponse.opened_by`'s statement: the response, its check-in and partner, while the link is live.

    The link is a subquery giving its check-in, not a joined table: PostgreSQL weighs every order of the tables
    joined before it answers, and with the link (and the couple, which a partner's page never shows) among them it
    planned for 0.45 to 0.5 ms, three times the answer itself. Its conditions are `live_link`'s (intake.models):
    neither revoked nor expired, and this partner's link to this check-in."""
    table, column = _names(connection)
    # Only the models' own names are put into the statement; the keys and the time go as parameters.
    tables = (
        f"FROM {table[CheckInResponse]} r"  # noqa: S608
        f" INNER JOIN {table[CheckIn]} c ON c.{column(CheckIn, 'id')} = r.{column(CheckInResponse, 'check_in')}"
        f" INNER JOIN {table[Partner]} p ON p.{column(Partner, 'id')} = r.{column(CheckInResponse, 'partner')}"
        f" WHERE r.{column(CheckInResponse, 'id')} = %s AND r.{column(CheckInResponse, 'check_in')} = ("
        f"SELECT i.{column(Invitation, 'check_in')} FROM {table[Invitation]} i WHERE i.{column(Invitation, 'id')} = %s"
        f" AND i.{column(Invitation, 'partner')} = r.{column(CheckInResponse, 'partner')}"
        f" AND i.{column(Invitation, 'revoked_at')} IS NULL AND i.{column(Invitation, 'expires_at')} > %s)"
    )
    return _joined_read(connection, tables, ((CheckInResponse, "r"), (CheckIn, "c"), (Partner, "p")))


@lru_cache(maxsize=8)
def _live_link_read(connection: BaseDatabaseWrapper) -> _JoinedRead:
    """`live_invitation`'s statement: the link with its partner and the check-in it opens, if any, while it is
    live (`live_link`'s conditions: neither revoked nor expired)."""
    table, column = _names(connection)
    tables = (
        f"FROM {table[Invitation]} i"
        f" INNER JOIN {table[Partner]} p ON p.{column(Partner, 'id')} = i.{column(Invitation, 'partner')}"
        f" LEFT OUTER JOIN {table[CheckIn]} c ON c.{column(CheckIn, 'id')} = i.{column(Invitation, 'check_in')}"
        f" WHERE i.{column(Invitation, 'id')} = %s"
        f" AND i.{column(Invitation, 'revoked_at')} IS NULL AND i.{column(Invitation, 'expires_at')} > %s"
    )
    return _joined_read(connection, tables, ((Invitation, "i"), (Partner, "p"), (CheckIn, "c")))


def live_invitation(pk: Any) -> Invitation | None:
    """Live link `pk` with its partner and the check-in it opens (None for an intake link): a partner's page's read
    of its link (intake.views._session_partner), as `Invitation.objects.live().select_related("partner",
    "check_in")` reads it. No couple: a partner's pages use only its id."""
    connection = connections[router.db_for_read(Invitation)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    read = _live_link_read(connection)
    values = read.row(connection, [Invitation._meta.pk.get_db_prep_value(pk, connection), now])
    if values is None:
        return None
    invitation = Invitation.from_db(connection.alias, *read.part(values, 0))
    invitation.partner = Partner.from_db(connection.alias, *read.part(values, 1))
    names, check_in = read.part(values, 2)
    opened = check_in[names.index(CheckIn._meta.pk.attname)] is not None  # an intake link's is all NULL
    invitation.check_in = CheckIn.from_db(connection.alias, names, check_in) if opened else None
    return invitation
