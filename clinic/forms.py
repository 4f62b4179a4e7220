"""Therapist-side forms. They validate; the views save."""

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from clinic.accounts.reauth import ConfirmIdentityForm
from clinic.messaging.compose import names_in
from clinic.models import Approach, Exercise
from clinic.plans.recommender import open_session
from clinic.plans.versions import APPROACH_LABELS
from intake.controls import Control, Stencil, control_for, render, render_field, stencil
from intake.language import names_of_both
from intake.message import msg, to_data
from intake.models import Language, Partner, practice_language
from intake.wording import word_data


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
    partner_a_language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=practice_language, required=False
    )
    partner_b_name = forms.CharField(label=_("Name"), max_length=60)
    partner_b_pronouns = forms.ChoiceField(label=_("Pronouns"), choices=Partner.Pronouns.choices)
    partner_b_email = forms.EmailField(label=_("Email (optional)"), required=False)
    partner_b_language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=practice_language, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in ("a", "b"):
            self.fields[f"partner_{role}_name"].help_text = _("A first name or a pseudonym.")
            self.fields[f"partner_{role}_pronouns"].help_text = _("Used in the sentences of your reports.")
            self.fields[f"partner_{role}_language"].help_text = _(
                "The language of this partner's pages and emails. The partner can change it on any page."
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "name",
            Fieldset(
                _("First partner"), "partner_a_name", "partner_a_pronouns", "partner_a_email", "partner_a_language"
            ),
            Fieldset(
                _("Second partner"), "partner_b_name", "partner_b_pronouns", "partner_b_email", "partner_b_language"
            ),
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
        for role in ("a", "b"):
            # A select always sends a value; a post without one (a script) gets the practice's language.
            data[f"partner_{role}_language"] = data.get(f"partner_{role}_language") or practice_language()
        return data


class CoupleSearchForm(forms.Form):
    """The dashboard's search: part of a couple's or a partner's name."""

    q = forms.CharField(label=_("Search by name"), max_length=80, required=False, strip=True)


class LogFilterForm(forms.Form):
    """Which entries of a couple's access log to show."""

    show = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("all", _("Everything")),
            ("changes", _("Changes and partner activity")),
            ("views", _("Views and downloads")),
        ],
        required=False,
        help_text=_("Changes: the couple created, links, answers saved and sent, plans, follow-ups, exports."),
    )


MAX_SESSIONS = 20
MAX_EXERCISES_PER_SESSION = 8
MAX_HANDOUT_THEMES = 5


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _rows(text: str, width: int = 70, least: int = 2) -> int:
    """Rows for a text area to show `text` whole (where the browser cannot size it to its content itself)."""
    lines = text.splitlines() or [""]
    return max(least, sum(1 + len(line) // width for line in lines) + 1)


def _text_area(label: Any, limit: int, help_text: Any = "", required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def restore_draft(form: forms.Form, kept: dict[str, str]) -> None:
    """Show a kept draft (clinic/drafts.py) in an unbound form: its values in place of the saved ones; a box left
    unticked was simply not posted, so every box shows as the draft had it. The plan's base version stays."""
    for name, field in form.fields.items():
        if name == "base_version":
            continue
        if isinstance(field, forms.BooleanField):
            form.initial[name] = bool(kept.get(name))
        elif name in kept:
            form.initial[name] = kept[name]


def draft_problem(form: forms.Form, posted: dict[str, list[str]], extra: tuple[str, ...] = ()) -> str:
    """Why posted fields cannot be kept as a draft of `form` ("" when they can): only its own fields (and `extra`,
    the page's own hidden ones), once each, within their lengths. A draft need not be complete or valid: it is
    kept, never saved or sent."""
    for name, values in posted.items():
        field = form.fields.get(name)
        if field is None and name not in extra:
            return gettext("“%(name)s” is not a field of this page.") % {"name": name[:40]}
        if len(values) != 1:
            return gettext("“%(name)s” was sent more than once.") % {"name": name}
        limit = field.max_length if isinstance(field, forms.CharField) and field.max_length else 200
        if len(values[0]) > limit:
            label = field.label if field is not None else name
            return gettext("“%(label)s” is longer than %(limit)d characters.") % {"label": label, "limit": limit}
    return ""


@lru_cache(maxsize=16)
def session_part_fields(language: str | None) -> dict[str, forms.Field]:
    """The plan editor's session fields by part, made once per process and language and shared by every session
    of every PlanForm: ten sessions of some twelve fields were a hundred fields made anew on each view (about
    1.7 ms of the page, bench/README.md). Nothing writes into them after this (PlanForm._like works out a text
    area's rows for each control); their labels are in `language`, the active one when they were made."""
    return {
        "focus": forms.CharField(label=gettext("Focus"), max_length=200),
        "goals": _text_area(gettext("Goals (one per line)"), 2000),
        "measures": _text_area(gettext("Measures (one per line)"), 1000),
        "notes": _text_area(gettext("Notes"), 4000),
        "order": forms.IntegerField(label=gettext("Order"), min_value=1, max_value=99),
        "remove": forms.BooleanField(label=gettext("Remove"), required=False),
        "reason": _text_area(gettext("Why"), 600),
    }


# A session's field name without its session and exercise numbers ("s3_e1_reason" is a "reason").
SESSION_PART = re.compile(r"^s\d+_(?:e\d+_)?")


class PlanForm(forms.Form):
    """Edit a plan version: the approach, the strengths, each session (focus, goals, exercises and why, measures,
    notes) and the handout's own words.

    Works without JavaScript: exercises are reordered by number, removed by a tick and added from a choice
    grouped by approach, with each exercise's purpose and minutes. Saving makes the next version;
    `base_version` says which version the edit started from, so a concurrent save is detected.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    approach = forms.ChoiceField(label=_("Approach"), choices=[(key, label) for key, label in APPROACH_LABELS.items()])
    approach_reason = _text_area(_("Why this approach"), 1000, required=True)
    strengths = _text_area(
        _("Strengths to name first (one per line)"), 2000, _("Said in the couple's hearing: themes, never one answer.")
    )
    session_count = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=MAX_SESSIONS,
        help_text=_("Fewer sessions drops the last ones; more adds sessions left open for review."),
    )
    safety_hold = forms.BooleanField(
        label=_("Joint work stays on hold (safety finding)"),
        required=False,
        help_text=_("Untick only after individual assessment shows joint sessions are safe."),
    )
    handout_themes = _text_area(
        _("“Where we start” on the couple's handout (one per line)"),
        1200,
        _(
            "Printed for both partners: what they share, never what one of them said alone. At most five lines; "
            "empty prints the general first-session wording."
        ),
    )
    handout_note = _text_area(
        _("A note to the couple on the handout (optional)"), 600, _("Printed at the end of the handout, for both.")
    )

    def __init__(
        self,
        content: dict[str, Any],
        library: dict[str, Any],
        *args: Any,
        themes: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.content, self.library = content, library
        self.language = Exercise.language_now()  # the exercises' texts are read in it, once for the page
        self.drafted_themes = themes or []
        # One choice shared by every session's "add" control, checked against the library in clean(); what each
        # exercise is for is written once for the page (`guide`), not again in every session.
        self._approaches = {key: str(label) for key, label in Approach.choices}
        self._shapes: dict[str, Control] = {}
        self._stencils: dict[str, Stencil | None] = {}
        self.guide = self._exercise_guide()
        self.add_widget = forms.Select(choices=self._exercise_choices())
        if not content.get("safety_hold"):
            del self.fields["safety_hold"]
        # Every session's fields of one part are the same field (session_part_fields), and every session's "add"
        # this one: a field holds no value, error or state of its own, so sharing it changes nothing shown.
        parts = session_part_fields(get_language())
        add = forms.CharField(label=gettext("Add an exercise"), required=False, widget=self.add_widget)
        for session in content["sessions"]:
            self._session_fields(session, parts, add)
        self.initial.update(self._initial())

    def _exercise_guide(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The library grouped by approach, each exercise with its minutes and purpose: the page writes it once,
        above the sessions, so each session's "add" choice can name an exercise without repeating why."""
        hold = self.content.get("safety_hold")
        # Each wording translated once for the whole library, not once per exercise.
        shown, waits = (
            gettext("%(name)s (%(minutes)d min): %(purpose)s"),
            gettext("(waits while joint work is on hold)"),
        )
        groups: dict[str, list[str]] = {}
        for exercise in self.library.values():
            label = shown % {
                "name": exercise.text("name", self.language),
                "minutes": exercise.duration_minutes,
                "purpose": exercise.text("purpose", self.language),
            }
            if hold and exercise.paused_by_safety:
                label += " " + waits
            groups.setdefault(self._approach(exercise), []).append(label)
        return tuple((approach, tuple(lines)) for approach, lines in groups.items())

    def _approach(self, exercise: Any) -> str:
        return self._approaches.get(exercise.approach, exercise.approach)

    def _exercise_choices(self) -> list[tuple[str, str]]:
        """ "Add nothing", then the library in the guide's order, each exercise with its minutes and approach (a
        `<select>` per session: the same list, written short, ten times a page)."""
        hold = self.content.get("safety_hold")
        shown, waits = (
            gettext("%(name)s (%(minutes)d min, %(approach)s)"),
            gettext("(waits while joint work is on hold)"),
        )
        by_approach: dict[str, list[tuple[str, str]]] = {}
        for key, exercise in self.library.items():
            approach = self._approach(exercise)
            name = exercise.text("name", self.language)
            label = shown % {"name": name, "minutes": exercise.duration_minutes, "approach": approach}
            if hold and exercise.paused_by_safety:
                label += " " + waits
            by_approach.setdefault(approach, []).append((key, label))
        return [("", gettext("Add nothing")), *(choice for group in by_approach.values() for choice in group)]

    def _session_fields(self, session: dict[str, Any], part: dict[str, forms.Field], add: forms.Field) -> None:
        n = session["number"]
        for name in ("focus", "goals", "measures", "notes"):
            self.fields[f"s{n}_{name}"] = part[name]
        for i, _exercise in enumerate(session["exercises"]):
            for name in ("order", "remove", "reason"):
                self.fields[f"s{n}_e{i}_{name}"] = part[name]
        # A plain field checked against the library in clean(): one shared list of choices for every session.
        self.fields[f"s{n}_add"] = add

    def _initial(self) -> dict[str, Any]:
        content = word_data(self.content)  # the drafted messages as the therapist reads them
        initial: dict[str, Any] = {
            "approach": content["approach"],
            "approach_reason": content.get("approach_reason", ""),
            "strengths": "\n".join(content.get("strengths", [])),
            "session_count": len(content["sessions"]),
            "safety_hold": True,
            "handout_themes": "\n".join(content.get("handout_themes", self.drafted_themes)),
            "handout_note": content.get("handout_note", ""),
        }
        for session in content["sessions"]:
            n = session["number"]
            initial[f"s{n}_focus"] = session["focus"]
            initial[f"s{n}_goals"] = "\n".join(session["goals"])
            initial[f"s{n}_measures"] = "\n".join(session["measures"])
            initial[f"s{n}_notes"] = session.get("notes", "")
            for i, exercise in enumerate(session["exercises"]):
                initial[f"s{n}_e{i}_order"] = i + 1
                initial[f"s{n}_e{i}_reason"] = exercise["reason"]
        return initial

    def clean_handout_themes(self) -> str:
        text = self.cleaned_data["handout_themes"]
        if len(_lines(text)) > MAX_HANDOUT_THEMES:
            raise forms.ValidationError(
                ngettext(
                    "At most %(n)d line fits the handout.", "At most %(n)d lines fit the handout.", MAX_HANDOUT_THEMES
                )
                % {"n": MAX_HANDOUT_THEMES},
                code="too_many",
            )
        return text

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
                    ngettext(
                        "At most %(n)d exercise fits one session.",
                        "At most %(n)d exercises fit one session.",
                        MAX_EXERCISES_PER_SESSION,
                    )
                    % {"n": MAX_EXERCISES_PER_SESSION},
                )
        return data

    def control(self, name: str) -> SafeString:
        """One field's markup (intake.controls), written here: the editor has over a hundred of them. A text area
        is given the rows to show its text whole (browsers that can, size it to its content as it grows)."""
        field = self.fields[name]
        part = SESSION_PART.sub("", name)
        if part == name:  # a field of the plan as a whole (one of eight): this form's own copy of the field
            bound = self[name]
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = _rows(str(bound.value() or ""))
            return render_field(bound, wrapper="mb-2")
        return self._session_control(part, name)

    def _session_control(self, part: str, name: str) -> SafeString:
        """A session's control `name`, of `part` (the focus, an exercise's order...)."""
        field = self.fields[name]
        if self.is_bound or part not in self._shapes:
            bound = self[name]
            shape = self._shapes.setdefault(part, control_for(bound, wrapper="mb-2"))
            errors = tuple(str(error) for error in bound.errors) if self.is_bound else ()
            return self._written(part, shape, name, bound.value(), errors)
        # The form as first shown: the value is the initial one, as Django's BoundField would read it.
        return self._written(part, self._shapes[part], name, self.initial.get(name, field.initial), ())

    def _written(self, part: str, shape: Control, name: str, value: Any, errors: tuple[str, ...]) -> SafeString:
        """A session's control as intake.controls would write it from the field: label, kind and attributes are
        the same for one part (the focus, an exercise's order...) in every session, so they are read once from
        the first field of that part (`shape`) and only the name, value, errors and rows are this field's own
        (bench/README.md: the controls were over half of the page, ten sessions of them). A control without
        errors is filled into the part's stencil, the rest written whole. The rows are worked out here and
        never written into the field, which every session and every request share."""
        if shape.kind == "checkbox":
            shown = "on" if self.fields[name].widget.check_test(value) else ""
        else:
            shown = "" if value is None else str(value)
        rows = {"rows": str(_rows(shown))} if shape.kind == "textarea" else {}
        if not errors:
            if part not in self._stencils:
                self._stencils[part] = stencil(shape, open_attrs=tuple(rows))
            if (found := self._stencils[part]) is not None:
                return found.fill(name, f"id_{name}", shown, rows)
        attrs = tuple((key, rows.get(key, given)) for key, given in shape.attrs)
        return render(replace(shape, name=name, id=f"id_{name}", value=shown, errors=errors, attrs=attrs))

    def sessions(self, shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The controls grouped per session, with each session's minutes as `shown` (versions.shown_sessions)."""
        grouped, at_home = [], gettext("at home")
        # Each session's legend and its "add" summary, translated once for the page: the template's
        # {% blocktranslate %} per session, with the same catalogue entries.
        legend, add_summary = gettext("Session %(n)s"), gettext("Add an exercise to session %(n)s")
        for session, timing in zip(self.content["sessions"], shown, strict=True):
            n = session["number"]
            controls = {
                part: self._session_control(part, f"s{n}_{part}")
                for part in ("focus", "goals", "add", "measures", "notes")
            }
            exercises = [
                {
                    "name": self.library[e["key"]].text("name", self.language)
                    if e["key"] in self.library
                    else e["key"],
                    "when": at_home if e.get("at_home") else _minutes(e.get("minutes", 0)),
                    **{
                        part: self._session_control(part, f"s{n}_e{i}_{part}") for part in ("order", "remove", "reason")
                    },
                }
                for i, e in enumerate(session["exercises"])
            ]
            add = f"s{n}_add"
            chosen = bool((self.data if self.is_bound else self.initial).get(add)) or add in self.errors
            words = {"legend": legend % {"n": n}, "add_summary": add_summary % {"n": n}}
            grouped.append(
                {"number": n, "timing": timing, **controls, **words, "exercises": exercises, "add_open": chosen}
            )
        return grouped

    def edited_content(self) -> dict[str, Any]:
        """The content with this form's edits applied: what the next version stores."""
        data = self.cleaned_data
        sessions = [self._edited_session(session) for session in self.content["sessions"]]
        sessions = _resize(sessions, data["session_count"], self.content.get("session_minutes", 50))
        content = {
            **self.content,
            "approach": data["approach"],
            "approach_reason": _kept(self.content.get("approach_reason", ""), data["approach_reason"].strip()),
            "strengths": _kept_lines(self.content.get("strengths", []), _lines(data["strengths"])),
            "sessions": sessions,
            "handout_note": data["handout_note"].strip(),
        }
        themes = _lines(data["handout_themes"])
        if themes != self.drafted_themes or "handout_themes" in self.content:
            content["handout_themes"] = themes  # the therapist's own words; otherwise the draft's themes print
        if "safety_hold" in self.fields:
            content["safety_hold"] = data["safety_hold"]
        return content

    def _edited_session(self, session: dict[str, Any]) -> dict[str, Any]:
        data, n = self.cleaned_data, session["number"]
        rows = [
            (data[f"s{n}_e{i}_order"], i, {**e, "reason": _kept(e["reason"], data[f"s{n}_e{i}_reason"].strip())})
            for i, e in enumerate(session["exercises"])
            if not data[f"s{n}_e{i}_remove"]
        ]
        exercises = [row for _order, _i, row in sorted(rows, key=lambda r: (r[0], r[1]))]
        if key := data[f"s{n}_add"]:
            minutes = self.library[key].duration_minutes  # the page shows if the session now runs over
            exercises.append({"key": key, "reason": to_data(msg(ADDED)), "minutes": minutes})
        return {
            **session,
            "focus": _kept(session["focus"], data[f"s{n}_focus"].strip()),
            "goals": _kept_lines(session["goals"], _lines(data[f"s{n}_goals"])),
            "measures": _kept_lines(session["measures"], _lines(data[f"s{n}_measures"])),
            "notes": _kept(session.get("notes", ""), data[f"s{n}_notes"].strip()),
            "exercises": exercises,
        }


ADDED = gettext_noop("Added by the therapist.")


def _minutes(m: int) -> str:
    return ngettext("%(m)s min", "%(m)s min", m) % {"m": m}


def _kept(drafted: Any, edited: str) -> Any:
    """What the next version stores for one text: the drafted message while the therapist leaves its words as
    they read them (so it is still worded in each reader's language), the therapist's own text once changed."""
    return drafted if str(word_data(drafted)).strip() == edited else edited


def _kept_lines(drafted: list[Any], edited: list[str]) -> list[Any]:
    """One line each (goals, measures, strengths): a line left as drafted keeps its message, any other is the
    therapist's text."""
    by_words = {str(word_data(line)).strip(): line for line in drafted}
    return [by_words.get(line, line) for line in edited]


def _resize(sessions: list[dict[str, Any]], count: int, minutes: int) -> list[dict[str, Any]]:
    """Fewer sessions drops the last ones; more adds sessions left open for review, not empty placeholders."""
    sessions = sessions[:count]
    for number in range(len(sessions) + 1, count + 1):
        added = to_data(open_session(number, count, minutes))
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


class PrintForm(forms.Form):
    """A printout's paper and language, sent as a plain GET to the PDF's address (no JavaScript). Each language is
    named in itself; the language chosen first is the printout's default (printouts.print_language)."""

    paper = forms.ChoiceField(label=_("Paper size"), choices=[("a4", _("A4")), ("letter", _("US Letter"))])
    lang = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class DownloadForm(PrintForm):
    """One plan PDF's download: the version shown, its paper and its language."""

    version = forms.IntegerField(widget=forms.HiddenInput)


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
    language = forms.ChoiceField(
        label=_("Language of your pages"),
        choices=Language.choices,
        help_text=_("Your pages, comparisons and reports; each partner's pages follow the partner's own language."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page owns the <form> (templates/clinic/profile.html)
        self.helper.layout = Layout(
            "first_name",
            "last_name",
            "contact_line",
            "language",
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
                % {"names": names_of_both(names)}
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
