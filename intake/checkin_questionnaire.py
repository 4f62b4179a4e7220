"""The check-in a partner answers before a session: one short page, as frozen data like the intake's questionnaire.

Pure Python: standard library and intake.questionnaire only, never Django. The CSI-4 items are the intake's own
(same keys, wording and scores: docs/clinical.md, "CSI-4"); the short safety screen carries its tiers on each
item, so SafetyAlert.record_changes raises alerts from it unchanged (docs/clinical.md, "Change over time").
Item keys are stored with answers: never rename or reuse one; add keys and bump CHECK_IN_VERSION instead.
"""

from intake.questionnaire import (
    CSI4_ITEMS,
    IN_PERSON,
    YES_NO,
    Choice,
    Item,
    Kind,
    Polarity,
    Questionnaire,
    SafetyTier,
    Section,
    _,
)

CHECK_IN_VERSION = "check-in-2026-12"
CHECK_IN_SELF_HARM_KEY = "checkin_selfharm"
HELPFUL_KEY = "checkin_helpful"
PRACTICE_KEY = "checkin_practice"
NOTE_KEY = "checkin_note"
NOTE_MAX_LENGTH = 500

HELPFUL: tuple[Choice, ...] = (
    Choice(0, _("Not helpful")),
    Choice(1, _("A little helpful")),
    Choice(2, _("Fairly helpful")),
    Choice(3, _("Very helpful")),
)
# "No practice was set" is its own answer: it is neither a yes nor a no, and is counted as neither.
PRACTICE_NONE_SET = 3
PRACTICE: tuple[Choice, ...] = (
    Choice(2, _("Yes, more than once")),
    Choice(1, _("Yes, once")),
    Choice(0, _("No, not this time")),
    Choice(PRACTICE_NONE_SET, _("There was no practice to try")),
)
PRACTICE_TRIED = frozenset({1, 2})

CSI4 = Section(
    "csi4",
    _("Your relationship this week"),
    _("The same four questions as before, about how you feel about your relationship right now."),
    CSI4_ITEMS,
)

SESSIONS = Section(
    "sessions",
    _("Since your last session"),
    "",
    (
        Item(
            HELPFUL_KEY,
            "sessions",
            Kind.CHOICE,
            _("How helpful was our last session for you?"),
            "sessions",
            choices=HELPFUL,
        ),
        Item(
            PRACTICE_KEY,
            "sessions",
            Kind.CHOICE,
            _("Did you try the practice from the last session at home?"),
            "sessions",
            choices=PRACTICE,
        ),
    ),
)


def _screen(key: str, tier: SafetyTier, text: str, decline: Choice | None = IN_PERSON) -> Item:
    # A "yes" is the problem end, so Item.is_problem flags any endorsement; "I'd rather tell my therapist in
    # person" is a tier B finding of its own, as on the intake's safety step.
    return Item(
        key,
        "checkin_safety",
        Kind.YESNO,
        text,
        "safety",
        polarity=Polarity.HIGH_IS_PROBLEM,
        choices=YES_NO,
        safety=True,
        tier=tier,
        decline=decline,
    )


# The short screen for check-ins (Stith, McCollum & Rosen 2011: screen again, individually, during treatment):
# fear, physical or sexual violence, self-harm, and an open door to say something privately.
SAFETY = Section(
    "checkin_safety",
    _("Your safety"),
    _(
        "We ask everyone these questions at every check-in. Your answers go only to your therapist: your partner "
        "never sees them, or whether you answered them. Once sent, they are not shown again on this page."
    ),
    (
        _screen("checkin_afraid", SafetyTier.A, _("Since your last session, have you felt afraid of your partner?")),
        _screen(
            "checkin_violence",
            SafetyTier.A,
            _(
                "Since your last session, has your partner pushed, hit or choked you, or forced or pressured you "
                "into sex?"
            ),
        ),
        _screen(
            CHECK_IN_SELF_HARM_KEY,
            SafetyTier.SELF_HARM,
            _("Since your last session, have you had thoughts of harming yourself or of ending your life?"),
        ),
        # Saying "yes" here is the way to ask for time alone with the therapist: an individual check-in (tier B).
        _screen(
            "checkin_private",
            SafetyTier.B,
            _("Is there something you would like to tell your therapist privately, without your partner?"),
            decline=None,
        ),
    ),
    private=True,
)

WORDS = Section(
    "checkin_words",
    _("Anything else"),
    "",
    (
        Item(
            NOTE_KEY,
            "checkin_words",
            Kind.TEXT,
            _("Is there anything you would like your therapist to know before the session?"),
            "free",
            required=False,
            max_length=NOTE_MAX_LENGTH,
            help_text=_("Optional. A line is enough. Only your therapist reads it."),
        ),
    ),
)

CHECK_IN: Questionnaire = Questionnaire(CHECK_IN_VERSION, (CSI4, SESSIONS, SAFETY, WORDS))
CSI4_KEYS = tuple(item.key for item in CSI4_ITEMS)


def csi4_total(answers: dict[str, int | str]) -> int | None:
    """The CSI-4 total (0-21) when all four items are answered, else None: the CSI-4 is scored only when whole."""
    values = [answers.get(key) for key in CSI4_KEYS]
    if any(not isinstance(value, int) for value in values):
        return None
    return sum(value for value in values if isinstance(value, int))
