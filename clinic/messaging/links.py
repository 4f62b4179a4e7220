"""The private links a partner can be reminded about, by kind: what a link is and when it is settled.

A reminder names its link by kind and id. Each kind says how to find the link and whether what it opens is
submitted; everything else (live, revoked, expired, stopped, safe to email) is the same for every kind.
Intake and check-in links are both `Invitation` rows (a check-in's has `check_in` set), told apart by kind so a
reminder names what it asks the partner to finish; `Invitation.is_submitted` settles either. Another kind of
link: add a `LinkKind` to `KINDS` and call `reminders.schedule(kind, link, url)` when its invitation is emailed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from intake.models import Invitation, Partner


class PrivateLink(Protocol):
    """What reminders read of a link: whose it is, until when it works, whether it was revoked."""

    pk: Any
    partner: Partner
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class LinkKind:
    key: str
    model: type[Model]
    submitted: Callable[[Any], bool]  # whether what the link opens is submitted, so no reminder is due
    what: Any  # the thing the partner is asked to finish, in the reminder's words

    def find(self, link_id: int) -> PrivateLink | None:
        return self.model._default_manager.select_related("partner__couple__therapist").filter(pk=link_id).first()  # type: ignore[return-value]


INTAKE = LinkKind(key="intake", model=Invitation, submitted=lambda link: link.is_submitted, what=_("questionnaire"))
CHECK_IN = LinkKind(key="check_in", model=Invitation, submitted=lambda link: link.is_submitted, what=_("check-in"))

KINDS: dict[str, LinkKind] = {INTAKE.key: INTAKE, CHECK_IN.key: CHECK_IN}
