"""The comparison's result: plain dataclasses and enums, no behaviour beyond small helpers.

Pure like intake.comparison, which builds them: standard library, intake.questionnaire and intake.message only,
never Django.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from intake.message import Text
from intake.questionnaire import SafetyTier

Answers = Mapping[str, int | str]


@dataclass(frozen=True)
class Person:
    """A partner as the sentences name them; the app passes the partner's chosen pronouns."""

    name: str
    subject: str = "they"
    object: str = "them"
    possessive: str = "their"
    plural_verb: bool = True  # "they do" but "she does"

    @property
    def does(self) -> str:
        return "do" if self.plural_verb else "does"

    def shares_pronouns_with(self, other: "Person") -> bool:
        """Two "she"s, two "he"s or two "they"s: a pronoun could point at either partner."""
        return (self.subject, self.possessive) == (other.subject, other.possessive)


class Side(StrEnum):
    A = "a"
    B = "b"

    @property
    def other(self) -> "Side":
        return Side.B if self is Side.A else Side.A


Views = Mapping[Side, Answers | None]  # None: that partner has not submitted


class Category(StrEnum):
    SHARED_STRENGTH = "shared_strength"
    SHARED_CONCERN = "shared_concern"
    PERCEPTION_GAP = "perception_gap"
    UNCERTAIN = "uncertain"
    UNANSWERED = "unanswered"


class Overlap(StrEnum):
    """How many partners report an own-experience problem."""

    BOTH = "both"
    ONE = "one"
    NEITHER = "neither"
    UNANSWERED = "unanswered"


class Turn(StrEnum):
    TOWARD = "toward"
    AWAY = "away"
    AGAINST = "against"


class Stance(StrEnum):
    COMMITTED = "committed"
    UNSURE = "unsure"
    LEANING_OUT = "leaning_out"


class ThemeKind(StrEnum):
    """What a theme says to both partners together (docs/clinical.md, "Two voices: detail and themes")."""

    STRENGTH = "strength"  # an area, the bids or a ritual that both describe as going well
    SHARED_CONCERN = "shared_concern"  # both see a problem in an area or in answering bids
    BOTH_FEEL = "both_feel"  # an own-experience problem both report
    BOTH_MISS = "both_miss"  # a ritual both say rarely happens
    DIFFERENT_VIEWS = "different_views"  # a perception gap, said without who sees what


class ReadinessFlag(StrEnum):
    MISMATCH_STANCE = "mismatch_stance"
    LEANING_OUT = "leaning_out"
    UNSURE = "unsure"
    NO_PROBLEM_SEEN = "no_problem_seen"
    NOT_WILLING_TO_CHANGE = "not_willing_to_change"
    NO_LONG_COMMITMENT = "no_long_commitment"
    CLOSED_TO_GUIDANCE = "closed_to_guidance"
    NOT_SAFE_TO_OPEN = "not_safe_to_open"


@dataclass(frozen=True)
class Answer:
    key: str
    value: int
    label: str
    score: int | None  # 0 (no problem) to 4 (most problem), see problem_score(); None for unscored items
    problem: bool | None  # Item.is_problem()


@dataclass(frozen=True)
class Direction:
    """One partner's report on the other's behaviour in one area, against the other's self-report."""

    area: str
    reporter: Side
    subject: Side
    partner_key: str
    self_key: str
    reported: Answer | None  # the reporter's partner-report about the subject
    self_reported: Answer | None  # the subject's self-report
    gap: int | None  # |difference of the aligned scores|
    category: Category
    seen_by: Side | None  # perception gaps only: who sees the problem


@dataclass(frozen=True)
class AreaComparison:
    """The four views of a partner-behaviour area (aligned scores) and its two directions."""

    key: str
    label: str
    a_self: int | None
    a_about_b: int | None
    b_self: int | None
    b_about_a: int | None
    about_b: Direction  # A's report on B against B's self-report
    about_a: Direction  # B's report on A against A's self-report

    @property
    def directions(self) -> tuple[Direction, Direction]:
        return (self.about_b, self.about_a)


@dataclass(frozen=True)
class ExperienceComparison:
    key: str
    area: str
    label: str
    a: Answer | None
    b: Answer | None
    overlap: Overlap
    who: Side | None  # Overlap.ONE only: the partner who reports the problem


@dataclass(frozen=True)
class BidsDirection:
    """How the subject answers the reporter's bids for connection, seen by each of them."""

    reporter: Side
    subject: Side
    response: Answer | None  # the reporter's answer about the subject
    self_response: Answer | None  # the subject's own answer
    turn: Turn | None
    self_turn: Turn | None
    notice: Answer | None
    self_notice: Answer | None


@dataclass(frozen=True)
class SideBySide:
    key: str
    label: str
    a: Answer | None
    b: Answer | None


@dataclass(frozen=True)
class DomainScore:
    domain: str
    mean: float | None  # mean aligned score 0..4; None when nothing was answered
    answered: int


@dataclass(frozen=True)
class Csi4Score:
    total: int | None  # 0..21, only when all four items are answered
    answered: int
    below_cutoff: bool | None  # total < CSI4_CUTOFF: notable dissatisfaction


@dataclass(frozen=True)
class PartnerSummary:
    name: str
    answered: bool
    domains: tuple[DomainScore, ...]  # in DOMAINS order
    csi4: Csi4Score
    stance: Stance | None
    stance_label: str
    context: tuple[str, ...]  # keys of the context items answered "yes"; never scored
    free_text: tuple[tuple[str, str], ...]  # (key, text) for non-blank answers
    declined: tuple[str, ...] = ()  # keys answered "I'd rather not say": missing for every score and category

    def domain(self, name: str) -> DomainScore:
        return next(score for score in self.domains if score.domain == name)


@dataclass(frozen=True)
class ReadinessNote:
    flag: ReadinessFlag
    side: Side | None  # None for a couple-level flag (MISMATCH_STANCE)


@dataclass(frozen=True)
class Finding:
    """A strength, a shared concern or a difference, with a sentence a therapist can read aloud."""

    area: str
    label: str
    reporter: Side
    subject: Side
    category: Category
    gap: int
    seen_by: Side | None
    sentence: Text  # a Message (intake.message); a plain string in a comparison stored before messages
    item_keys: tuple[str, str]  # (partner-report key, self-report key)


@dataclass(frozen=True)
class Theme:
    """A finding in the couple's voice: a kind and a topic (an area key, "bids" or a ritual key), never a side.

    Worded by intake.comparison_text.theme_sentence, so the words can move to where the language is known.
    """

    kind: ThemeKind
    topic: str


@dataclass(frozen=True)
class PartnerSafety:
    endorsed: tuple[str, ...]
    any_safety: bool
    self_harm: bool
    tier_a: tuple[str, ...] = ()  # endorsed keys that hold all joint work
    tier_b: tuple[str, ...] = ()  # endorsed keys that ask for an individual check-in first
    in_person: tuple[str, ...] = ()  # keys answered "I'd rather tell my therapist in person" (tier B)
    private: tuple[tuple[str, int], ...] = ()  # (key, value) of the private items beyond safety; never joint

    @property
    def tier(self) -> SafetyTier:
        """The highest tier endorsed (A over B); self-harm is reported on its own (`self_harm`)."""
        return SafetyTier.A if self.tier_a else SafetyTier.B if self.tier_b else SafetyTier.NONE


@dataclass(frozen=True)
class SafetyFindings:
    """Therapist-only, per partner; nothing else in a Comparison depends on these answers."""

    a: PartnerSafety
    b: PartnerSafety
    any_safety: bool

    @property
    def hold(self) -> bool:
        """All joint work waits: a tier A answer, or self-harm (acute risk is assessed individually first)."""
        return any(found.tier is SafetyTier.A or found.self_harm for found in (self.a, self.b))

    @property
    def tier(self) -> SafetyTier:
        tiers = {self.a.tier, self.b.tier}
        return SafetyTier.A if SafetyTier.A in tiers else SafetyTier.B if SafetyTier.B in tiers else SafetyTier.NONE


@dataclass(frozen=True)
class Comparison:
    version: str
    a: Person
    b: Person
    answered: tuple[Side, ...]
    one_sided: bool  # exactly one partner answered
    gap_threshold: int
    areas: tuple[AreaComparison, ...]
    experience: tuple[ExperienceComparison, ...]
    bids: tuple[BidsDirection, BidsDirection]  # (B answering A's bids, A answering B's bids)
    rituals: tuple[SideBySide, ...]
    readiness: tuple[SideBySide, ...]
    readiness_flags: tuple[ReadinessNote, ...]
    partner_a: PartnerSummary
    partner_b: PartnerSummary
    strengths: tuple[Finding, ...]
    shared_concerns: tuple[Finding, ...]
    differences: tuple[Finding, ...]  # largest gap first
    themes: tuple[Theme, ...]  # what both can hear together: strengths, shared, then different views
    csi4_cutoff: float
    csi4_citation: str
    safety: SafetyFindings

    def person(self, side: Side) -> Person:
        return self.a if side is Side.A else self.b

    def name(self, side: Side) -> str:
        return self.person(side).name
