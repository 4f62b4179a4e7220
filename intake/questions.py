"""The HTML of a step's questions, rendered lean and once.

Template-rendered widgets cost tens of milliseconds per step, almost all of it
repeated work: a question's legend, labels and ids never change. Those parts are
built once per item and language and cached; a request only adds what differs
(which answer is checked, the text typed, the errors). The markup is what
crispy-bootstrap5 would give: a fieldset with a legend per question, a real
label per radio, errors linked with aria-describedby and marked aria-invalid.
"""

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from intake.questionnaire import Item, Kind


@lru_cache(maxsize=512)
def _parts(item: Item, language: str) -> tuple[str, str, tuple[tuple[str, str, str], ...]]:
    """(label text, help text, ((value, id, label), ...)), translated and escaped."""
    del language  # part of the cache key: the gettext calls below depend on it
    help_text = escape(gettext(item.help_text)) if item.help_text else ""
    options = tuple(
        (str(choice.value), f"id_{item.key}_{index}", escape(gettext(choice.label)))
        for index, choice in enumerate(item.options)
    )
    return escape(gettext(item.text)), help_text, options


def _errors(key: str, errors: list[str]) -> str:
    if not errors:
        return ""
    lines = "".join(f'<p id="error_{n}_id_{key}"><strong>{escape(e)}</strong></p>' for n, e in enumerate(errors, 1))
    return f'<div id="id_{key}_error" class="invalid-feedback d-block">{lines}</div>'


def _described_by(key: str, help_text: str, errors: list[str]) -> str:
    ids = ([f"id_{key}_helptext"] if help_text else []) + ([f"id_{key}_error"] if errors else [])
    return f' aria-describedby="{" ".join(ids)}"' if ids else ""


def _choice_question(item: Item, value: str, errors: list[str]) -> str:
    text, help_text, options = _parts(item, get_language() or "")
    invalid = ' aria-invalid="true"' if errors else ""
    css = "form-check-input is-invalid" if errors else "form-check-input"
    radios = "".join(
        f'<div class="form-check"><input type="radio" class="{css}" name="{item.key}" value="{option}" '
        f'id="{radio_id}"{" checked" if option == value else ""}{invalid}>'
        f'<label for="{radio_id}" class="form-check-label">{label}</label></div>'
        for option, radio_id, label in options
    )
    help_html = f'<div id="id_{item.key}_helptext" class="form-text">{help_text}</div>' if help_text else ""
    return (
        f'<div id="div_id_{item.key}" class="mb-4 question"><fieldset{_described_by(item.key, help_text, errors)}>'
        f'<legend class="form-label fs-6">{text}</legend>{help_html}{radios}{_errors(item.key, errors)}'
        "</fieldset></div>"
    )


def _text_question(item: Item, value: str, errors: list[str]) -> str:
    text, help_text, _options = _parts(item, get_language() or "")
    css = "form-control is-invalid" if errors else "form-control"
    invalid = ' aria-invalid="true"' if errors else ""
    help_html = f'<div id="id_{item.key}_helptext" class="form-text">{help_text}</div>' if help_text else ""
    return (
        f'<div id="div_id_{item.key}" class="mb-4 question">'
        f'<label for="id_{item.key}" class="form-label">{text}</label>'
        f'<textarea name="{item.key}" id="id_{item.key}" rows="4" maxlength="{item.max_length}" class="{css}"'
        f"{_described_by(item.key, help_text, errors)}{invalid}>\n{escape(value)}</textarea>"
        f"{help_html}{_errors(item.key, errors)}</div>"
    )


def render_questions(items: tuple[Item, ...], values: dict[str, str], errors: dict[str, list[str]]) -> SafeString:
    """`values` are what the page shows (the post being corrected, else the saved answers) as strings."""
    html = [
        (_text_question if item.kind == Kind.TEXT else _choice_question)(
            item, values.get(item.key, ""), errors.get(item.key, [])
        )
        for item in items
    ]
    return mark_safe("".join(html))  # noqa: S308 (every variable part is escaped above)
