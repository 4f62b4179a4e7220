"""`manage.py restore FOLDER [--archived-keys FILE] [--yes]`: put a backup back.

Checks the backup is whole, that it suits this database engine, and that the keys it needs are at
hand (ATTUNE_ENCRYPTION_KEYS, plus the key archive for keys retired since the backup) before the
database is touched. Then replaces the database's content, brings its schema up to date, re-seals
everything under the newest key and empties the cache. Stop the app servers first.
"""

from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.backups import BackupError, missing_keys, read_backup, restore_database
from clinic.management.commands.rotatekeys import read_archive, reseal_everything
from clinic.models import AccessLog
from intake.canary import require_keys
from intake.crypto import SealingRefused, configured_keys


class Command(BaseCommand):
    help = "Replace the database's content with a backup made by `manage.py backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="The backup folder (attune-backup-…).")
        parser.add_argument(
            "--archived-keys", type=Path, help="Your key archive (rotatekeys --archive), for keys retired since."
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the database.")

    def handle(self, *args: Any, folder: Path, archived_keys: Path | None, yes: bool, **options: Any) -> None:
        archived = tuple(read_archive(archived_keys)) if archived_keys else ()
        try:
            manifest = read_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        missing = missing_keys(manifest, configured_keys() + archived)
        if missing:
            raise CommandError(
                f"This backup needs keys with fingerprints {', '.join(missing)}, which neither "
                "ATTUNE_ENCRYPTION_KEYS nor the key archive has. Nothing was changed. "
                "Pass your key archive with --archived-keys FILE."
            )
        if not yes and input("This replaces everything in the database with the backup. Type 'yes': ") != "yes":
            raise CommandError("Nothing was changed.")
        try:
            restore_database(folder, manifest)
        except BackupError as error:
            raise CommandError(str(error)) from None
        call_command("migrate", interactive=False, verbosity=0)
        answers, versions = reseal_everything(archived)
        try:
            require_keys()
        except SealingRefused as refused:
            raise CommandError(str(refused)) from None
        cache.clear()
        # The log itself went back to the backup's day with everything else: it says so from here on.
        AccessLog.objects.create(
            username="manage.py restore",
            action=AccessLog.Action.RESTORE_BACKUP,
            detail=f"backup of {manifest['created_at']}",
        )
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {answers} sealed answers and {versions} plan versions, "
            "re-sealed under the newest key. Everyone signs in again."
        )
