"""The session-plan recommender's words: reasons, goals, focus titles, notes and measures.

Pure like clinic.plans.recommender: imports only the standard library, never Django, so the recommender is tested
without settings. Strings are marked with a local no-op `_()` and are message ids: the recommender puts them in
Messages (intake.message) with their parameters, and intake.wording words them in the reader's language when a
plan is shown or printed (docs/clinical.md, "Plan drafting", gives the rules they explain). A list is joined by
intake.message.join, whose " and " and ", " are the wording's, per language.
"""


def _(message: str) -> str:
    """Mark text for translation and return it unchanged (see intake.questionnaire._ for why not gettext_noop)."""
    return message


# "xgettext:no-python-brace-format" marks a message whose placeholders include English grammar ({they}, {their},
# {them}, {s}): a translation words that part from {name} and leaves them out, which msgfmt --check would refuse.
# Quotation marks are written as themselves, not as \u escapes: xgettext copies an escape into the catalogue as it
# is, so the message id the catalogue holds would never match the one worded at run time.

# Needs: one full sentence for the therapist, naming the finding behind an exercise.
CHOSEN_BECAUSE = _("Chosen because {sentence}")
# xgettext:no-python-brace-format
EXPERIENCE_ONE = _("Chosen because {name} reports, about {their} own feelings: {label}.")
EXPERIENCE_BOTH = _("Chosen because {a} and {b} both report, about their own feelings: {label}.")
RITUALS_RARE = _("Chosen because {a} and {b} both say these rarely or never happen: {labels}.")
BIDS = _(
    "Chosen because, when {reporter} reaches out in small ways, {reporter} says {subject} usually {turn}; "
    "{subject}'s own answer: {own}."
)
TURNS = {
    "toward": _("notices and responds with warmth"),
    "away": _("misses it (turning away)"),
    "against": _("responds with irritation, criticism or a put-down (turning against)"),
}
RESENTMENT = {
    1: _("Chosen because {name} says a long stretch of conflict has left resentment behind."),
    2: _("Chosen because {name} and {other} both say a long stretch of conflict has left resentment behind."),
}
OVERLOAD = {
    1: _("Chosen because {name} says daily demands leave little energy for each other."),
    2: _("Chosen because {name} and {other} both say daily demands leave little energy for each other."),
}

# Causes (context, never scored): an individual-therapy referral note (docs/clinical.md, "Every answer counts").
CAUSES = {
    # xgettext:no-python-brace-format
    "context_childhood": _("feelings were rarely talked about in the family {they} grew up in"),
    # xgettext:no-python-brace-format
    "context_taught": _("{they} learned that showing feelings is a weakness"),
    "context_mood": _("low mood or anxiety, or finding feelings hard to put into words"),
}
REFERRAL_NOTE = _(
    # xgettext:no-python-brace-format
    "Individual therapy alongside the couple work may help {name} ({causes}): raise it in {their} individual "
    "session and offer a referral if {they} want{s} one."
)
REFERRAL_GOAL = _("Talk with {name} about individual therapy alongside the couple work ({causes}).")

# The cycle (EFT step 2): a hypothesis from the answers, to be checked in session.
PATTERN_PURSUE_WITHDRAW = _(
    "The answers suggest a pursue–withdraw cycle: {pursuer} reaches out and meets distance, {withdrawer} "
    "pulls back; check this in the first session."
)
PATTERN_BOTH_WITHDRAW = _(
    "The answers suggest both partners pull back (withdraw–withdraw, “freeze and flee”); check this in "
    "the first session."
)
PATTERN_BOTH_PURSUE = _(
    "The answers suggest both partners push for contact and meet each other with blame (“find the bad "
    "guy”); check this in the first session."
)

# EFT (Johnson 2004; Hold Me Tight, Johnson 2008).
EFT_OPENING = _(
    "EFT steps 1–2 (Johnson 2004): alliance with each partner, assessment, and the negative cycle seen as "
    "the common enemy."
)
EFT_NO_PROBLEM = _(
    "{names} disagreed that emotional distance has become a problem: seeing the pattern together comes "
    "before anything else."
)
EFT_STEP_3 = _("EFT step 3: reach the emotions beneath each partner's position. {feelings}")
# xgettext:no-python-brace-format
FEELINGS = _("{name} reports, about {their} own feelings: {labels}.")
NO_FEELINGS = _("Neither reports a problem in their own feelings: listen for what lies under the positions.")
EFT_STEP_4 = _("EFT step 4: reframe the problem as the cycle and the unmet needs beneath it, which ends stage 1.")
EFT_STEP_5 = _(
    "EFT step 5, stage 2 (only once the cycle has calmed and after both individual sessions): each partner "
    "owns needs and fears kept out of sight."
)
EFT_STEP_6 = _("EFT step 6: each partner takes in the other's new, more open experience.")
EFT_STEP_7_WITHDRAWER = _("EFT step 7 starts with the partner who pulls back re-engaging{who}.")
EFT_STEP_7_BLAMER = _("EFT step 7 continues with the pursuing partner softening{who}, once the other is engaged.")
WHO = _(" (here likely {name})")
EFT_STEP_8_9 = _("EFT steps 8–9, stage 3, last: new solutions to old problems, and the new cycle made to last.")
HMT = _("Hold Me Tight conversation {n} (Johnson 2008), in the book's order: {why}")
HMT_WHY = {
    1: _("naming the demon dialogue belongs to de-escalation."),
    2: _("each partner's raw spots, while the emotions beneath the cycle are explored."),
    3: _("revisiting a rocky moment, as the problem is reframed."),
    4: _("the hold-me-tight conversation itself, only now that the cycle has calmed."),
    6: _("touch and closeness, because warm, everyday touch came up as a concern."),
    7: _("keeping love alive, to close the course."),
}
INJURY_NOTE = _(
    "If either partner names an attachment injury (a moment of abandonment at a time of need), add Attachment "
    "Injury Resolution or Hold Me Tight conversation 5 here."
)
EFT_DEEPEN = {
    2: _("Step 2 deepened in a second joint session before the individual sessions: map the cycle in detail."),
    3: _("Step 3 deepened: de-escalation is the longest part of EFT; stay with the emotions until both can name them."),
    4: _("Step 4 deepened: stage 2 waits until both partners describe the cycle, not each other, as the problem."),
    7: _("Step 7 deepened: a softening usually needs more than one session to be met and to settle."),
}

# Individual sessions.
INDIVIDUAL_EFT = _(
    "EFT: one individual session with each partner after the first joint session and before stage 2 "
    "(Johnson 2004): violence, an affair, substance use, and what cannot be said in the room."
)
INDIVIDUAL_GOTTMAN = _(
    "Gottman assessment: one individual session with each partner (Gottman & Gottman 2015), which also "
    "screens for violence, an affair and substance use."
)
TIER_B_CHECK_IN = _(
    "Chosen because {name} answered yes about {kinds}: an individual check-in with each partner before any joint "
    "session; the rest of the plan stands (Stith, McCollum & Rosen 2011). It also serves as the individual "
    "assessment."
)
TIER_B_OTHER = _(
    "An individual check-in before any joint session, so that neither partner is singled out; it also serves as "
    "the individual assessment."
)
OPENNESS_GOAL = _(
    "{name} does not feel safe enough to be open with {other}: explore what would make joint sessions safe "
    "enough before any vulnerability work."
)
TIER_B_GOAL = _("Follow up {name}'s answer privately and decide whether joint sessions can start as planned.")
CHECK_IN_GOALS = (
    _("See this partner on their own, as for every couple, so neither is singled out."),
    _("Ask privately about fear, violence and one's own aggression, an affair and substance use."),
    _("Hear what this partner finds hard to say in joint sessions."),
)

# Gottman (Gottman & Gottman 2015; Gottman & Silver 2015).
GOTTMAN_OPENING = _(
    "Gottman assessment begins together (Gottman & Gottman 2015): the couple's story, a short conversation "
    "about a disagreement, and goals, before the Sound Relationship House is built from the ground up."
)
LEVELS = {
    1: _("Love maps (level 1)"),
    2: _("Fondness and admiration (level 2)"),
    3: _("Turning toward (level 3)"),
    5: _("Managing conflict (level 5)"),
    6: _("Making life dreams come true (level 6)"),
    7: _("Creating shared meaning (level 7)"),
}
# A level's session: the level, then the exercises practised in it ("Love maps (level 1): Love Maps").
LEVEL_FOCUS = _("{level}: {names}")
POSITIVE_PERSPECTIVE_GOAL = _(
    "Check the positive perspective (level 4): does each now give the other the benefit of the doubt? It grows "
    "from the first three levels."
)
PREREQUISITE = _("Chosen because {name} comes later in this plan and needs it practised first: {why}")
PREREQUISITE_GOALS = {
    "gottman-softened-startup": _(
        "Each partner raises one need gently: a feeling, a situation and a wish, without blame."
    ),
    "gottman-repair-checklist": _("Each partner offers and accepts a repair phrase, and takes a break when flooded."),
}
PREREQUISITE_WHY = {
    "gottman-dreams-within-conflict": _("Dreams Within Conflict only after the couple can manage conflict."),
    "gottman-state-of-the-union": _("State of the Union only once softened start-up is practised."),
}

# Discernment (Doherty & Harris 2017) and readiness.
STANCE_CHOSEN = _("{name} chose “{label}”")
DISCERNMENT_REASON = _(
    "Chosen because {why}: a mixed agenda, so discernment counselling comes before joint work (Doherty & Harris 2017)."
)
DISCERNMENT_STEP = _(
    "Discernment counselling before joint work: {why}. Joint sessions start only if both partners then choose an "
    "all-out effort in couple therapy."
)
DISCERNMENT_AFTER_HOLD = _("Once individual assessment shows joint work is safe: discernment counselling ({why}).")
NO_DISCERNMENT = _(
    "{name} leans towards leaving, but a partner reported fear, violence or control, so discernment counselling "
    "does not fit (Doherty & Harris 2017 exclude these couples): offer individual work on the decision."
)
BOTH_LEANING_OUT = _(
    "Both lean towards leaving: talk with each about what they want from therapy before planning joint work."
)
NO_CHOICE_YET = _(
    "{out} leans towards leaving and {unsure} is unsure: neither has chosen to work on the relationship yet. "
    "Revisit readiness with both before joint work; discernment counselling needs one partner who wants to."
)
NOTE_UNSURE = _(
    "{name} is unsure about the relationship: name it early and revisit readiness; unsure alone needs no discernment counselling."
)
NOTE_LOW_READINESS = _("{name} answered low on “{label}”: explore it early.")
NOTE_DISCERNMENT = _(
    "Up to five discernment sessions (the first about two hours); joint sessions start only if both partners "
    "choose couple therapy at the end."
)
STEP_RECOGNITION = _(
    "Build a shared recognition of the problem before skills work: {names} disagreed that emotional distance has "
    "become a problem."
)

# Safety: therapist-only text (Draft.hold_reason and the individual exercises' reasons).
SAFETY_KINDS: dict[str, str] = {
    "safety_afraid": _("feeling afraid of the partner"),
    "safety_hurt": _("being physically hurt"),
    "safety_strangled": _("pressure on the neck or throat"),
    "safety_threatened": _("threats of harm"),
    "safety_insulted": _("insults or screaming"),
    "safety_controlled": _("control of money, phone, contacts or movements"),
    "safety_sexual": _("sexual pressure or force"),
    "safety_unsafe_joint": _("something not safe to say with the partner in the room"),
    "safety_own_aggression": _("their own pushing, grabbing or hitting in arguments"),
    "safety_selfharm": _("thoughts of self-harm or suicide"),
}
SAFETY_KIND_OTHER = _("another safety question (see the comparison)")
ENDORSED = _("{name} answered yes about {kinds}")
ENDORSED_IN_PERSON = _("{name} would rather tell you in person about {kinds}")
HOLD = _(
    "Safety screen: {endorsements}. Joint work is on hold (no enactments, vulnerability conversations or conflict "
    "exercises, no discernment counselling): see each partner on their own for follow-up, safety planning and "
    "referral. Never reveal a disclosure, or that one exists, to the other partner."
)
HOLD_SELF_HARM = _(
    # xgettext:no-python-brace-format
    "{name} reported thoughts of self-harm or suicide: follow up with {them} the same day and take the crisis "
    "steps (assess risk, give crisis resources, make a safety plan)."
)
RESUME_NOTE = _(
    "Joint work resumes only after individual assessment shows it is safe: no abuse or coercive control, no "
    "ongoing affair, no untreated severe addiction and no acute suicidality."
)
SAFETY_REASONS: dict[str, str] = {
    # xgettext:no-python-brace-format
    "individual-safety-assessment": _("Chosen because {endorsements}: see {name} on {their} own to assess risk."),
    "individual-safety-planning": _("Chosen because {endorsements}: make a written safety plan with {name}."),
    "individual-therapy-referral": _(
        "Chosen because {endorsements}: connect {name} with individual or specialist help."
    ),
}
HOLD_ROUTINE = _(
    # xgettext:no-python-brace-format
    "An individual session with {name} as with every couple, so neither partner is singled out; ask, without "
    "blame, about {their} own use of aggression. Reveal nothing the other partner said."
)
SELF_HARM_GOAL = _(
    "Follow up the same day with {name}, who reported thoughts of self-harm, and take the crisis steps: assess "
    "risk, give crisis resources, make a safety plan."
)
INDIVIDUAL_GOALS: dict[str, str] = {
    "individual-safety-assessment": _(
        # xgettext:no-python-brace-format
        "Meet {name} on {their} own, explain what stays confidential, and ask about behaviours, not labels."
    ),
    # xgettext:no-python-brace-format
    "individual-safety-planning": _("Make a written safety plan with {name}, in {their} own words."),
    "individual-therapy-referral": _("Connect {name} with the right individual or specialist help."),
}
GOAL_NEXT_STEP = _("Decide and document the next step with this partner.")

# Approach.
RITUALS_LABEL = _("Rare everyday rituals")
BIDS_LABEL = _("Small reaches for connection missed")
BIDS_AGAINST_LABEL = _("Small reaches for connection met with irritation or put-downs")
APPROACH_EFT = _("attachment distress is the main thread: {eft}.")
APPROACH_GOTTMAN = _("everyday skills and habits are the main thread: {gottman}.")
APPROACH_BOTH = _(
    "attachment distress ({eft}) sets EFT's course for the sessions; everyday skills and habits ({gottman}) are "
    "practised at home with Gottman Method exercises."
)
APPROACH_NONE = _("no area points to attachment distress, so skills work builds on the couple's strengths.")
APPROACH_WAITING = _("for now: the approach can rest on findings only once both partners have answered.")
APPROACH_INDIVIDUAL = _("individual sessions with each partner come first; joint work is planned after them.")

# Stage: where the plan starts.
STAGE_EFT = _("EFT stage 1 (de-escalation), steps 1–2")
STAGE_GOTTMAN = _("Gottman Method: assessment, then the Sound Relationship House from level {level}")
STAGE_GOTTMAN_ASSESSMENT = _("Gottman Method: assessment")
STAGE_DISCERNMENT = _("Discernment counselling, then {stage}")
STAGE_CHECK_IN = _("Individual check-ins, then {stage}")
STAGE_CHECK_IN_DISCERNMENT = _("Individual check-ins, then discernment counselling, then {stage}")
STAGE_INDIVIDUAL = _("Individual sessions before joint work")

# Session focus titles (therapist-facing).
FOCUS = {
    "eft-1-2": _("Steps 1–2: alliance, assessment and the negative cycle"),
    "eft-2": _("Step 2 continued: mapping the cycle"),
    "eft-3": _("Step 3: the emotions beneath each position"),
    "eft-4": _("Step 4: the cycle and unmet needs as the problem"),
    "eft-5": _("Step 5: owning needs and fears"),
    "eft-6": _("Step 6: accepting the partner's new experience"),
    "eft-7w": _("Step 7: withdrawer re-engagement"),
    "eft-7b": _("Step 7: blamer softening"),
    "eft-8-9": _("Steps 8–9: consolidation"),
    "gottman-0": _("Assessment: the couple's story and goals"),
}
FOCUS_DEEPEN = _("{focus} (continued)")
FOCUS_INDIVIDUAL = _("Individual session: {name}")
FOCUS_CHECK_IN = _("Individual check-in: {name}")
FOCUS_SAFETY = _("Individual session: {name}")
FOCUS_DISCERNMENT = _("Discernment counselling")
FOCUS_OPEN = _("Open: review progress")
FOCUS_OPEN_HOLD = _("Open: review individually whether joint work can begin")
OPEN_GOALS = (
    _("Review progress with the couple against the goals agreed at the start."),
    _("Decide together which step or exercise to continue, or whether to close."),
)
OPEN_HOLD_GOALS = (
    _("Repeat the safety screen with each partner individually."),
    _("Decide with each partner, individually, whether joint work can begin."),
)
NOTE_UNSCHEDULED = _("Not in this plan: {names}. Add sessions to include them.")
NOTE_NO_HOME_SLOT = _(
    "Not in this plan: {names}. Each EFT session carries at most one Gottman exercise for home, in the house's order; "
    "add any of them by hand where the couple is ready for it."
)
NOTE_AT_HOME_ONLY = _("{name} did not fit the session's time and is set for home.")

# Measures (the CSI-4 regularly, the safety screen individually each time).
MEASURE_CSI4 = _("CSI-4, each partner")
MEASURE_SAFETY = _("Safety screen, with each partner individually")

# Behavioural goals: per target area of the finding that chose an exercise, then per kind of session.
AREA_GOALS: dict[str, str] = {
    "P1": _("Each partner names the other's feeling and acknowledges it before giving a view."),
    "P2": _("The couple talks each day about something other than schedules, money and chores."),
    "P3": _("Each partner asks about the other's day, worries or hopes, and follows up with a second question."),
    "P4": _("When one partner is upset, the other stays close and asks what would help."),
    "P5": _("The couple shares warm, non-sexual touch every day, such as a hug or holding hands."),
    "P6": _("Each partner notes and follows up the dates and news that matter to the other."),
    "P7": _("The couple keeps device-free time together on most days."),
    "P8": _("When asked for closeness, each partner pauses and responds without defending or blaming."),
    "O1": _("Each partner names the loneliness under the distance and asks for comfort directly."),
    "O2": _("Each partner says what they think and feel, and the other reflects it back before replying."),
    "O3": _("Each partner shares one held-back feeling in session and is met without dismissal."),
    "O4": _("Each partner describes the wish for closeness as a normal need, not a flaw."),
    "O5": _("Each partner puts the sadness about the relationship into words, and the other listens without fixing."),
    "O6": _("Each partner turns to the other first with something that matters to them."),
    "O7": _("Each partner tells the other one specific thing they appreciate every day."),
    "O8": _("Each partner notices when they check out and takes one small step back towards contact."),
    "rituals": _(
        "The couple keeps two daily rituals of connection, such as a warm goodbye or a screen-free bedtime talk."
    ),
    "bids": _("Each partner notices the other's small reaches for connection and answers most of them."),
    "bids_against": _("Each partner answers a small reach without irritation or put-downs, even when busy."),
    "resentment": _("Each partner can say what the other's position on a stuck topic protects for them."),
    "overload": _("The couple keeps one short, protected daily talk about the day, however busy it was."),
    "readiness": _("Both partners describe the distance between them as a shared pattern, not one person's fault."),
    "cycle": _("Both partners describe their negative cycle and see it as the common enemy."),
}
STEP_GOALS: dict[str, str] = {
    "eft-1-2": AREA_GOALS["cycle"],
    "eft-3": _("Each partner names one softer feeling under their usual move in the cycle."),
    "eft-4": _("Both describe the problem as the cycle and the needs beneath it, not as each other."),
    "eft-5": _("Each partner says one need or fear they usually keep to themselves."),
    "eft-6": _("Each partner takes in the other's new way of responding without dismissing it."),
    "eft-7w": _("The partner who pulls back says what they need and stays in the conversation."),
    "eft-7b": _("The pursuing partner asks for comfort from the softer feeling, and is met."),
    "eft-8-9": _("The couple describes its new cycle and the rituals that will keep it going."),
    "gottman-0": _("Agree two or three goals for the work, in the couple's own words."),
}
OPENING_GOALS = (
    _("Name the couple's strengths first, then the concerns both share, in general terms (the themes)."),
    _("Agree two or three goals for the work, in the couple's own words."),
)
DISCERNMENT_GOALS = (
    _("Meet each partner separately for most of the session, together at the start and end."),
    _("Lay out the three paths: no change, separation, or an all-out effort in couple therapy."),
    _("Help each partner choose a path without pressure."),
)
