"""What the recommender reads from a comparison: the needs to work on, the likely cycle, each partner's own
feelings and causes, and the readiness picture.

Pure like clinic.plans.recommender: standard library, the pure intake modules and the recommender's words only;
what it says is Messages (intake.message), worded where the reader's language is known.
Every answer a partner gives reaches the plan through here (docs/clinical.md, "Every answer counts").
"""

from dataclasses import dataclass
from enum import StrEnum

from clinic.plans import recommender_text as t
from intake.comparison import AREA_LABELS, Category, Comparison, Finding, Overlap, Side, Stance, Turn
from intake.comparison_text import possessive
from intake.message import Message, Text, join, label, msg, sentences

RARE_RITUALS_MIN = 2  # rituals both partners call rare, out of four, before "rituals are low"
DISTANCE_AREAS = ("P2", "P3", "P4", "P7")  # what a pursuing partner protests and a withdrawing one is seen to do
CAUSE_KEYS = tuple(t.CAUSES)


@dataclass(frozen=True)
class Need:
    area: str  # an area key, or "rituals", "bids", "bids_against", "resentment", "overload"
    reason: Text


class Cycle(StrEnum):
    PURSUE_WITHDRAW = "pursue_withdraw"
    BOTH_WITHDRAW = "both_withdraw"
    BOTH_PURSUE = "both_pursue"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Pattern:
    cycle: Cycle
    pursuer: Side | None = None
    withdrawer: Side | None = None

    def note(self, comparison: Comparison) -> Text:
        if self.cycle is Cycle.PURSUE_WITHDRAW and self.pursuer and self.withdrawer:
            return msg(
                t.PATTERN_PURSUE_WITHDRAW,
                pursuer=comparison.name(self.pursuer),
                withdrawer=comparison.name(self.withdrawer),
            )
        found = {Cycle.BOTH_WITHDRAW: t.PATTERN_BOTH_WITHDRAW, Cycle.BOTH_PURSUE: t.PATTERN_BOTH_PURSUE}.get(self.cycle)
        return msg(found) if found else ""


def gaps(comparison: Comparison) -> list[Finding]:
    # Only true perception gaps: a large difference between two unproblematic answers chooses no exercise.
    return [finding for finding in comparison.differences if finding.category == Category.PERCEPTION_GAP]


def rare_rituals(comparison: Comparison) -> tuple[str, ...]:
    """Labels (message ids) of the rituals both partners answer at the problem end, when there are enough to call them low."""
    rare = tuple(row.label for row in comparison.rituals if row.a and row.b and row.a.problem and row.b.problem)
    return rare if len(rare) >= RARE_RITUALS_MIN else ()


def said_yes(comparison: Comparison, key: str) -> list[str]:
    """Names of the partners who answered a context item "yes"."""
    summaries = ((Side.A, comparison.partner_a), (Side.B, comparison.partner_b))
    return [comparison.name(side) for side, summary in summaries if key in summary.context]


def bid_needs(comparison: Comparison) -> list[Need]:
    """A bid turned away or against, in either partner's account: turning toward; "against" also conflict work."""
    found = []
    for bids in comparison.bids:
        turns = {bids.turn, bids.self_turn}
        if not turns & {Turn.AWAY, Turn.AGAINST} or bids.turn is None or bids.self_turn is None:
            continue
        reporter, subject = comparison.person(bids.reporter), comparison.person(bids.subject)
        reason = msg(
            t.BIDS,
            reporter=reporter.name,
            subject=subject.name,
            turn=msg(t.TURNS[bids.turn]),
            own=msg(t.TURNS[bids.self_turn]),
        )
        found.append(Need("bids", reason))
        if Turn.AGAINST in turns:
            found.append(Need("bids_against", reason))
    return found


def needs(comparison: Comparison) -> list[Need]:
    """Areas to work on, in order: shared concerns, feelings both report, perception gaps, feelings one reports,
    bids, rare rituals, then context that points to an exercise; each with the sentence that justifies it."""
    a, b = comparison.a.name, comparison.b.name
    found = [Need(f.area, msg(t.CHOSEN_BECAUSE, sentence=f.sentence)) for f in comparison.shared_concerns]
    found += [
        Need(row.area, msg(t.EXPERIENCE_BOTH, a=a, b=b, label=label(row.label)))
        for row in comparison.experience
        if row.overlap == Overlap.BOTH
    ]
    found += [Need(f.area, msg(t.CHOSEN_BECAUSE, sentence=f.sentence)) for f in gaps(comparison)]
    for row in comparison.experience:
        if row.overlap == Overlap.ONE and row.who is not None:
            person = comparison.person(row.who)
            reason = msg(t.EXPERIENCE_ONE, name=person.name, their=possessive(person), label=label(row.label))
            found.append(Need(row.area, reason))
    found += bid_needs(comparison)
    if rituals := rare_rituals(comparison):
        labels = join([label(ritual) for ritual in rituals])
        found.append(Need("rituals", msg(t.RITUALS_RARE, a=a, b=b, labels=labels)))
    for key, area, templates in (
        ("context_resentment", "resentment", t.RESENTMENT),
        ("context_overload", "overload", t.OVERLOAD),
    ):
        if names := said_yes(comparison, key):
            found.append(Need(area, msg(templates[len(names)], name=names[0], other=names[-1])))
    return found


def own_feelings(comparison: Comparison, side: Side) -> list[Message]:
    """The own-experience areas (O1-O8) this partner answers at the problem end: EFT step 3's targets."""
    labels = []
    for row in comparison.experience:
        answer = row.a if side is Side.A else row.b
        if answer is not None and answer.problem:
            labels.append(label(AREA_LABELS[row.area]))
    return labels


def feelings_sentence(comparison: Comparison) -> Text:
    parts: list[Text] = []
    for side in Side:
        if labels := own_feelings(comparison, side):
            person = comparison.person(side)
            parts.append(msg(t.FEELINGS, name=person.name, their=possessive(person), labels=join(list(labels))))
    return sentences(*parts) or msg(t.NO_FEELINGS)


def causes(comparison: Comparison, side: Side) -> Text:
    """This partner's "yes" answers among the causes that call for an individual-therapy note; "" for none.

    {they} is the English subject pronoun; {name} is there for a language that words the cause without it."""
    summary = comparison.partner_a if side is Side.A else comparison.partner_b
    person = comparison.person(side)
    found: list[Text] = [
        msg(t.CAUSES[key], they=person.subject, name=person.name) for key in CAUSE_KEYS if key in summary.context
    ]
    return join(found)


def referral_notes(comparison: Comparison) -> list[Text]:
    notes: list[Text] = []
    for side in Side:
        if found := causes(comparison, side):
            person = comparison.person(side)
            # {their}, {they} and {s} are English agreement ("if she wants one"): a translation words it from {name}.
            notes.append(
                msg(
                    t.REFERRAL_NOTE,
                    name=person.name,
                    causes=found,
                    their=possessive(person),
                    they=person.subject,
                    s="" if person.plural_verb else "s",
                )
            )
    return notes


def _distance_reported(comparison: Comparison, reporter: Side) -> int:
    """How many of the distance areas `reporter` sees as a problem in the other partner."""
    directions = [area.about_b if reporter is Side.A else area.about_a for area in comparison.areas]
    return sum(1 for d in directions if d.area in DISTANCE_AREAS and d.reported and d.reported.problem)


def _own(comparison: Comparison, side: Side, area: str) -> bool:
    row = next(row for row in comparison.experience if row.area == area)
    answer = row.a if side is Side.A else row.b
    return bool(answer and answer.problem)


def pattern(comparison: Comparison) -> Pattern:
    """Who likely pursues and who withdraws: a hypothesis from the answers, for the therapist to check.

    Reaching out: protesting the other's distance, loneliness, being the one whose asks for closeness meet
    defensiveness, bids missed. Pulling back: being seen as distant, holding back feelings, checking out."""
    score = {}
    for side in Side:
        asks = next(area.about_b if side is Side.A else area.about_a for area in comparison.areas if area.key == "P8")
        bids = comparison.bids[0] if side is Side.A else comparison.bids[1]
        pursue = _distance_reported(comparison, side) + _own(comparison, side, "O1")
        pursue += bool(asks.reported and asks.reported.problem) + (bids.turn in (Turn.AWAY, Turn.AGAINST))
        withdraw = _distance_reported(comparison, side.other) + _own(comparison, side, "O3")
        withdraw += _own(comparison, side, "O8")
        score[side] = pursue - withdraw
    if score[Side.A] > 0 > score[Side.B]:
        return Pattern(Cycle.PURSUE_WITHDRAW, Side.A, Side.B)
    if score[Side.B] > 0 > score[Side.A]:
        return Pattern(Cycle.PURSUE_WITHDRAW, Side.B, Side.A)
    if score[Side.A] < 0 and score[Side.B] < 0:
        return Pattern(Cycle.BOTH_WITHDRAW)
    if score[Side.A] > 0 and score[Side.B] > 0:
        return Pattern(Cycle.BOTH_PURSUE)
    return Pattern(Cycle.UNCLEAR)


def stances(comparison: Comparison) -> dict[Side, Stance | None]:
    return {Side.A: comparison.partner_a.stance, Side.B: comparison.partner_b.stance}


def mixed_agenda(comparison: Comparison) -> bool:
    """One partner leaning out while the other is committed to working on the relationship."""
    return set(stances(comparison).values()) == {Stance.COMMITTED, Stance.LEANING_OUT}


def stance_why(comparison: Comparison) -> Text:
    summaries = (comparison.partner_a, comparison.partner_b)
    chosen: list[Text] = [
        msg(t.STANCE_CHOSEN, name=s.name, label=msg(s.stance_label)) for s in summaries if s.stance_label
    ]
    return join(chosen)
