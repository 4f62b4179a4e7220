"""The session-plan recommender's words: reasons, goals, focus titles, notes and measures.

Pure like clinic.plans.recommender: imports only the standard library, never Django, so the recommender is tested
without settings. Strings are marked with a local no-op `_()` and translated where they are shown.
"""

from collections.abc import Sequence


def _(message: str) -> str:
    """Mark text for translation and return it unchanged (see intake.questionnaire._ for why not gettext_noop)."""
    return message


# Library keys and area families the rules name (data, not wording).
SAFETY_ASSESSMENT = "individual-safety-assessment"
SAFETY_PLANNING = "individual-safety-planning"
HOLD_KEYS = (SAFETY_ASSESSMENT, SAFETY_PLANNING, "individual-therapy-referral")
DISCERNMENT = "individual-discernment-counselling"
DE_ESCALATION = "eft-de-escalation-cycle"
CLOSING_KEYS = {
    "eft": ("eft-consolidation", "gottman-state-of-the-union"),
    "gottman": ("gottman-state-of-the-union", "eft-consolidation"),
    "both": ("gottman-state-of-the-union", "eft-consolidation"),
}
ALLOWED = {"eft": ("eft",), "gottman": ("gottman",), "both": ("eft", "gottman")}
# Problem areas that point to attachment distress (EFT) or to everyday skills and habits (Gottman).
EFT_AREAS = ("P4", "P8", "O1", "O3", "O5", "O8")
GOTTMAN_AREAS = ("P2", "P3", "P6", "P7", "rituals")

AND = _(" and ")

# Reasons: one full sentence for the therapist, naming the finding behind the exercise.
CHOSEN_BECAUSE = _("Chosen because {sentence}")
EXPERIENCE_ONE = _("Chosen because {name} reports, about {their} own feelings: {label}.")
EXPERIENCE_BOTH = _("Chosen because {a} and {b} both report, about their own feelings: {label}.")
RITUALS_RARE = _("Chosen because {a} and {b} both say these rarely or never happen: {labels}.")
NO_PROBLEM = _(
    "Chosen because {names} disagreed that emotional distance has become a problem: seeing the "
    "pattern together comes before skills work."
)
EFT_START = _("Chosen because EFT starts with the alliance and the negative cycle (stage 1, steps 1-2).")
DISCERNMENT_REASON = _("Chosen because {why}: discernment counselling comes before any joint work.")
CHECK_IN = _(
    "Chosen as routine for every couple: an individual session with each partner after the first "
    "joint ones, to check privately for violence and substance use."
)
CLOSING = _("Chosen to close the course: consolidate what has changed and plan how to keep it going.")
CONTINUED = _("Continued from session {number}. {reason}")

# Safety: therapist-only text (Draft.hold_reason and the individual exercises' reasons).
SAFETY_KINDS: dict[str, str] = {
    "safety_afraid": _("feeling afraid of the partner"),
    "safety_hurt": _("being physically hurt"),
    "safety_threatened": _("threats of harm"),
    "safety_insulted": _("insults or screaming"),
    "safety_controlled": _("control of money, phone, contacts or movements"),
    "safety_sexual": _("sexual pressure or force"),
    "safety_selfharm": _("thoughts of self-harm or suicide"),
}
ENDORSED = _("{name} answered yes about {kinds}")


def join(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return ", ".join(words[:-1]) + AND + words[-1] if len(words) > 1 else "".join(words)


def endorsed(name: str, keys: Sequence[str]) -> str:
    """Which kinds of safety item one partner endorsed, e.g. "Sam answered yes about threats of harm"."""
    return ENDORSED.format(name=name, kinds=join([SAFETY_KINDS.get(key, key) for key in keys]))


HOLD = _(
    "Safety screen: {endorsements}. Joint work is on hold (no enactments, vulnerability conversations "
    "or conflict exercises): see each partner on their own for follow-up, safety planning and referral. "
    "Never reveal a disclosure, or that one exists, to the other partner."
)
HOLD_SELF_HARM = _(
    "{name} reported thoughts of self-harm or suicide: follow up with {them} the same day and "
    "take the crisis steps (assess risk, give crisis resources, make a safety plan)."
)
RESUME_NOTE = _(
    "Joint work resumes only after individual assessment shows it is safe: no abuse or coercive "
    "control, no ongoing affair, no untreated severe addiction and no acute suicidality."
)
SAFETY_REASONS: dict[str, str] = {
    "individual-safety-assessment": _("Chosen because {endorsements}: see each partner on their own to assess risk."),
    "individual-safety-planning": _(
        "Chosen because {endorsements}: make a written safety plan with each partner individually."
    ),
    "individual-therapy-referral": _(
        "Chosen because {endorsements}: connect each partner with individual or specialist help."
    ),
}

# Readiness.
STANCE_CHOSEN = _("{name} chose \u201c{label}\u201d")
STEP_DISCERNMENT = _(
    "Discernment counselling before any joint work: {why}. Joint sessions start only if both "
    "partners then choose an all-out effort in couple therapy."
)
STEP_RECOGNITION = _(
    "Build a shared recognition of the problem before skills work: {names} disagreed that "
    "emotional distance has become a problem."
)
AFTER_INDIVIDUAL = _("After the individual sessions: {step}")
NOTE_UNSURE = _(
    "{name} is unsure about the relationship: name it early and revisit it; this alone needs no "
    "discernment counselling."
)
NOTE_LOW_READINESS = _("{name} answered low on \u201c{label}\u201d: explore it early.")
NOTE_DISCERNMENT = _(
    "Joint sessions start only if both partners choose couple therapy at the end of "
    "discernment counselling (up to five sessions)."
)
NOTE_UNSCHEDULED = _("No room in this plan for: {names}. Add sessions to include them.")

# Approach.
RITUALS_LABEL = _("Rare everyday rituals")
APPROACH_EFT = _("EFT, because attachment distress is the main thread: {eft}.")
APPROACH_GOTTMAN = _("Gottman Method, because everyday skills and habits are the main thread: {gottman}.")
APPROACH_BOTH = _(
    "Both EFT and the Gottman Method: attachment distress ({eft}) and everyday skills and habits "
    "({gottman}) both need work."
)
APPROACH_NONE = _(
    "Gottman Method: no area points to attachment distress, so skills work builds on the couple's strengths."
)
APPROACH_WAITING = _("Gottman Method for now: the approach can rest on findings only once both partners have answered.")
APPROACH_INDIVIDUAL = _("Individual sessions with each partner come first; joint work is planned after them.")

# Stage.
STAGE_EFT = _("EFT stage 1 (de-escalation), steps 1-2")
STAGE_GOTTMAN = _("Gottman Method: assessment, then {level}")
STAGE_GOTTMAN_ASSESSMENT = _("Gottman Method: assessment")
STAGE_DISCERNMENT = _("Discernment counselling, then {stage}")
STAGE_INDIVIDUAL = _("Individual sessions before joint work")

# Session focus titles.
FOCUS_OPENING = _("Assessment and alliance")
FOCUS_INDIVIDUAL = _("Individual follow-up with each partner")
FOCUS_DISCERNMENT = _("Discernment counselling")
FOCUS_CLOSING = _("Consolidation and review")
FOCUS_DEEPEN = _("Review homework; deepen {name}")
FOCUS_PRACTICE = _("Review homework and practice")

# Measures (docs/clinical.md, "Plan drafting": the CSI-4 regularly, the safety screen individually each time).
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
    "readiness": _("Both partners describe the distance between them as a shared pattern, not one person's fault."),
    "cycle": _("Both partners describe their negative cycle and see it as the common enemy."),
}
GOAL_HOMEWORK = _("Agree when and how to do the homework at home.")
GOAL_REVIEW = _("Review the homework: what helped, and what got in the way.")
OPENING_GOALS = (
    _("Name the couple's strengths first, then the concerns both partners share."),
    _("Agree two or three goals for the work, in the couple's own words."),
)
CHECK_IN_GOALS = (
    _("Meet each partner on their own, so neither is singled out."),
    _("Repeat the safety screen privately and ask about substance use."),
    _("Hear what each partner finds hard to say in joint sessions."),
)
DISCERNMENT_GOALS = (
    _("Meet each partner separately for most of the session, together at the start and end."),
    _("Lay out the three paths: no change, separation, or an all-out effort in couple therapy."),
    _("Help each partner choose a path without pressure."),
)
CLOSING_GOALS = (
    _("Review what has changed since the first session, with the CSI-4 against the first answers."),
    _("Agree the rituals and check-ins that will keep the new pattern going."),
    _("Decide together whether to continue, space out or end the sessions."),
)
SELF_HARM_GOAL = _(
    "Follow up the same day with the partner who reported thoughts of self-harm, and take the "
    "crisis steps: assess risk, give crisis resources, make a safety plan."
)
INDIVIDUAL_GOALS: dict[str, str] = {
    "individual-safety-assessment": _(
        "Meet each partner on their own, explain what stays confidential, and ask about behaviours, not labels."
    ),
    "individual-safety-planning": _("Make a written safety plan with each partner, in their own words."),
    "individual-therapy-referral": _("Connect each partner with the right individual or specialist help."),
}
GOAL_NEXT_STEP = _("Decide and document the next step with each partner.")
FOLLOW_UP_GOALS = (
    _("Review each partner's safety plan and any referral, individually."),
    _("Repeat the safety screen privately and decide whether joint work can begin."),
)
