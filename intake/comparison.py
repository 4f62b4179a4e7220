"""Compare two partners' intake answers: the four views per area, agreement categories, scores and sentences.

Pure: imports only the standard library and intake.questionnaire (itself pure), never Django, so it runs and is
tested without settings or a database. The therapist-side views render its plain-data result.
"""

from statistics import fmean

from intake.comparison_text import (
    AREA_LABELS,
    READINESS_LABELS,
    RITUAL_LABELS,
    agreement_sentence,
    difference_sentence,
)
from intake.comparison_themes import themes
from intake.comparison_types import (
    Answer,
    Answers,
    AreaComparison,
    BidsDirection,
    Category,
    Comparison,
    Csi4Score,
    Direction,
    DomainScore,
    ExperienceComparison,
    Finding,
    Overlap,
    PartnerSafety,
    PartnerSummary,
    Person,
    ReadinessFlag,
    ReadinessNote,
    SafetyFindings,
    Side,
    SideBySide,
    Stance,
    Turn,
    Views,
)
from intake.questionnaire import (
    CSI4_CITATION,
    CSI4_CUTOFF,
    SAFETY_SELF_HARM_KEY,
    Item,
    Kind,
    Perspective,
    Polarity,
    Questionnaire,
    SafetyTier,
)

# The comparison's public face: its own names and the result types and labels it passes on from
# comparison_types and comparison_text, so callers import from one place.
__all__ = [
    "AREA_LABELS",
    "DOMAINS",
    "O_AREAS",
    "P_AREAS",
    "READINESS_FLAGS",
    "READINESS_LABELS",
    "RITUAL_LABELS",
    "STANCES",
    "STANCE_FLAGS",
    "TURNS",
    "Answer",
    "Answers",
    "AreaComparison",
    "BidsDirection",
    "Category",
    "Comparison",
    "Csi4Score",
    "Direction",
    "DomainScore",
    "ExperienceComparison",
    "Finding",
    "Overlap",
    "PartnerSafety",
    "PartnerSummary",
    "Person",
    "ReadinessFlag",
    "ReadinessNote",
    "SafetyFindings",
    "Side",
    "SideBySide",
    "Stance",
    "Turn",
    "Views",
    "categorise",
    "compare",
    "problem_score",
]

P_AREAS = tuple(f"P{n}" for n in range(1, 9))
O_AREAS = tuple(f"O{n}" for n in range(1, 9))

# Domain -> (areas, perspective) of the items averaged into it.
DOMAINS: dict[str, tuple[tuple[str, ...], Perspective]] = {
    "partner": (P_AREAS, Perspective.PARTNER_REPORT),
    "self": (P_AREAS, Perspective.SELF_REPORT),
    "experience": (O_AREAS, Perspective.OWN_EXPERIENCE),
}


TURNS = {1: Turn.TOWARD, 2: Turn.AWAY, 3: Turn.AGAINST}
STANCES = {1: Stance.COMMITTED, 2: Stance.UNSURE, 3: Stance.LEANING_OUT}
STANCE_FLAGS = {Stance.UNSURE: ReadinessFlag.UNSURE, Stance.LEANING_OUT: ReadinessFlag.LEANING_OUT}
# A readiness item answered at its low end (Item.is_problem) raises this flag.
READINESS_FLAGS = {
    "readiness_problem": ReadinessFlag.NO_PROBLEM_SEEN,
    "readiness_change": ReadinessFlag.NOT_WILLING_TO_CHANGE,
    "readiness_months": ReadinessFlag.NO_LONG_COMMITMENT,
    "readiness_guidance": ReadinessFlag.CLOSED_TO_GUIDANCE,
    "readiness_openness": ReadinessFlag.NOT_SAFE_TO_OPEN,
}


# Scoring ------------------------------------------------------------------------------------------------


def problem_score(item: Item, value: int) -> int:
    """`value` on the common 0..4 scale: 0 at the item's good end, 4 at its problem end.

    Polarity aligns reverse-keyed items; shorter scales are stretched (a 3-point scale scores 0, 2, 4).
    """
    values = sorted(choice.value for choice in item.choices)
    if item.polarity == Polarity.NONE or value not in values:
        raise ValueError(f"{value!r} has no problem score on {item.key}")
    if item.polarity == Polarity.LOW_IS_PROBLEM:
        values.reverse()
    score, rest = divmod(values.index(value) * 4, len(values) - 1)
    if rest:
        raise ValueError(f"{item.key} has no whole-number scale from 0 to 4")
    return score


def categorise(reported: Answer | None, self_reported: Answer | None, gap_threshold: int) -> Category:
    """The agreement category of one direction (docs/clinical.md, scoring and agreement). The first rule that holds wins:

    1. UNANSWERED: either answer is missing (never read as agreement or as a gap).
    2. SHARED_CONCERN: both answers are problems (Item.is_problem).
    3. PERCEPTION_GAP: exactly one answer is a problem and the gap is at least `gap_threshold`.
    4. SHARED_STRENGTH: both answers sit at the good end: not a problem and below the middle (score 0 or 1).
    5. UNCERTAIN: everything else: a middle answer, or a problem seen by one with a gap under the threshold.
    """
    if reported is None or self_reported is None or reported.score is None or self_reported.score is None:
        return Category.UNANSWERED
    if reported.problem and self_reported.problem:
        return Category.SHARED_CONCERN
    if reported.problem != self_reported.problem and abs(reported.score - self_reported.score) >= gap_threshold:
        return Category.PERCEPTION_GAP
    if _is_good(reported) and _is_good(self_reported):
        return Category.SHARED_STRENGTH
    return Category.UNCERTAIN


def _is_good(answer: Answer) -> bool:
    return not answer.problem and answer.score is not None and answer.score < 2


# Comparing ----------------------------------------------------------------------------------------------


def compare(
    questionnaire: Questionnaire,
    a: Person,
    b: Person,
    answers_a: Answers | None,
    answers_b: Answers | None,
    gap_threshold: int = 2,
) -> Comparison:
    """Compare two partners' answers (item key -> value); None for a partner who has not submitted.

    Raises ValueError for an unknown key, a value outside its item's choices or a threshold outside 1..4.
    """
    if not 1 <= gap_threshold <= 4:
        raise ValueError(f"the gap threshold must be 1 to 4, not {gap_threshold!r}")
    views = {Side.A: _validated(questionnaire, answers_a), Side.B: _validated(questionnaire, answers_b)}
    people = {Side.A: a, Side.B: b}
    answered = tuple(side for side in Side if views[side] is not None)
    areas = tuple(_area(questionnaire, area, views, gap_threshold) for area in P_AREAS)
    directions = [direction for area in areas for direction in area.directions]
    experience = tuple(_experience(questionnaire.by_area(area)[0], views) for area in O_AREAS)
    bids = (_bids(questionnaire, Side.A, views), _bids(questionnaire, Side.B, views))
    rituals = _side_by_side(questionnaire, "rituals", RITUAL_LABELS, views)
    by_category = {
        category: tuple(_finding(questionnaire, d, people) for d in directions if d.category == category)
        for category in (Category.SHARED_STRENGTH, Category.SHARED_CONCERN)
    }
    return Comparison(
        version=questionnaire.version,
        a=a,
        b=b,
        answered=answered,
        one_sided=len(answered) == 1,
        gap_threshold=gap_threshold,
        areas=areas,
        experience=experience,
        bids=bids,
        rituals=rituals,
        readiness=_side_by_side(questionnaire, "readiness", READINESS_LABELS, views),
        readiness_flags=_readiness_flags(questionnaire, views),
        partner_a=_summary(questionnaire, a, views[Side.A]),
        partner_b=_summary(questionnaire, b, views[Side.B]),
        strengths=by_category[Category.SHARED_STRENGTH],
        shared_concerns=by_category[Category.SHARED_CONCERN],
        differences=_differences(questionnaire, directions, people, gap_threshold),
        themes=themes(areas, bids, experience, rituals),
        csi4_cutoff=CSI4_CUTOFF,
        csi4_citation=CSI4_CITATION,
        safety=_safety_findings(questionnaire, views),
    )


def _validated(questionnaire: Questionnaire, answers: Answers | None) -> dict[str, int | str] | None:
    """A copy of `answers` after checking every value; the forms validate first, this is a guard."""
    if answers is None:
        return None
    for key, value in answers.items():
        try:
            item = questionnaire.item(key)
        except KeyError:
            raise ValueError(f"{key!r} is not an item of questionnaire {questionnaire.version}") from None
        if item.kind == Kind.TEXT:
            valid = isinstance(value, str) and len(value) <= item.max_length
        else:
            valid = type(value) is int and value in [choice.value for choice in item.options]
        if not valid:
            raise ValueError(f"{value!r} is not an answer to {key}")
    return dict(answers)


def _answer(item: Item, answers: Answers | None) -> Answer | None:
    """The answer on the item's scale; None when missing or declined ("I'd rather not say" counts as missing)."""
    if answers is None or item.key not in answers or item.is_declined(answers[item.key]):
        return None
    value = answers[item.key]
    if not isinstance(value, int):
        raise TypeError(f"{item.key} takes a scale value, not {value!r}")
    label = next(choice.label for choice in item.choices if choice.value == value)
    score = problem_score(item, value) if item.is_scored else None
    return Answer(item.key, value, label, score, item.is_problem(value))


def _item(questionnaire: Questionnaire, area: str, perspective: Perspective) -> Item:
    return next(item for item in questionnaire.by_area(area) if item.perspective == perspective)


def _direction(questionnaire: Questionnaire, area: str, reporter: Side, views: Views, gap_threshold: int) -> Direction:
    partner_item = _item(questionnaire, area, Perspective.PARTNER_REPORT)
    self_item = _item(questionnaire, area, Perspective.SELF_REPORT)
    reported = _answer(partner_item, views[reporter])
    self_reported = _answer(self_item, views[reporter.other])
    category = categorise(reported, self_reported, gap_threshold)
    gap = None
    if reported and self_reported and reported.score is not None and self_reported.score is not None:
        gap = abs(reported.score - self_reported.score)
    seen_by = None
    if category == Category.PERCEPTION_GAP:
        seen_by = reporter if reported and reported.problem else reporter.other
    return Direction(
        area, reporter, reporter.other, partner_item.key, self_item.key, reported, self_reported, gap, category, seen_by
    )


def _area(questionnaire: Questionnaire, area: str, views: Views, gap_threshold: int) -> AreaComparison:
    about_b = _direction(questionnaire, area, Side.A, views, gap_threshold)
    about_a = _direction(questionnaire, area, Side.B, views, gap_threshold)
    return AreaComparison(
        area,
        AREA_LABELS[area],
        a_self=_score(about_a.self_reported),
        a_about_b=_score(about_b.reported),
        b_self=_score(about_b.self_reported),
        b_about_a=_score(about_a.reported),
        about_b=about_b,
        about_a=about_a,
    )


def _score(answer: Answer | None) -> int | None:
    return answer.score if answer else None


def _finding(questionnaire: Questionnaire, direction: Direction, people: dict[Side, Person]) -> Finding:
    if direction.reported is None or direction.self_reported is None or direction.gap is None:
        raise ValueError(f"{direction.area}: a finding needs both answers")
    item = questionnaire.item(direction.partner_key)
    label = AREA_LABELS[direction.area]
    reporter, subject = people[direction.reporter], people[direction.subject]
    if direction.category in (Category.SHARED_STRENGTH, Category.SHARED_CONCERN):
        answers = sorted({direction.reported, direction.self_reported}, key=lambda answer: answer.value)
        labels = list(dict.fromkeys(answer.label for answer in answers))
        sentence = agreement_sentence(item, label, reporter, subject, labels)
    else:
        sentence = difference_sentence(
            item, label, reporter, subject, direction.reported.label, direction.self_reported.label
        )
    return Finding(
        direction.area,
        label,
        direction.reporter,
        direction.subject,
        direction.category,
        direction.gap,
        direction.seen_by,
        sentence,
        (direction.partner_key, direction.self_key),
    )


def _differences(
    questionnaire: Questionnaire, directions: list[Direction], people: dict[Side, Person], gap_threshold: int
) -> tuple[Finding, ...]:
    """Perception gaps, and uncertain directions whose answers lie at least the threshold apart (e.g. "never"
    against "sometimes"): largest gap first, then by area key, then A's report before B's."""
    found = [
        d
        for d in directions
        if d.category == Category.PERCEPTION_GAP
        or (d.category == Category.UNCERTAIN and d.gap is not None and d.gap >= gap_threshold)
    ]
    found.sort(key=lambda d: (-(d.gap or 0), d.area, d.reporter))
    return tuple(_finding(questionnaire, d, people) for d in found)


def _experience(item: Item, views: Views) -> ExperienceComparison:
    a, b = _answer(item, views[Side.A]), _answer(item, views[Side.B])
    overlap, who = Overlap.UNANSWERED, None
    if a is not None and b is not None:
        if a.problem and b.problem:
            overlap = Overlap.BOTH
        elif a.problem or b.problem:
            overlap, who = Overlap.ONE, Side.A if a.problem else Side.B
        else:
            overlap = Overlap.NEITHER
    return ExperienceComparison(item.key, item.area, AREA_LABELS[item.area], a, b, overlap, who)


def _bids(questionnaire: Questionnaire, reporter: Side, views: Views) -> BidsDirection:
    own, other = views[reporter], views[reporter.other]
    response = _answer(questionnaire.item("bids_response_partner"), own)
    self_response = _answer(questionnaire.item("bids_response_self"), other)
    return BidsDirection(
        reporter=reporter,
        subject=reporter.other,
        response=response,
        self_response=self_response,
        turn=TURNS[response.value] if response else None,
        self_turn=TURNS[self_response.value] if self_response else None,
        notice=_answer(questionnaire.item("bids_notice_partner"), own),
        self_notice=_answer(questionnaire.item("bids_notice_self"), other),
    )


def _side_by_side(
    questionnaire: Questionnaire, area: str, labels: dict[str, str], views: Views
) -> tuple[SideBySide, ...]:
    return tuple(
        SideBySide(item.key, labels[item.key], _answer(item, views[Side.A]), _answer(item, views[Side.B]))
        for item in questionnaire.by_area(area)
    )


def _stance(questionnaire: Questionnaire, answers: Answers | None) -> Answer | None:
    return _answer(questionnaire.by_area("stance")[0], answers)


def _readiness_flags(questionnaire: Questionnaire, views: Views) -> tuple[ReadinessNote, ...]:
    """MISMATCH_STANCE when one partner is committed and the other unsure or leaning out; per partner, their
    stance when not committed and a flag for each readiness item answered at its low end."""
    stances = {side: _stance(questionnaire, views[side]) for side in Side}
    kinds = {STANCES[answer.value] for answer in stances.values() if answer}
    notes = []
    if len(kinds) == 2 and Stance.COMMITTED in kinds:
        notes.append(ReadinessNote(ReadinessFlag.MISMATCH_STANCE, None))
    for side in Side:
        stance = stances[side]
        if stance and STANCES[stance.value] in STANCE_FLAGS:
            notes.append(ReadinessNote(STANCE_FLAGS[STANCES[stance.value]], side))
        for item in questionnaire.by_area("readiness"):
            answer = _answer(item, views[side])
            if answer and answer.problem and item.key in READINESS_FLAGS:
                notes.append(ReadinessNote(READINESS_FLAGS[item.key], side))
    return tuple(notes)


def _domain(questionnaire: Questionnaire, domain: str, answers: Answers | None) -> DomainScore:
    areas, perspective = DOMAINS[domain]
    items = [item for item in questionnaire.items if item.area in areas and item.perspective == perspective]
    scores = [score for item in items if (score := _score(_answer(item, answers))) is not None]
    return DomainScore(domain, fmean(scores) if scores else None, len(scores))


def _csi4(questionnaire: Questionnaire, answers: Answers | None) -> Csi4Score:
    items = questionnaire.by_area("csi4")
    # Raw values: the CSI-4 scores are its own (0-5 or 0-6), not the 0..4 problem scale.
    values = [value for item in items if isinstance(value := (answers or {}).get(item.key), int)]
    total = sum(values) if len(values) == len(items) else None
    return Csi4Score(total, len(values), None if total is None else total < CSI4_CUTOFF)


def _summary(questionnaire: Questionnaire, person: Person, answers: Answers | None) -> PartnerSummary:
    given = answers or {}
    stance = _stance(questionnaire, answers)
    return PartnerSummary(
        name=person.name,
        answered=answers is not None,
        domains=tuple(_domain(questionnaire, domain, answers) for domain in DOMAINS),
        csi4=_csi4(questionnaire, answers),
        stance=STANCES[stance.value] if stance else None,
        stance_label=stance.label if stance else "",
        context=tuple(item.key for item in questionnaire.by_area("context") if given.get(item.key) == 1),
        free_text=tuple(
            (item.key, text)
            for item in questionnaire.by_area("free")
            if item.kind == Kind.TEXT and isinstance(text := given.get(item.key), str) and text.strip()
        ),
        declined=tuple(
            item.key
            for item in questionnaire.items
            if not item.safety and item.area != "private" and item.is_declined(given.get(item.key))
        ),
    )


def _partner_safety(questionnaire: Questionnaire, answers: Answers | None) -> PartnerSafety:
    """What one partner endorsed. "I'd rather tell my therapist in person" on any safety item is itself an
    endorsement of tier B (kept apart in `in_person` so it is shown as what it is)."""
    given = answers or {}
    safety_items = [item for item in questionnaire.items if item.safety]
    yes = [item for item in safety_items if (answer := _answer(item, answers)) is not None and answer.problem]
    in_person = tuple(item.key for item in safety_items if item.is_declined(given.get(item.key)))
    endorsed = tuple(item.key for item in safety_items if item in yes or item.key in in_person)
    return PartnerSafety(
        endorsed,
        bool(endorsed),
        SAFETY_SELF_HARM_KEY in [item.key for item in yes],
        tier_a=tuple(item.key for item in yes if item.tier is SafetyTier.A),
        tier_b=tuple(key for key in endorsed if key in in_person or questionnaire.item(key).tier is SafetyTier.B),
        in_person=in_person,
        private=tuple(
            (item.key, value)
            for item in questionnaire.by_area("private")
            if isinstance(value := given.get(item.key), int)
        ),
    )


def _safety_findings(questionnaire: Questionnaire, views: Views) -> SafetyFindings:
    a, b = _partner_safety(questionnaire, views[Side.A]), _partner_safety(questionnaire, views[Side.B])
    return SafetyFindings(a, b, a.any_safety or b.any_safety)
