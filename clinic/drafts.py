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
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import timezone

from clinic import statements
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
    """This therapist's draft of the couple's `page`, unless it is older than the retention period. Asked on every
    view of the pages that keep drafts, mostly to find none: the statement is written once per process
    (clinic/statements.py), every value a parameter."""
    connection = statements.connection_for(FormDraft)
    values = {"therapist": therapist.pk, "couple": couple.pk, "page": page, "kept_at": _stale_before(timezone.now())}
    with connection.cursor() as cursor:
        cursor.execute(
            _draft_sql(connection.vendor), [statements.parameter(FormDraft, k, v) for k, v in values.items()]
        )
        row = cursor.fetchone()
    return None if row is None else statements.instance(FormDraft, row)


@lru_cache(maxsize=4)
def _draft_sql(vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database. One draft at most matches (one per
    # therapist, couple and page).
    where = " AND ".join(f"d.{statements.column(FormDraft, name)} {op} %s" for name, op in DRAFT_WHERE)
    return f"SELECT {statements.columns(FormDraft, 'd')} FROM {statements.table(FormDraft)} d WHERE {where}"  # noqa: S608


# draft_for's conditions, in the order of its parameters.
DRAFT_WHERE = (("therapist", "="), ("couple", "="), ("page", "="), ("kept_at", ">="))


def discard_draft(couple: Couple, therapist: Any, page: str) -> bool:
    """Let the draft go (discarded, or the page saved); whether there was one."""
    deleted, _per_model = FormDraft.objects.filter(therapist=therapist, couple=couple, page=page).delete()
    return bool(deleted)
