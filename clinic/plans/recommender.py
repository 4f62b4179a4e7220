"""Draft a session plan from a couple's comparison: the approach, the sessions, and the finding behind each exercise.

Pure: imports only the standard library, the pure intake modules and its own wording (clinic.plans.recommender_text),
never Django, so it runs and is tested without settings or a database.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from clinic.plans import recommender_text as t
from intake.comparison import (
    AREA_LABELS,
    P_AREAS,
    READINESS_FLAGS,
    READINESS_LABELS,
    Category,
    Comparison,
    Finding,
    Overlap,
    PartnerSafety,
    Person,
    ReadinessFlag,
    Side,
)

DEFAULT_SESSIONS = 6
MAX_SESSIONS = 20
MAX_MINUTES = 90  # in-session exercise time per session
MAX_EXERCISES = 2
MAX_GOALS = 3
CHECK_IN_SESSION = 3  # the routine individual session comes after the first two (docs/clinical.md, EFT sequencing)
ROUTINE_MIN_SESSIONS = 4  # from this length on, a plan has the check-in and a closing session
CSI4_EVERY = 3  # the CSI-4 at sessions 1, 4, 7, ... and the last
RARE_RITUALS_MIN = 2  # rituals both partners call rare, out of four, before "rituals are low"

LOW_READINESS = {flag: key for key, flag in READINESS_FLAGS.items() if flag != ReadinessFlag.NO_PROBLEM_SEEN}


@dataclass(frozen=True)
class ExerciseInfo:
    key: str
    name: str
    approach: str  # "gottman" | "eft" | "individual"
    stage: str
    targets: tuple[str, ...]
    joint: bool
    paused_by_safety: bool
    homework: str
    duration_minutes: int


@dataclass(frozen=True)
class PlannedExercise:
    key: str
    reason: str  # the finding that chose it, a full sentence for the therapist


@dataclass(frozen=True)
class PlannedSession:
    number: int  # 1-based
    focus: str
    goals: tuple[str, ...]
    exercises: tuple[PlannedExercise, ...]
    homework: tuple[str, ...]
    measures: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True)
class Draft:
    approach: str  # "eft" | "gottman" | "both" | "individual" (joint work on hold)
    approach_reason: str
    safety_hold: bool  # therapist-only
    hold_reason: str  # therapist-only; "" without a hold
    readiness_step: str  # "" or what comes before joint work
    strengths: tuple[str, ...]
    stage: str
    sessions: tuple[PlannedSession, ...]


@dataclass(frozen=True)
class _Pick:
    key: str
    reason: str
    goal: str


@dataclass(frozen=True)
class _Need:
    area: str
    reason: str


Library = dict[str, ExerciseInfo]
Scheduled = list[tuple[int, _Pick]]  # (session number, pick) of the joint exercises placed so far


def draft_plan(comparison: Comparison, library: Sequence[ExerciseInfo], sessions: int = DEFAULT_SESSIONS) -> Draft:
    """The draft plan. Order of work: safety, readiness, shared concerns, perception gaps; strengths first."""
    if isinstance(sessions, bool) or not isinstance(sessions, int) or not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"a plan has 1 to {MAX_SESSIONS} sessions, not {sessions!r}")
    exercises = {info.key: info for info in sorted(library, key=lambda info: info.key)}
    strengths = tuple(finding.sentence for finding in comparison.strengths)
    step = readiness_step(comparison)
    if comparison.safety.any_safety:
        return Draft(
            "individual",
            t.APPROACH_INDIVIDUAL,
            True,
            hold_reason(comparison),
            t.AFTER_INDIVIDUAL.format(step=step) if step else "",
            strengths,
            t.STAGE_INDIVIDUAL,
            hold_sessions(comparison, exercises, sessions),
        )
    approach, reason = choose_approach(comparison)
    queue = exercise_queue(comparison, exercises, approach)
    planned = joint_sessions(comparison, exercises, approach, queue, sessions)
    stage = plan_stage(approach, needs_discernment(comparison), planned, exercises)
    return Draft(approach, reason, False, "", step, strengths, stage, planned)


# Safety (docs/clinical.md, safety screening and tiers) ----------------------------------------------------


def _person(comparison: Comparison, side: Side) -> Person:
    return comparison.a if side is Side.A else comparison.b


def _safety(comparison: Comparison) -> list[tuple[Person, PartnerSafety]]:
    return [(comparison.a, comparison.safety.a), (comparison.b, comparison.safety.b)]


def _endorsements(comparison: Comparison) -> str:
    """Who endorsed which kind of safety item: therapist-only text."""
    return "; ".join(t.endorsed(person.name, found.endorsed) for person, found in _safety(comparison) if found.endorsed)


def hold_reason(comparison: Comparison) -> str:
    """Why joint work is on hold and what to do, with same-day follow-up for self-harm; "" without a hold."""
    if not comparison.safety.any_safety:
        return ""
    self_harm = [
        t.HOLD_SELF_HARM.format(name=person.name, them=person.object)
        for person, found in _safety(comparison)
        if found.self_harm
    ]
    return " ".join([t.HOLD.format(endorsements=_endorsements(comparison)), *self_harm, t.RESUME_NOTE])


def hold_sessions(comparison: Comparison, exercises: Library, count: int) -> tuple[PlannedSession, ...]:
    """Individual sessions only: assessment, safety planning and referral, then individual follow-up."""
    endorsements = _endorsements(comparison)
    queue = [
        _Pick(key, t.SAFETY_REASONS[key].format(endorsements=endorsements), t.INDIVIDUAL_GOALS[key])
        for key in t.HOLD_KEYS
        if key in exercises
    ]
    self_harm = comparison.safety.a.self_harm or comparison.safety.b.self_harm
    done: Scheduled = []
    sessions = []
    for number in range(1, count + 1):
        picks = _take(queue, exercises, MAX_EXERCISES)
        goals = [pick.goal for pick in picks] + [t.GOAL_NEXT_STEP]
        if picks:
            done.extend((number, pick) for pick in picks if pick.key == t.SAFETY_ASSESSMENT)
        else:
            picks = [_continued(done[0])] if done else []
            goals = list(t.FOLLOW_UP_GOALS)
        if number == 1 and self_harm:
            goals.insert(0, t.SELF_HARM_GOAL)
        sessions.append(_session(number, count, t.FOCUS_INDIVIDUAL, goals, picks, exercises, t.RESUME_NOTE))
    return _with_unscheduled(sessions, queue, exercises)


# Readiness ----------------------------------------------------------------------------------------------


def _flagged(comparison: Comparison, flag: ReadinessFlag) -> str:
    """The names of the partners with `flag`, joined ("Sam", "Sam and Alex"); "" for none."""
    return t.AND.join(
        _person(comparison, note.side).name
        for note in comparison.readiness_flags
        if note.flag == flag and note.side is not None
    )


def needs_discernment(comparison: Comparison) -> bool:
    """A partner leaning out, or committed against unsure or leaning out: discernment before joint work."""
    flags = {note.flag for note in comparison.readiness_flags}
    return ReadinessFlag.LEANING_OUT in flags or ReadinessFlag.MISMATCH_STANCE in flags


def _discernment_why(comparison: Comparison) -> str:
    stances = (comparison.partner_a, comparison.partner_b)
    return t.AND.join(
        t.STANCE_CHOSEN.format(name=summary.name, label=summary.stance_label)
        for summary in stances
        if summary.stance_label
    )


def readiness_step(comparison: Comparison) -> str:
    """What comes before joint work: discernment counselling, then building recognition of the problem."""
    steps = []
    if needs_discernment(comparison):
        steps.append(t.STEP_DISCERNMENT.format(why=_discernment_why(comparison)))
    unseen = _flagged(comparison, ReadinessFlag.NO_PROBLEM_SEEN)
    if unseen:
        steps.append(t.STEP_RECOGNITION.format(names=unseen))
    return " ".join(steps)


def readiness_notes(comparison: Comparison) -> str:
    """For the first session: an unsure stance (without a mismatch) and other low readiness answers."""
    notes = []
    for note in comparison.readiness_flags:
        if note.side is None:
            continue
        name = _person(comparison, note.side).name
        if note.flag == ReadinessFlag.UNSURE and not needs_discernment(comparison):
            notes.append(t.NOTE_UNSURE.format(name=name))
        elif note.flag in LOW_READINESS:
            notes.append(t.NOTE_LOW_READINESS.format(name=name, label=READINESS_LABELS[LOW_READINESS[note.flag]]))
    return " ".join(notes)


def readiness_picks(comparison: Comparison, exercises: Library) -> list[_Pick]:
    """A partner who sees no problem: first a session seeing the negative cycle together."""
    unseen = _flagged(comparison, ReadinessFlag.NO_PROBLEM_SEEN)
    if not unseen or t.DE_ESCALATION not in exercises:
        return []
    return [_Pick(t.DE_ESCALATION, t.NO_PROBLEM.format(names=unseen), t.AREA_GOALS["readiness"])]


# Approach -----------------------------------------------------------------------------------------------


def _gaps(comparison: Comparison) -> list[Finding]:
    # Only true perception gaps: a large difference between two unproblematic answers chooses no exercise.
    return [finding for finding in comparison.differences if finding.category == Category.PERCEPTION_GAP]


def rare_rituals(comparison: Comparison) -> tuple[str, ...]:
    """Labels of the rituals both partners answer at the problem end, when there are enough to call them low."""
    rare = tuple(row.label for row in comparison.rituals if row.a and row.b and row.a.problem and row.b.problem)
    return rare if len(rare) >= RARE_RITUALS_MIN else ()


def approach_signals(comparison: Comparison) -> tuple[list[str], list[str]]:
    """Labels of the problem areas (shared concern, perception gap, own experience) pointing to EFT, to Gottman."""
    problems = {finding.area for finding in (*comparison.shared_concerns, *_gaps(comparison))}
    problems |= {row.area for row in comparison.experience if row.overlap in (Overlap.BOTH, Overlap.ONE)}
    if rare_rituals(comparison):
        problems.add("rituals")
    labels = {**AREA_LABELS, "rituals": t.RITUALS_LABEL}
    return (
        [labels[area] for area in t.EFT_AREAS if area in problems],
        [labels[area] for area in t.GOTTMAN_AREAS if area in problems],
    )


def choose_approach(comparison: Comparison) -> tuple[str, str]:
    """EFT or Gottman when its signal areas are at least twice the other's; both when both are present;
    Gottman (building on strengths) when neither is, or until both partners have answered."""
    if len(comparison.answered) < 2:
        return "gottman", t.APPROACH_WAITING
    eft, gottman = approach_signals(comparison)
    eft_text, gottman_text = ("; ".join(label.lower() for label in labels) for labels in (eft, gottman))
    if eft and len(eft) >= 2 * len(gottman):
        return "eft", t.APPROACH_EFT.format(eft=eft_text)
    if gottman and len(gottman) >= 2 * len(eft):
        return "gottman", t.APPROACH_GOTTMAN.format(gottman=gottman_text)
    if eft and gottman:
        return "both", t.APPROACH_BOTH.format(eft=eft_text, gottman=gottman_text)
    return "gottman", t.APPROACH_NONE


# Choosing exercises -------------------------------------------------------------------------------------


def needs(comparison: Comparison) -> list[_Need]:
    """Areas to work on, in order: shared concerns, feelings both report, perception gaps, feelings one
    reports, rare rituals; each with the sentence that will justify its exercise."""
    a, b = comparison.a.name, comparison.b.name
    found = [_Need(f.area, t.CHOSEN_BECAUSE.format(sentence=f.sentence)) for f in comparison.shared_concerns]
    found += [
        _Need(row.area, t.EXPERIENCE_BOTH.format(a=a, b=b, label=row.label.lower()))
        for row in comparison.experience
        if row.overlap == Overlap.BOTH
    ]
    found += [_Need(f.area, t.CHOSEN_BECAUSE.format(sentence=f.sentence)) for f in _gaps(comparison)]
    for row in comparison.experience:
        if row.overlap == Overlap.ONE and row.who is not None:
            person = _person(comparison, row.who)
            found.append(
                _Need(
                    row.area,
                    t.EXPERIENCE_ONE.format(name=person.name, their=person.possessive, label=row.label.lower()),
                )
            )
    rituals = rare_rituals(comparison)
    if rituals:
        found.append(_Need("rituals", t.RITUALS_RARE.format(a=a, b=b, labels=t.join([r.lower() for r in rituals]))))
    return found


def _selectable(info: ExerciseInfo) -> bool:
    # The A.R.E. check-in targets every partner area: too general to answer a finding, and it would cover all.
    return info.joint and info.approach in ("eft", "gottman") and not set(P_AREAS) <= set(info.targets)


def choose_exercises(wanted: Sequence[_Need], exercises: Library, approach: str, taken: Sequence[_Pick]) -> list[_Pick]:
    """For each need whose area no chosen exercise targets yet: the exercise covering most still-uncovered
    areas, the approach's own first; ties go to the family the area points to, then by key. Each exercise
    once; its reason is the need's sentence."""
    chosen = {pick.key for pick in taken}
    covered = {area for pick in taken for area in exercises[pick.key].targets}
    areas = {need.area for need in wanted}
    picks = []
    for need in wanted:
        options = [
            info
            for info in exercises.values()
            if _selectable(info) and need.area in info.targets and info.key not in chosen
        ]
        if need.area in covered or not options:
            continue
        uncovered = areas - covered
        family = "gottman" if need.area in t.GOTTMAN_AREAS else "eft"
        best = min(
            options,
            key=lambda info: (
                info.approach not in t.ALLOWED[approach],
                -len(uncovered.intersection(info.targets)),
                info.approach != family,
                info.key,
            ),
        )
        picks.append(_Pick(best.key, need.reason, t.AREA_GOALS.get(need.area, t.GOAL_HOMEWORK)))
        chosen.add(best.key)
        covered.update(best.targets)
    return picks


def exercise_queue(comparison: Comparison, exercises: Library, approach: str) -> list[_Pick]:
    """Every joint exercise for the plan, highest priority first: readiness, then EFT's entry (stage 1
    starts every EFT course), then the needs' exercises."""
    wanted = needs(comparison)
    first = readiness_picks(comparison, exercises)
    if approach in ("eft", "both") and t.DE_ESCALATION in exercises and not first:
        targets = exercises[t.DE_ESCALATION].targets
        reason = next((need.reason for need in wanted if need.area in targets), t.EFT_START)
        first = [_Pick(t.DE_ESCALATION, reason, t.AREA_GOALS["cycle"])]
    return first + choose_exercises(wanted, exercises, approach, first)


# Sessions -----------------------------------------------------------------------------------------------


def measures(number: int, count: int) -> tuple[str, ...]:
    """The safety screen individually every session; the CSI-4 at the first, every third and the last."""
    if number in (1, count) or number % CSI4_EVERY == 1:
        return (t.MEASURE_CSI4, t.MEASURE_SAFETY)
    return (t.MEASURE_SAFETY,)


def _session(
    number: int,
    count: int,
    focus: str,
    goals: Sequence[str],
    picks: Sequence[_Pick],
    exercises: Library,
    notes: str = "",
) -> PlannedSession:
    homework = (exercises[pick.key].homework for pick in picks)
    return PlannedSession(
        number,
        focus,
        tuple(dict.fromkeys(goal for goal in goals if goal))[:MAX_GOALS],
        tuple(PlannedExercise(pick.key, pick.reason) for pick in picks),
        tuple(dict.fromkeys(text for text in homework if text)),
        measures(number, count),
        notes,
    )


def _take(queue: list[_Pick], exercises: Library, limit: int) -> list[_Pick]:
    """Pop the queue's first picks that fit one session: at most `limit` and MAX_MINUTES (one always fits)."""
    taken: list[_Pick] = []
    minutes = 0
    while queue and len(taken) < limit:
        minutes += exercises[queue[0].key].duration_minutes
        if taken and minutes > MAX_MINUTES:
            break
        taken.append(queue.pop(0))
    return taken


def _continued(scheduled: tuple[int, _Pick]) -> _Pick:
    number, pick = scheduled
    return _Pick(pick.key, t.CONTINUED.format(number=number, reason=pick.reason), pick.goal)


def _noted(session: PlannedSession, note: str) -> PlannedSession:
    return replace(session, notes=" ".join(filter(None, (session.notes, note))))


def _with_unscheduled(
    sessions: list[PlannedSession], queue: Sequence[_Pick], exercises: Library
) -> tuple[PlannedSession, ...]:
    if queue:
        names = t.join([exercises[pick.key].name for pick in queue])
        sessions[-1] = _noted(sessions[-1], t.NOTE_UNSCHEDULED.format(names=names))
    return tuple(sessions)


def _layout(count: int, discernment: bool) -> list[str]:
    # After discernment, the first joint session still opens the couple work.
    kinds = (["discernment", "opening"] if discernment else ["opening"]) + ["work"] * count
    kinds = kinds[:count]
    if count >= ROUTINE_MIN_SESSIONS:
        kinds[CHECK_IN_SESSION - 1] = "check_in"
        kinds[-1] = "closing"
    return kinds


def joint_sessions(
    comparison: Comparison, exercises: Library, approach: str, queue: list[_Pick], count: int
) -> tuple[PlannedSession, ...]:
    """Session 1 opens (or holds discernment); session 3 is the routine individual check-in and the last
    consolidates when the plan has four or more; the others take the queue in order, then deepen practice."""
    kinds = _layout(count, needs_discernment(comparison))
    closing = _closing_pick(approach, queue, exercises) if "closing" in kinds else None
    done: Scheduled = []
    sessions = []
    for number, kind in enumerate(kinds, 1):
        if kind == "discernment":
            sessions.append(_discernment(comparison, number, count, exercises))
        elif kind == "check_in":
            picks = [_Pick(t.SAFETY_ASSESSMENT, t.CHECK_IN, "")] if t.SAFETY_ASSESSMENT in exercises else []
            sessions.append(_session(number, count, t.FOCUS_INDIVIDUAL, t.CHECK_IN_GOALS, picks, exercises))
        elif kind == "closing":
            picks = [closing] if closing else []
            sessions.append(_session(number, count, t.FOCUS_CLOSING, t.CLOSING_GOALS, picks, exercises))
        else:
            sessions.append(_work(number, count, kind == "opening", queue, done, exercises))
    sessions[0] = _noted(sessions[0], readiness_notes(comparison))
    return _with_unscheduled(sessions, queue, exercises)


def _discernment(comparison: Comparison, number: int, count: int, exercises: Library) -> PlannedSession:
    reason = t.DISCERNMENT_REASON.format(why=_discernment_why(comparison))
    picks = [_Pick(t.DISCERNMENT, reason, "")] if t.DISCERNMENT in exercises else []
    return _session(number, count, t.FOCUS_DISCERNMENT, t.DISCERNMENT_GOALS, picks, exercises, t.NOTE_DISCERNMENT)


def _work(
    number: int, count: int, opening: bool, queue: list[_Pick], done: Scheduled, exercises: Library
) -> PlannedSession:
    picks = _take(queue, exercises, 1 if opening else MAX_EXERCISES)
    done.extend((number, pick) for pick in picks)
    if opening:
        return _session(number, count, t.FOCUS_OPENING, [*t.OPENING_GOALS, *(p.goal for p in picks)], picks, exercises)
    if picks:
        focus = t.AND.join(exercises[pick.key].name for pick in picks)
        return _session(number, count, focus, [*(p.goal for p in picks), t.GOAL_HOMEWORK], picks, exercises)
    if not done:
        return _session(number, count, t.FOCUS_PRACTICE, [t.GOAL_REVIEW, t.GOAL_HOMEWORK], [], exercises)
    # Nothing new left: deepen what is already in the plan, in turn, rather than invent exercises.
    earlier = done.pop(0)
    done.append(earlier)
    pick = _continued(earlier)
    focus = t.FOCUS_DEEPEN.format(name=exercises[pick.key].name)
    return _session(number, count, focus, [t.GOAL_REVIEW, pick.goal], [pick], exercises)


def _closing_pick(approach: str, queue: list[_Pick], exercises: Library) -> _Pick | None:
    """The closing exercise, taken from the queue (keeping its finding) when chosen there, else the approach's."""
    keys = [key for key in t.CLOSING_KEYS[approach] if key in exercises]
    queued = next((pick for pick in queue if pick.key in keys), None)
    if queued is not None:
        queue.remove(queued)
        return queued
    return _Pick(keys[0], t.CLOSING, "") if keys else None


def plan_stage(approach: str, discernment: bool, sessions: Sequence[PlannedSession], exercises: Library) -> str:
    """The current EFT step or Gottman phase at the start of the plan (the closing session does not set it)."""
    levels = [
        exercises[planned.key].stage
        for session in (sessions[:-1] or sessions)
        for planned in session.exercises
        if exercises[planned.key].approach == "gottman"
    ]
    gottman = t.STAGE_GOTTMAN.format(level=levels[0]) if levels else t.STAGE_GOTTMAN_ASSESSMENT
    stage = {"eft": t.STAGE_EFT, "gottman": gottman, "both": f"{t.STAGE_EFT}; {gottman}"}[approach]
    return t.STAGE_DISCERNMENT.format(stage=stage) if discernment else stage
