"""A therapist's unsaved typing in the plan editor, kept so that no time limit loses it (issue 20).

static/attune/idle.js posts the editor's fields to clinic.views.plans.plan_draft on "Keep working", when the page
is hidden or left, and just before a time limit; without JavaScript, an edit posted after the sign-out comes back
through the session (clinic.accounts.timeouts.late_post). Either way it is kept here, sealed like the versions it
will become, one draft per therapist and couple. A draft is never a version: only the editor of the therapist who
typed it reads it. Saving a version or discarding the draft deletes it; drafts older than ATTUNE_PLAN_DRAFT_DAYS are
never shown and are deleted whenever any draft is written.
"""

import json
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from clinic.models import PlanDraft
from intake.crypto import seal
from intake.models import Couple


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(days=settings.ATTUNE_PLAN_DRAFT_DAYS)


def keep_draft(
    couple: Couple, therapist: Any, base_version: int, fields: dict[str, str], at: datetime | None = None
) -> PlanDraft:
    """Keep `fields` (the editor's, as posted `at`) as this therapist's draft of the couple's plan, replacing theirs."""
    now = timezone.now()
    PlanDraft.objects.filter(kept_at__lt=_stale_before(now)).delete()  # the retention period, enforced as we go
    draft, _created = PlanDraft.objects.update_or_create(
        therapist=therapist,
        couple=couple,
        defaults={"base_version": base_version, "sealed": seal(json.dumps(fields)), "kept_at": at or now},
    )
    return draft


def draft_for(couple: Couple, therapist: Any) -> PlanDraft | None:
    """This therapist's draft of the couple's plan, unless it is older than the retention period."""
    drafts = PlanDraft.objects.filter(therapist=therapist, couple=couple, kept_at__gte=_stale_before(timezone.now()))
    return drafts.first()


def discard_draft(couple: Couple, therapist: Any) -> bool:
    """Let the draft go (discarded, or saved as a version); whether there was one."""
    deleted, _per_model = PlanDraft.objects.filter(therapist=therapist, couple=couple).delete()
    return bool(deleted)
