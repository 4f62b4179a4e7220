"""A therapist's unsaved typing, kept so that no time limit loses it (issue 20): the plan editor, the invitation
email and the progress handout's note (`FormDraft.Page`).

static/attune/idle.js posts a page's form (marked data-draft-url) to the page's draft address on "Keep working",
when the page is hidden or left, and just before a time limit; without JavaScript, a form posted after the sign-out
comes back through the session (clinic.accounts.timeouts.late_post). Either way it is kept here, sealed like the
clinical text it will become, one draft per therapist, couple and page, and given back when the page opens again.
A draft is never the thing itself: nothing prints, sends or reads it but the page of the therapist who typed it.
Saving the page or discarding the draft deletes it; drafts older than ATTUNE_FORM_DRAFT_DAYS are never shown and are
deleted whenever any draft is written.
"""

import json
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from clinic.models import FormDraft
from intake.crypto import seal
from intake.models import Couple


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(days=settings.ATTUNE_FORM_DRAFT_DAYS)


def keep_draft(
    couple: Couple,
    therapist: Any,
    page: str,
    fields: dict[str, str],
    base_version: int | None = None,
    at: datetime | None = None,
) -> FormDraft:
    """Keep `fields` (the page's, as posted `at`) as this therapist's draft of the couple's `page`, replacing it."""
    now = timezone.now()
    FormDraft.objects.filter(kept_at__lt=_stale_before(now)).delete()  # the retention period, enforced as we go
    draft, _created = FormDraft.objects.update_or_create(
        therapist=therapist,
        couple=couple,
        page=page,
        defaults={"base_version": base_version, "sealed": seal(json.dumps(fields)), "kept_at": at or now},
    )
    return draft


def draft_for(couple: Couple, therapist: Any, page: str) -> FormDraft | None:
    """This therapist's draft of the couple's `page`, unless it is older than the retention period."""
    drafts = FormDraft.objects.filter(therapist=therapist, couple=couple, page=page)
    return drafts.filter(kept_at__gte=_stale_before(timezone.now())).first()


def discard_draft(couple: Couple, therapist: Any, page: str) -> bool:
    """Let the draft go (discarded, or the page saved); whether there was one."""
    deleted, _per_model = FormDraft.objects.filter(therapist=therapist, couple=couple, page=page).delete()
    return bool(deleted)
