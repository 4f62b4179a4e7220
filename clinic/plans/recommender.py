"""Draft a session plan from a couple's comparison: the approach, the sessions in the order the model sets,
and the finding behind each exercise.

Pure: imports only the standard library, the pure intake modules and its own parts (clinic.plans.courses,
findings, sessions, recommender_text and recommender_types), never Django, so it runs and is tested without
settings or a database. The rules are those of docs/clinical.md, "Plan drafting".
"""

from collections.abc import Sequence
from dataclasses import replace

from clinic.plans import recommender_text as t
from clinic.plans.courses import Library, both_course, eft_course, gottman_course
from clinic.plans.findings import (
    Need,
    causes,
    mixed_agenda,
    needs,
    pattern,
    rare_rituals,
    referral_notes,
    stance_why,
    stances,
)
from clinic.plans.recommender_types import (
    CHECK_IN_MINUTES,
    Block,
    Course,
    Draft,
    ExerciseInfo,
    Pick,
    PlannedExercise,
    PlannedSession,
    SessionKind,
)
from clinic.plans.sessions import DEFAULT_SESSION_MINUTES, fit, open_block, open_hold_block, open_session, timed
from intake.comparison import (
    AREA_LABELS,
    READINESS_FLAGS,
    READINESS_LABELS,
    Comparison,
    Overlap,
    PartnerSafety,
    ReadinessFlag,
    Side,
    Stance,
)
from intake.comparison_text import possessive, theme_message
from intake.comparison_types import ThemeKind
from intake.message import Joiner, Text, join, label, msg, sentences
from intake.questionnaire import SafetyTier

__all__ = [
    "CHECK_IN_MINUTES",
    "Draft",
    "ExerciseInfo",
    "PlannedExercise",
    "PlannedSession",
    "draft_plan",
    "open_session",
]

DEFAULT_SESSIONS = {"eft": 10, "gottman": 8, "both": 10}  # docs/clinical.md, "Plan drafting"
MIN_SESSION_MINUTES, MAX_SESSION_MINUTES = 30, 180
MAX_SESSIONS = 20
DISCERNMENT_MINUTES = 120  # the first discernment session runs about two hours (Doherty & Harris 2017)
INDIVIDUAL_KEYS = ("individual-assessment", "individual-safety-assessment")
SAFETY_STEPS = ("individual-safety-assessment", "individual-safety-planning", "individual-therapy-referral")
DISCERNMENT = "individual-discernment-counselling"
# Problem areas that point to attachment distress (EFT) or to everyday skills and habits (Gottman).
EFT_AREAS = ("P4", "P8", "O1", "O3", "O5", "O8")
GOTTMAN_AREAS = ("P2", "P3", "P6", "P7", "rituals", "bids", "bids_against")
LOW_READINESS = {flag: key for key, flag in READINESS_FLAGS.items() if flag != ReadinessFlag.NO_PROBLEM_SEEN}


def draft_plan(
    comparison: Comparison,
    library: Sequence[ExerciseInfo],
    sessions: int | None = None,
    session_minutes: int = DEFAULT_SESSION_MINUTES,
) -> Draft:
    """The draft plan; `sessions` None takes the approach's usual length. Order of work: safety, readiness,
    shared concerns, perception gaps; strengths first."""
    if sessions is not None and (isinstance(sessions, bool) or not isinstance(sessions, int)):
        raise ValueError(f"the number of sessions must be a whole number, not {sessions!r}")
    if sessions is not None and not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"a plan has 1 to {MAX_SESSIONS} sessions, not {sessions!r}")
    if not MIN_SESSION_MINUTES <= session_minutes <= MAX_SESSION_MINUTES:
        raise ValueError(f"a session lasts {MIN_SESSION_MINUTES} to {MAX_SESSION_MINUTES} minutes")
    exercises = {info.key: info for info in sorted(library, key=lambda info: info.key)}
    strengths = tuple(theme_message(theme) for theme in comparison.themes if theme.kind is ThemeKind.STRENGTH)
    if comparison.safety.hold:
        blocks = hold_blocks(comparison, exercises)
        count = sessions or len(blocks)
        planned = fit(Course((), tuple(blocks)), count, open_hold_block())
        return Draft(
            "individual",
            msg(t.APPROACH_INDIVIDUAL),
            True,
            hold_reason(comparison),
            comparison.safety.tier.value,
            readiness_step(comparison),
            strengths,
            msg(t.STAGE_INDIVIDUAL),
            tuple(readiness_notes(comparison)),
            session_minutes,
            timed(planned, session_minutes, exercises),
        )
    approach, reason = choose_approach(comparison)
    blocks_before = pre_joint_blocks(comparison, exercises, approach)
    count = sessions or DEFAULT_SESSIONS[approach] + any(b.kind is SessionKind.DISCERNMENT for b in blocks_before)
    course = joint_course(comparison, exercises, approach, count, session_minutes, blocks_before)
    planned = fit(course, count, open_block())
    notes = [pattern(comparison).note(comparison), *referral_notes(comparison), *readiness_notes(comparison)]
    return Draft(
        approach,
        reason,
        False,
        "",
        comparison.safety.tier.value,
        readiness_step(comparison),
        strengths,
        plan_stage(approach, blocks_before, course),
        tuple(note for note in notes if note),
        session_minutes,
        timed(planned, session_minutes, exercises),
    )


# Safety (docs/clinical.md, "Safety screening and tiers") -------------------------------------------------


def _safety(comparison: Comparison) -> list[tuple[Side, PartnerSafety]]:
    return [(Side.A, comparison.safety.a), (Side.B, comparison.safety.b)]


def _kinds(keys: Sequence[str]) -> Text:
    kinds = dict.fromkeys(t.SAFETY_KINDS.get(key, t.SAFETY_KIND_OTHER) for key in keys)
    return join([msg(kind) for kind in kinds])


def _endorsed(comparison: Comparison, side: Side, found: PartnerSafety) -> Text:
    """What one partner endorsed, with "I'd rather tell my therapist in person" answers said as what they are."""
    name = comparison.name(side)
    said = [key for key in found.endorsed if key not in found.in_person]
    parts: list[Text] = [msg(t.ENDORSED, name=name, kinds=_kinds(said))] if said else []
    if found.in_person:
        parts.append(msg(t.ENDORSED_IN_PERSON, name=name, kinds=_kinds(found.in_person)))
    return join(parts, Joiner.SEMICOLON)


def hold_reason(comparison: Comparison) -> Text:
    """Why joint work is on hold and what to do, with same-day follow-up for self-harm; "" without a hold."""
    if not comparison.safety.hold:
        return ""
    endorsements = join(
        [_endorsed(comparison, side, found) for side, found in _safety(comparison) if found.endorsed],
        Joiner.SEMICOLON,
    )
    # {them} is the English object pronoun ("follow up with her"); a translation words it from {name}.
    self_harm = [
        msg(t.HOLD_SELF_HARM, name=comparison.name(side), them=comparison.person(side).object)
        for side, found in _safety(comparison)
        if found.self_harm
    ]
    return sentences(msg(t.HOLD, endorsements=endorsements), *self_harm, msg(t.RESUME_NOTE))


def _safety_block(comparison: Comparison, exercises: Library, side: Side, key: str) -> Block:
    person, found = comparison.person(side), comparison.safety.a if side is Side.A else comparison.safety.b
    endorsements = _endorsed(comparison, side, found)
    reason = msg(t.SAFETY_REASONS[key], endorsements=endorsements, name=person.name, their=possessive(person))
    first = key == SAFETY_STEPS[0]
    goals: list[Text] = [
        msg(t.INDIVIDUAL_GOALS[key], name=person.name, their=possessive(person)),
        msg(t.GOAL_NEXT_STEP),
    ]
    if first and found.self_harm:
        goals.insert(0, msg(t.SELF_HARM_GOAL, name=person.name))
    picks = (Pick(key, reason),) if key in exercises else ()
    focus = msg(t.FOCUS_SAFETY, name=person.name)
    return Block(SessionKind.INDIVIDUAL, focus, picks, tuple(goals), partner=side.value)


def hold_blocks(comparison: Comparison, exercises: Library) -> list[Block]:
    """Individual sessions only, one partner each: assessment with whoever endorsed anything (and a routine
    session with a partner who did not, so no one is singled out), then safety planning, then referral."""
    endorsers = [side for side, found in _safety(comparison) if found.any_safety]
    blocks = []
    for side in Side:
        if side in endorsers:
            blocks.append(_safety_block(comparison, exercises, side, SAFETY_STEPS[0]))
        else:
            person = comparison.person(side)
            key = next((k for k in INDIVIDUAL_KEYS if k in exercises), "")
            reason = msg(t.HOLD_ROUTINE, name=person.name, their=possessive(person))
            picks = (Pick(key, reason),) if key else ()
            focus = msg(t.FOCUS_INDIVIDUAL, name=person.name)
            goals = (msg(t.CHECK_IN_GOALS[0]), msg(t.CHECK_IN_GOALS[1]), msg(t.GOAL_NEXT_STEP))
            blocks.append(Block(SessionKind.INDIVIDUAL, focus, picks, goals, partner=side.value))
    for key in SAFETY_STEPS[1:]:
        blocks += [_safety_block(comparison, exercises, side, key) for side in endorsers]
    return blocks


# Readiness and discernment (Doherty & Harris 2017) -------------------------------------------------------


def _flagged(comparison: Comparison, flag: ReadinessFlag) -> list[Side]:
    return [note.side for note in comparison.readiness_flags if note.flag == flag and note.side is not None]


def discernment_fits(comparison: Comparison) -> bool:
    """A mixed agenda, and nobody reports fear, violence or coercive control (tier A)."""
    return mixed_agenda(comparison) and comparison.safety.tier is not SafetyTier.A


def readiness_step(comparison: Comparison) -> Text:
    """What comes before joint work: discernment counselling, then building recognition of the problem."""
    steps: list[Text] = []
    if discernment_fits(comparison):
        template = t.DISCERNMENT_AFTER_HOLD if comparison.safety.hold else t.DISCERNMENT_STEP
        steps.append(msg(template, why=stance_why(comparison)))
    if unseen := _flagged(comparison, ReadinessFlag.NO_PROBLEM_SEEN):
        steps.append(msg(t.STEP_RECOGNITION, names=join([comparison.name(side) for side in unseen])))
    return sentences(*steps)


def readiness_notes(comparison: Comparison) -> list[Text]:
    """Stances that call for no discernment but for a conversation, and low answers on readiness."""
    notes: list[Text] = []
    stance = stances(comparison)
    out = [side for side in Side if stance[side] is Stance.LEANING_OUT]
    unsure = [side for side in Side if stance[side] is Stance.UNSURE]
    if mixed_agenda(comparison) and comparison.safety.tier is SafetyTier.A:
        notes.append(msg(t.NO_DISCERNMENT, name=comparison.name(out[0])))
    elif len(out) == 2:
        notes.append(msg(t.BOTH_LEANING_OUT))
    elif out and unsure:
        notes.append(msg(t.NO_CHOICE_YET, out=comparison.name(out[0]), unsure=comparison.name(unsure[0])))
    elif unsure:
        notes += [msg(t.NOTE_UNSURE, name=comparison.name(side)) for side in unsure]
    for note in comparison.readiness_flags:
        if note.side is not None and note.flag in LOW_READINESS:
            readiness = msg(READINESS_LABELS[LOW_READINESS[note.flag]])
            notes.append(msg(t.NOTE_LOW_READINESS, name=comparison.name(note.side), label=readiness))
    return notes


def _discernment_block(comparison: Comparison, exercises: Library) -> Block:
    reason = msg(t.DISCERNMENT_REASON, why=stance_why(comparison))
    picks = (Pick(DISCERNMENT, reason),) if DISCERNMENT in exercises else ()
    return Block(
        SessionKind.DISCERNMENT,
        msg(t.FOCUS_DISCERNMENT),
        picks,
        tuple(msg(goal) for goal in t.DISCERNMENT_GOALS),
        notes=msg(t.NOTE_DISCERNMENT),
        length=DISCERNMENT_MINUTES,
        tag="discernment",
    )


# Individual sessions -------------------------------------------------------------------------------------


def individual_blocks(comparison: Comparison, exercises: Library, approach: str, first: bool) -> list[Block]:
    """One session with each partner: after the first joint session, or before any joint session as the check-in
    tier B asks for. Each carries what this partner's answers ask to explore privately."""
    tier_b = {side for side, found in _safety(comparison) if found.tier_b}
    closed = set(_flagged(comparison, ReadinessFlag.NOT_SAFE_TO_OPEN))
    key = next((k for k in INDIVIDUAL_KEYS if k in exercises), "")
    blocks = []
    for side in Side:
        person, other = comparison.person(side), comparison.person(side.other)
        found = comparison.safety.a if side is Side.A else comparison.safety.b
        reason: Text
        if first and side in tier_b:
            reason = msg(t.TIER_B_CHECK_IN, name=person.name, kinds=_kinds(found.tier_b))
        elif first:
            reason = msg(t.TIER_B_OTHER)
        else:
            reason = msg(t.INDIVIDUAL_GOTTMAN if approach == "gottman" else t.INDIVIDUAL_EFT)
        goals: list[Text] = [
            msg(t.TIER_B_GOAL, name=person.name) if side in tier_b else "",
            msg(t.OPENNESS_GOAL, name=person.name, other=other.name) if side in closed else "",
        ]
        if found_causes := causes(comparison, side):
            goals.append(msg(t.REFERRAL_GOAL, name=person.name, causes=found_causes))
        goals = [goal for goal in goals if goal] + [msg(goal) for goal in t.CHECK_IN_GOALS]
        focus = msg(t.FOCUS_CHECK_IN if first else t.FOCUS_INDIVIDUAL, name=person.name)
        picks = (Pick(key, reason),) if key else ()
        blocks.append(Block(SessionKind.INDIVIDUAL, focus, picks, tuple(goals), partner=side.value, tag="individual"))
    return blocks


def pre_joint_blocks(comparison: Comparison, exercises: Library, approach: str) -> list[Block]:
    """Before any joint session: the tier B check-ins, then discernment counselling for a mixed agenda."""
    blocks = []
    if comparison.safety.tier is SafetyTier.B:
        blocks += individual_blocks(comparison, exercises, approach, first=True)
    if discernment_fits(comparison):
        blocks.append(_discernment_block(comparison, exercises))
    return blocks


# Approach -----------------------------------------------------------------------------------------------


def approach_signals(comparison: Comparison) -> tuple[list[str], list[str]]:
    """Labels (message ids) of the problem areas (shared concern, perception gap, own experience, bids, rituals) pointing to
    EFT, to Gottman."""
    problems = {need.area for need in needs(comparison) if not need.area.startswith("O")}
    problems |= {row.area for row in comparison.experience if row.overlap in (Overlap.BOTH, Overlap.ONE)}
    if rare_rituals(comparison):
        problems.add("rituals")
    labels = {**AREA_LABELS, "rituals": t.RITUALS_LABEL, "bids": t.BIDS_LABEL, "bids_against": t.BIDS_AGAINST_LABEL}
    return (
        [labels[area] for area in EFT_AREAS if area in problems],
        [labels[area] for area in GOTTMAN_AREAS if area in problems],
    )


def choose_approach(comparison: Comparison) -> tuple[str, Text]:
    """EFT or Gottman when its signal areas are at least twice the other's; both when both are present;
    Gottman (building on strengths) when neither is, or until both partners have answered."""
    if len(comparison.answered) < 2:
        return "gottman", msg(t.APPROACH_WAITING)
    eft, gottman = approach_signals(comparison)
    eft_text, gottman_text = (join([label(area) for area in labels], Joiner.SEMICOLON) for labels in (eft, gottman))
    if eft and len(eft) >= 2 * len(gottman):
        return "eft", msg(t.APPROACH_EFT, eft=eft_text)
    if gottman and len(gottman) >= 2 * len(eft):
        return "gottman", msg(t.APPROACH_GOTTMAN, gottman=gottman_text)
    if eft and gottman:
        return "both", msg(t.APPROACH_BOTH, eft=eft_text, gottman=gottman_text)
    return "gottman", msg(t.APPROACH_NONE)


def _recognition(comparison: Comparison) -> Text:
    if unseen := _flagged(comparison, ReadinessFlag.NO_PROBLEM_SEEN):
        return msg(t.EFT_NO_PROBLEM, names=join([comparison.name(side) for side in unseen]))
    return ""


def joint_course(
    comparison: Comparison, exercises: Library, approach: str, count: int, minutes: int, before: list[Block]
) -> Course:
    """The model's course with the pre-joint blocks first and the individual sessions after the first joint one
    (already done as check-ins under tier B)."""
    wanted: list[Need] = needs(comparison)
    checked_in = any(block.kind is SessionKind.INDIVIDUAL for block in before)
    individual = [] if checked_in else individual_blocks(comparison, exercises, approach, first=False)
    opening = _recognition(comparison)
    if approach == "gottman":
        budget = count - len(before) - 1 - len(individual)
        course = gottman_course(comparison, exercises, wanted, budget, minutes - CHECK_IN_MINUTES, opening)
    elif approach == "eft":
        course = eft_course(comparison, exercises, wanted, pattern(comparison), opening)
    else:
        course = both_course(comparison, exercises, wanted, pattern(comparison), opening)
    return replace(course, opening=(*before, *course.opening), rest=(*individual, *course.rest))


def plan_stage(approach: str, before: Sequence[Block], course: Course) -> Text:
    """Where the plan starts: the EFT step or Gottman phase, after any check-ins or discernment."""
    if approach == "gottman":
        levels = [block.level for block in course.rest if block.level]
        stage = msg(t.STAGE_GOTTMAN, level=levels[0]) if levels else msg(t.STAGE_GOTTMAN_ASSESSMENT)
    else:
        stage = msg(t.STAGE_EFT)
    discernment = any(block.kind is SessionKind.DISCERNMENT for block in before)
    check_ins = any(block.kind is SessionKind.INDIVIDUAL for block in before)
    if discernment and check_ins:
        return msg(t.STAGE_CHECK_IN_DISCERNMENT, stage=stage)
    if discernment:
        return msg(t.STAGE_DISCERNMENT, stage=stage)
    if check_ins:
        return msg(t.STAGE_CHECK_IN, stage=stage)
    return stage
