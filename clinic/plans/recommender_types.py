"""The recommender's data: what it reads of the library, what it drafts, and the blocks it drafts from.

Pure like clinic.plans.recommender: standard library and intake.message only. A Draft is plain data; its words are
Messages (intake.message.Text), worded where the reader's language is known, and intake.message.to_data gives the
JSON a plan version stores.
"""

from dataclasses import dataclass
from enum import StrEnum

from intake.message import Text

CHECK_IN_MINUTES = 10  # every session opens with a check-in and closes with homework review and setting


class SessionKind(StrEnum):
    JOINT = "joint"
    INDIVIDUAL = "individual"  # one partner (docs/clinical.md, "Session time")
    DISCERNMENT = "discernment"
    OPEN = "open"  # left open: review progress and choose what to continue


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
    reason: Text  # the finding or rule that chose it, a full sentence for the therapist
    minutes: int = 0  # in the session; 0 with at_home
    at_home: bool = False  # set in the review time and practised at home


@dataclass(frozen=True)
class PlannedSession:
    number: int  # 1-based
    kind: str  # a SessionKind value
    focus: Text
    goals: tuple[Text, ...]
    exercises: tuple[PlannedExercise, ...]
    homework: tuple[str, ...]  # the library's homework texts
    measures: tuple[Text, ...]
    notes: Text = ""
    eft_steps: tuple[int, ...] = ()  # the EFT steps (1-9) this session works on
    level: int = 0  # the Sound Relationship House level (1-7); 0 for none
    partner: str = ""  # "a" or "b" for an individual session
    length: int = 50  # minutes
    check_in: int = CHECK_IN_MINUTES

    @property
    def minutes(self) -> int:
        return self.check_in + sum(exercise.minutes for exercise in self.exercises)


@dataclass(frozen=True)
class Draft:
    approach: str  # "eft" | "gottman" | "both" | "individual" (joint work on hold)
    approach_reason: Text
    safety_hold: bool  # therapist-only
    hold_reason: Text  # therapist-only; "" without a hold
    tier: str  # therapist-only: the highest safety tier endorsed, "a", "b" or "none"
    readiness_step: Text  # "" or what comes before joint work
    strengths: tuple[Text, ...]  # themes, to name first in the room
    stage: Text
    notes: tuple[Text, ...]  # plan-level notes for the therapist: the cycle, referrals, readiness
    session_minutes: int
    sessions: tuple[PlannedSession, ...]


@dataclass(frozen=True)
class Pick:
    key: str
    reason: Text
    at_home: bool = False
    goal: Text = ""  # the behavioural goal of the finding that chose it


@dataclass(frozen=True)
class Block:
    """One session's content before it is numbered and timed."""

    kind: SessionKind
    focus: Text
    picks: tuple[Pick, ...] = ()
    goals: tuple[Text, ...] = ()
    eft_steps: tuple[int, ...] = ()
    level: int = 0
    partner: str = ""
    notes: Text = ""
    length: int = 0  # 0: the plan's session length
    tag: str = ""  # which step or level it is, for deepening and for "not in this plan"


@dataclass(frozen=True)
class Deepening:
    """A second session on a step, placed right after it, used only when the plan has room."""

    after: str  # the tag of the block it deepens
    block: Block
    moves: str = ""  # an at-home companion of that block that this session takes in instead


@dataclass(frozen=True)
class Course:
    opening: tuple[Block, ...]  # the joint sessions before the individual ones
    rest: tuple[Block, ...]
    deepenings: tuple[Deepening, ...] = ()  # in the order they are used
    open_at_end: bool = True  # False: open sessions go before the last block (EFT's stage 3 stays last)
    dropped: tuple[str, ...] = ()  # exercises chosen but left out for room
    dropped_note: str = ""  # why they were left out (a message id with {names}), when more sessions would not help
