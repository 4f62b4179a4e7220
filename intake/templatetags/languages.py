"""`|digits`: a number or a date, already formatted, in the digits of the page's language (intake.language).

Used wherever a page shows a number or a date as text: `{{ when|date:"j M Y"|digits }}`, and around a sentence that
holds counts, `{% filter digits %}{% blocktranslate count … %}…{% endblocktranslate %}{% endfilter %}` (never
around markup: an address or a form value keeps its own digits).
"""

from django import template

from intake.language import local_digits

register = template.Library()


@register.filter(is_safe=True)
def digits(value: object) -> str:
    return local_digits(value)
