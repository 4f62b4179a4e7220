"""`manage.py loadexercises`: add the library's new exercises without undoing admin edits.

`loaddata exercises` would overwrite every exercise a practice admin has edited;
this adds only keys the database does not have yet (`--update` overwrites all), and
fills fields added to the library later (the handout's plain words) where they are
still empty.
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


class Command(BaseCommand):
    help = "Load the exercise library from fixtures/exercises.json (new exercises only, unless --update)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--update", action="store_true", help="Overwrite exercises that already exist.")

    def handle(self, *args: Any, update: bool, **options: Any) -> None:
        entries = json.loads(LIBRARY.read_text())
        existing = {exercise.key: exercise for exercise in Exercise.objects.only("key", *FILL_WHEN_EMPTY)}
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
                elif empty := [name for name in FILL_WHEN_EMPTY if not getattr(existing[exercise.key], name)]:
                    exercise.save(update_fields=empty)
                    updated += 1
        self.stdout.write(f"Exercise library: {added} added, {updated} updated, {len(entries)} in the file.")
