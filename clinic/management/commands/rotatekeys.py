"""`manage.py rotatekeys [--archive FILE]`: re-seal every sealed answer (the intake's and the check-ins'), safety
alert, plan version (with its comparison) and unsaved typing draft, the therapist's handout note, waiting message and scheduled reminder,
and the key canary under the newest key, then archive the keys it retires.

Cached PDFs need nothing: their cache keys name the key that sealed them, so after a rotation they
are simply rendered again. What the analysis pages kept (clinic/printing/kept.py) is deleted rather than
re-sealed: it is worked out again on the next view.

Put the new key first in ATTUNE_ENCRYPTION_KEYS (keeping the old ones after it), run this command,
then take the old keys out of ATTUNE_ENCRYPTION_KEYS. Backups made before the rotation are still
sealed under the old keys: `--archive FILE` appends them to a key archive (kept offline, like the
backups, but never beside them), which `manage.py restore --archived-keys FILE` reads.
"""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from clinic.models import FormDraft, KeptAnalysis, OutboxMessage, OutcomeSettings, PlanVersion, Reminder
from intake.canary import require_keys
from intake.crypto import SealingRefused, configured_keys, fingerprint, reseal
from intake.models import Answer, CheckInAnswer, KeyCanary, SafetyAlert


def reseal_everything(extra_keys: tuple[str, ...] = ()) -> tuple[int, int]:
    """Re-seal answers, safety alerts, plan versions (with their comparisons) and the canary under the newest
    key, in one transaction.

    `extra_keys` may open what the configured keys cannot (archived keys, after a restore).
    Returns how many answers (safety alerts among them) and plan versions were re-sealed.
    """
    count = 0
    with transaction.atomic():
        for model in (Answer, CheckInAnswer):  # the intake's answers, and the check-ins' and re-assessments'
            count += _reseal_rows(model, extra_keys)
        KeptAnalysis.objects.all().delete()  # worked out from the answers again, under the new key
        notes = list(OutcomeSettings.objects.exclude(sealed_note="").select_for_update().only("pk", "sealed_note"))
        for note in notes:
            note.sealed_note = reseal(note.sealed_note, extra_keys)
        OutcomeSettings.objects.bulk_update(notes, ["sealed_note"], batch_size=200)
        versions = list(PlanVersion.objects.select_for_update().only("pk", "sealed", "sealed_comparison"))
        for version in versions:
            version.sealed = reseal(version.sealed, extra_keys)
            if version.sealed_comparison:
                version.sealed_comparison = reseal(version.sealed_comparison, extra_keys)
        PlanVersion.objects.bulk_update(versions, ["sealed", "sealed_comparison"], batch_size=200)
        drafts = list(FormDraft.objects.select_for_update().only("pk", "sealed"))  # a page's unsaved typing
        for draft in drafts:
            draft.sealed = reseal(draft.sealed, extra_keys)
        FormDraft.objects.bulk_update(drafts, ["sealed"], batch_size=200)
        alerts = list(SafetyAlert.objects.select_for_update().only("pk", "sealed"))
        for alert in alerts:
            alert.sealed = reseal(alert.sealed, extra_keys)
        SafetyAlert.objects.bulk_update(alerts, ["sealed"], batch_size=200)
        _reseal_messages(extra_keys)
        for canary in KeyCanary.objects.select_for_update():
            canary.sealed = reseal(canary.sealed, extra_keys)
            canary.save(update_fields=["sealed"])
    return count + len(alerts), len(versions)


def _reseal_rows(model: Any, extra_keys: tuple[str, ...]) -> int:
    """Re-seal every sealed answer of `model` in batches of 500; how many there were."""
    count, batch = 0, []
    for answer in model.objects.exclude(sealed="").select_for_update().only("pk", "sealed").iterator(chunk_size=500):
        answer.sealed = reseal(answer.sealed, extra_keys)
        batch.append(answer)
        if len(batch) == 500:
            model.objects.bulk_update(batch, ["sealed"])
            count += len(batch)
            batch = []
    model.objects.bulk_update(batch, ["sealed"])
    return count + len(batch)


def _reseal_messages(extra_keys: tuple[str, ...]) -> None:
    """Messages waiting in the outbox and scheduled reminders hold a private link, sealed until they are settled."""
    waiting = list(OutboxMessage.objects.exclude(sealed="").select_for_update().only("pk", "sealed"))
    for message in waiting:
        message.sealed = reseal(message.sealed, extra_keys)
    OutboxMessage.objects.bulk_update(waiting, ["sealed"], batch_size=200)
    scheduled = list(Reminder.objects.exclude(sealed_url="").select_for_update().only("pk", "sealed_url"))
    for reminder in scheduled:
        reminder.sealed_url = reseal(reminder.sealed_url, extra_keys)
    Reminder.objects.bulk_update(scheduled, ["sealed_url"], batch_size=200)


def append_to_archive(path: Path, keys: list[str]) -> None:
    """Add keys to a key archive file (readable by its owner only), one per line with its fingerprint."""
    known = set(read_archive(path)) if path.exists() else set()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a") as archive:
        for key in keys:
            if key not in known:
                archive.write(f"# {fingerprint(key)} retired {stamp}\n{key}\n")


def read_archive(path: Path) -> list[str]:
    """The keys in a key archive file (lines starting with # are comments)."""
    lines = path.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class Command(BaseCommand):
    help = "Re-encrypt sealed answers, plan versions and the key canary with the first key in ATTUNE_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--archive",
            type=Path,
            help="Append the keys this rotation retires to this key archive file (created readable by you only).",
        )

    def handle(self, *args: Any, archive: Path | None, **options: Any) -> None:
        try:
            require_keys()
        except SealingRefused as refused:
            raise CommandError(str(refused)) from None
        answers, versions = reseal_everything()
        self.stdout.write(f"Re-sealed {answers} answers and {versions} plan versions under the newest key.")
        retired = list(configured_keys()[1:])
        if not retired:
            return
        names = ", ".join(fingerprint(key) for key in retired)
        if archive is not None:
            append_to_archive(archive, retired)
            self.stdout.write(f"Archived the retired keys ({names}) in {archive}.")
        else:
            self.stdout.write(
                f"Retired keys: {names}. Backups made before now still need them: keep them in your key archive "
                "(rotatekeys --archive FILE), then remove them from ATTUNE_ENCRYPTION_KEYS."
            )
