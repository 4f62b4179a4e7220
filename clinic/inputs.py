"""Form controls for the plan editor, written out in Python.

The editor has some sixty controls; through widget templates or one include each
they cost more than the rest of the page. The markup is Bootstrap's, with the
label, help text and errors tied to the control (aria-describedby, aria-invalid).
"""

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _described(f: dict[str, Any]) -> str:
    ids = ([f"{f['id']}_help"] if f["help"] else []) + ([f"{f['id']}_error"] if f["errors"] else [])
    invalid = ' aria-invalid="true"' if f["errors"] else ""
    return (f' aria-describedby="{" ".join(ids)}"' if ids else "") + invalid


def _after(f: dict[str, Any]) -> str:
    help_html = f'<div class="form-text" id="{f["id"]}_help">{escape(f["help"])}</div>' if f["help"] else ""
    errors = "".join(
        f'<div class="invalid-feedback d-block" id="{f["id"]}_error">{escape(e)}</div>' for e in f["errors"]
    )
    return help_html + errors


def control(f: dict[str, Any], kind: str) -> SafeString:
    """`kind` is text, number, textarea or checkbox; `f` comes from PlanForm.lean()."""
    name, field_id, label = escape(f["name"]), escape(f["id"]), escape(f["label"])
    if kind == "checkbox":
        checked = " checked" if f["value"] else ""
        return mark_safe(  # noqa: S308 (every variable part is escaped)
            f'<div class="form-check mb-2"><input type="checkbox" class="form-check-input" name="{name}" '
            f'id="{field_id}"{checked}{_described(f)}><label class="form-check-label" for="{field_id}">{label}</label>'
            f"{_after(f)}</div>"
        )
    css = "form-control is-invalid" if f["errors"] else "form-control"
    if kind == "textarea":
        widget = (
            f'<textarea name="{name}" id="{field_id}" rows="2" class="{css}"{_described(f)}>\n'
            f"{escape(f['value'])}</textarea>"
        )
    else:
        widget = f'<input type="{kind}" name="{name}" id="{field_id}" value="{escape(f["value"])}" class="{css}"{_described(f)}>'
    return mark_safe(  # noqa: S308 (every variable part is escaped)
        f'<div class="mb-2"><label class="form-label" for="{field_id}">{label}</label>{widget}{_after(f)}</div>'
    )
