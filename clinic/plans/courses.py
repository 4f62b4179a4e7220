"""The courses a draft follows: EFT's stages and steps, the Sound Relationship House from the ground up, both
together, and the individual sessions of a safety hold.

Pure like clinic.plans.recommender. The sequences are the models' own (docs/clinical.md, "EFT sequencing" and
"Gottman sequencing"); the couple's findings choose the Gottman exercises and give every exercise its reason.
"""

from collections.abc import Sequence

from clinic.plans import recommender_text as t
from clinic.plans.findings import Need, Pattern, feelings_sentence
from clinic.plans.recommender_types import Block, Course, Deepening, ExerciseInfo, Pick, SessionKind
from intake.comparison import Comparison
from intake.message import Text, join, msg, sentences

Library = dict[str, ExerciseInfo]

# EFT (Johnson 2004): tag, steps, the step's exercise, and the Hold Me Tight conversations for home (Johnson 2008).
EFT_BLOCKS: tuple[tuple[str, tuple[int, ...], str, tuple[str, ...]], ...] = (
    ("eft-1-2", (1, 2), "eft-de-escalation-cycle", ("eft-hmt-1-demon-dialogues",)),
    ("eft-3", (3,), "eft-access-attachment-emotions", ("eft-hmt-2-raw-spots",)),
    ("eft-4", (4,), "eft-reframe-cycle-needs", ("eft-hmt-3-rocky-moment",)),
    ("eft-5", (5,), "eft-own-disowned-needs", ()),
    ("eft-6", (6,), "eft-accept-partner-experience", ()),
    ("eft-7w", (7,), "eft-withdrawer-reengagement", ()),
    ("eft-7b", (7,), "eft-blamer-softening", ("eft-hmt-4-engaging-connecting",)),
    ("eft-8-9", (8, 9), "eft-consolidation", ("eft-hmt-6-sex-and-touch", "eft-hmt-7-keeping-love-alive")),
)
HMT = {
    "eft-hmt-1-demon-dialogues": 1,
    "eft-hmt-2-raw-spots": 2,
    "eft-hmt-3-rocky-moment": 3,
    "eft-hmt-4-engaging-connecting": 4,
    "eft-hmt-6-sex-and-touch": 6,
    "eft-hmt-7-keeping-love-alive": 7,
}
TOUCH_ONLY = "eft-hmt-6-sex-and-touch"  # only where warm touch came up (P5)
# When the plan has room, a step gets a second session that takes its conversation in from home.
EFT_DEEPEN = (("eft-1-2", 2), ("eft-3", 3), ("eft-4", 4), ("eft-7b", 7))

# The Sound Relationship House, bottom up (Gottman & Gottman 2015); level 4, positive perspective, has no
# exercise of its own: it grows from the first three.
GOTTMAN_LEVELS = {
    "gottman-love-maps": 1,
    "gottman-fondness-admiration": 2,
    "gottman-turning-toward-bids": 3,
    "gottman-stress-reducing-conversation": 3,
    "gottman-four-horsemen": 5,
    "gottman-softened-startup": 5,
    "gottman-repair-checklist": 5,
    "gottman-aftermath-of-a-fight": 5,
    "gottman-dreams-within-conflict": 6,
    "gottman-state-of-the-union": 7,
    "gottman-rituals-of-connection": 7,
}
ORDER = tuple(GOTTMAN_LEVELS)
GOTTMAN_OPENING_KEY = "gottman-assessment"
# Findings that call for an exercise beyond the areas it targets in the library (docs/clinical.md,
# "Every answer counts"): "turns against" feeds both conflict exercises, not just one.
TRIGGERS = {
    "gottman-four-horsemen": ("bids_against",),
    "gottman-softened-startup": ("bids_against",),
    "gottman-dreams-within-conflict": ("resentment",),
    "gottman-stress-reducing-conversation": ("overload",),
}
EVERY_EXERCISE_FOR = ("bids_against",)
PREREQUISITES = {
    "gottman-dreams-within-conflict": ("gottman-softened-startup", "gottman-repair-checklist"),
    "gottman-state-of-the-union": ("gottman-softened-startup",),
}
HOME_WITH = {"gottman-stress-reducing-conversation": "gottman-turning-toward-bids"}  # a daily talk, set for home
# Areas of everyday skills and habits: what the Gottman side of a "both" plan takes on.
SKILL_AREAS = ("P2", "P3", "P5", "P6", "P7", "rituals", "bids", "bids_against", "resentment", "overload")
# For a "both" plan: the EFT session where each Sound Relationship House level is first practised at home.
BOTH_SLOTS = {1: "eft-3", 2: "eft-4", 3: "eft-5", 5: "eft-6", 6: "eft-7b", 7: "eft-8-9"}


def because(wanted: Sequence[Need], targets: Sequence[str]) -> Need | None:
    return next((need for need in wanted if need.area in targets), None)


def _reason(rule: Text, need: Need | None) -> Text:
    return sentences(rule, need.reason) if need else rule


def _goals(*goals: Text) -> tuple[Text, ...]:
    return tuple(dict.fromkeys(goal for goal in goals if goal))


def _goal(msgid: str) -> Text:
    """A goal's message; "" for none (a finding with no goal of its own)."""
    return msg(msgid) if msgid else ""


# EFT ---------------------------------------------------------------------------------------------------


def _eft_rule(tag: str, comparison: Comparison, pattern: Pattern) -> Text:
    if tag == "eft-3":
        return msg(t.EFT_STEP_3, feelings=feelings_sentence(comparison))
    if tag in ("eft-7w", "eft-7b"):
        side = pattern.withdrawer if tag == "eft-7w" else pattern.pursuer
        who: Text = msg(t.WHO, name=comparison.name(side)) if side else ""
        return msg(t.EFT_STEP_7_WITHDRAWER if tag == "eft-7w" else t.EFT_STEP_7_BLAMER, who=who)
    return msg(
        {
            "eft-1-2": t.EFT_OPENING,
            "eft-4": t.EFT_STEP_4,
            "eft-5": t.EFT_STEP_5,
            "eft-6": t.EFT_STEP_6,
            "eft-8-9": t.EFT_STEP_8_9,
        }[tag]
    )


def _eft_block(
    tag: str, comparison: Comparison, exercises: Library, wanted: Sequence[Need], pattern: Pattern, opening: Text
) -> Block:
    _tag, steps, key, conversations = next(entry for entry in EFT_BLOCKS if entry[0] == tag)
    info = exercises.get(key)
    need = because(wanted, info.targets) if info else None
    rule = _eft_rule(tag, comparison, pattern)
    if tag == "eft-1-2":
        rule = sentences(rule, opening)  # the cycle's likely pattern is a plan note
    picks = [Pick(key, _reason(rule, need))] if info else []
    touch = any(n.area == "P5" for n in wanted)
    picks += [
        Pick(hmt, msg(t.HMT, n=HMT[hmt], why=msg(t.HMT_WHY[HMT[hmt]])), at_home=True)
        for hmt in conversations
        if hmt in exercises and (hmt != TOUCH_ONLY or touch)
    ]
    goals = _goals(_goal(t.STEP_GOALS[tag]), _goal(t.AREA_GOALS.get(need.area, "")) if need else "")
    notes = msg(t.INJURY_NOTE) if tag == "eft-7b" else ""
    return Block(SessionKind.JOINT, msg(t.FOCUS[tag]), tuple(picks), goals, steps, notes=notes, tag=tag)


def _eft_deepening(tag: str, step: int, base: Block, exercises: Library) -> Deepening:
    conversation = next((pick for pick in base.picks if pick.at_home), None)
    focus = msg(t.FOCUS["eft-2"]) if step == 2 else msg(t.FOCUS_DEEPEN, focus=base.focus)
    if conversation and conversation.key in exercises:
        picks: tuple[Pick, ...] = (Pick(conversation.key, conversation.reason),)
        moves = conversation.key
    else:
        picks, moves = (), ""
    steps = (2,) if step == 2 else base.eft_steps
    block = Block(SessionKind.JOINT, focus, picks, base.goals, steps, notes=msg(t.EFT_DEEPEN[step]), tag=f"{tag}+")
    return Deepening(tag, block, moves)


def eft_course(
    comparison: Comparison, exercises: Library, wanted: Sequence[Need], pattern: Pattern, opening: Text
) -> Course:
    """Stage 1 (steps 1-4), stage 2 (steps 5-7, the withdrawer before the blamer), stage 3 (steps 8-9) last;
    the individual sessions go after the first joint one (the recommender places them)."""
    blocks = [_eft_block(tag, comparison, exercises, wanted, pattern, opening) for tag, *_rest in EFT_BLOCKS]
    by_tag = {block.tag: block for block in blocks}
    deepenings = tuple(_eft_deepening(tag, step, by_tag[tag], exercises) for tag, step in EFT_DEEPEN)
    return Course(tuple(blocks[:1]), tuple(blocks[1:]), deepenings, open_at_end=False)


# Gottman -----------------------------------------------------------------------------------------------


def _targets(info: ExerciseInfo) -> tuple[str, ...]:
    return (*info.targets, *TRIGGERS.get(info.key, ()))


def gottman_picks(exercises: Library, wanted: Sequence[Need], areas: Sequence[str] = ()) -> list[Pick]:
    """For each need (in priority order) whose area nothing chosen covers yet: the Sound Relationship House
    exercise covering most still-uncovered areas, lower levels first on a tie. Then what a later exercise
    needs practised first. `areas` limits the needs taken (a "both" plan leaves attachment work to EFT)."""
    wanted = [need for need in wanted if not areas or need.area in areas]
    options = [exercises[key] for key in ORDER if key in exercises]
    chosen: dict[str, Pick] = {}
    covered: set[str] = set()
    for need in wanted:
        fits = [info for info in options if need.area in _targets(info) and info.key not in chosen]
        if need.area in EVERY_EXERCISE_FOR:
            for info in fits:
                chosen[info.key] = Pick(info.key, need.reason, goal=_goal(t.AREA_GOALS.get(need.area, "")))
            continue
        if need.area in covered or not fits:
            continue
        uncovered = {n.area for n in wanted} - covered
        best = min(fits, key=lambda info: (-len(uncovered.intersection(_targets(info))), ORDER.index(info.key)))
        chosen[best.key] = Pick(best.key, need.reason, goal=_goal(t.AREA_GOALS.get(need.area, "")))
        covered.update(_targets(best))
    return _with_prerequisites(list(chosen.values()), exercises)


def _with_prerequisites(picks: list[Pick], exercises: Library) -> list[Pick]:
    ordered: list[Pick] = []
    for pick in picks:
        for key in PREREQUISITES.get(pick.key, ()):
            if key in exercises and all(p.key != key for p in (*ordered, *picks)):
                reason = msg(t.PREREQUISITE, name=exercises[pick.key].name, why=msg(t.PREREQUISITE_WHY[pick.key]))
                ordered.append(Pick(key, reason, goal=_goal(t.PREREQUISITE_GOALS.get(key, ""))))
        ordered.append(pick)
    return ordered


def _gottman_blocks(picks: Sequence[Pick], exercises: Library, available: int) -> list[Block]:
    """One session per level at least; a level's exercises share a session while they fit its time."""
    keys = {pick.key for pick in picks}
    blocks: list[Block] = []
    current: list[Pick] = []
    level = used = 0
    for pick in sorted(picks, key=lambda p: ORDER.index(p.key)):
        home = HOME_WITH.get(pick.key) in keys
        minutes = 0 if home else exercises[pick.key].duration_minutes
        if current and (GOTTMAN_LEVELS[pick.key] != level or used + minutes > available):
            blocks.append(_level_block(current, level, exercises, first_conflict=not _has_conflict(blocks)))
            current, used = [], 0
        level = GOTTMAN_LEVELS[pick.key]
        current.append(Pick(pick.key, pick.reason, home, pick.goal))
        used += minutes
    if current:
        blocks.append(_level_block(current, level, exercises, first_conflict=not _has_conflict(blocks)))
    return blocks


def _has_conflict(blocks: Sequence[Block]) -> bool:
    return any(block.level >= 5 for block in blocks)


def _level_block(picks: Sequence[Pick], level: int, exercises: Library, first_conflict: bool) -> Block:
    names = join([exercises[pick.key].name for pick in picks if not pick.at_home])
    focus = msg(t.LEVEL_FOCUS, level=msg(t.LEVELS[level]), names=names)
    perspective = msg(t.POSITIVE_PERSPECTIVE_GOAL) if level >= 5 and first_conflict else ""
    block_goals = _goals(perspective, *(pick.goal for pick in picks))
    return Block(SessionKind.JOINT, focus, tuple(picks), block_goals, level=level, tag=f"gottman-{level}")


def gottman_course(
    comparison: Comparison, exercises: Library, wanted: Sequence[Need], budget: int, available: int, opening: Text
) -> Course:
    """Assessment together, then the house from the ground up; exercises chosen by the findings, the most
    important kept when the plan has fewer sessions than they need."""
    picks = gottman_picks(exercises, wanted)
    kept = len(picks)
    while kept and len(_gottman_blocks(picks[:kept], exercises, available)) > budget:
        kept -= 1
    blocks = _gottman_blocks(picks[:kept], exercises, available)
    dropped = tuple(exercises[pick.key].name for pick in picks[kept:])
    rule = sentences(msg(t.GOTTMAN_OPENING), opening)
    first = [Pick(GOTTMAN_OPENING_KEY, rule)] if GOTTMAN_OPENING_KEY in exercises else []
    readiness = msg(t.AREA_GOALS["readiness"]) if opening else ""
    opening_block = Block(
        SessionKind.JOINT,
        msg(t.FOCUS["gottman-0"]),
        tuple(first),
        _goals(*(msg(goal) for goal in t.OPENING_GOALS), readiness),
        tag="gottman-0",
    )
    return Course((opening_block,), tuple(blocks), open_at_end=True, dropped=dropped)


def both_course(
    comparison: Comparison, exercises: Library, wanted: Sequence[Need], pattern: Pattern, opening: Text
) -> Course:
    """EFT's sessions, each with at most one Gottman exercise for home, level by level in the house's order from
    step 3 on; what finds no session is named as left out."""
    eft = eft_course(comparison, exercises, wanted, pattern, opening)
    picks = gottman_picks(exercises, wanted, SKILL_AREAS)
    rest = list(eft.rest)
    slots = [block.tag for block in rest]
    placed: dict[str, Pick] = {}
    dropped = []
    position = 0
    for pick in sorted(picks[: len(slots)], key=lambda p: ORDER.index(p.key)):
        position = max(position, slots.index(BOTH_SLOTS[GOTTMAN_LEVELS[pick.key]]))
        if position >= len(slots):
            dropped.append(pick)
            continue
        placed[slots[position]] = pick
        position += 1
    dropped += picks[len(slots) :]
    for index, block in enumerate(rest):
        if home := placed.get(block.tag):
            rest[index] = Block(
                block.kind,
                block.focus,
                (*block.picks, Pick(home.key, home.reason, at_home=True)),
                block.goals,
                block.eft_steps,
                notes=block.notes,
                tag=block.tag,
            )
    names = tuple(exercises[pick.key].name for pick in dropped)
    return Course(
        eft.opening, tuple(rest), eft.deepenings, open_at_end=False, dropped=names, dropped_note=t.NOTE_NO_HOME_SLOT
    )
