"""Session plans: drafting from the comparison, saving versions with the comparison they rest on, and what a
plan shows.

The drafting rules are pure (`clinic.plans.recommender`); this module connects them to the database: the
library, the versions, the comparison each version keeps, and the conflict check.
"""

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connections, models, router, transaction
from django.utils.translation import gettext_lazy as _

from clinic import statements
from clinic.models import Exercise, PdfRender, PlanVersion, SessionPlan
from clinic.plans.prerender import queue_renders
from clinic.plans.recommender import ExerciseInfo, draft_plan
from clinic.plans.recommender_types import CHECK_IN_MINUTES, SessionKind
from clinic.printing.kept import DIGEST, kept
from clinic.printing.reports import Snapshot, couple_digest, couple_snapshot
from intake.comparison import Comparison
from intake.comparison_record import from_record, to_record
from intake.crypto import seal
from intake.message import to_data
from intake.models import Couple
from intake.wording import word_data


class VersionConflict(Exception):
    """Someone saved a newer version since the edit began; nothing was written."""

    def __init__(self, latest: PlanVersion) -> None:
        super().__init__(f"plan is at version {latest.number}")
        self.latest = latest


# What the plan page shows of an exercise; the long texts are read only for drafts and PDFs.
PAGE_FIELDS = (
    "key",
    "name",
    "approach",
    "stage",
    "targets",
    "homework",
    "duration_minutes",
    "joint",
    "paused_by_safety",
    "purpose",  # the editor's "add an exercise" choice shows it
    "translations",  # each text above in the reader's language (Exercise.text)
)
APPROACH_LABELS = {
    "eft": _("Emotionally Focused Therapy"),
    "gottman": _("Gottman Method"),
    "both": _("EFT with Gottman Method skills"),
    "individual": _("Individual sessions first"),
}


# What the plan page shows of each exercise its version names (versions.shown_sessions, the page's rows): its name,
# approach, minutes and homework, in the reader's language.
SHOWN_FIELDS = ("key", "name", "approach", "homework", "duration_minutes", "translations")


def library(*fields: str) -> dict[str, Exercise]:
    """The exercise library as it is now, in its order (by approach, then key), whole or with `fields` only (the
    rest deferred). With `fields`, on every view of the plan editor, the statement is written once per process
    (clinic/statements.py)."""
    if not fields:
        return {exercise.key: exercise for exercise in Exercise.objects.all()}
    return _read_exercises(tuple(fields), ())


def plan_library(content: dict[str, Any]) -> dict[str, Exercise]:
    """The exercises a version names, read from the library as it is now (an edit to an exercise reaches every
    plan), with what the plan page shows of them: not the whole library, whose rows and translations the page
    never showed (bench/README.md, sixth part). One query whatever the plan holds."""
    keys = tuple(sorted({row["key"] for session in content["sessions"] for row in session["exercises"]}))
    return _read_exercises(SHOWN_FIELDS, keys) if keys else {}


def _read_exercises(fields: tuple[str, ...], keys: tuple[str, ...]) -> dict[str, Exercise]:
    """The library's exercises with `fields` (of those `keys` only, when given), in the library's order. Their
    `translations` are read in the active language only: the page shows no other, and each exercise keeps about
    10 KB of translations, which an English page parsed for nothing (a tenth of the plan editor, bench/README.md).
    `Exercise.text` refuses to read such an exercise in another language."""
    language = Exercise.language_now()
    connection = statements.connection_for(Exercise)
    translated = "translations" in fields
    # In the library's own language there is nothing to read: its texts are the exercise's fields.
    other_language = language != Exercise.WRITTEN_IN
    with connection.cursor() as cursor:
        sql = _exercises_sql(connection.vendor, fields, len(keys), other_language)
        asked = [_translations_key(connection.vendor, language)] if translated and other_language else []
        cursor.execute(sql, asked + list(keys))
        found = cursor.fetchall()
    read = {exercise.key: exercise for exercise in (statements.instance(Exercise, row, fields) for row in found)}
    if translated:
        for exercise in read.values():
            exercise.read_in_language(language)
    return read


def _translations_key(vendor: str, language: str) -> str:
    # A JSON path for SQLite's json_extract (the key quoted, for a language such as "zh-hans"); a key for `->`.
    return f'$."{language}"' if vendor == "sqlite" else language


@lru_cache(maxsize=64)
def _exercises_sql(vendor: str, fields: tuple[str, ...], keys: int, other_language: bool) -> str:
    # Only the model's own names are put into the statement; the language and the keys asked for go as parameters.
    # The order is Exercise.Meta.ordering. `vendor` says how the translations of one language are read; in the
    # library's own language (not `other_language`) none are.
    key, order = (
        statements.column(Exercise, "key"),
        ", ".join(f"e.{statements.column(Exercise, name)}" for name in EXERCISE_ORDER),
    )
    if not other_language:
        one_language = "NULL"
    else:
        one_language = "json_extract({column}, %s)" if vendor == "sqlite" else "{column} -> %s"
    read = statements.columns(Exercise, "e", fields, instead=(("translations", one_language),))
    where = f" WHERE e.{key} IN ({', '.join(['%s'] * keys)})" if keys else ""
    return f"SELECT {read} FROM {statements.table(Exercise)} e{where} ORDER BY {order}"  # noqa: S608


EXERCISE_ORDER = tuple(str(name) for name in Exercise._meta.ordering or ())  # plain field names ("approach", "key")


def _info(exercise: Exercise) -> ExerciseInfo:
    return ExerciseInfo(
        key=exercise.key,
        name=exercise.name,
        approach=exercise.approach,
        stage=exercise.stage,
        targets=tuple(exercise.targets),
        joint=exercise.joint,
        paused_by_safety=exercise.paused_by_safety,
        homework=exercise.homework,
        duration_minutes=exercise.duration_minutes,
    )


def draft_content(
    comparison: Comparison, exercises: dict[str, Exercise], sessions: int | None = None
) -> dict[str, Any]:
    infos = [_info(e) for e in exercises.values()]
    # The drafted words are stored as messages (intake.message), worded each time the plan is shown or printed.
    draft: dict[str, Any] = to_data(draft_plan(comparison, infos, sessions, settings.ATTUNE_SESSION_MINUTES))
    for session in draft["sessions"]:
        session.pop("homework", None)  # shown from the library, so edits to an exercise reach every plan
    return draft


def shown_content(content: dict[str, Any]) -> dict[str, Any]:
    """A version's content as its reader reads it: the drafted messages worded in the active language (the
    therapist's on a page, the PDF's when printing); a version saved before drafts were stored as messages, and
    every line the therapist wrote, are plain text and show as written."""
    worded: dict[str, Any] = word_data(content)
    return worded


def sealed_snapshot(snapshot: Snapshot) -> str:
    """The comparison a draft rests on, with the digest of its answers, sealed like the answers."""
    return seal(json.dumps({"digest": snapshot.digest, "record": to_record(snapshot.comparison)}))


def save_version(
    couple: Couple, content: dict[str, Any], by: Any, base: int | None, snapshot: Snapshot | None = None
) -> PlanVersion:
    """Store `content` as the version after `base` (None: a fresh draft after the latest, from `snapshot`).
    An edit keeps the comparison of the version it was made from."""
    with transaction.atomic():
        plan, _created = SessionPlan.objects.get_or_create(couple=couple)
        latest = plan.versions.select_for_update().order_by("-number").first()
        current = latest.number if latest else 0
        if base is not None and latest is not None and base != current:
            raise VersionConflict(latest)
        if snapshot is not None:
            comparison = sealed_snapshot(snapshot)
        else:
            comparison = latest.sealed_comparison if latest else ""
        try:
            with transaction.atomic():
                version = PlanVersion.of(plan, current + 1, by, content, comparison)
                version.save(force_insert=True)
                queue_renders(version)  # its PDFs, rendered by the worker; committed with the version
                return version
        except IntegrityError:
            # A concurrent save took this number between our read and our write.
            raise VersionConflict(plan.versions.order_by("-number")[0]) from None


def draft_version(couple: Couple, by: Any, sessions: int | None = None) -> PlanVersion:
    """A fresh draft from the couple's current answers, keeping the comparison it was made from."""
    snapshot = couple_snapshot(couple)
    content = draft_content(snapshot.comparison, library(), sessions)
    return save_version(couple, content, by, base=None, snapshot=snapshot)


def version_comparison(version: PlanVersion, couple: Couple) -> tuple[Comparison, bool]:
    """The comparison a version was drafted from, and True; for a version saved before versions kept it, the
    current comparison and False."""
    stored = version.comparison_record
    if stored is None:
        return couple_snapshot(couple).comparison, False
    return from_record(stored["record"]), True


def answers_changed(version: PlanVersion, couple: Couple) -> bool:
    """Whether the intakes now differ from those the version was drafted from (changed, or reopened)."""
    stored = version.comparison_record
    if stored is None:
        return False
    # The current digest as kept for these submissions (clinic/printing/kept.py), not read from every answer again.
    return bool(stored["digest"] != kept(couple, DIGEST, lambda: couple_digest(couple)))


def _row(row: dict[str, Any], exercise: Exercise) -> dict[str, Any]:
    minutes = row.get("minutes", exercise.duration_minutes)
    shown = exercise.localized()  # its words in the reader's language
    return {"exercise": shown, "reason": row["reason"], "minutes": minutes, "at_home": row.get("at_home", False)}


def shown_sessions(content: dict[str, Any], exercises: dict[str, Exercise]) -> list[dict[str, Any]]:
    """Each session with its exercises resolved from the library, the homework they bring and its time:
    the check-in plus the exercises in the session, against its length."""
    shown = []
    default_length = content.get("session_minutes", 50)
    for session in content["sessions"]:
        resolved = [_row(row, exercises[row["key"]]) for row in session["exercises"] if row["key"] in exercises]
        homework = [row["exercise"].homework for row in resolved if row["exercise"].homework]
        length = session.get("length", default_length)
        check_in = session.get("check_in", CHECK_IN_MINUTES)
        kind = session.get("kind", SessionKind.JOINT.value)
        total = length if kind == SessionKind.OPEN else check_in + sum(row["minutes"] for row in resolved)
        shown.append(
            {
                **session,
                "kind": kind,
                "exercises": resolved,
                "homework": list(dict.fromkeys(homework)),
                "length": length,
                "check_in": check_in,
                "total": total,
                "over_by": max(0, total - length),
            }
        )
    return shown


def plan_exercises(content: dict[str, Any], exercises: dict[str, Exercise]) -> list[Exercise]:
    """Each exercise the plan uses, once, in order of first use."""
    keys = dict.fromkeys(row["key"] for s in content["sessions"] for row in s["exercises"] if row["key"] in exercises)
    return [exercises[key] for key in keys]


class PageVersions(NamedTuple):
    """What the plan page reads of a couple's versions: every version newest first (number, date, author and plan,
    nothing sealed), the one shown with its sealed content and comparison, and whether the worker failed any of
    that one's PDFs."""

    versions: list[PlanVersion]
    chosen: PlanVersion | None
    any_failed: bool


def page_versions(couple_pk: Any, wanted: str) -> PageVersions:
    """The couple's versions and the one the page shows (`wanted`, a `?version=` number, else the latest), in one
    statement. Built through the ORM, the list and the chosen version's sealed read were two queries that took
    longer to build than to run (bench/README.md, sixth part), so the statement is written once per process from
    the models' own names, and every value goes as a parameter."""
    connection = connections[router.db_for_read(PlanVersion)]
    number = int(wanted) if wanted.isdigit() and len(wanted) < 10 and str(int(wanted)) == wanted else 0
    couple_key = SessionPlan._meta.get_field("couple").get_db_prep_value(couple_pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(_page_versions_sql(connection.vendor), [PdfRender.Status.FAILED, number, couple_key, couple_key])
        rows = cursor.fetchall()
    convert = _converters(connection)
    db, user_model = connection.alias, get_user_model()
    versions, chosen, any_failed, plans = [], None, False, {}
    for pk, n, created_at, author_pk, username, plan_pk, next_on, sealed, sealed_comparison, failed in rows:
        if plan_pk not in plans:
            plans[plan_pk] = SessionPlan.from_db(
                db, ["id", "couple_id", "next_session_on"], [plan_pk, couple_pk, convert["next_session_on"](next_on)]
            )
        shown = [pk, plan_pk, n, convert["created_at"](created_at), author_pk]
        names = ["id", "plan_id", "number", "created_at", "created_by_id"]
        if sealed is not None:  # the chosen version
            shown, names = [*shown, sealed, sealed_comparison], [*names, "sealed", "sealed_comparison"]
        version = PlanVersion.from_db(db, names, shown)
        version.plan = plans[plan_pk]
        version.created_by = (
            None if author_pk is None else user_model.from_db(db, ["id", "username"], [author_pk, username])
        )
        versions.append(version)
        if sealed is not None:
            chosen, any_failed = version, bool(failed)
    return PageVersions(versions, chosen, any_failed)


def _converters(connection: Any) -> dict[str, Callable[[Any], Any]]:
    """The database's own conversions of the two dates the page shows (SQLite hands them back as text)."""

    def converter(model: type[models.Model], name: str) -> Callable[[Any], Any]:
        field = model._meta.get_field(name)
        column = field.get_col(model._meta.db_table)  # type: ignore[union-attr]
        steps = [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]  # type: ignore[union-attr]

        def convert(value: Any) -> Any:
            for step in steps:
                value = step(value, column, connection)
            return value

        return convert

    return {
        "created_at": converter(PlanVersion, "created_at"),
        "next_session_on": converter(SessionPlan, "next_session_on"),
    }


@lru_cache(maxsize=4)
def _page_versions_sql(vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database. Only the models' own names are
    # put into the statement; every value is a parameter.
    connection = connections[router.db_for_read(PlanVersion)]
    q = connection.ops.quote_name
    user_model = get_user_model()

    def col(model: type[models.Model], name: str) -> str:
        return q(str(model._meta.get_field(name).column))  # type: ignore[union-attr]

    names = {
        "version": q(PlanVersion._meta.db_table),
        "plan": q(SessionPlan._meta.db_table),
        "render": q(PdfRender._meta.db_table),
        "user": q(user_model._meta.db_table),
        **{f"v_{name}": col(PlanVersion, name) for name in ("id", "number", "created_at", "created_by", "plan")},
        **{f"v_{name}": col(PlanVersion, name) for name in ("sealed", "sealed_comparison")},
        **{f"p_{name}": col(SessionPlan, name) for name in ("id", "couple", "next_session_on")},
        **{f"r_{name}": col(PdfRender, name) for name in ("version", "status")},
        "u_id": col(user_model, "id"),
        "u_name": col(user_model, user_model.USERNAME_FIELD),
    }
    return " ".join(PAGE_VERSIONS.format(**names).split())  # one line, as the ORM writes it


# The plan page's versions (`page_versions`): the version shown is the one numbered as asked if the plan has it,
# else the latest; only that one's sealed columns are read, with whether any of its PDFs failed.
PAGE_VERSIONS = """
SELECT v.{v_id}, v.{v_number}, v.{v_created_at}, v.{v_created_by}, u.{u_name}, v.{v_plan}, p.{p_next_session_on},
  CASE WHEN v.{v_number} = chosen.n THEN v.{v_sealed} END,
  CASE WHEN v.{v_number} = chosen.n THEN v.{v_sealed_comparison} END,
  CASE WHEN v.{v_number} = chosen.n THEN
    EXISTS(SELECT 1 FROM {render} r WHERE r.{r_version} = v.{v_id} AND r.{r_status} = %s) END
FROM {version} v
INNER JOIN {plan} p ON p.{p_id} = v.{v_plan}
LEFT OUTER JOIN {user} u ON u.{u_id} = v.{v_created_by}
CROSS JOIN (
  SELECT COALESCE(MAX(CASE WHEN w.{v_number} = %s THEN w.{v_number} END), MAX(w.{v_number})) AS n
  FROM {version} w INNER JOIN {plan} wp ON wp.{p_id} = w.{v_plan} WHERE wp.{p_couple} = %s
) chosen
WHERE p.{p_couple} = %s
ORDER BY v.{v_number} DESC
"""
