"""Session plans: drafting from the comparison, saving versions, and what a plan shows.

The drafting rules are pure (`clinic.plans.recommender`); this module connects them to
the database: the library, the versions and the conflict check.
"""

from dataclasses import asdict
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from clinic.models import Exercise, PlanVersion, SessionPlan
from clinic.plans.recommender import DEFAULT_SESSIONS, ExerciseInfo, draft_plan
from clinic.printing.reports import comparison_chart, couple_comparison, readiness_notes, safety_panel
from intake.comparison import Comparison
from intake.controls import trusted_svg
from intake.models import Couple


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
)


def library(*fields: str) -> dict[str, Exercise]:
    exercises = Exercise.objects.only(*fields) if fields else Exercise.objects.all()
    return {exercise.key: exercise for exercise in exercises}


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
    comparison: Comparison, exercises: dict[str, Exercise], sessions: int = DEFAULT_SESSIONS
) -> dict[str, Any]:
    draft = asdict(draft_plan(comparison, [_info(e) for e in exercises.values()], sessions))
    for session in draft["sessions"]:
        session.pop("homework", None)  # shown from the library, so edits to an exercise reach every plan
    return draft


def save_version(couple: Couple, content: dict[str, Any], by: Any, base: int | None) -> PlanVersion:
    """Store `content` as the version after `base` (None: a fresh draft after the latest)."""
    with transaction.atomic():
        plan, _created = SessionPlan.objects.get_or_create(couple=couple)
        latest = plan.versions.select_for_update().order_by("-number").first()
        current = latest.number if latest else 0
        if base is not None and latest is not None and base != current:
            raise VersionConflict(latest)
        try:
            with transaction.atomic():
                version = PlanVersion.of(plan, current + 1, by, content)
                version.save(force_insert=True)
                return version
        except IntegrityError:
            # A concurrent save took this number between our read and our write.
            raise VersionConflict(plan.versions.order_by("-number")[0]) from None


def shown_sessions(content: dict[str, Any], exercises: dict[str, Exercise]) -> list[dict[str, Any]]:
    """Each session with its exercises resolved from the library and the homework they bring."""
    shown = []
    for session in content["sessions"]:
        resolved = [
            {"exercise": exercises[row["key"]], "reason": row["reason"]}
            for row in session["exercises"]
            if row["key"] in exercises
        ]
        homework = [row["exercise"].homework for row in resolved if row["exercise"].homework]
        shown.append({**session, "exercises": resolved, "homework": homework})
    return shown


def handout_sessions(content: dict[str, Any], exercises: dict[str, Exercise]) -> list[dict[str, Any]]:
    """The couple's view: joint exercises and their homework only. Individual sessions (safety work among
    them) and every reason, goal and note stay out: those carry individual answers."""
    shown = []
    for session in content["sessions"]:
        joint = [
            exercises[row["key"]]
            for row in session["exercises"]
            if row["key"] in exercises and exercises[row["key"]].joint
        ]
        shown.append(
            {"number": session["number"], "exercises": joint, "homework": [e.homework for e in joint if e.homework]}
        )
    return shown


def plan_exercises(content: dict[str, Any], exercises: dict[str, Exercise]) -> list[Exercise]:
    """Each exercise the plan uses, once, in order of first use."""
    keys = dict.fromkeys(row["key"] for s in content["sessions"] for row in s["exercises"] if row["key"] in exercises)
    return [exercises[key] for key in keys]


APPROACH_LABELS = {
    "eft": _("Emotionally Focused Therapy"),
    "gottman": _("Gottman Method"),
    "both": _("EFT and the Gottman Method together"),
    "individual": _("Individual sessions first"),
}


def _printed_on() -> str:
    return date_format(localdate(), "j F Y")


def plan_pdf_context(
    couple: Couple, version: PlanVersion, exercises: dict[str, Exercise], paper: str
) -> dict[str, Any]:
    comparison = couple_comparison(couple)
    questionnaire = couple.partner_a.questionnaire
    used = plan_exercises(version.content, exercises)
    references = [
        *list(dict.fromkeys(line.strip() for e in used for line in e.source.splitlines() if line.strip())),
        comparison.csi4_citation,
    ]
    therapist = couple.therapist
    return {
        "paper": paper,
        "printed_on": _printed_on(),
        "couple": couple,
        "therapist_name": therapist.get_full_name() or therapist.get_username(),
        "version": version,
        "plan": version.content,
        "approach_label": APPROACH_LABELS.get(version.content["approach"], version.content["approach"]),
        "c": comparison,
        "chart": trusted_svg(comparison_chart(comparison, svg_id="pdf-chart")),
        "readiness_notes": readiness_notes(comparison),
        "safety": safety_panel(comparison, questionnaire),
        "summaries": [comparison.partner_a, comparison.partner_b],
        "sessions": shown_sessions(version.content, exercises),
        "exercises": used,
        "references": sorted(references),
    }


def handout_pdf_context(version: PlanVersion, exercises: dict[str, Exercise], paper: str) -> dict[str, Any]:
    return {"paper": paper, "printed_on": _printed_on(), "sessions": handout_sessions(version.content, exercises)}
