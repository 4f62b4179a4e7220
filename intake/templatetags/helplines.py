"""The help lines on a partner's page: `{% help_lines helplines %}` writes the list (templates/intake/_help_lines.html)
and `{{ how|dial_parts }}` splits a helpline's "how to reach it" into pieces, so each number becomes a link a phone
calls (or texts) in one tap. The template writes the links; nothing here marks HTML safe."""

from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.utils.translation import get_language

from intake import helplines

register = template.Library()


@register.filter
def dial_parts(how: str) -> tuple[tuple[str, str], ...]:
    return _parts(str(how))


# The same few dozen lines (in each language) on every safety page, twice on a check-in: each is split once per
# process. Bounded, since a practice's own list (ATTUNE_HELPLINES) and its translations are all it ever holds.
@lru_cache(maxsize=512)
def _parts(how: str) -> tuple[tuple[str, str], ...]:
    return tuple(helplines.dial_parts(how))


@register.simple_tag
def help_lines(regions: tuple[helplines.Region, ...]) -> str:
    """The help lines, as the template writes them in the page's language. They are the practice's settings and the
    translations, nothing of anyone's answers or session, so the list is written once per language and list and kept
    for the process: it was a third of the check-in page's time, which shows it twice (bench/README.md)."""
    return _written(get_language(), tuple(regions))


@lru_cache(maxsize=32)
def _written(language: str, regions: tuple[helplines.Region, ...]) -> str:
    # `language` is part of the key only: the template translates in the active language, which is this one. The
    # engine returns its output already marked safe (every value escaped by the template); nothing here marks it.
    return get_template("intake/_help_lines.html").render({"helplines": regions})
