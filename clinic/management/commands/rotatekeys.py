"""`manage.py rotatekeys`: re-seal every sealed answer, safety alert and plan version (with its comparison)
under the newest key.

Cached PDFs need nothing: their cache keys name the key that sealed them, so after
a rotation they are simply rendered again.

Put the new key first in ATTUNE_ENCRYPTION_KEYS (keeping the old ones after it),
run this command, then remove the old keys.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from clinic.models import PlanVersion
from intake.crypto import reseal
from intake.models import Answer, SafetyAlert


class Command(BaseCommand):
    help = "Re-encrypt sealed answers and plan versions with the first key in ATTUNE_ENCRYPTION_KEYS."

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
            versions = list(PlanVersion.objects.select_for_update().only("pk", "sealed", "sealed_comparison"))
            for version in versions:
                version.sealed = reseal(version.sealed)
                if version.sealed_comparison:
                    version.sealed_comparison = reseal(version.sealed_comparison)
            PlanVersion.objects.bulk_update(versions, ["sealed", "sealed_comparison"], batch_size=200)
            alerts = list(SafetyAlert.objects.select_for_update().only("pk", "sealed"))
            for alert in alerts:
                alert.sealed = reseal(alert.sealed)
            SafetyAlert.objects.bulk_update(alerts, ["sealed"], batch_size=200)
        self.stdout.write(
            f"Re-sealed {count} answers, {len(alerts)} safety alerts and {len(versions)} plan versions "
            "under the newest key."
        )
