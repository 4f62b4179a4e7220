"""`manage.py backup [--output DIR]`: a consistent copy of the database while Attune keeps serving.

SQLite's online backup or pg_dump, with a manifest of the key fingerprints its sealed values need
(clinic/backups.py). Prints the folder it wrote.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.backups import BackupError, make_backup
from intake.crypto import configured_keys


class Command(BaseCommand):
    help = "Back the database up into a new folder (database file and manifest.json), readable by you only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="Folder to put the backup folder in (default: var/backups).",
        )

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        try:
            folder = make_backup(output, configured_keys())
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = (folder / "manifest.json").read_text()
        self.stdout.write(f"backup: {folder.resolve()}")
        if '"unreadable": 0' not in manifest:
            self.stderr.write(
                "Some sealed values open with none of the configured keys; see 'unreadable' in manifest.json."
            )
