"""`{% control form.field %}`: a form field as Attune's markup (intake.controls), in any template; and `|isolate`,
a name or words a person typed isolated for direction (`<bdi>`), also inside `{% blocktranslate with %}`; and
`|items`, a list of texts as the `<li>`s of a list, each escaped.

`{% control form.field wrapper="mb-2" %}` changes the CSS classes of the block around the control.
"""

from collections.abc import Iterable

from django import forms, template
from django.utils.safestring import SafeString

from intake.controls import isolated, list_items, render_field

register = template.Library()


@register.simple_tag
def control(bound: forms.BoundField, wrapper: str | None = None) -> SafeString:
    return render_field(bound, wrapper)


@register.filter
def isolate(text: object) -> SafeString:
    return isolated(text)


@register.filter
def items(texts: str | Iterable[str]) -> SafeString:
    return list_items([texts] if isinstance(texts, str) else texts)
