"""Therapist-side forms. They validate; the views save."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

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
