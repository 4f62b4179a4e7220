"""Wording: the comparison's and the recommender's messages (intake.message) as text in a language.

Django-aware, unlike the pure modules that build the messages: `word(text)` uses the active language's catalogue
(gettext and ngettext), so a page words in its reader's language and a PDF in whichever language its view
activated. `word(text, translator)` takes any object with gettext and ngettext (tests pass a fake one; ENGLISH
gives the message ids as they are). Stored data (a plan version's content) is worded by `word_data`.
"""

import dataclasses
import gettext as gettext_module
import logging
from typing import Any, Protocol

from django.utils import translation

from intake.message import Join, Joiner, Message, Text

logger = logging.getLogger(__name__)


class Translator(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class _Active:
    """The active language's catalogue, as Django's request or view activated it."""

    def gettext(self, message: str, /) -> str:
        return translation.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return translation.ngettext(singular, plural, n)


ACTIVE: Translator = _Active()
ENGLISH: Translator = gettext_module.NullTranslations()  # the message ids, which are English

# The separators of a joined list, each a message of its own (Arabic joins with "،" and "و").
_ = str  # marks them for makemessages; the catalogue translates them when worded
AND = _(" and ")
COMMA = _(", ")
OR = _(" or ")
SEMICOLON = _("; ")


def word(text: Text | int, translator: Translator | None = None) -> str:
    """`text` in the translator's language (the active one by default); a plain string as it is."""
    tr = translator or ACTIVE
    if isinstance(text, Message):
        return _word_message(text, tr)
    if isinstance(text, Join):
        return _word_join(text, tr)
    return str(text)


def _word_message(message: Message, tr: Translator) -> str:
    params = {key: word(value, tr) for key, value in message.params}
    return _format(message.msgid, params, tr, message.plural, message.count, message.lower)


def _format(
    msgid: str, params: dict[str, str], tr: Translator, plural: str | None, count: int | None, lower: bool
) -> str:
    if plural is not None and count is not None:
        template = tr.ngettext(msgid, plural, count)
        params.setdefault("count", str(count))
    else:
        template = tr.gettext(msgid) if msgid else ""
    try:
        worded = template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):
        # A translation naming a placeholder the message does not have (msgfmt does not check a message marked
        # no-python-brace-format): the English says it all rather than a page that fails.
        logger.warning("translation of %r does not fit its parameters", msgid)
        worded = msgid.format(**params)
    return worded.lower() if lower else worded


def _word_join(joined: Join, tr: Translator) -> str:
    return _joined([word(item, tr) for item in joined.items], joined.how, tr)


def _joined(words: list[str], how: Joiner | str, tr: Translator) -> str:
    if how == Joiner.SENTENCES:
        return " ".join(words)
    if how == Joiner.SEMICOLON:
        return tr.gettext(SEMICOLON).join(words)
    if how == Joiner.OR:
        return tr.gettext(OR).join(words)
    if len(words) < 2:
        return "".join(words)
    return tr.gettext(COMMA).join(words[:-1]) + tr.gettext(AND) + words[-1]


class _Remembered:
    """A translator that looks each message id up once: a plan repeats its goals, measures and separators."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator
        self.found: dict[str, str] = {}

    def gettext(self, message: str, /) -> str:
        if (found := self.found.get(message)) is None:
            found = self.found[message] = self.translator.gettext(message)
        return found

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self.translator.ngettext(singular, plural, n)


def word_data(data: Any, translator: Translator | None = None) -> Any:
    """Stored data (JSON: dicts, lists, strings) with every message in it worded; the rest as it was."""
    return _word_data(data, _Remembered(translator or ACTIVE))


def _word_data(data: Any, tr: Translator) -> Any:
    kind = type(data)
    if kind is dict:
        # Worded straight from the stored JSON, without building the messages first: a plan page words some
        # thousand values on each view.
        if "msgid" in data:
            params = {key: _word_data(value, tr) for key, value in data.get("params", {}).items()}
            lower = bool(data.get("lower", False))
            return _format(str(data["msgid"]), params, tr, data.get("plural"), data.get("count"), lower)
        if "join" in data:
            return _joined([_word_data(item, tr) for item in data["items"]], data["join"], tr)
        return {key: _word_data(value, tr) for key, value in data.items()}
    if kind is list or kind is tuple:
        return [_word_data(item, tr) for item in data]
    return data


def worded[T](value: T, translator: Translator | None = None) -> T:
    """A result of the pure modules (dataclasses, tuples, lists, dicts) with every message in it worded: the same
    shape, text where the messages were (a comparison for a page, a draft as a test reads it)."""
    shown: T = _worded(value, _Remembered(translator or ACTIVE))
    return shown


def _worded(value: Any, tr: Translator) -> Any:
    if isinstance(value, Message | Join):
        return word(value, tr)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _worded(getattr(value, field.name), tr) for field in dataclasses.fields(value) if field.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_worded(item, tr) for item in value)
    if isinstance(value, list):
        return [_worded(item, tr) for item in value]
    if isinstance(value, dict):
        return {key: _worded(item, tr) for key, item in value.items()}
    return value
