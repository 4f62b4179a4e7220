"""`{{ how|dial_parts }}`: a helpline's "how to reach it" in pieces, so each number becomes a link a phone
calls (or texts) in one tap. The template writes the links; nothing here marks HTML safe."""

from django import template

from intake import helplines

register = template.Library()


@register.filter
def dial_parts(how: str) -> list[tuple[str, str]]:
    return helplines.dial_parts(str(how))
