"""Therapist-side forms. They validate; the views save."""

from dataclasses import asdict
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic.accounts.reauth import ConfirmIdentityForm
from clinic.messaging.compose import names_in
from clinic.plans.recommender import open_session
from intake.controls import render_field
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
        super().clean()
        data = self.cleaned_data
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
        # One list shared by every session's "add" control, checked against the library in clean().
        self.exercise_choices = [("", str(_("— add an exercise —")))] + [
            (key, f"{ex.name} ({ex.get_approach_display()})") for key, ex in library.items()
        ]
        add_widget = forms.Select(choices=self.exercise_choices)
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
            self.fields[f"s{n}_add"] = forms.CharField(label=_("Add an exercise"), required=False, widget=add_widget)
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
        super().clean()
        data = self.cleaned_data
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
            if kept + (1 if key else 0) > MAX_EXERCISES_PER_SESSION:
                self.add_error(
                    f"s{session['number']}_add",
                    _("At most %(n)d exercises fit one session.") % {"n": MAX_EXERCISES_PER_SESSION},
                )
        return data

    def control(self, name: str) -> SafeString:
        """One field's markup (intake.controls), written here: the editor has some sixty of them."""
        return render_field(self[name], wrapper="mb-2")

    def sessions(self) -> list[dict[str, Any]]:
        """The controls grouped per session, for the template."""
        grouped = []
        for session in self.content["sessions"]:
            n = session["number"]
            controls = {part: self.control(f"s{n}_{part}") for part in ("focus", "goals", "add", "measures", "notes")}
            exercises = [
                {
                    "name": self.library[e["key"]].name if e["key"] in self.library else e["key"],
                    **{part: self.control(f"s{n}_e{i}_{part}") for part in ("order", "remove", "reason")},
                }
                for i, e in enumerate(session["exercises"])
            ]
            grouped.append({"number": n, **controls, "exercises": exercises})
        return grouped

    def edited_content(self) -> dict[str, Any]:
        """The content with this form's edits applied: what the next version stores."""
        data = self.cleaned_data
        sessions = []
        for session in self.content["sessions"]:
            n = session["number"]
            rows = [
                (data[f"s{n}_e{i}_order"], i, {**e, "reason": data[f"s{n}_e{i}_reason"].strip()})
                for i, e in enumerate(session["exercises"])
                if not data[f"s{n}_e{i}_remove"]
            ]
            exercises = [row for _order, _i, row in sorted(rows, key=lambda r: (r[0], r[1]))]
            if key := data[f"s{n}_add"]:
                minutes = self.library[key].duration_minutes  # the page shows if the session now runs over
                exercises.append({"key": key, "reason": str(_("Added by the therapist.")), "minutes": minutes})
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
        sessions = _resize(sessions, data["session_count"], self.content.get("session_minutes", 50))
        content = {**self.content, "sessions": sessions}
        if "safety_hold" in self.fields:
            content["safety_hold"] = data["safety_hold"]
        return content


def _resize(sessions: list[dict[str, Any]], count: int, minutes: int) -> list[dict[str, Any]]:
    """Fewer sessions drops the last ones; more adds sessions left open for review, not empty placeholders."""
    sessions = sessions[:count]
    for number in range(len(sessions) + 1, count + 1):
        added = asdict(open_session(number, count, minutes))
        added.pop("homework")
        sessions.append(added)
    return sessions


class DraftForm(forms.Form):
    """Draft (again) from the comparison; the length is the approach's usual one unless the therapist sets it."""

    sessions = forms.IntegerField(
        label=_("Sessions in the new draft (optional)"),
        required=False,
        min_value=1,
        max_value=MAX_SESSIONS,
        help_text=_("Leave empty for the approach's usual length: EFT 10, Gottman 8, both 10."),
    )


class NextSessionForm(forms.Form):
    next_session_on = forms.DateField(
        label=_("Date of the next session"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Printed on the couple's handout. Leave empty to print none."),
    )


class ProfileForm(forms.Form):
    """What the couple's handout prints about the therapist, and which notices Attune emails them."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    contact_line = forms.CharField(
        label=_("Contact line for handouts"),
        max_length=160,
        required=False,
        help_text=_("One line the couple can use to reach you, e.g. a phone number and an email address."),
    )
    email = forms.EmailField(
        label=_("Email for notices"),
        required=False,
        help_text=_("Where Attune tells you what happened. No notice ever names a client or a couple."),
    )
    notify_both_submitted = forms.BooleanField(label=_("Both partners have sent their answers"), required=False)
    notify_check_in = forms.BooleanField(label=_("A check-in is in"), required=False)
    notify_urgent = forms.BooleanField(
        label=_("A client's answer needs urgent follow-up (self-harm or a tier A safety answer)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "first_name",
            "last_name",
            "contact_line",
            Fieldset(_("Email me when"), "email", "notify_both_submitted", "notify_check_in", "notify_urgent"),
            Submit("save", _("Save")),
        )

    def clean_contact_line(self) -> str:
        line = self.cleaned_data["contact_line"].strip()
        if any(ord(character) < 32 for character in line):
            raise forms.ValidationError(_("Keep the contact details on one line, without tabs or line breaks."))
        return line

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("first_name", "last_name"):
            if name in data:
                data[name] = data[name].strip()
        return data


class DeleteCoupleForm(ConfirmIdentityForm):
    confirm_name = forms.CharField(label=_("Type the couple's name to confirm"), max_length=80)
    field_order = ["confirm_name", "password", "token"]

    def __init__(self, request: HttpRequest, couple_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.couple_name = couple_name
        self.fields["confirm_name"].label = gettext("Type the couple's name to confirm: %(name)s") % {
            "name": couple_name
        }

    def clean_confirm_name(self) -> str:
        typed = self.cleaned_data["confirm_name"].strip()
        if typed != self.couple_name:
            raise forms.ValidationError(_("That is not the couple's name; nothing was deleted."))
        return typed


class InvitationForm(forms.Form):
    """The invitation a therapist emails to one partner or both: the practice's words, theirs to edit.

    Attune adds each partner's own link below the message. The message may name neither partner: each copy
    goes to one person, and a shared inbox or a phone's lock screen may show it to someone else.
    """

    subject = forms.CharField(label=_("Subject"), max_length=120)
    message = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 9}))

    def __init__(self, *args: Any, couple: Any, recipients: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.couple, self.recipients = couple, recipients
        self.fields["subject"].help_text = _("Say nothing about therapy here unless your practice wants it said.")
        self.fields["message"].help_text = _(
            "Below it Attune adds the partner's own link, the date it stops working and how to stop reminders; "
            "nothing else about the couple."
        )
        for partner in recipients:
            self.fields[f"email_{partner.role}"] = forms.EmailField(
                label=_("Email address of %(name)s") % {"name": partner.display_name},
                max_length=254,
                initial=partner.email,
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*[f"email_{p.role}" for p in recipients], "subject", "message")

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"].strip()
        if any(ord(character) < 32 for character in subject):
            raise forms.ValidationError(_("Keep the subject on one line."))
        return self._nameless(subject)

    def clean_message(self) -> str:
        return self._nameless(self.cleaned_data["message"].replace("\r\n", "\n").strip())

    def _nameless(self, text: str) -> str:
        names = names_in(text, self.couple)
        if names:
            raise forms.ValidationError(
                gettext("Leave out %(names)s: each copy goes to one partner, and others may see an inbox.")
                % {"names": " and ".join(names)}
            )
        return text

    def clean(self) -> dict[str, Any]:
        super().clean()
        for partner in self.recipients:
            if partner.contact_email_ok is False:
                self.add_error(
                    f"email_{partner.role}",
                    gettext("%(name)s said email is not safe for them: give them their link another way.")
                    % {"name": partner.display_name},
                )
        return self.cleaned_data
