"""The comparison's words: area labels, the therapist's sentences (who said what, built from the items' phrases
and answer labels) and the themes' sentences (what both partners can hear together).

Labels are message ids, translated where they are shown; sentences are Messages (intake.message), worded where the
reader's language is known (intake.wording), never here.

Pure like intake.comparison: imports only the standard library, intake.questionnaire and the comparison's types,
never Django.
"""

from collections.abc import Sequence

from intake.comparison_types import Person, Theme, ThemeKind
from intake.message import Joiner, Message, join, msg
from intake.message import label as lowered
from intake.questionnaire import Item


def _(message: str) -> str:
    """Mark text for translation and return it unchanged (see intake.questionnaire._ for why not gettext_noop)."""
    return message


# Topic labels, neutral so they can head a strength as well as a concern (docs/clinical.md, "The questionnaire").
AREA_LABELS: dict[str, str] = {
    "P1": _("Taking feelings seriously"),
    "P2": _("Talk beyond logistics"),
    "P3": _("Curiosity about each other's inner world"),
    "P4": _("Being there in hard moments"),
    "P5": _("Warm, non-sexual touch"),
    "P6": _("Remembering what matters"),
    "P7": _("Time together over distractions"),
    "P8": _("Openness when asked for closeness"),
    "O1": _("Loneliness in the relationship"),
    "O2": _("Feeling one's thoughts and feelings don't matter"),
    "O3": _("Holding back feelings"),
    "O4": _("Doubting the wish for more closeness"),
    "O5": _("Lasting sadness or emptiness"),
    "O6": _("Feeling better understood by others"),
    "O7": _("Worn-down self-esteem"),
    "O8": _("Checking out emotionally"),
}
RITUAL_LABELS: dict[str, str] = {
    "ritual_morning": _("Warm goodbye in the morning"),
    "ritual_reunion": _("Time for each other at the reunion"),
    "ritual_bedtime": _("Bedtime talk without screens"),
    "ritual_weekly": _("Weekly talk about the relationship"),
}
READINESS_LABELS: dict[str, str] = {
    "readiness_problem": _("Sees emotional distance as a problem"),
    "readiness_change": _("Willing to change"),
    "readiness_months": _("Can commit for several months"),
    "readiness_guidance": _("Open to guidance"),
    "readiness_openness": _("Feels safe to be open"),
}


# A possessive pronoun inside a sentence, one message per pronoun: a language that says "whose" another way (as a
# suffix, or with the name) words it from {name}, which every one of them receives.
POSSESSIVES: dict[str, str] = {
    # Translators: the possessive "his" before a noun; {name} is whose it is, if the translation needs it
    "his": _("his"),
    # Translators: the possessive "her" before a noun; {name} is whose it is, if the translation needs it
    "her": _("her"),
    # Translators: the possessive "their" before a noun; {name} is whose it is, if the translation needs it
    "their": _("their"),
}
# Translators: a person's name made possessive ("Sam's worries"); a translation may reorder it around the noun
NAME_POSSESSIVE = _("{name}'s")


def possessive(person: Person) -> Message:
    """The person's possessive pronoun as a message, with the name for a language that needs it instead."""
    return msg(POSSESSIVES.get(person.possessive, person.possessive), name=person.name)


def name_possessive(person: Person) -> Message:
    return msg(NAME_POSSESSIVE, name=person.name)


def difference_sentence(
    item: Item, label: str, reporter: Person, subject: Person, reported: str, self_reported: str
) -> Message:
    """What the reporter says about the subject, then what the subject says about themselves.

    `item` is the partner-report item, `reported` and `self_reported` the two answers' labels: "Sam says Alex
    rarely asks about his worries, dreams and day; Alex says she often does."
    """
    if not item.phrase:
        return msg(
            _("{reporter} and {subject} see this differently: {label}."),
            reporter=reporter.name,
            subject=subject.name,
            label=lowered(label),
        )
    # The phrase's possessive points back at the reporter across a clause about the subject: with shared
    # pronouns ("Sam says Alex rarely asks about his worries") it could mean either, so it becomes a name.
    their = name_possessive(reporter) if reporter.shares_pronouns_with(subject) else possessive(reporter)
    # {pronoun} and {does} are English grammar ("she does", "they do"): a translation words the clause its own
    # way from {subject} and may leave them out (so the message is not checked as a brace format by msgfmt).
    return msg(
        # xgettext:no-python-brace-format
        _("{reporter} says {subject} {reported} {phrase}; {subject} says {pronoun} {self_reported} {does}."),
        reporter=reporter.name,
        subject=subject.name,
        reported=lowered(reported),
        phrase=msg(item.phrase, their=their),
        pronoun=subject.subject,
        self_reported=lowered(self_reported),
        does=subject.does,
    )


def agreement_sentence(item: Item, label: str, reporter: Person, subject: Person, labels: Sequence[str]) -> Message:
    """What both partners agree on about the subject's behaviour, e.g. "Sam and Alex agree that Alex never or
    rarely brushes off or plays down Sam's feelings." `labels` are the two answers' distinct labels in scale order.
    """
    if not item.phrase:
        return msg(
            _("{reporter} and {subject} see this the same way: {label}."),
            reporter=reporter.name,
            subject=subject.name,
            label=lowered(label),
        )
    # Names rather than pronouns: with two "he"s or two "she"s a pronoun here would be ambiguous.
    return msg(
        _("{reporter} and {subject} agree that {subject} {frequency} {phrase}."),
        reporter=reporter.name,
        subject=subject.name,
        frequency=join([lowered(answer) for answer in labels], Joiner.OR),
        phrase=msg(item.phrase, their=name_possessive(reporter)),
    )


# Themes: whole sentences per kind and topic (no pieces glued together), addressed to both partners and never
# naming either, so a therapist can say them in the room and the handout can print them.
THEME_SENTENCES: dict[tuple[ThemeKind, str], str] = {
    (ThemeKind.STRENGTH, "P1"): _("Taking each other's feelings seriously is a strength you share."),
    (ThemeKind.STRENGTH, "P2"): _("Talking about more than day-to-day arrangements is a strength you share."),
    (ThemeKind.STRENGTH, "P3"): _("Curiosity about each other's inner world is a strength you share."),
    (ThemeKind.STRENGTH, "P4"): _("Being there for each other in hard moments is a strength you share."),
    (ThemeKind.STRENGTH, "P5"): _("Warm, everyday touch is a strength you share."),
    (ThemeKind.STRENGTH, "P6"): _("Remembering what matters to each other is a strength you share."),
    (ThemeKind.STRENGTH, "P7"): _("Making time for each other over phones, TV and work is a strength you share."),
    (ThemeKind.STRENGTH, "P8"): _("Staying open when one of you asks for closeness is a strength you share."),
    (ThemeKind.STRENGTH, "bids"): _("Answering each other's small moments of reaching out is a strength you share."),
    (ThemeKind.STRENGTH, "ritual_morning"): _("A warm goodbye in the morning is a habit you share."),
    (ThemeKind.STRENGTH, "ritual_reunion"): _("Making time for each other when you meet again is a habit you share."),
    (ThemeKind.STRENGTH, "ritual_bedtime"): _("Talking at bedtime without screens is a habit you share."),
    (ThemeKind.STRENGTH, "ritual_weekly"): _("A weekly talk about how you are doing is a habit you share."),
    (ThemeKind.SHARED_CONCERN, "P1"): _("You would both like feelings to be taken more seriously at home."),
    (ThemeKind.SHARED_CONCERN, "P2"): _("You both miss talking about more than day-to-day arrangements."),
    (ThemeKind.SHARED_CONCERN, "P3"): _("You would both like more curiosity about each other's inner world."),
    (ThemeKind.SHARED_CONCERN, "P4"): _("You would both like to be there for each other more in hard moments."),
    (ThemeKind.SHARED_CONCERN, "P5"): _("You would both like more warm, everyday touch."),
    (ThemeKind.SHARED_CONCERN, "P6"): _("You would both like to keep better track of what matters to each other."),
    (ThemeKind.SHARED_CONCERN, "P7"): _("You would both like more time together without phones, TV or work."),
    (ThemeKind.SHARED_CONCERN, "P8"): _("You would both like asking for closeness to go more easily."),
    (ThemeKind.SHARED_CONCERN, "bids"): _(
        "You would both like small moments of reaching out to be answered more often."
    ),
    (ThemeKind.BOTH_FEEL, "O1"): _("You both feel lonely at times, even though you share a life."),
    (ThemeKind.BOTH_FEEL, "O2"): _("You both sometimes feel that your thoughts and feelings count for little."),
    (ThemeKind.BOTH_FEEL, "O3"): _("You both hold feelings back at times, expecting them to be brushed aside."),
    (ThemeKind.BOTH_FEEL, "O4"): _("You both wonder at times whether wanting more closeness is asking too much."),
    (ThemeKind.BOTH_FEEL, "O5"): _("You both carry some sadness about the relationship."),
    (ThemeKind.BOTH_FEEL, "O6"): _("You both feel better understood by friends or family at times."),
    (ThemeKind.BOTH_FEEL, "O7"): _("You both feel the distance has worn on how you see yourselves."),
    (ThemeKind.BOTH_FEEL, "O8"): _("You both notice yourselves checking out of the relationship at times."),
    (ThemeKind.BOTH_MISS, "ritual_morning"): _("You both miss a warm goodbye in the morning."),
    (ThemeKind.BOTH_MISS, "ritual_reunion"): _("You both miss a few unhurried minutes together when you meet again."),
    (ThemeKind.BOTH_MISS, "ritual_bedtime"): _("You both miss talk at bedtime without screens."),
    (ThemeKind.BOTH_MISS, "ritual_weekly"): _("You both miss a regular time to talk about how you are doing."),
    (ThemeKind.DIFFERENT_VIEWS, "P1"): _("You see how feelings are received at home differently."),
    (ThemeKind.DIFFERENT_VIEWS, "P2"): _("You see differently how far your talk goes beyond day-to-day arrangements."),
    (ThemeKind.DIFFERENT_VIEWS, "P3"): _("You see differently how much you ask about each other's inner world."),
    (ThemeKind.DIFFERENT_VIEWS, "P4"): _("You see differently how you are there for each other in hard moments."),
    (ThemeKind.DIFFERENT_VIEWS, "P5"): _("You see warm, everyday touch between you differently."),
    (ThemeKind.DIFFERENT_VIEWS, "P6"): _("You see differently how well you keep track of what matters to each other."),
    (ThemeKind.DIFFERENT_VIEWS, "P7"): _("You see differently how time together competes with phones, TV and work."),
    (ThemeKind.DIFFERENT_VIEWS, "P8"): _("You see differently what happens when one of you asks for closeness."),
    (ThemeKind.DIFFERENT_VIEWS, "bids"): _("You see differently how small moments of reaching out are answered."),
}


def theme_sentence(theme: Theme) -> str:
    """The theme as one sentence to both partners (marked for translation; the caller translates it)."""
    return THEME_SENTENCES[(theme.kind, theme.topic)]


def theme_message(theme: Theme) -> Message:
    """The theme's sentence as a message to be worded in the reader's language."""
    return msg(theme_sentence(theme))
