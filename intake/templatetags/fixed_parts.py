"""`{% fixed_part "intake/_crisis_live.html" helplines=helplines ... %}`: a part of a partner's page that is the same
for everyone who reads it in one language, written once per process.

The parts allowed here (`FIXED`) hold only translations, settings and the values the page passes them: the safety
help above the private questions, the crisis box, the language buttons. Each is rendered with nothing but those
values (no request, no page context: no session, no partner, no answer can reach it) and kept under its name, the
active language and the values themselves, so a changed setting or language is written afresh. On the check-in
page these three were a tenth of its time (bench/README.md, the fifth part); nothing here marks HTML safe: the
template engine's output is returned as it is.
"""

from collections.abc import Hashable
from functools import lru_cache
from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.translation import get_language

register = template.Library()

# Only parts written from translations and settings: never one showing anything of a partner's or of a session.
FIXED = frozenset({"intake/_safety_help.html", "intake/_crisis_live.html", "intake/_language_switch.html"})


@register.simple_tag
def fixed_part(name: str, **values: Any) -> str:
    if name not in FIXED:
        raise template.TemplateSyntaxError(f"{name} is not a fixed part of a page (intake/templatetags/fixed_parts.py)")
    return _written(name, get_language(), tuple(sorted((key, _frozen(value)) for key, value in values.items())))


def _frozen(value: Any) -> Hashable:
    """A setting as a key: the language list is a list of pairs."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


# Bounded: a few parts, in each of Attune's languages, under the settings a process (or a test) runs with.
@lru_cache(maxsize=64)
def _written(name: str, language: str, values: tuple[tuple[str, Hashable], ...]) -> str:
    # `language` is part of the key only: the template translates in the active language, which is this one.
    return get_template(name).render(dict(values))
