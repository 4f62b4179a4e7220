"""The therapist's forms about check-ins: open one, send the questionnaire again, when check-ins open, and what the
couple's "how we are doing" handout shows. They only validate; the views act. Rendered by intake.controls."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.checkins import CheckIn
from intake.models import Couple

MAX_SESSION = 60
NOTE_MAX_LENGTH = 1000


class OpenCheckInForm(forms.Form):
    session = forms.IntegerField(
        label=_("Before session"),
        min_value=2,
        max_value=MAX_SESSION,
        help_text=_("Each partner gets a private link to a short page: about two minutes on a phone."),
        error_messages={
            "required": _("Give the number of the session this check-in comes before."),
            "invalid": _("Give the session as a whole number, for example 4."),
            "min_value": _("Check-ins start before session 2: the intake comes before the first."),
            "max_value": _("Give a session number up to %(limit_value)s."),
        },
    )

    def __init__(self, couple: Couple, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.couple = couple

    def clean_session(self) -> int:
        number = self.cleaned_data["session"]
        if self.couple.check_ins.filter(kind=CheckIn.Kind.SESSION, session_number=number).exists():
            raise forms.ValidationError(
                _("There is already a check-in before session %(n)d."), code="exists", params={"n": number}
            )
        return number


class ReassessmentForm(forms.Form):
    reassess_session = forms.IntegerField(
        label=_("At session (optional)"),
        required=False,
        min_value=1,
        max_value=MAX_SESSION,
        help_text=_("Each partner answers the whole questionnaire again, on a new private link."),
        error_messages={
            "invalid": _("Give the session as a whole number, or leave it empty."),
            "min_value": _("Give a session number from 1."),
            "max_value": _("Give a session number up to %(limit_value)s."),
        },
    )

    def __init__(self, couple: Couple, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.couple = couple

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(partner.submitted_at for partner in self.couple.partners.all()):
            raise forms.ValidationError(
                _("A re-assessment is compared with the intake: send it once an intake has been answered."),
                code="no_intake",
            )
        waiting = self.couple.check_ins.filter(kind=CheckIn.Kind.REASSESSMENT, closed_at__isnull=True)
        if any(check_in.responses.filter(submitted_at__isnull=False).count() < 2 for check_in in waiting):
            raise forms.ValidationError(
                _("A re-assessment is still waiting for answers: close it first to send a new one."), code="waiting"
            )
        return cleaned


class ScheduleForm(forms.Form):
    every_session = forms.BooleanField(
        label=_("A check-in before every session"),
        required=False,
        help_text=_("Once a check-in has its answers, the next session's is due, and the dashboard says so."),
    )
    last_session_on = forms.DateField(
        label=_("Last session"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When therapy ends: follow-ups count from this day, and check-ins before sessions stop."),
        error_messages={"invalid": _("Enter a date, for example 2027-03-31.")},
    )
    follow_up_3 = forms.BooleanField(label=_("A follow-up 3 months after the last session"), required=False)
    follow_up_6 = forms.BooleanField(label=_("A follow-up 6 months after the last session"), required=False)

    def clean_last_session_on(self) -> date | None:
        day = self.cleaned_data.get("last_session_on")
        if day is not None and day.year < 2000:
            raise forms.ValidationError(_("Enter the date of the last session."), code="too_early")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        wants = cleaned.get("follow_up_3") or cleaned.get("follow_up_6")
        if wants and not cleaned.get("last_session_on") and "last_session_on" not in self.errors:
            self.add_error(
                "last_session_on",
                forms.ValidationError(
                    _("Give the date of the last session: the follow-ups open 3 and 6 months after it."),
                    code="required",
                ),
            )
        return cleaned

    def follow_ups(self) -> list[int]:
        return [months for months in (3, 6) if self.cleaned_data.get(f"follow_up_{months}")]


class ProgressForm(forms.Form):
    """What the couple's "how we are doing" handout shows besides the practices: the therapist's note, and each
    partner's own results only where the therapist ticks them in (nothing individual otherwise)."""

    note = forms.CharField(
        label=_("Your note to the couple"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_LENGTH}),
        help_text=_("Printed as you write it. Speak to both of them; name nothing either said in private."),
    )

    def __init__(self, names: dict[str, str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role, name in names.items():
            self.fields[f"trend_{role}"] = forms.BooleanField(
                label=_("Show %(name)s's satisfaction scores, start and now") % {"name": name}, required=False
            )
            self.fields[f"practice_{role}"] = forms.BooleanField(
                label=_("Show how often %(name)s tried the practice at home") % {"name": name}, required=False
            )

    def shows(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        roles = sorted({key.split("_", 1)[1] for key in self.fields if "_" in key and key != "note"})
        return {role: [what for what in ("trend", "practice") if data.get(f"{what}_{role}")] for role in roles}
