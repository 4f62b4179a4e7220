"""`{% control form.field %}`: a form field as Attune's markup (intake.controls), in any template; and `|isolate`,
a name or words a person typed isolated for direction (`<bdi>`), also inside `{% blocktranslate with %}`.

`{% control form.field wrapper="mb-2" %}` changes the CSS classes of the block around the control.
"""

from django import forms, template
from django.utils.safestring import SafeString

from intake.controls import isolated, render_field

register = template.Library()


@register.simple_tag
def control(bound: forms.BoundField, wrapper: str | None = None) -> SafeString:
    return render_field(bound, wrapper)


@register.filter
def isolate(text: object) -> SafeString:
    return isolated(text)
