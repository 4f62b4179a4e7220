"""The one form renderer (intake.controls): the markup of each kind of control, escaping, and accessibility."""

import re
from dataclasses import replace
from typing import Any

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.template import Context, Template

from intake.controls import Control, isolated, list_items, options, render, render_field, stencil, trusted_svg

HOSTILE = '<script>alert("x")</script>&"\''


def _only_escaped(html: str) -> None:
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&quot;&#x27;" in html


def _escaping_cases() -> list[tuple[str, str]]:
    """(kind, field) for every part a control of that kind writes out; a choice control's value only
    says which choice is ticked, and only radios and selects have choices."""
    cases = []
    for kind in ("radio", "checkbox", "select", "textarea", "text"):
        for field in ("label", "help", "value", "errors", "choices", "name", "id", "attrs"):
            if field == "value" and kind in ("radio", "checkbox", "select"):
                continue
            if field == "choices" and kind not in ("radio", "select"):
                continue
            cases.append((kind, field))
    return cases


@pytest.mark.parametrize(("kind", "field"), _escaping_cases())
def test_every_variable_part_is_escaped(kind: str, field: str) -> None:
    values: dict[str, Any] = {
        "label": HOSTILE,
        "help": HOSTILE,
        "value": HOSTILE,
        "errors": (HOSTILE,),
        "choices": ((HOSTILE, HOSTILE),),
        "name": HOSTILE,
        "id": HOSTILE,
        "attrs": (("data-x", HOSTILE),),
    }
    base = {"name": "q", "id": "id_q", "kind": kind, "label": "Label", "choices": (("1", "One"),)}
    html = str(render(Control(**{**base, field: values[field]})))
    _only_escaped(html)


def test_a_hostile_attribute_name_cannot_break_out() -> None:
    html = str(render(Control("q", "id_q", "text", "Label", attrs=(('x" onfocus="alert(1)', "1"),))))
    assert 'onfocus="alert(1)"' not in html


def test_radios_are_a_fieldset_with_a_legend_and_a_label_per_choice() -> None:
    control = Control(
        "p1",
        "id_p1",
        "radio",
        "How often?",
        help="Think of the last month.",
        value="2",
        choices=(("1", "Never"), ("2", "Often")),
        wrapper="mb-4 question",
    )
    html = str(render(control))
    assert html.startswith('<div id="div_id_p1" class="mb-4 question"><fieldset aria-describedby="id_p1_helptext">')
    assert '<legend class="form-label fs-6">How often?</legend><div id="id_p1_helptext" class="form-text">' in html
    assert html.index("id_p1_helptext") < html.index('value="1"'), "help text comes before the choices"
    assert '<input type="radio" class="form-check-input" name="p1" value="1" id="id_p1_0">' in html
    assert 'value="2" id="id_p1_1" checked><label for="id_p1_1" class="form-check-label">Often</label>' in html


def test_errors_are_linked_and_marked_invalid() -> None:
    control = Control(
        "p1", "id_p1", "radio", "How often?", errors=("Please choose.", "Only one."), choices=(("1", "Never"),)
    )
    html = str(render(control))
    assert '<fieldset aria-describedby="id_p1_error">' in html
    assert 'class="form-check-input is-invalid"' in html and 'aria-invalid="true"' in html
    assert (
        '<div id="id_p1_error" class="invalid-feedback d-block"><p id="error_1_id_p1"><strong>Please choose.</strong></p>'
        '<p id="error_2_id_p1"><strong>Only one.</strong></p></div>'
    ) in html


@pytest.mark.parametrize(
    ("kind", "widget"),
    [
        ("text", '<input type="text" name="f" id="id_f" value="v" class="form-control is-invalid"'),
        ("number", '<input type="number" name="f" id="id_f" value="v" class="form-control is-invalid"'),
        ("textarea", '<textarea name="f" id="id_f" class="form-control is-invalid"'),
        ("select", '<select name="f" id="id_f" class="form-select is-invalid"'),
    ],
)
def test_labelled_controls_tie_help_and_errors(kind: str, widget: str) -> None:
    control = Control(
        "f", "id_f", kind, "Focus", help="Short.", value="v", errors=("Too long.",), choices=(("v", "V"),)
    )
    html = str(render(control))
    assert '<label for="id_f" class="form-label">Focus</label>' in html
    assert widget + ' aria-describedby="id_f_helptext id_f_error" aria-invalid="true"' in html
    assert (
        html.index("<label") < html.index(widget) < html.index('id_f_helptext" class') < html.index('id_f_error" class')
    )


def test_a_textarea_keeps_a_leading_newline_of_its_value() -> None:
    html = str(render(Control("t", "id_t", "textarea", "Text", value="\nsecond line")))
    assert ">\n\nsecond line</textarea>" in html


def test_a_checkbox_is_ticked_by_any_value() -> None:
    assert " checked" in str(render(Control("c", "id_c", "checkbox", "Remove", value="on")))
    assert " checked" not in str(render(Control("c", "id_c", "checkbox", "Remove")))


def test_a_hidden_input_has_no_label() -> None:
    assert str(render(Control("v", "id_v", "hidden", "Version", value="3"))) == (
        '<input type="hidden" name="v" value="3" id="id_v">'
    )


def test_boolean_attributes_and_false_ones() -> None:
    html = str(render(Control("f", "id_f", "text", "F", attrs=(("required", True), ("disabled", False)))))
    assert " required" in html and "disabled" not in html


def test_options_are_built_once_per_list() -> None:
    choices = (("", "— add —"), ("a", "A & B"))
    first = options(choices)
    assert first == '<option value="">— add —</option><option value="a">A &amp; B</option>'
    assert options(choices) is first
    assert options(choices, "a").endswith('<option value="a" selected>A &amp; B</option>')
    assert options(choices, "<sent>") is first  # a value not on the list chooses nothing


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=20, help_text="A pseudonym is fine.")
    pronouns = forms.ChoiceField(label="Pronouns", choices=[("they", "they"), ("she", "she")], widget=forms.RadioSelect)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "x"}))
    agree = forms.BooleanField(label="I agree")
    secret = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    count = forms.IntegerField(label="Sessions", min_value=1, max_value=20)


def test_a_django_form_field_takes_its_kind_from_the_widget() -> None:
    form = SampleForm(initial={"name": "Sam", "pronouns": "she", "agree": True, "count": 6})
    assert 'type="text" name="name" id="id_name" value="Sam"' in render_field(form["name"])
    assert 'maxlength="20" required' in render_field(form["name"])
    assert 'value="she" id="id_pronouns_1" required checked' not in render_field(form["pronouns"])
    assert re.search(r'value="she" id="id_pronouns_1" checked required', render_field(form["pronouns"]))
    assert 'rows="2"' in render_field(form["notes"]) and 'class="x"' not in render_field(form["notes"])
    assert 'type="checkbox"' in render_field(form["agree"]) and " checked" in render_field(form["agree"])
    assert 'type="number"' in render_field(form["count"]) and 'min="1"' in render_field(form["count"])


def test_a_bound_form_shows_what_was_posted_and_its_errors_but_never_a_password() -> None:
    form = SampleForm({"name": "x" * 30, "pronouns": "nobody", "secret": "hunter2", "count": "0"})
    assert not form.is_valid()
    assert 'value="' + "x" * 30 + '"' in render_field(form["name"])
    assert "Ensure this value has at most 20 characters" in render_field(form["name"])
    assert "Select a valid choice" in render_field(form["pronouns"])
    assert "hunter2" not in render_field(form["secret"]) and 'autocomplete="new-password"' in render_field(
        form["secret"]
    )
    assert "This field is required." in render_field(form["agree"])


def test_the_template_tag_and_the_wrapper() -> None:
    form = SampleForm()
    html = Template('{% load controls %}{% control form.name wrapper="mb-2" %}').render(Context({"form": form}))
    assert html.startswith('<div id="div_id_name" class="mb-2">')


def test_crispy_layouts_render_their_fields_here() -> None:
    helper = FormHelper()
    helper.layout = Layout(Fieldset("About you", "name", "pronouns"), Submit("go", "Go"))
    context = Context({"form": SampleForm(), "helper": helper})
    html = Template("{% load crispy_forms_tags %}{% crispy form helper %}").render(context)
    assert '<fieldset class="mb-3"><legend class="h5">About you</legend><div id="div_id_name" class="mb-3">' in html
    assert str(render_field(SampleForm()["name"])) in html
    assert '<button type="submit" name="go" value="Go" class="btn btn-primary"' in html
    assert "novalidate" in html and "csrfmiddlewaretoken" not in html  # no request, so no token to add


def test_trusted_svg_takes_only_an_svg_element() -> None:
    assert str(trusted_svg('<svg role="img"></svg>')) == '<svg role="img"></svg>'
    with pytest.raises(ValueError, match="svg"):
        trusted_svg("<script></script>")


STENCILLED = (
    Control("s1_focus", "id_s1_focus", "text", "Focus {n}", help="Say it <short>.", attrs=(("maxlength", "200"),)),
    Control("s1_e0_order", "id_s1_e0_order", "number", "Order", attrs=(("min", "1"), ("required", True))),
    Control("s1_notes", "id_s1_notes", "textarea", "Notes", help="For you.", attrs=(("rows", "2"), ("dir", "auto"))),
    Control("s1_e0_remove", "id_s1_e0_remove", "checkbox", "Remove", wrapper="mb-2"),
)


@pytest.mark.parametrize("shape", STENCILLED, ids=lambda shape: shape.kind)
@pytest.mark.parametrize("value", ["", "on", HOSTILE, "\nfirst line kept", "{value} {0} {{x}}", "\x00id\x00"])
def test_a_stencil_writes_what_render_writes(shape: Control, value: str) -> None:
    """The plan editor fills one stencil per part of a session: whatever the value (typed text, braces, what stands in
    for a slot), the control is the one `render` writes, escaped as it escapes."""
    made = stencil(shape, open_attrs=("rows",))
    assert made is not None
    for name in ("s2_focus", 'x" onfocus="alert(1)'):
        rows = {"rows": "7"} if shape.kind == "textarea" else {}
        attrs = tuple((key, rows.get(key, given)) for key, given in shape.attrs)
        expected = render(replace(shape, name=name, id=f"id_{name}", value=value, attrs=attrs))
        assert made.fill(name, f"id_{name}", value, rows) == expected


def test_a_stencil_holds_the_shapes_words_never_its_value() -> None:
    """Kept per process, a stencil is made from the shape only after its value, name and id were stood in for."""
    typed = replace(STENCILLED[2], name="s9_notes", id="id_s9_notes", value="What Sam said on Tuesday")
    made = stencil(typed, open_attrs=("rows",))
    assert made is not None and "Sam" not in made.text and "s9" not in made.text
    assert made is stencil(replace(typed, value="Something else", name="s1_notes"), open_attrs=("rows",))


@pytest.mark.parametrize(
    "shape",
    [
        Control("p", "id_p", "radio", "How often?", choices=(("1", "Never"),)),
        Control("a", "id_a", "select", "Add", choices=(("", "Nothing"),)),
        Control("v", "id_v", "hidden", "Version"),
        Control("f", "id_f", "text", "Focus", errors=("Too long.",)),
        Control("f", "id_f", "text", "Focus\x00"),
    ],
    ids=["radio", "select", "hidden", "errors", "nul"],
)
def test_no_stencil_where_the_value_or_errors_shape_the_markup(shape: Control) -> None:
    assert stencil(shape) is None


def test_list_items_are_escaped_as_a_template_escapes_them() -> None:
    """`|items` writes what `{% for text in texts %}<li>{{ text }}</li>{% endfor %}` writes, text already safe kept."""
    texts = [HOSTILE, "Plain", isolated("kept")]  # a safe string (<bdi>kept</bdi>), as a template keeps it
    looped = Template("{% for text in texts %}<li>{{ text }}</li>{% endfor %}").render(Context({"texts": texts}))
    assert list_items(texts) == looped
    _only_escaped(list_items(texts))
    assert "<li><bdi>kept</bdi></li>" in list_items(texts)
    assert Template("{% load controls %}{{ one|items }}").render(Context({"one": "A & B"})) == "<li>A &amp; B</li>"
