"""The access log's one writer: what a therapist's request showed or changed, for which couples.

`therapist_required` (clinic.accounts.signin) gives every therapist view an `Audit` before the view
runs and writes it when the view has answered, so no view can leave its visit out of the log. A
view only says what it did when that differs from the default it was declared with, and which
couples it showed when its URL names none (the dashboard, a new couple).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from clinic.models import AccessLog


@dataclass
class Audit:
    """The access-log entries of one request, written once: when the view answers, or earlier by `write`."""

    request: HttpRequest
    action: str | None
    couple_ids: list[UUID] = field(default_factory=list)
    detail: str = ""
    further: list[tuple[str, str]] = field(default_factory=list)
    written: bool = False

    def note(self, action: str | None = None, detail: str | None = None) -> None:
        """What the view did, where it differs from the action the view was declared with."""
        if action is not None:
            self.action = action
        if detail is not None:
            self.detail = detail

    def also(self, action: str, detail: str = "") -> None:
        """A further entry about the same couples (viewing the comparison's safety findings, say)."""
        self.further.append((action, detail))

    def about(self, couple_ids: Iterable[UUID]) -> None:
        """The couples this request showed or changed, for a view whose URL names none."""
        self.couple_ids = list(couple_ids)

    def write(self) -> None:
        """Write the entries now, e.g. inside the transaction of the change they record; later calls do nothing."""
        if self.written:
            return
        self.written = True
        if self.couple_ids and self.action is None:
            raise ImproperlyConfigured("a view that shows a couple must name its AccessLog action")
        actions = [(self.action or "", self.detail), *self.further]
        entries = [(action, couple_id, detail) for couple_id in self.couple_ids for action, detail in actions]
        AccessLog.write_many(self.request, entries)
