"""What a therapist's browser posts from the plan's edit page: the form as shown, with changes."""

from typing import Any

from django.test import Client

from intake.models import Couple


def edit_url(couple: Couple) -> str:
    return f"/couples/{couple.pk}/plan/edit/"


def edit_data(client: Client, couple: Couple, **changes: Any) -> dict[str, Any]:
    """The edit form's current values as the browser would send them (ticked boxes as "on"), with `changes`."""
    form = client.get(edit_url(couple)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    return {**data, **changes, "action": "save"}
