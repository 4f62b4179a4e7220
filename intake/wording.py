"""Wording: the comparison's and the recommender's messages (intake.message) as text in a language.

Django-aware, unlike the pure modules that build the messages: `word(text)` uses the active language's catalogue
(gettext and ngettext), so a page words in its reader's language and a PDF in whichever language its view
activated. `word(text, translator)` takes any object with gettext and ngettext (tests pass a fake one; ENGLISH
gives the message ids as they are). Stored data (a plan version's content) is worded by `word_data`.
"""

import dataclasses
import gettext as gettext_module
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from django.utils import translation

from intake.message import Join, Joiner, Message, Text, from_data, is_text_data

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
    if message.plural is not None and message.count is not None:
        template = tr.ngettext(message.msgid, message.plural, message.count)
    else:
        template = tr.gettext(message.msgid) if message.msgid else ""
    params = {key: word(value, tr) for key, value in message.params}
    if message.count is not None:
        params.setdefault("count", str(message.count))
    try:
        worded = template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):
        # A translation naming a placeholder the message does not have: the English says it all rather than
        # a page that fails. The catalogue check (msgfmt --check-format does not know str.format) misses it.
        logger.warning("translation of %r does not fit its parameters", message.msgid)
        worded = message.msgid.format(**params)
    return worded.lower() if message.lower else worded


def _word_join(joined: Join, tr: Translator) -> str:
    words = [word(item, tr) for item in joined.items]
    if joined.how is Joiner.SENTENCES:
        return " ".join(words)
    if joined.how is Joiner.SEMICOLON:
        return tr.gettext(SEMICOLON).join(words)
    if joined.how is Joiner.OR:
        return tr.gettext(OR).join(words)
    if len(words) < 2:
        return "".join(words)
    return tr.gettext(COMMA).join(words[:-1]) + tr.gettext(AND) + words[-1]


def word_data(data: Any, translator: Translator | None = None) -> Any:
    """Stored data (JSON: dicts, lists, strings) with every message in it worded; the rest as it was."""
    if is_text_data(data):
        return word(from_data(data), translator)
    if isinstance(data, Mapping):
        return {key: word_data(value, translator) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [word_data(item, translator) for item in data]
    return data


def worded[T](value: T, translator: Translator | None = None) -> T:
    """A result of the pure modules (dataclasses, tuples, lists, dicts) with every message in it worded: the same
    shape, text where the messages were (a comparison for a page, a draft as a test reads it)."""
    shown: T = _worded(value, translator or ACTIVE)
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
