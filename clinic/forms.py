"""Therapist-side forms. They validate; the views save."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clinic.accounts.reauth import ConfirmIdentityForm
from clinic.inputs import control
from intake.models import Partner


class CoupleForm(forms.Form):
    name = forms.CharField(
        label=_("Couple name"),
        max_length=80,
        required=False,
        help_text=_("How the couple appears on your dashboard. Leave empty to use both names."),
    )
    partner_a_name = forms.CharField(label=_("Name"), max_length=60)
    partner_a_pronouns = forms.ChoiceField(label=_("Pronouns"), choices=Partner.Pronouns.choices)
    partner_a_email = forms.EmailField(label=_("Email (optional)"), required=False)
    partner_b_name = forms.CharField(label=_("Name"), max_length=60)
    partner_b_pronouns = forms.ChoiceField(label=_("Pronouns"), choices=Partner.Pronouns.choices)
    partner_b_email = forms.EmailField(label=_("Email (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in ("a", "b"):
            self.fields[f"partner_{role}_name"].help_text = _("A first name or a pseudonym.")
            self.fields[f"partner_{role}_pronouns"].help_text = _("Used in the sentences of your reports.")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "name",
            Fieldset(_("First partner"), "partner_a_name", "partner_a_pronouns", "partner_a_email"),
            Fieldset(_("Second partner"), "partner_b_name", "partner_b_pronouns", "partner_b_email"),
            Submit("create", _("Create couple and links")),
        )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        a, b = data.get("partner_a_name", "").strip(), data.get("partner_b_name", "").strip()
        if a and b and a.casefold() == b.casefold():
            self.add_error("partner_b_name", _("Give the partners different names so reports can tell them apart."))
        if a and b and not data.get("name"):
            data["name"] = f"{a} & {b}"
        return data


MAX_SESSIONS = 20
MAX_EXERCISES_PER_SESSION = 8


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PlanForm(forms.Form):
    """Edit a plan version: per session its focus, goals, measures, notes and exercises.

    Works without JavaScript: exercises are reordered by number, removed by a tick
    and added from a list. Saving makes the next version; `base_version` says which
    version the edit started from, so a concurrent save is detected.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    session_count = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=MAX_SESSIONS,
        help_text=_("Fewer sessions drops the last ones; more adds empty sessions to fill in."),
    )
    safety_hold = forms.BooleanField(
        label=_("Joint work stays on hold (safety finding)"),
        required=False,
        help_text=_("Untick only after individual assessment shows joint sessions are safe."),
    )

    def __init__(self, content: dict[str, Any], library: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content, self.library = content, library
        self.exercise_choices = [("", _("— add an exercise —"))] + [
            (key, f"{ex.name} ({ex.get_approach_display()})") for key, ex in library.items()
        ]
        if not content.get("safety_hold"):
            del self.fields["safety_hold"]
        for session in content["sessions"]:
            n = session["number"]
            self.fields[f"s{n}_focus"] = forms.CharField(label=_("Focus"), max_length=200)
            self.fields[f"s{n}_goals"] = forms.CharField(
                label=_("Goals (one per line)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"s{n}_measures"] = forms.CharField(
                label=_("Measures (one per line)"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"s{n}_notes"] = forms.CharField(
                label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
            )
            for i, _exercise in enumerate(session["exercises"]):
                self.fields[f"s{n}_e{i}_order"] = forms.IntegerField(label=_("Order"), min_value=1, max_value=99)
                self.fields[f"s{n}_e{i}_remove"] = forms.BooleanField(label=_("Remove"), required=False)
                self.fields[f"s{n}_e{i}_reason"] = forms.CharField(label=_("Why"), required=False, max_length=600)
            # A plain field checked against the library in clean(): one shared list of choices for every
            # session, instead of a ChoiceField copying it for each.
            self.fields[f"s{n}_add"] = forms.CharField(label=_("Add an exercise"), required=False, max_length=50)
        self.initial.update(self._initial())

    def _initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"session_count": len(self.content["sessions"]), "safety_hold": True}
        for session in self.content["sessions"]:
            n = session["number"]
            initial[f"s{n}_focus"] = session["focus"]
            initial[f"s{n}_goals"] = "\n".join(session["goals"])
            initial[f"s{n}_measures"] = "\n".join(session["measures"])
            initial[f"s{n}_notes"] = session.get("notes", "")
            for i, exercise in enumerate(session["exercises"]):
                initial[f"s{n}_e{i}_order"] = i + 1
                initial[f"s{n}_e{i}_reason"] = exercise["reason"]
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        hold = data.get("safety_hold", False)
        for session in self.content["sessions"]:
            key = data.get(f"s{session['number']}_add")
            if key and key not in self.library:
                self.add_error(f"s{session['number']}_add", _("Choose an exercise from the list."))
                continue
            if key and hold and self.library[key].paused_by_safety:
                self.add_error(
                    f"s{session['number']}_add",
                    _("Joint work is on hold after a safety finding: this exercise waits until the hold is lifted."),
                )
            kept = sum(1 for i in range(len(session["exercises"])) if not data.get(f"s{session['number']}_e{i}_remove"))
            if kept + bool(key) > MAX_EXERCISES_PER_SESSION:
                self.add_error(
                    f"s{session['number']}_add",
                    _("At most %(n)d exercises fit one session.") % {"n": MAX_EXERCISES_PER_SESSION},
                )
        return data

    def lean(self, name: str, kind: str = "") -> dict[str, Any]:
        """One field as plain data, and its markup when `kind` is given (see clinic.inputs)."""
        bound = self[name]
        value = bound.value()
        field = {
            "name": name,
            "id": bound.auto_id,
            "label": str(bound.label),
            "help": str(bound.help_text),
            "value": "" if value is None else value,
            "errors": list(bound.errors) if self.is_bound else [],
        }
        if kind:
            field["html"] = control(field, kind)
        return field

    def sessions(self) -> list[dict[str, Any]]:
        """The fields grouped per session, for the template."""
        grouped = []
        for session in self.content["sessions"]:
            n = session["number"]
            grouped.append(
                {
                    "number": n,
                    "focus": self.lean(f"s{n}_focus", "text"),
                    "goals": self.lean(f"s{n}_goals", "textarea"),
                    "measures": self.lean(f"s{n}_measures", "textarea"),
                    "notes": self.lean(f"s{n}_notes", "textarea"),
                    "add": self.lean(f"s{n}_add"),
                    "exercises": [
                        {
                            "name": self.library[e["key"]].name if e["key"] in self.library else e["key"],
                            "order": self.lean(f"s{n}_e{i}_order", "number"),
                            "remove": self.lean(f"s{n}_e{i}_remove", "checkbox"),
                            "reason": self.lean(f"s{n}_e{i}_reason", "text"),
                        }
                        for i, e in enumerate(session["exercises"])
                    ],
                }
            )
        return grouped

    def add_choices(self) -> list[tuple[str, str]]:
        return self.exercise_choices

    def edited_content(self) -> dict[str, Any]:
        """The content with this form's edits applied: what the next version stores."""
        data = self.cleaned_data
        sessions = []
        for session in self.content["sessions"]:
            n = session["number"]
            rows = [
                (data[f"s{n}_e{i}_order"], i, {"key": e["key"], "reason": data[f"s{n}_e{i}_reason"].strip()})
                for i, e in enumerate(session["exercises"])
                if not data[f"s{n}_e{i}_remove"]
            ]
            exercises = [row for _order, _i, row in sorted(rows, key=lambda r: (r[0], r[1]))]
            if data[f"s{n}_add"]:
                exercises.append({"key": data[f"s{n}_add"], "reason": str(_("Added by the therapist."))})
            sessions.append(
                {
                    **session,
                    "focus": data[f"s{n}_focus"].strip(),
                    "goals": _lines(data[f"s{n}_goals"]),
                    "measures": _lines(data[f"s{n}_measures"]),
                    "notes": data[f"s{n}_notes"].strip(),
                    "exercises": exercises,
                }
            )
        sessions = _resize(sessions, data["session_count"])
        content = {**self.content, "sessions": sessions}
        if "safety_hold" in self.fields:
            content["safety_hold"] = data["safety_hold"]
        return content


def _resize(sessions: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    sessions = sessions[:count]
    for number in range(len(sessions) + 1, count + 1):
        sessions.append(
            {
                "number": number,
                "focus": str(_("Session %(n)d") % {"n": number}),
                "goals": [],
                "exercises": [],
                "homework": [],
                "measures": [],
                "notes": "",
            }
        )
    return sessions


class DeleteCoupleForm(ConfirmIdentityForm):
    confirm_name = forms.CharField(label=_("Type the couple's name to confirm"), max_length=80)
    field_order = ["confirm_name", "password", "token"]

    def __init__(self, request: HttpRequest, couple_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.couple_name = couple_name
        self.fields["confirm_name"].widget.attrs["class"] = "form-control"

    def clean_confirm_name(self) -> str:
        typed = self.cleaned_data["confirm_name"].strip()
        if typed != self.couple_name:
            raise forms.ValidationError(_("That is not the couple's name; nothing was deleted."))
        return typed
