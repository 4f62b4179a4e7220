"""Intake forms, generated from the questionnaire's items.

A step form validates one section. Fields are optional at the form level so a
partner can go Back or leave with a half-answered step; "Next" then asks for the
required answers. A post that no browser would send (unknown keys, repeated
keys, too many fields, values off the scale) is refused whole.
"""

from functools import lru_cache
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from intake.controls import control_for, render_all
from intake.questionnaire import Item, Kind, Section

ACTIONS = ("next", "back", "save", "review")  # "review": save and return to the review page
# Fields a step form accepts besides its items: the CSRF token and the button pressed (or the language asked for).
EXTRA_FIELDS = {"csrfmiddlewaretoken", "action", "language"}


@lru_cache(maxsize=1024)
def _field_for(item: Item, language: str | None) -> forms.Field:
    """The field of one question in one language, made once per process and shared by every form that asks it:
    Attune's forms never change a field after making it (errors and values live on the form), and building the
    fields again was a tenth of a step page's time (bench/README.md). `language` is the cache's key only: the
    labels are translated in the active language, which is this one."""
    label = gettext(item.text)
    help_text = gettext(item.help_text) if item.help_text else ""
    if item.kind == Kind.TEXT:
        return forms.CharField(
            label=label,
            help_text=help_text,
            required=False,
            max_length=item.max_length,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": item.max_length}),
        )
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(str(choice.value), gettext(choice.label)) for choice in item.options],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the answers shown.")},
    )


def _wrapper(item: Item) -> str:
    """The CSS classes around one question: a five-point scale can sit on one row on a wide screen, and an
    answer beside the scale ("I'd rather not say") is set apart from it."""
    classes = ["mb-4", "question"]
    if len(item.choices) == 5:
        classes.append("scale-row")
    if item.decline is not None:
        classes.append("has-decline")
    return " ".join(classes)


class StepForm(forms.Form):
    """One step's answers. On a private step, `kept` names the items already answered: the page never shows
    those answers again, so they need no new answer and an empty field never clears them."""

    def __init__(
        self, section: Section, *args: Any, action: str = "save", kept: frozenset[str] = frozenset(), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.action = action
        self.kept = kept if section.private else frozenset()
        language = get_language()
        for item in section.items:
            self.fields[item.key] = _field_for(item, language)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if isinstance(self.data, QueryDict):
            unexpected = set(self.data) - set(self.fields) - EXTRA_FIELDS
            if unexpected:
                raise forms.ValidationError(_("This page sent answers it does not ask for."), code="tampered")
            for key in self.fields:
                if len(self.data.getlist(key)) > 1:
                    self.add_error(key, forms.ValidationError(_("Choose only one answer."), code="tampered"))
        if self.action in ("next", "review"):  # both finish the step
            for item in self.section.items:
                if (
                    item.required
                    and item.key not in self.kept
                    and item.key not in self.errors
                    and cleaned.get(item.key) in (None, "")
                ):
                    self.add_error(item.key, forms.ValidationError(_("Please choose an answer."), code="required"))
        return cleaned

    def questions(self) -> SafeString:
        """The step's questions as HTML (intake.controls): what was posted, else what was saved."""
        return render_all(control_for(self[item.key], _wrapper(item)) for item in self.section.items)

    @property
    def only_missing_answers(self) -> bool:
        """True when every error is an unanswered required item, so the rest can be saved."""
        codes = {error.code for errors in self.errors.as_data().values() for error in errors}
        return codes <= {"required"}

    def answers(self) -> dict[str, int | str]:
        """The valid answers given, by item key; blank ones are left out."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            key: value
            for key, value in cleaned.items()
            if key in self.fields and key not in self.errors and value not in (None, "")
        }

    def cleared(self) -> list[str]:
        """Text items the partner emptied: their stored answers are removed (never on a private step, which
        shows its fields empty)."""
        if self.section.private:
            return []
        cleaned = getattr(self, "cleaned_data", {})
        return [key for key, value in cleaned.items() if key in self.fields and value == "" and key not in self.errors]


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read this and I agree to answer the questionnaire."),
        error_messages={"required": _("Please tick the box to show you agree, or close this page if you do not.")},
    )
