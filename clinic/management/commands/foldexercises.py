"""`manage.py foldexercises ar FILE...`: fold translators' texts of the exercise library into fixtures/exercises.json.

Each FILE is `{exercise key: {field: text}}` in one language (the translators' exercises_ar_1.json and
_2.json). Every non-empty text of a translated field (`Exercise.TRANSLATED_FIELDS`) is written into that exercise's
`"translations": {language: {field: text}}` in the fixture, replacing an earlier text of the same field; nothing
else in the fixture changes. An unknown exercise or field refuses the whole fold. It says what is still missing,
and `manage.py loadexercises` then brings the texts into the database.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.management.commands.loadexercises import LIBRARY
from clinic.models import Exercise
from intake.models import Language


def missing_translations(entries: list[dict[str, Any]], language: str) -> list[str]:
    """`key.field` for every text the library has in English and not yet in `language`."""
    missing = []
    for entry in entries:
        fields = entry["fields"]
        translated = fields.get("translations", {}).get(language, {})
        for field in Exercise.TRANSLATED_FIELDS:
            if str(fields.get(field, "")).strip() and not str(translated.get(field, "")).strip():
                missing.append(f"{entry['pk']}.{field}")
    return missing


def fold(entries: list[dict[str, Any]], language: str, texts: dict[str, dict[str, str]]) -> int:
    """Write `texts` into `entries` (in place); the number of texts written. ValueError for anything unknown."""
    by_key = {entry["pk"]: entry for entry in entries}
    unknown = [key for key in texts if key not in by_key]
    unknown += [f"{key}.{f}" for key, fields in texts.items() for f in fields if f not in Exercise.TRANSLATED_FIELDS]
    if unknown:
        raise ValueError("not in the library: " + ", ".join(sorted(unknown)))
    written = 0
    for key, fields in texts.items():
        translations = by_key[key]["fields"].setdefault("translations", {})
        for field, text in fields.items():
            if isinstance(text, str) and text.strip():
                translations.setdefault(language, {})[field] = text
                written += 1
    return written


class Command(BaseCommand):
    help = "Fold translated exercise texts ({key: {field: text}} files) into fixtures/exercises.json."

    def add_arguments(self, parser: CommandParser) -> None:
        others = [code for code in Language.values if code != "en"]
        parser.add_argument("language", choices=others, help="The language of the files.")
        parser.add_argument("files", nargs="+", type=Path, help="Translated texts, {key: {field: text}}.")
        parser.add_argument("--library", type=Path, default=LIBRARY, help="The fixture to write (the library's).")

    def handle(self, *args: Any, language: str, files: list[Path], library: Path, **options: Any) -> None:
        entries = json.loads(library.read_text())
        written = 0
        for path in files:
            try:
                written += fold(entries, language, json.loads(path.read_text()))
            except (OSError, ValueError) as error:  # a broken file, or an unknown key or field
                raise CommandError(f"{path}: {error}") from error
        library.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n")
        missing = missing_translations(entries, language)
        self.stdout.write(f"Exercise texts in {language}: {written} folded into {library}; {len(missing)} missing.")
        for name in missing:
            self.stdout.write(f"  missing: {name}")
