"""`{{ how|dial_parts }}`: a helpline's "how to reach it" in pieces, so each number becomes a link a phone
calls (or texts) in one tap. The template writes the links; nothing here marks HTML safe."""

from functools import lru_cache

from django import template

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
