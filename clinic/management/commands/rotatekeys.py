"""`manage.py rotatekeys`: re-seal every sealed answer under the newest key.

Put the new key first in ATTUNE_ENCRYPTION_KEYS (keeping the old ones after it),
run this command, then remove the old keys.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from intake.crypto import reseal
from intake.models import Answer


class Command(BaseCommand):
    help = "Re-encrypt free-text and safety answers with the first key in ATTUNE_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        with transaction.atomic():
            answers = Answer.objects.exclude(sealed="").select_for_update().only("pk", "sealed")
            batch = []
            for answer in answers.iterator(chunk_size=500):
                answer.sealed = reseal(answer.sealed)
                batch.append(answer)
                if len(batch) == 500:
                    Answer.objects.bulk_update(batch, ["sealed"])
                    count += len(batch)
                    batch = []
            Answer.objects.bulk_update(batch, ["sealed"])
            count += len(batch)
        self.stdout.write(f"Re-sealed {count} answers under the newest key.")
