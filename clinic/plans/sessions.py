"""Fitting a drafted course to the plan's number of sessions, and timing each session: what is deepened, left
open or named as left out, and how the exercises' minutes fit after the check-in.

Pure like clinic.plans.recommender: standard library and the recommender's own parts only.
"""

from collections.abc import Sequence
from dataclasses import replace

from clinic.plans import recommender_text as t
from clinic.plans.recommender_types import (
    CHECK_IN_MINUTES,
    Block,
    Course,
    Deepening,
    ExerciseInfo,
    PlannedExercise,
    PlannedSession,
    SessionKind,
)
from intake.message import Text, join, msg, sentences

DEFAULT_SESSION_MINUTES = 50
MAX_GOALS = 3
CSI4_EVERY = 3  # the CSI-4 at sessions 1, 4, 7, ... and the last
Library = dict[str, ExerciseInfo]


def open_block() -> Block:
    return Block(SessionKind.OPEN, msg(t.FOCUS_OPEN), goals=tuple(msg(goal) for goal in t.OPEN_GOALS), tag="open")


def open_hold_block() -> Block:
    goals = tuple(msg(goal) for goal in t.OPEN_HOLD_GOALS)
    return Block(SessionKind.OPEN, msg(t.FOCUS_OPEN_HOLD), goals=goals, tag="open")


def _deepen(blocks: list[Block], deepening: Deepening) -> None:
    index = next(i for i, block in enumerate(blocks) if block.tag == deepening.after)
    base = blocks[index]
    if deepening.moves:
        blocks[index] = replace(base, picks=tuple(p for p in base.picks if p.key != deepening.moves))
    blocks.insert(index + 1, deepening.block)


def fit(course: Course, count: int, filler: Block) -> list[Block]:
    """Exactly `count` blocks. Fewer: the course is cut at the end and the last session names what did not fit.
    More: steps that take longest get a second session in turn, then the rest is left open (before stage 3 in
    EFT, which stays last); nothing is repeated."""
    blocks = [*course.opening, *course.rest]
    if len(blocks) >= count:
        kept, left = blocks[:count], blocks[count:]
        if left or (course.dropped and not course.dropped_note):
            names = [block.focus for block in left] + ([] if course.dropped_note else list(course.dropped))
            kept[-1] = _noted(kept[-1], msg(t.NOTE_UNSCHEDULED, names=join(names)))
        return _with_dropped(kept, course) if course.dropped_note else kept
    for deepening in course.deepenings:
        if len(blocks) < count and any(block.tag == deepening.after for block in blocks):
            _deepen(blocks, deepening)
    position = len(blocks) if course.open_at_end or not blocks else len(blocks) - 1
    blocks[position:position] = [filler] * (count - len(blocks))
    return _with_dropped(blocks, course)


def _with_dropped(blocks: list[Block], course: Course) -> list[Block]:
    """The last session names what the course left out, and why."""
    if course.dropped:
        note = course.dropped_note or t.NOTE_UNSCHEDULED
        blocks[-1] = _noted(blocks[-1], msg(note, names=join(list(course.dropped))))
    return blocks


def open_session(number: int, count: int, minutes: int = DEFAULT_SESSION_MINUTES) -> PlannedSession:
    """A session added by hand to a plan: left open to review progress, never an empty placeholder."""
    block = open_block()
    return PlannedSession(
        number, block.kind.value, block.focus, block.goals, (), (), measures(number, count), length=minutes
    )


def _noted(block: Block, note: Text) -> Block:
    return replace(block, notes=sentences(block.notes, note))


# Timing and numbering -----------------------------------------------------------------------------------


def measures(number: int, count: int) -> tuple[Text, ...]:
    """The safety screen individually every session; the CSI-4 at the first, every third and the last."""
    if number in (1, count) or number % CSI4_EVERY == 1:
        return (msg(t.MEASURE_CSI4), msg(t.MEASURE_SAFETY))
    return (msg(t.MEASURE_SAFETY),)


def _timed_exercises(block: Block, length: int, exercises: Library) -> tuple[list[PlannedExercise], list[Text]]:
    """The session's main exercise takes the time it needs up to what the session has after the check-in;
    another joins it only if it fits, else it is set for home (or, with no homework, named as left out)."""
    available = length - CHECK_IN_MINUTES
    planned: list[PlannedExercise] = []
    notes: list[Text] = []
    used = 0
    for pick in block.picks:
        info = exercises.get(pick.key)
        if info is None:
            continue
        if pick.at_home:
            planned.append(PlannedExercise(pick.key, pick.reason, 0, True))
            continue
        minutes = min(info.duration_minutes, available) if not used else info.duration_minutes
        if used + minutes <= available:
            planned.append(PlannedExercise(pick.key, pick.reason, minutes))
            used += minutes
        elif info.homework:
            planned.append(PlannedExercise(pick.key, pick.reason, 0, True))
            notes.append(msg(t.NOTE_AT_HOME_ONLY, name=info.name))
        else:
            notes.append(msg(t.NOTE_UNSCHEDULED, names=info.name))
    return planned, notes


def timed(blocks: Sequence[Block], session_minutes: int, exercises: Library) -> tuple[PlannedSession, ...]:
    count = len(blocks)
    sessions = []
    for number, block in enumerate(blocks, 1):
        length = block.length or session_minutes
        planned, notes = _timed_exercises(block, length, exercises)
        homework = (exercises[e.key].homework for e in planned)
        sessions.append(
            PlannedSession(
                number=number,
                kind=block.kind.value,
                focus=block.focus,
                goals=block.goals[:MAX_GOALS],
                exercises=tuple(planned),
                homework=tuple(dict.fromkeys(text for text in homework if text)),
                measures=measures(number, count),
                notes=sentences(block.notes, *notes),
                eft_steps=block.eft_steps,
                level=block.level,
                partner=block.partner,
                length=length,
            )
        )
    return tuple(sessions)
