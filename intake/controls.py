"""Form controls as HTML: the one place Attune writes form markup, and the only module that marks text safe.

Every field of every form renders here: through the `{% control %}` tag (intake.templatetags.controls),
through crispy-forms (whose "attune" template pack, templates/attune/, hands each field to the same tag),
or, for the intake's questions and the plan editor, by calling `render` directly. The markup is
Bootstrap 5's and accessible: a fieldset with a legend for a group of radios, a label for every
control, help text and errors tied to the control with aria-describedby, and aria-invalid on errors.

Every variable part is escaped here. Markup is written in Python rather than in widget templates: a
step of the intake has up to forty radios, and templates made that page about ten times slower to write
(bench/form_bench.py). Only option lists are cached (never a value or an error, which may hold client text).
It lives in `intake` because both sides use it and `intake` never imports `clinic`.
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Widget classes and the kind of control each is written as; anything else is an <input> of its input_type.
KINDS: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.RadioSelect, "radio"),
    (forms.CheckboxInput, "checkbox"),
    (forms.Select, "select"),
    (forms.Textarea, "textarea"),
    (forms.HiddenInput, "hidden"),
)
DEFAULT_WRAPPER = "mb-3"
# Attributes this module writes itself; a widget's own values for them are not copied.
OWN_ATTRS = frozenset({"class", "id", "name", "type", "value", "checked", "aria-invalid", "aria-describedby"})


@dataclass(frozen=True)
class Control:
    """One form control as plain data: what `render` needs and nothing Django-specific.

    `value` is what the control shows (for a checkbox, "on" when ticked; for radios and selects, the
    chosen value). `attrs` are further attributes of the input itself (autocomplete, maxlength, rows...):
    names and values both escaped on output; True stands for an attribute without a value.
    """

    name: str
    id: str
    kind: str  # radio, checkbox, select, textarea, hidden, or an <input> type: text, number, email, password
    label: str
    help: str = ""
    value: str = ""
    errors: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    # Radios only: further choices in named groups, each written as a fieldset of its own after `choices`.
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    attrs: tuple[tuple[str, str | bool], ...] = ()
    wrapper: str = DEFAULT_WRAPPER  # CSS classes of the block around the control


def _e(text: str) -> str:
    # Never cached: values and error messages carry what clients typed, which must not outlive the request.
    # What django.utils.html.escape does, without its wrapper for lazy strings (str() makes them plain): a page
    # of the plan editor escapes over a thousand parts, and the wrapper was half the cost of each.
    return html.escape(str(text))


def _attrs(pairs: Iterable[tuple[str, str | bool]]) -> str:
    html = []
    for name, value in pairs:
        if value is True:
            html.append(f" {_e(name)}")
        elif value is not False:
            html.append(f' {_e(name)}="{_e(str(value))}"')
    return "".join(html)


def _described_by(control: Control) -> str:
    ids = ([f"{control.id}_helptext"] if control.help else []) + ([f"{control.id}_error"] if control.errors else [])
    return f' aria-describedby="{_e(" ".join(ids))}"' if ids else ""


def _invalid(control: Control) -> str:
    return ' aria-invalid="true"' if control.errors else ""


def _help(control: Control) -> str:
    if not control.help:
        return ""
    return f'<div id="{_e(control.id)}_helptext" class="form-text">{_e(control.help)}</div>'


def _errors(control: Control) -> str:
    if not control.errors:
        return ""
    lines = "".join(
        f'<p id="error_{n}_{_e(control.id)}"><strong>{_e(error)}</strong></p>'
        for n, error in enumerate(control.errors, 1)
    )
    return f'<div id="{_e(control.id)}_error" class="invalid-feedback d-block">{lines}</div>'


def _label(control: Control) -> str:
    return f'<label for="{_e(control.id)}" class="form-label">{_e(control.label)}</label>'


def _css(base: str, control: Control) -> str:
    return f"{base} is-invalid" if control.errors else base


@lru_cache(maxsize=64)
def _escaped_choices(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """Each choice as (value, value escaped, label escaped), escaped once per list of choices: the plan editor
    offers the same exercise list in every session, and escaping it again for each was a sixth of that page's
    time (bench/README.md). Like `_unselected`, it holds a list of choices, never a value someone sent."""
    return tuple((value, _e(value), _e(label)) for value, label in choices)


def _radio_list(control: Control, choices: tuple[tuple[str, str], ...], first: int) -> list[str]:
    """The radios of `choices`, numbered from `first`: what differs from one radio to the next is written per
    radio, what they share (name, classes, attributes) once per control."""
    shared = (
        f'<div class="form-check"><input type="radio" class="{_css("form-check-input", control)}" '
        f'name="{_e(control.name)}" value="'
    )
    after = f"{_invalid(control)}{_attrs(control.attrs)}>"
    radio_id = _e(control.id)
    html = []
    for index, (value, escaped, label) in enumerate(_escaped_choices(choices), first):
        checked = " checked" if value == control.value else ""
        html.append(
            f'{shared}{escaped}" id="{radio_id}_{index}"{checked}{after}'
            f'<label for="{radio_id}_{index}" class="form-check-label">{label}</label></div>'
        )
    return html


def _radios(control: Control) -> str:
    radios = _radio_list(control, control.choices, 0)
    index = len(control.choices)
    for group, choices in control.groups:
        inner = _radio_list(control, choices, index)
        index += len(choices)
        radios.append(
            f'<fieldset class="choice-group"><legend class="fs-6 fw-semibold">{_e(group)}</legend>{"".join(inner)}'
            "</fieldset>"
        )
    # The fieldset carries the description (help first: it is read before the choices); each radio is marked invalid.
    return (
        f'<div id="div_{_e(control.id)}" class="{_e(control.wrapper)}"><fieldset{_described_by(control)}>'
        f'<legend class="form-label fs-6">{_e(control.label)}</legend>{_help(control)}{"".join(radios)}'
        f"{_errors(control)}</fieldset></div>"
    )


def _checkbox(control: Control) -> str:
    checked = _SLOT["checked"] if control.value == _SLOT["checked"] else " checked" if control.value else ""
    return (
        f'<div id="div_{_e(control.id)}" class="form-check {_e(control.wrapper)}">'
        f'<input type="checkbox" class="{_css("form-check-input", control)}" name="{_e(control.name)}" '
        f'id="{_e(control.id)}"{checked}{_described_by(control)}{_invalid(control)}{_attrs(control.attrs)}>'
        f'<label for="{_e(control.id)}" class="form-check-label">{_e(control.label)}</label>'
        f"{_help(control)}{_errors(control)}</div>"
    )


@lru_cache(maxsize=64)
def _unselected(choices: tuple[tuple[str, str], ...]) -> str:
    return "".join(f'<option value="{_e(value)}">{_e(label)}</option>' for value, label in choices)


def options(choices: tuple[tuple[str, str], ...], selected: str = "") -> str:
    """The <option>s of a select. A list with nothing chosen is built once (the plan editor offers the same
    one in every session); the cache holds only the choices, never a value someone sent."""
    if not selected or selected not in {value for value, _label in choices}:
        return _unselected(choices)
    return "".join(
        f'<option value="{_e(value)}"{" selected" if value == selected else ""}>{_e(label)}</option>'
        for value, label in choices
    )


def _widget(control: Control) -> str:
    """The control itself, for the kinds written as label, widget, help text and errors."""
    common = f'name="{_e(control.name)}" id="{_e(control.id)}"'
    if control.kind == "textarea":
        # Browsers drop one newline right after <textarea>: this one, so a value's own first newline stays.
        return (
            f'<textarea {common} class="{_css("form-control", control)}"{_described_by(control)}{_invalid(control)}'
            f"{_attrs(control.attrs)}>\n{_e(control.value)}</textarea>"
        )
    if control.kind == "select":
        return (
            f'<select {common} class="{_css("form-select", control)}"{_described_by(control)}{_invalid(control)}'
            f"{_attrs(control.attrs)}>{options(control.choices, control.value)}</select>"
        )
    return (
        f'<input type="{_e(control.kind)}" {common} value="{_e(control.value)}" '
        f'class="{_css("form-control", control)}"{_described_by(control)}{_invalid(control)}{_attrs(control.attrs)}>'
    )


def render(control: Control) -> SafeString:
    """The HTML of one control, with its label, help text and errors."""
    if control.kind == "radio":
        html = _radios(control)
    elif control.kind == "checkbox":
        html = _checkbox(control)
    elif control.kind == "hidden":
        html = f'<input type="hidden" name="{_e(control.name)}" value="{_e(control.value)}" id="{_e(control.id)}">'
    else:
        html = (
            f'<div id="div_{_e(control.id)}" class="{_e(control.wrapper)}">'
            f"{_label(control)}{_widget(control)}{_help(control)}{_errors(control)}</div>"
        )
    return mark_safe(html)  # noqa: S308 (every variable part is escaped above)


# Stand-ins for what differs between controls of one shape (`Stencil`): escaping leaves them as they are, and
# `stencil` refuses a shape whose own words hold a NUL.
_SLOT = {slot: f"\x00{slot}\x00" for slot in ("name", "id", "value", "checked")}
_SLOTS = re.compile("\x00([^\x00]+)\x00")


@dataclass(frozen=True)
class Stencil:
    """The markup of every control of one shape (the same kind, label, help text and attributes), with the name,
    id, value and some attributes left open: the plan editor writes the same seven parts in every session, and
    writing each of its 117 controls whole was most of its sessions' time (bench/README.md, seventh part). Made by
    `stencil`; `fill` escapes what it puts in, so a control written from a stencil is the one `render` writes."""

    text: str  # the markup for str.format: {name}, {id}, {value}, {checked} and each open attribute by its name

    def fill(self, name: str, id: str, value: str = "", attrs: dict[str, str] | None = None) -> SafeString:
        opened = {key: _e(given) for key, given in (attrs or {}).items()}
        filled = self.text.format_map(
            {"name": _e(name), "id": _e(id), "value": _e(value), "checked": " checked" if value else "", **opened}
        )
        return mark_safe(filled)  # noqa: S308 (the stencil escaped as `render` does; each value escaped above)


def stencil(shape: Control, open_attrs: tuple[str, ...] = ()) -> Stencil | None:
    """A stencil for controls like `shape` that differ from it only in name, id, value and `open_attrs` (a text
    area's `rows`): text inputs, text areas and checkboxes, without errors. None for any other control (a
    choice's value picks among its options; errors are written whole, by `render`). Kept per process: the
    cache sees the shape only after its value, name and id were stood in for, so it holds words of the form's
    own, never what someone typed."""
    if shape.kind in ("radio", "select", "hidden") or shape.errors:
        return None
    words = (shape.label, shape.help, shape.wrapper, *(f"{key}{given}" for key, given in shape.attrs))
    if any("\x00" in str(word) for word in words):
        return None
    attrs = tuple((key, f"\x00{key}\x00" if key in open_attrs else given) for key, given in shape.attrs)
    value = _SLOT["checked"] if shape.kind == "checkbox" else _SLOT["value"]
    return _stencil_of(replace(shape, name=_SLOT["name"], id=_SLOT["id"], value=value, attrs=attrs))


@lru_cache(maxsize=64)
def _stencil_of(standing_in: Control) -> Stencil:
    parts = _SLOTS.split(render(standing_in))  # markup, slot, markup, slot, ..., markup
    text = "".join(
        part.replace("{", "{{").replace("}", "}}") if n % 2 == 0 else f"{{{part}}}" for n, part in enumerate(parts)
    )
    return Stencil(text=text)


def render_all(controls: Iterable[Control]) -> SafeString:
    return mark_safe("".join(render(control) for control in controls))  # noqa: S308 (each one escaped by render)


# From Django's forms -------------------------------------------------------------------------------------


def _kind(widget: forms.Widget) -> str:
    for widget_class, kind in KINDS:
        if isinstance(widget, widget_class):
            return kind
    return str(getattr(widget, "input_type", "text"))


def _shown_value(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "on" if widget.check_test(bound.value()) else ""
    if isinstance(widget, forms.PasswordInput) and not widget.render_value:
        return ""
    value = widget.format_value(bound.value())
    if isinstance(value, list):  # choice widgets format a value as a list of one
        value = value[0] if value else ""
    return "" if value is None else str(value)


def _choices(bound: forms.BoundField) -> tuple[tuple[str, str], ...]:
    """The widget's ungrouped choices (Django writes a group as a label with a list of choices)."""
    found = getattr(bound.field.widget, "choices", ())
    return tuple((str(value), str(label)) for value, label in found if not isinstance(label, list | tuple))


def _groups(bound: forms.BoundField) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    found = getattr(bound.field.widget, "choices", ())
    return tuple(
        (str(group), tuple((str(value), str(label)) for value, label in choices))
        for group, choices in found
        if isinstance(choices, list | tuple)
    )


def control_for(bound: forms.BoundField, wrapper: str | None = None) -> Control:
    """A Django form field as a Control: its widget decides the kind, its attributes carry over (not `class`:
    the classes are this module's). A form may set `control_wrapper` for the CSS classes of every block."""
    widget = bound.field.widget
    kind = _kind(widget)
    attrs = {key: value for key, value in bound.build_widget_attrs(widget.attrs).items() if key not in OWN_ATTRS}
    return Control(
        name=bound.html_name,
        id=bound.auto_id or f"id_{bound.html_name}",
        kind=kind,
        label=str(bound.label),
        help=str(bound.help_text or ""),
        value=_shown_value(bound),
        errors=tuple(str(error) for error in bound.errors) if bound.form.is_bound else (),
        choices=_choices(bound) if kind in ("radio", "select") else (),
        groups=_groups(bound) if kind == "radio" else (),
        attrs=tuple(attrs.items()),
        wrapper=wrapper or str(getattr(bound.form, "control_wrapper", DEFAULT_WRAPPER)),
    )


def render_field(bound: forms.BoundField, wrapper: str | None = None) -> SafeString:
    return render(control_for(bound, wrapper))


# Markup drawn by Attune itself -----------------------------------------------------------------------------


def isolated(text: object) -> SafeString:
    """Words a person typed (a name, free text), escaped and isolated for direction in `<bdi>`: a Latin name
    inside an Arabic sentence, or an Arabic one inside English, keeps its own direction and leaves the sentence's
    order around it alone."""
    return format_html("<bdi>{}</bdi>", text)


def with_isolated(message: str, **words: object) -> SafeString:
    """A translated message with a person's words put in, each escaped and isolated (`<bdi>`): what
    `{% blocktranslate with name=value|isolate %}` writes, for a page that writes it many times (the dashboard's
    rows). The message itself is a translator's, markup as a template's own text is."""
    return mark_safe(message % {key: isolated(value) for key, value in words.items()})  # noqa: S308 (words escaped)


def list_items(texts: Iterable[str]) -> SafeString:
    """An `<li>` for each text, escaped as a template escapes it (text already safe kept as it is): what
    `{% for text in texts %}<li>{{ text }}</li>{% endfor %}` writes, for the lists the plan page writes in every
    session (its goals, homework and measures): one filter where its template ran a loop for each list."""
    return mark_safe("".join(f"<li>{conditional_escape(text)}</li>" for text in texts))  # noqa: S308 (each escaped)


def trusted_svg(svg: str) -> SafeString:
    """SVG that Attune drew itself and escaped as it drew: the perception chart (clinic.printing.charts
    escapes every text it places) and the sign-in QR code (made by qrcode from Attune's own URL)."""
    if not svg.lstrip().startswith("<svg"):
        raise ValueError("trusted_svg takes one <svg> element drawn by Attune")
    return mark_safe(svg)  # noqa: S308 (drawn by Attune with every text escaped, see the docstring)
