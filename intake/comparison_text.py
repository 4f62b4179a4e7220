"""The comparison's words: area labels, and plain sentences a therapist can read aloud, built from the
items' phrases and answer labels.

Pure like intake.comparison: imports only the standard library and intake.questionnaire, never Django.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from intake.questionnaire import Item


def _(message: str) -> str:
    """Mark text for translation and return it unchanged (see intake.questionnaire._ for why not gettext_noop)."""
    return message


# Topic labels, neutral so they can head a strength as well as a concern (docs/clinical.md, the questionnaire).
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


def difference_sentence(
    item: Item, label: str, reporter: Person, subject: Person, reported: str, self_reported: str
) -> str:
    """What the reporter says about the subject, then what the subject says about themselves.

    `item` is the partner-report item, `reported` and `self_reported` the two answers' labels: "Sam says Alex
    rarely asks about his worries, dreams and day; Alex says she often does."
    """
    if not item.phrase:
        return _("{reporter} and {subject} see this differently: {label}.").format(
            reporter=reporter.name, subject=subject.name, label=label.lower()
        )
    return _("{reporter} says {subject} {reported} {phrase}; {subject} says {pronoun} {self_reported} {does}.").format(
        reporter=reporter.name,
        subject=subject.name,
        reported=reported.lower(),
        phrase=item.phrase.format(their=reporter.possessive),
        pronoun=subject.subject,
        self_reported=self_reported.lower(),
        does=subject.does,
    )


def agreement_sentence(item: Item, label: str, reporter: Person, subject: Person, labels: Sequence[str]) -> str:
    """What both partners agree on about the subject's behaviour, e.g. "Sam and Alex agree that Alex never or
    rarely brushes off or plays down Sam's feelings." `labels` are the two answers' distinct labels in scale order.
    """
    if not item.phrase:
        return _("{reporter} and {subject} see this the same way: {label}.").format(
            reporter=reporter.name, subject=subject.name, label=label.lower()
        )
    # Names rather than pronouns: with two "he"s or two "she"s a pronoun here would be ambiguous.
    return _("{reporter} and {subject} agree that {subject} {frequency} {phrase}.").format(
        reporter=reporter.name,
        subject=subject.name,
        frequency=_(" or ").join(label.lower() for label in labels),
        phrase=item.phrase.format(their=f"{reporter.name}'s"),
    )
