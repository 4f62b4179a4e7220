"""The therapist side's records: the exercise library, the access log, session plans and the practice profile.

Couples and answers live in `intake` (which never imports `clinic`).
"""

import json
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, models, router, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intake.addresses import client_address
from intake.crypto import seal, unseal
from intake.models import Language, practice_language


class Approach(models.TextChoices):
    GOTTMAN = "gottman", _("Gottman Method")
    EFT = "eft", _("Emotionally Focused Therapy")
    INDIVIDUAL = "individual", _("Individual session")


class Exercise(models.Model):
    """One intervention of the library (docs/clinical.md, the exercise library), loaded from fixtures/exercises.json."""

    key = models.SlugField(_("key"), max_length=50, primary_key=True, help_text=_("Permanent; never reuse a key."))
    name = models.CharField(_("name"), max_length=120)
    approach = models.CharField(_("approach"), max_length=12, choices=Approach.choices)
    stage = models.CharField(_("stage or level"), max_length=120)
    purpose = models.TextField(_("purpose"))
    targets = models.JSONField(_("target areas"), default=list, help_text=_('Area keys, e.g. ["P3", "O1"].'))
    steps = models.TextField(_("in-session steps"))
    homework = models.TextField(_("homework"), blank=True)
    handout_summary = models.TextField(_("summary for the couple's handout"))
    # What the couple's handout prints (docs/clinical.md, "Two voices: detail and themes"): plain words, no stage or step numbers.
    plain_title = models.CharField(
        _("plain title for the couple"),
        max_length=80,
        help_text=_('Words a client understands, e.g. "Getting to know each other again"; no jargon or step numbers.'),
    )
    plain_purpose = models.CharField(
        _("one-line purpose for the couple"), max_length=160, help_text=_("One plain sentence: what it helps with.")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("typical duration (minutes)"))
    contraindications = models.TextField(_("contraindications"), blank=True)
    joint = models.BooleanField(_("with both partners"), default=True)
    paused_by_safety = models.BooleanField(
        _("on hold after a safety finding"),
        default=True,
        help_text=_("Joint exercises that must wait while a safety endorsement is assessed individually."),
    )
    source = models.TextField(_("source"))
    # The text fields in other languages, e.g. {"ar": {"name": "…", "plain_title": "…"}}: loaded with the library
    # from fixtures/exercises.json; a field missing in a language falls back to the English above.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["approach", "key"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        constraints = [
            models.CheckConstraint(condition=models.Q(approach__in=Approach.values), name="exercise_approach_known"),
            models.CheckConstraint(condition=~models.Q(source=""), name="exercise_has_source"),
        ]

    def __str__(self) -> str:
        return self.name

    # The language of the fields below; `translations` holds the others.
    WRITTEN_IN = "en"
    # The fields written in words, each translatable; the rest (key, approach, targets, minutes...) are the same in
    # every language.
    TRANSLATED_FIELDS = (
        "name",
        "stage",
        "purpose",
        "steps",
        "homework",
        "handout_summary",
        "plain_title",
        "plain_purpose",
        "contraindications",
    )

    @staticmethod
    def language_now() -> str:
        """The active language as the library's translations name it ("ar")."""
        return (get_language() or settings.LANGUAGE_CODE).split("-")[0]

    def read_in_language(self, language: str) -> None:
        """Mark an exercise read with the translations of `language` only (`translations` as the database gave that
        language's texts, or None): its texts can then be read in that language and no other."""
        found = self.translations
        self.translations = {language: found} if isinstance(found, dict) and found else {}
        self._read_in = language

    def text(self, field: str, language: str | None = None) -> str:
        """`field` in the active language (or `language`, the active one read once by a caller that asks many
        times): its translation where the library has one, else the English."""
        if field not in self.TRANSLATED_FIELDS:
            raise ValueError(f"not a translated field of an exercise: {field}")
        language = language or self.language_now()
        if self.__dict__.get("_read_in", language) != language:
            raise LookupError(f"exercise {self.key} was read in {self._read_in}, not {language}")
        translated = self.translations.get(language, {}) if isinstance(self.translations, dict) else {}
        found = translated.get(field) if isinstance(translated, dict) else None
        return found if isinstance(found, str) and found.strip() else str(getattr(self, field))

    def localized(self) -> "LocalizedExercise":
        """This exercise as the pages and printouts show it: every text in the active language when it is read."""
        return LocalizedExercise(self)


class LocalizedExercise:
    """An exercise read in the active language: each translated field through `Exercise.text` (so a template
    rendered inside `translation.override` reads that language), everything else from the exercise itself."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise

    def __getattr__(self, name: str) -> Any:
        if name == "exercise":  # not set yet (a copy being made): never look it up through itself
            raise AttributeError(name)
        if name in Exercise.TRANSLATED_FIELDS:
            return self.exercise.text(name)
        return getattr(self.exercise, name)

    def __str__(self) -> str:
        return self.exercise.text("name")


class AppendOnlyError(Exception):
    """The access log is append-only: entries are never changed or removed by the app."""


class AppendOnlyQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("access log entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("access log entries cannot be deleted")


# The columns AccessLog.write_many fills: the five every entry of a request shares, then the three each has its own.
# A statement writes at most this many entries: 800 parameters, under even an old SQLite's limit of 999.
WRITE_BATCH = 100
WRITTEN = ("at", "user", "username", "address", "partner_role", "couple_id", "action", "detail")


class AccessLog(models.Model):
    """Who looked at or acted on a couple's data, and when. Append-only for the app."""

    class Action(models.TextChoices):
        VIEW_COMPARISON = "view_comparison", _("Viewed the comparison")
        VIEW_SAFETY = "view_safety", _("Viewed safety findings")
        VIEW_PLAN = "view_plan", _("Viewed the session plan")
        SAVE_PLAN = "save_plan", _("Saved the session plan")
        DOWNLOAD_PLAN_PDF = "plan_pdf", _("Downloaded the therapist plan PDF")
        DOWNLOAD_HANDOUT_PDF = "handout_pdf", _("Downloaded the couple handout PDF")
        REOPEN_INTAKE = "reopen_intake", _("Reopened an intake")
        REVOKE_LINK = "revoke_link", _("Revoked a link")
        ISSUE_LINK = "issue_link", _("Issued a link")
        EXPORT = "export", _("Exported the couple's data")
        DELETE_COUPLE = "delete_couple", _("Deleted the couple and all their data")
        VIEW_LOG = "view_log", _("Viewed the access log")
        FOLLOWED_UP = "followed_up", _("Recorded a safety follow-up")
        VIEW_DASHBOARD = "view_dashboard", _("Listed on the dashboard")
        VIEW_COUPLE = "view_couple", _("Viewed the couple's page")
        CREATE_COUPLE = "create_couple", _("Created the couple and both links")
        # A partner's own activity, announced by intake.signals.
        OPEN_LINK = "open_link", _("Opened their private link")
        SAVE_STEP = "save_step", _("Saved answers")
        SUBMIT_INTAKE = "submit_intake", _("Sent their answers")
        SAVE_CHECK_IN = "save_check_in", _("Saved check-in answers")
        SUBMIT_CHECK_IN = "submit_check_in", _("Sent their check-in")
        CHANGE_LANGUAGE = "change_language", _("Changed the language of their pages")
        # Check-ins and change over time (clinic.outcomes).
        VIEW_CHECK_INS = "view_check_ins", _("Viewed the check-ins and their answers")
        OPEN_CHECK_IN = "open_check_in", _("Opened a check-in and issued its links")
        CLOSE_CHECK_IN = "close_check_in", _("Closed a check-in")
        PLAN_CHECK_INS = "plan_check_ins", _("Changed when check-ins open")
        PROGRESS_HANDOUT = "progress_handout", _("Prepared the couple's progress handout")
        DOWNLOAD_PROGRESS_PDF = "progress_pdf", _("Downloaded the couple's progress handout PDF")
        # Account changes, which reach every couple of the account.
        CHANGE_PASSWORD = "change_password", _("Changed their own password")
        ADMIN_USER = "admin_user", _("Changed an account in the admin")
        ADMIN_DEVICE = "admin_device", _("Changed a two-step sign-in device in the admin")
        RESTORE_BACKUP = "restore_backup", _("Restored the database from a backup")
        # Messages (clinic/messaging/): queued by a therapist, sent by the worker, stopped by a partner.
        QUEUE_INVITATION = "queue_invitation", _("Queued an invitation email")
        EXTEND_LINK = "extend_link", _("Extended a link")
        MESSAGE_SENT = "message_sent", _("An email was sent")
        MESSAGE_FAILED = "message_failed", _("An email could not be sent")
        STOP_REMINDERS = "stop_reminders", _("Stopped reminders")
        # A page's typing kept before a time limit (clinic/drafts.py): the plan editor, an invitation, a handout note.
        KEEP_DRAFT = "keep_draft", _("Kept unsaved typing as a draft")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("who")
    )
    username = models.CharField(_("username"), max_length=150)  # kept if the account is deleted
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    # No foreign key: the record outlives the couple. Empty for account changes, which concern no one couple.
    couple_id = models.UUIDField(_("couple"), db_index=True, null=True, blank=True)
    # "a" or "b" when a partner acted (through their private link, without an account).
    partner_role = models.CharField(_("partner"), max_length=1, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("access log entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("access log entries cannot be deleted")

    @property
    def actor(self) -> str:
        """Who acted, for people: the account's username, or which partner."""
        if self.partner_role:
            return str(_("Partner %(role)s") % {"role": self.partner_role.upper()})
        return self.username or str(_("Attune, automatically"))

    @classmethod
    def entry(
        cls, request: HttpRequest, action: str, couple_id: UUID | None = None, detail: str = "", partner_role: str = ""
    ) -> "AccessLog":
        """An unsaved entry for `request`: clinic.audit writes a therapist view's entries; `record` writes one now.

        A partner acts through their link, never an account, even in a browser where a therapist is signed in.
        """
        user = request.user if request.user.is_authenticated and not partner_role else None
        return cls(
            user=user,
            username=user.get_username() if user else "",
            action=action,
            couple_id=couple_id,
            partner_role=partner_role,
            detail=detail[:200],
            address=client_address(request),
        )

    @classmethod
    def write_many(cls, request: HttpRequest, entries: Sequence[tuple[str, UUID | None, str]]) -> None:
        """Write a request's entries (action, couple, detail) in one statement: who and from where are worked out
        once, and no row is read back. A dashboard page writes one entry per couple listed, and `bulk_create`
        prepared every field of every row and read back each new id: a fifth of a 25-couple page's time
        (bench/README.md, "The page targets (issue 18, fourth part)")."""
        if not entries:
            return
        base = cls.entry(request, "")
        base.at = timezone.now()
        connection = connections[router.db_for_write(cls)]
        fields = {name: cast(models.Field, cls._meta.get_field(name)) for name in WRITTEN}
        shared = [
            fields[name].get_db_prep_save(getattr(base, fields[name].attname), connection) for name in WRITTEN[:5]
        ]
        rows = [
            [
                *shared,
                fields["couple_id"].get_db_prep_save(couple_id, connection),
                fields["action"].get_db_prep_save(what, connection),
                fields["detail"].get_db_prep_save(words[:200], connection),
            ]
            for what, couple_id, words in entries
        ]
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields.values())
        marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
        table = connection.ops.quote_name(cls._meta.db_table)
        # One statement for all of a request's rows, atomic by itself: no BEGIN and COMMIT of its own, and one
        # round trip where one statement a row cost one each (bench/README.md, "sixth part"). Batches keep the
        # parameters well under SQLite's limit; more than one batch runs in a transaction.
        batches = [rows[start : start + WRITE_BATCH] for start in range(0, len(rows), WRITE_BATCH)]
        atomic = transaction.atomic(using=connection.alias, savepoint=False) if len(batches) > 1 else nullcontext()
        with atomic, connection.cursor() as cursor:
            for batch in batches:
                # Only the model's own names are put into the statement; every value goes as a parameter.
                insert = f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(batch))}"  # noqa: S608
                cursor.execute(insert, [value for row in batch for value in row])

    @classmethod
    def record(
        cls, request: HttpRequest, action: str, couple_id: UUID | None = None, detail: str = "", partner_role: str = ""
    ) -> "AccessLog":
        """Write one entry now: a partner's own step, an account change; therapist views go through clinic.audit."""
        entry = cls.entry(request, action, couple_id, detail, partner_role)
        entry.save()
        return entry

    @classmethod
    def record_automatic(cls, action: str, couple_id: UUID | None, detail: str = "") -> "AccessLog":
        """Write one entry for what Attune did by itself, outside any request (the worker sending a message)."""
        return cls.objects.create(action=action, couple_id=couple_id, detail=detail[:200])


class TherapistProfile(models.Model):
    """What a handout tells the couple about their therapist, beyond the name on the account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    contact_line = models.CharField(
        _("contact line"),
        max_length=160,
        blank=True,
        help_text=_("Printed on the couple's handout, e.g. a phone number and an email address. One line."),
    )
    # Emails to the therapist's account address (clinic/messaging/notifications.py); each can be switched off.
    notify_both_submitted = models.BooleanField(_("when both partners have sent their answers"), default=True)
    notify_check_in = models.BooleanField(_("when a check-in is in"), default=True)
    notify_urgent = models.BooleanField(_("when a client's answer needs urgent follow-up"), default=True)
    language = models.CharField(
        _("language of your pages"),
        max_length=8,
        choices=Language.choices,
        default=practice_language,
        help_text=_("Your pages, comparisons and reports; each partner's pages follow the partner's own language."),
    )

    def __str__(self) -> str:
        return f"profile of user {self.user_id}"


def record_partner_activity(
    sender: object, request: HttpRequest, partner: Any, event: str, detail: str = "", **kwargs: object
) -> None:
    """Connected to intake.signals.partner_activity: a partner's own step goes to the couple's log."""
    AccessLog.record(request, event, partner.couple_id, detail=detail, partner_role=partner.role)


class SessionPlan(models.Model):
    """A couple's plan; its content lives in numbered, immutable versions."""

    couple = models.OneToOneField("intake.Couple", on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(auto_now_add=True)
    # The couple's next appointment, printed on the handout; not part of any version.
    next_session_on = models.DateField(_("next session"), null=True, blank=True)

    def __str__(self) -> str:
        return f"plan of {self.couple}"

    def latest(self) -> "PlanVersion":
        return self.versions.latest("number")  # a plan is made with its first version, so there is one


class PlanVersion(models.Model):
    """One saved state of a plan. Saving never changes a version: it adds the next one."""

    plan = models.ForeignKey(SessionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The recommender's Draft as plain data (intake.message.to_data) with the therapist's edits, as sealed JSON:
    # its reasons quote answers and a safety hold names what was endorsed.
    sealed = models.TextField()
    # The comparison the plan was drafted from (intake.comparison_record) and a digest of its answers, sealed
    # like the answers: its PDF reprints the same forever. Empty for versions saved before plans kept it.
    sealed_comparison = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-number"]
        constraints = [
            # Two saves from the same version race for the same number: the second one fails here.
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_per_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="plan_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.couple} v{self.number}"

    @classmethod
    def of(
        cls, plan: SessionPlan, number: int, by: User | None, content: dict[str, Any], comparison: str = ""
    ) -> "PlanVersion":
        """`comparison` is already sealed: a draft seals its comparison once, and edits carry it over as it is."""
        return cls(
            plan=plan, number=number, created_by=by, sealed=seal(json.dumps(content)), sealed_comparison=comparison
        )

    @property
    def comparison_record(self) -> dict[str, Any] | None:
        """{"digest": ..., "record": ...} as stored with the draft; None for a version saved before that."""
        if not self.sealed_comparison:
            return None
        return json.loads(unseal(self.sealed_comparison))

    @property
    def content(self) -> dict[str, Any]:
        if getattr(self, "_opened", (None, None))[0] != self.sealed:
            self._opened = (self.sealed, json.loads(unseal(self.sealed)))
        return self._opened[1]


class FormDraft(models.Model):
    """A therapist's unsaved typing on one of a couple's pages, kept so that no time limit loses it (clinic/drafts.py):
    the plan editor, the invitation email, the progress handout's note.

    Never the thing itself: nothing prints, sends or reads it but the page of the therapist who typed it. One per
    therapist, couple and page; saving the page or discarding the draft deletes it, and drafts older than
    ATTUNE_FORM_DRAFT_DAYS are removed whenever a draft is written (and never shown before that)."""

    class Page(models.TextChoices):
        PLAN = "plan_edit", _("the session plan editor")
        INVITATION = "invitations", _("the invitation email")
        PROGRESS = "progress", _("the progress handout")

    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    couple = models.ForeignKey("intake.Couple", on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=20, choices=Page.choices)
    base_version = models.PositiveIntegerField(null=True, blank=True)  # the plan editor's: the version it started from
    # The page's fields as posted ({name: value}), as sealed JSON: plan text quotes answers, like PlanVersion.
    sealed = models.TextField()
    kept_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["therapist", "couple", "page"], name="one_form_draft_per_therapist_page")
        ]

    def __str__(self) -> str:
        return f"{self.couple}: draft of {self.page}"

    @property
    def fields(self) -> dict[str, str]:
        return json.loads(unseal(self.sealed))


class CachedPdf(models.Model):
    """Which cache entries hold a couple's rendered PDFs, so deleting the couple purges them too.

    The cache keys name only the HTML's digest (clinic/printing/pdf.py), so without this index a
    deleted couple's sealed PDFs would stay in the cache until they expire.
    """

    couple = models.ForeignKey("intake.Couple", on_delete=models.CASCADE, related_name="+")
    cache_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["couple", "cache_key"], name="one_index_row_per_cached_pdf")]

    def __str__(self) -> str:
        return f"cached PDF of {self.couple_id}"

    @classmethod
    def remember(cls, couple_id: object, cache_key: str) -> None:
        cls.objects.get_or_create(couple_id=couple_id, cache_key=cache_key)


class PdfRender(models.Model):
    """A plan version's PDF rendered ahead by the worker (clinic/plans/prerender.py): queued, ready, or failed
    twice. It holds no content: the PDF itself is sealed in the shared cache under its HTML's digest."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("could not be prepared")

    class Problem(models.TextChoices):
        NONE = "", _("none")
        TOO_SLOW = "too_slow", _("took longer than the time allowed")
        ERROR = "error", _("failed")

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="renders")
    kind = models.CharField(max_length=10)  # "plan" or "handout"
    paper = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    problem = models.CharField(max_length=10, choices=Problem.choices, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "kind", "paper"], name="one_render_per_version_pdf"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} PDF of {self.version_id} ({self.status})"


class OutcomeSettings(models.Model):
    """The therapist's choices about a couple's check-ins and their "how we are doing" handout (clinic.outcomes).

    Nothing here is a client's answer; the handout's note is the therapist's own words about the couple, sealed
    like plan versions. `handout_shows` lists, per partner role, what the therapist has ticked in ("trend",
    "practice"); nothing individual reaches the handout unless it is listed here.
    """

    couple = models.OneToOneField("intake.Couple", on_delete=models.CASCADE, related_name="outcome_settings")
    every_session = models.BooleanField(_("a check-in before every session"), default=False)
    last_session_on = models.DateField(_("last session"), null=True, blank=True)
    sealed_note = models.TextField(blank=True, default="")
    handout_shows = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"outcome settings of {self.couple_id}"

    @property
    def note(self) -> str:
        return unseal(self.sealed_note) if self.sealed_note else ""

    @note.setter
    def note(self, text: str) -> None:
        self.sealed_note = seal(text) if text else ""

    def shows(self, role: str, what: str) -> bool:
        return what in self.handout_shows.get(role, [])


class LatestOutcome(models.Model):
    """What the dashboard's outcome columns show of a couple, kept whenever it changes (clinic/outcomes/latest.py):
    each partner's latest CSI-4, its direction against the start and the off-track mark, worked out under the
    change rule stored beside them (a practice that changes ATTUNE_CSI4_SD or its reliability gets them worked out
    again). Side a and b follow the partners' roles; names are not kept, they are read with the partners.
    """

    couple = models.OneToOneField(
        "intake.Couple", on_delete=models.CASCADE, primary_key=True, related_name="latest_outcome"
    )
    shown = models.BooleanField(default=False)  # some check-in answered: the intake alone shows no outcome
    latest_a = models.PositiveSmallIntegerField(null=True)
    latest_b = models.PositiveSmallIntegerField(null=True)
    direction_a = models.CharField(max_length=6, blank=True)  # clinic.outcomes.change.Direction; "": one score
    direction_b = models.CharField(max_length=6, blank=True)
    off_track_a = models.BooleanField(default=False)
    off_track_b = models.BooleanField(default=False)
    sd = models.FloatField()
    reliability = models.FloatField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"latest outcome of {self.couple_id}"


class KeptAnalysis(models.Model):
    """What a couple's analysis pages show of their submitted intakes, worked out once and kept, sealed like the
    answers it comes from (clinic/printing/kept.py): the comparison page's rows in one language, the answers'
    digest the plan page checks. `key` names what it was worked out from (both submissions, the questionnaire
    versions, names and pronouns, the gap threshold, the code and catalogue that word it); a row whose key no
    longer matches is never shown, and the rows go when an intake is submitted or reopened, or the couple is
    deleted.
    """

    couple = models.ForeignKey("intake.Couple", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)  # "digest", or "comparison page:<language>"
    key = models.CharField(max_length=64)
    sealed = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["couple", "kind"], name="one_kept_analysis_per_kind")]

    def __str__(self) -> str:
        return f"kept {self.kind} of {self.couple_id}"


# The messaging records belong to this app; importing them here registers them with it.
from clinic.messaging.models import OutboxMessage, Reminder, ReminderStop  # noqa: E402, F401
