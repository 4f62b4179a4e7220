"""Helplines shown to partners: emergency numbers, suicide and crisis lines, and domestic-abuse lines.

Pure: the standard library only, so settings can load and check ATTUNE_HELPLINES at start-up. Defaults for the
United States, the United Kingdom and Ireland (docs/clinical.md, safety screening and tiers); a practice elsewhere
names a JSON file of its own lines.
"""

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


def _(message: str) -> str:
    """Mark text for translation (see intake.questionnaire._); the templates translate it when shown."""
    return message


class Kind(StrEnum):
    EMERGENCY = "emergency"
    CRISIS = "crisis"  # suicide and emotional crisis
    ABUSE = "abuse"  # domestic abuse


@dataclass(frozen=True)
class Line:
    kind: Kind
    name: str
    how: str  # how to reach it, e.g. "Call 999"
    when: str = ""  # e.g. "free, any time"


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    lines: tuple[Line, ...]
    translated: bool = True  # the defaults are marked for translation; a practice's file is shown as written


ANY_TIME = _("free, any time")

DEFAULTS: dict[str, Region] = {
    "us": Region(
        "us",
        _("United States"),
        (
            Line(Kind.EMERGENCY, _("Emergency services"), _("Call 911")),
            Line(Kind.CRISIS, _("988 Suicide & Crisis Lifeline"), _("Call or text 988"), ANY_TIME),
            Line(
                Kind.ABUSE,
                _("National Domestic Violence Hotline"),
                _("Call 1-800-799-7233, or text START to 88788"),
                ANY_TIME,
            ),
        ),
    ),
    "uk": Region(
        "uk",
        _("United Kingdom"),
        (
            Line(Kind.EMERGENCY, _("Emergency services"), _("Call 999")),
            Line(Kind.CRISIS, _("Samaritans"), _("Call 116 123"), ANY_TIME),
            Line(Kind.ABUSE, _("National Domestic Abuse Helpline"), _("Call 0808 2000 247"), ANY_TIME),
        ),
    ),
    "ie": Region(
        "ie",
        _("Ireland"),
        (
            Line(Kind.EMERGENCY, _("Emergency services"), _("Call 112 or 999")),
            Line(Kind.CRISIS, _("Samaritans"), _("Call 116 123"), ANY_TIME),
            Line(Kind.ABUSE, _("Women's Aid National Freephone Helpline"), _("Call 1800 341 900"), ANY_TIME),
        ),
    ),
}


class HelplineError(ValueError):
    """ATTUNE_HELPLINES names no default region and no readable, well-formed file."""


def load(setting: str) -> tuple[Region, ...]:
    """The regions ATTUNE_HELPLINES names: comma-separated default codes (us, uk, ie) or paths of JSON files.

    Empty: every default region. Raises HelplineError with what is wrong.
    """
    parts = [part.strip() for part in setting.split(",") if part.strip()]
    if not parts:
        return tuple(DEFAULTS.values())
    regions: list[Region] = []
    for part in parts:
        if part.lower() in DEFAULTS:
            regions.append(DEFAULTS[part.lower()])
        elif "/" in part or part.endswith(".json"):
            regions.extend(_from_file(Path(part)))
        else:
            codes = ", ".join(DEFAULTS)
            raise HelplineError(f"ATTUNE_HELPLINES: {part!r} is neither a region ({codes}) nor a path to a JSON file.")
    return tuple(regions)


def _from_file(path: Path) -> list[Region]:
    """A practice's own lines: {"regions": [{"name": ..., "lines": [{"kind", "name", "how", "when"?}]}]}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise HelplineError(f"ATTUNE_HELPLINES: cannot read {path}: {error.strerror}.") from None
    except json.JSONDecodeError as error:
        raise HelplineError(f"ATTUNE_HELPLINES: {path} is not valid JSON ({error.msg}, line {error.lineno}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("regions"), list) or not data["regions"]:
        raise HelplineError(f'ATTUNE_HELPLINES: {path} must hold {{"regions": [...]}} with at least one region.')
    return [_region(path, number, spec) for number, spec in enumerate(data["regions"], start=1)]


def _text(path: Path, where: str, spec: dict[str, object], field: str, required: bool = True) -> str:
    value = spec.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > 200:
        raise HelplineError(f'ATTUNE_HELPLINES: {path}, {where}: "{field}" must be text of 1 to 200 characters.')
    return value.strip()


def _region(path: Path, number: int, spec: object) -> Region:
    where = f"region {number}"
    if not isinstance(spec, dict) or not isinstance(spec.get("lines"), list) or not spec["lines"]:
        raise HelplineError(f'ATTUNE_HELPLINES: {path}, {where}: needs a "name" and a non-empty list of "lines".')
    name = _text(path, where, spec, "name")
    lines = []
    for index, line in enumerate(spec["lines"], start=1):
        at = f"{where}, line {index}"
        if not isinstance(line, dict) or line.get("kind") not in list(Kind):
            kinds = ", ".join(Kind)
            raise HelplineError(f'ATTUNE_HELPLINES: {path}, {at}: "kind" must be one of {kinds}.')
        lines.append(
            Line(
                Kind(line["kind"]),
                _text(path, at, line, "name"),
                _text(path, at, line, "how"),
                _text(path, at, line, "when", required=False),
            )
        )
    if not any(line.kind is Kind.EMERGENCY for line in lines):
        raise HelplineError(f"ATTUNE_HELPLINES: {path}, {where}: list the emergency number too (kind emergency).")
    return Region(f"file-{number}", name, tuple(lines), translated=False)


# A phone number as written in a line's "how": digits, maybe a leading +, single spaces or hyphens between groups,
# and not the start of "24/7".
_NUMBER = re.compile(r"\+?\d+(?:[ -]\d+)*(?![\d/])")


def dial_parts(how: str) -> list[tuple[str, str]]:
    """A line's "how" in pieces, each with the link a phone can follow in one tap: `tel:` for a number to call,
    `sms:` for one the line says only to text ("text START to 88788"), "" for the words between.

    Whether a number is for texts is read from the words since the last comma, so "Call or text 988" stays a
    call; in another language the number is a call.
    """
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _NUMBER.finditer(how):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) < 3:  # "24/7", "1 in 4": not a number to dial
            continue
        if match.start() > position:
            parts.append((how[position : match.start()], ""))
        clause = how[: match.start()].rsplit(",", 1)[-1].lower()
        text_only = "text" in clause and "call" not in clause
        plus = "+" if match.group().startswith("+") else ""
        parts.append((match.group(), f"{'sms' if text_only else 'tel'}:{plus}{digits}"))
        position = match.end()
    if position < len(how):
        parts.append((how[position:], ""))
    return parts
