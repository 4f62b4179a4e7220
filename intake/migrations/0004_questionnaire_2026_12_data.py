"""Questionnaire 2026-12: open intakes move to it, and self-harm follow-ups become safety alerts.

An intake not yet submitted continues on the new version: every answer saved under 2026-11 is a valid answer
to 2026-12 (its keys and values are a subset), and the new safety items (strangulation asked on its own, one's
own aggression, what cannot be said in the room) are then asked before submission. Submitted intakes keep the
version they were answered on. A pending same-day follow-up becomes an open self-harm alert with its time.
"""

import json

from django.db import migrations

from intake.crypto import seal

PREVIOUS, CURRENT = "2026-11", "2026-12"


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201 (migration signature)
    Partner = apps.get_model("intake", "Partner")
    SafetyAlert = apps.get_model("intake", "SafetyAlert")
    Partner.objects.filter(questionnaire_version=PREVIOUS, submitted_at__isnull=True).update(
        questionnaire_version=CURRENT
    )
    content = seal(json.dumps({"key": "safety_selfharm", "value": 1}))
    for partner in Partner.objects.filter(urgent_followup_since__isnull=False):
        SafetyAlert.objects.create(
            partner=partner, tier="self_harm", sealed=content, raised_at=partner.urgent_followup_since
        )


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    Partner = apps.get_model("intake", "Partner")
    SafetyAlert = apps.get_model("intake", "SafetyAlert")
    for alert in SafetyAlert.objects.filter(tier="self_harm", followed_up_at__isnull=True):
        Partner.objects.filter(pk=alert.partner_id, urgent_followup_since__isnull=True).update(
            urgent_followup_since=alert.raised_at
        )
    # Answers to items 2026-11 does not have stay stored; the older version simply does not show them.
    Partner.objects.filter(questionnaire_version=CURRENT, submitted_at__isnull=True).update(
        questionnaire_version=PREVIOUS
    )


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_safety_alerts_and_questionnaire_2026_12")]

    operations = [migrations.RunPython(forwards, backwards)]
