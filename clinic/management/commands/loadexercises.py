"""`manage.py loadexercises`: add the library's new exercises without undoing admin edits.

`loaddata exercises` would overwrite every exercise a practice admin has edited;
this adds only keys the database does not have yet (`--update` overwrites all), and
fills fields added to the library later (the handout's plain words) where they are
still empty, and the texts in other languages (each exercise's "translations",
written by `manage.py foldexercises`) that the database does not have yet.
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from clinic.models import Exercise

LIBRARY = Path(settings.BASE_DIR) / "fixtures" / "exercises.json"
# Fields that arrived after the first library: empty in databases made before them, and never left empty.
FILL_WHEN_EMPTY = ("plain_title", "plain_purpose")


def _to_fill(stored: Exercise, exercise: Exercise) -> list[str]:
    """The fields of `exercise` (from the file) to write over `stored`: those still empty, and the translations when
    the file has a text the database lacks (a text already there, perhaps edited by an admin, is kept)."""
    empty = [name for name in FILL_WHEN_EMPTY if not getattr(stored, name)]
    merged = {language: dict(texts) for language, texts in (stored.translations or {}).items()}
    for language, texts in (exercise.translations or {}).items():
        for field, text in texts.items():
            merged.setdefault(language, {}).setdefault(field, text)
    if merged != (stored.translations or {}):
        exercise.translations = merged
        empty.append("translations")
    return empty


class Command(BaseCommand):
    help = "Load the exercise library from fixtures/exercises.json (new exercises only, unless --update)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--update", action="store_true", help="Overwrite exercises that already exist.")

    def handle(self, *args: Any, update: bool, **options: Any) -> None:
        entries = json.loads(LIBRARY.read_text())
        existing = {
            exercise.key: exercise for exercise in Exercise.objects.only("key", "translations", *FILL_WHEN_EMPTY)
        }
        added = updated = 0
        with transaction.atomic():
            for entry in entries:
                exercise = Exercise(key=entry["pk"], **entry["fields"])
                exercise.full_clean(validate_unique=False)
                if exercise.key not in existing:
                    exercise.save(force_insert=True)
                    added += 1
                elif update:
                    exercise.save(force_update=True)
                    updated += 1
                elif empty := _to_fill(existing[exercise.key], exercise):
                    exercise.save(update_fields=empty)
                    updated += 1
        self.stdout.write(f"Exercise library: {added} added, {updated} updated, {len(entries)} in the file.")
