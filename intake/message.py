"""Words to be worded later: a message id with its parameters, and lists of them joined in the reader's language.

Pure: standard library only, never Django, so the comparison and the recommender (both pure) can say what they
found without choosing a language. intake.wording turns these into text in the active language when a page, a
PDF or a handout shows them (docs/architecture.md, "Words and languages").

A message id is English text with `str.format` placeholders (`{name}`): a translation keeps the placeholders it
needs and may leave out those it does not (English pronouns, "does"), since `str.format` ignores unused keyword
arguments. A plain `str` where a Message may stand is shown as it is: a person's name, an exercise's name, or a
therapist's own words.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Joiner(StrEnum):
    """How a list is joined; each is worded by the translation (", " and " and " differ by language)."""

    AND = "and"  # "a", "a and b", "a, b and c"
    OR = "or"  # "a or b"
    SEMICOLON = "semicolon"  # "a; b"
    SENTENCES = "sentences"  # whole sentences one after the other


@dataclass(frozen=True)
class Message:
    """`msgid` worded later with `params`; `plural` and `count` for a number with a noun (ngettext).

    `lower`: the worded text starts lower-case, for a label read inside a sentence ("rarely", not "Rarely").
    Lower-casing is a property of the script, not of English grammar: it leaves a caseless script (Arabic) as
    it is, so every language can keep its own label and only cased scripts change.
    """

    msgid: str
    params: tuple[tuple[str, "Param"], ...] = ()
    plural: str | None = None
    count: int | None = None
    lower: bool = False

    def __bool__(self) -> bool:
        return bool(self.msgid)


@dataclass(frozen=True)
class Join:
    """Several texts as one: a list joined with "and" or "or", or sentences one after the other."""

    items: tuple["Text", ...]
    how: Joiner = Joiner.AND

    def __bool__(self) -> bool:
        return any(self.items)


Text = str | Message | Join
Param = str | int | Message | Join


def msg(msgid: str, /, **params: Param) -> Message:
    """A message with its parameters by name: `msg(BIDS, reporter="Sam", turn=msg(TURNS["away"]))`."""
    return Message(msgid, tuple(params.items()))


def label(msgid: str) -> Message:
    """A label (a msgid of its own) read inside a sentence, so lower-cased where the script has case."""
    return Message(msgid, lower=True)


def join(items: "list[Text] | tuple[Text, ...]", how: Joiner = Joiner.AND) -> Text:
    """The non-empty items joined; "" for none and the item itself for one (nothing to join)."""
    kept = tuple(item for item in items if item)
    if not kept:
        return ""
    return kept[0] if len(kept) == 1 else Join(kept, how)


def sentences(*items: Text) -> Text:
    """Whole sentences one after the other ("" and missing parts left out)."""
    return join(list(items), Joiner.SENTENCES)


# As plain JSON data (a plan version stores its draft this way) ------------------------------------------


def to_data(value: Any) -> Any:
    """JSON-ready data: a Message is {"msgid": ..., "params": {...}}, a Join {"join": how, "items": [...]};
    other dataclasses become dicts of their fields, tuples lists, enums their values."""
    if isinstance(value, Message):
        data: dict[str, Any] = {"msgid": value.msgid, "params": {key: to_data(v) for key, v in value.params}}
        if value.plural is not None:
            data |= {"plural": value.plural, "count": value.count}
        if value.lower:
            data["lower"] = True
        return data
    if isinstance(value, Join):
        return {"join": value.how.value, "items": [to_data(item) for item in value.items]}
    if isinstance(value, StrEnum):
        return value.value
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        return {name: to_data(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    return value


def from_data(data: Any) -> Any:
    """The Message, Join or plain value stored by to_data(); a plain string (a version saved before its words
    were stored as messages, or the therapist's own words) stays the string it is."""
    # `type(...) is dict`, not an ABC check: a plan page words some thousand values of stored JSON on each view.
    if type(data) is dict and "msgid" in data:
        params = tuple((key, from_data(value)) for key, value in dict(data.get("params", {})).items())
        count = data.get("count")
        return Message(str(data["msgid"]), params, data.get("plural"), count, bool(data.get("lower", False)))
    if type(data) is dict and "join" in data:
        return Join(tuple(from_data(item) for item in data["items"]), Joiner(data["join"]))
    return data
