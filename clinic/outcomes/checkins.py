"""Check-ins as the therapist sees them: opening one (a private link per partner), its state, what is due, and the
answers each partner gave, read in a fixed number of queries however many check-ins a couple has.

The check-ins themselves (and the partner's page) live in intake.checkins; this is the therapist's side.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import statements
from clinic.models import OutcomeSettings
from intake.checkin_questionnaire import CHECK_IN, HELPFUL_KEY, NOTE_KEY, PRACTICE_KEY, PRACTICE_TRIED
from intake.checkins import CheckIn, CheckInAnswer, CheckInResponse
from intake.models import Couple, Invitation, Partner, stored_value

FIRST_CHECK_IN_SESSION = 2  # the first session follows the intake: check-ins begin before the second
FOLLOW_UP_MONTHS = (3, 6)


class AlreadyOpen(ValueError):
    """The check-in asked for exists already (one per session, one follow-up per interval)."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 March + 3 = 30 June)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def settings_for(couple: Couple) -> OutcomeSettings:
    """The therapist's check-in choices for the couple; the defaults (unsaved) until they make one."""
    return OutcomeSettings.objects.filter(couple=couple).first() or OutcomeSettings(couple=couple)


def open_check_in(
    couple: Couple,
    by: User | None,
    kind: str = CheckIn.Kind.SESSION,
    session_number: int | None = None,
    months: int | None = None,
    opens_on: date | None = None,
) -> tuple[CheckIn, dict[Any, str]]:
    """Create the check-in and a private link for each partner; returns it with the raw tokens by partner id.

    The tokens exist only here: the caller shows them once (or sends them). AlreadyOpen if one exists already.
    A check-in before a session with no number given is for the next session.
    """
    if kind == CheckIn.Kind.SESSION and session_number is None:
        session_number = next_session_number(couple)
    duplicate = {
        CheckIn.Kind.SESSION: Q(kind=kind, session_number=session_number),
        CheckIn.Kind.FOLLOW_UP: Q(kind=kind, months=months),
    }.get(CheckIn.Kind(kind))
    with transaction.atomic():
        if duplicate is not None and couple.check_ins.filter(duplicate).exists():
            raise AlreadyOpen(kind)
        check_in = CheckIn.objects.create(
            couple=couple,
            kind=kind,
            session_number=session_number,
            months=months,
            opens_on=opens_on or timezone.localdate(),
            created_by=by,
        )
        tokens = {partner.pk: Invitation.issue(partner, by, check_in=check_in)[1] for partner in couple.partners.all()}
    return check_in, tokens


def next_session_number(couple: Couple) -> int:
    numbers = couple.check_ins.filter(kind=CheckIn.Kind.SESSION).values_list("session_number", flat=True)
    return max((n for n in numbers if n), default=FIRST_CHECK_IN_SESSION - 1) + 1


@dataclass(frozen=True)
class PartnerState:
    """One partner's side of one check-in, as the therapist's pages show it."""

    partner: Partner
    submitted_at: Any
    started: bool
    live_link: bool
    csi4_total: int | None = None
    new_link: str = ""  # a link made since the page was last shown: shown this once
    helpful: str = ""
    practice: str = ""
    note: str = ""


@dataclass(frozen=True)
class CheckInRow:
    check_in: CheckIn
    partners: tuple[PartnerState, ...]

    @property
    def new_links(self) -> bool:
        return any(state.new_link for state in self.partners)

    @property
    def complete(self) -> bool:
        return all(state.submitted_at for state in self.partners)

    @property
    def waiting(self) -> bool:
        """Open now, and someone has not sent their answers yet."""
        return self.check_in.closed_at is None and self.check_in.has_opened() and not self.complete

    @property
    def scheduled(self) -> bool:
        return self.check_in.closed_at is None and not self.check_in.has_opened()


def _labels(key: str) -> dict[int, str]:
    return {choice.value: _(choice.label) for choice in CHECK_IN.item(key).options}


def _short_answers(response: CheckInResponse | None, answers: dict[Any, dict[str, Any]]) -> dict[str, str]:
    """Helpfulness, practice and the free line of a short check-in, in words (a re-assessment has none)."""
    if response is None or response.check_in.is_reassessment:
        return {}
    given = answers.get(response.pk, {})
    helpful, practice = _labels(HELPFUL_KEY), _labels(PRACTICE_KEY)
    return {
        "helpful": helpful.get(given.get(HELPFUL_KEY, -1), ""),
        "practice": practice.get(given.get(PRACTICE_KEY, -1), ""),
        "note": str(given.get(NOTE_KEY, "")),
    }


def check_in_rows(
    couple: Couple, with_answers: bool = False, new_links: dict[str, Any] | None = None
) -> list[CheckInRow]:
    """Every check-in of the couple, newest first, with each partner's state: four queries at most, whatever the
    number of check-ins. `with_answers` adds the short answers (helpfulness, practice, the free line): the
    therapist's check-ins page, which is logged as a view of answers."""
    partners = list(couple.partners.all())
    check_ins = list(couple.check_ins.order_by("-opens_on", "-created_at"))
    responses = {(r.check_in_id, r.partner_id): r for r in CheckInResponse.objects.filter(check_in__couple=couple)}
    live = set(Invitation.objects.live().filter(check_in__couple=couple).values_list("check_in_id", "partner_id"))
    answers: dict[Any, dict[str, Any]] = {}
    if with_answers:
        rows = CheckInAnswer.objects.filter(
            response__check_in__couple=couple, item_key__in=[HELPFUL_KEY, PRACTICE_KEY, NOTE_KEY]
        ).values_list("response_id", "item_key", "value_int", "sealed")
        for response_id, key, value_int, sealed in rows:
            answers.setdefault(response_id, {})[key] = stored_value(key, value_int, sealed)
    found = []
    for check_in in check_ins:
        links = (new_links or {}).get(str(check_in.pk), {})
        states = []
        for partner in partners:
            response = responses.get((check_in.pk, partner.pk))
            if response is not None:
                response.check_in = check_in
            states.append(
                PartnerState(
                    partner=partner,
                    submitted_at=response.submitted_at if response else None,
                    started=bool(response and response.started_at),
                    live_link=(check_in.pk, partner.pk) in live,
                    csi4_total=response.csi4_total if response else None,
                    new_link=links.get(str(partner.pk), ""),
                    **_short_answers(response, answers),
                )
            )
        found.append(CheckInRow(check_in, tuple(states)))
    return found


def practice_counts(couple: Couple) -> dict[Any, tuple[int, int]]:
    """Per partner: (check-ins where they tried the practice at home, check-ins where a practice was set)."""
    rows = CheckInAnswer.objects.filter(
        response__check_in__couple=couple, response__submitted_at__isnull=False, item_key=PRACTICE_KEY
    ).values_list("response__partner_id", "value_int")
    counts: dict[Any, list[int]] = {}
    for partner_id, value in rows:
        tally = counts.setdefault(partner_id, [0, 0])
        if value in PRACTICE_TRIED or value == 0:
            tally[1] += 1
            tally[0] += value in PRACTICE_TRIED
    return {partner_id: (tried, set_) for partner_id, (tried, set_) in counts.items()}


def due_session(couple: Couple, rows: list[CheckInRow], choices: OutcomeSettings | None) -> int | None:
    """With "a check-in before every session" on, the session whose check-in is due now: the next one, once no
    session check-in is still waiting for answers. None when nothing is due."""
    if choices is None or not choices.every_session or choices.last_session_on is not None:
        return None
    if any(row.waiting for row in rows if row.check_in.kind == CheckIn.Kind.SESSION):
        return None
    return next_session_number(couple)


@dataclass(frozen=True)
class Waiting:
    """For the dashboard: how many check-ins wait for answers, and whether the next one is due to be opened."""

    open: int
    due: bool


def waiting_by_couple(ids: list[Any], every: set[Any]) -> dict[Any, Waiting]:
    """Check-ins waiting for answers per couple, for a page of the dashboard: one query whatever its size. `every`
    names the couples whose next check-in opens before every session (OutcomeSettings.every_session, until the last
    session is recorded), read with the page.

    Counted by the database, a row per couple with a check-in waiting, where reading each open check-in (five a couple
    in a busy practice) and converting its couple's id cost ten times its SQL; the statement is written once per
    process (clinic.statements)."""
    counts: dict[Any, int] = {}
    session_waiting: set[Any] = set()
    if ids:
        keys = dict(zip(statements.stored(Couple, ids), ids, strict=True))  # as the database gives them back
        today = connection.ops.adapt_datefield_value(timezone.localdate())
        params = [CheckIn.Kind.SESSION.value, *keys, today]
        for couple, waiting, sessions in statements.execute(_waiting_sql(len(ids), connection.vendor), params):
            counts[keys[couple]] = waiting
            if sessions:
                session_waiting.add(keys[couple])
    return {
        couple_id: Waiting(counts.get(couple_id, 0), couple_id in every and couple_id not in session_waiting)
        for couple_id in ids
    }


@lru_cache(maxsize=32)
def _waiting_sql(count: int, vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database. A check-in waits until both partners
    # have sent their answers.
    return """
        SELECT {CheckIn}.{CheckIn_couple}, COUNT(*), SUM(CASE WHEN {CheckIn}.{CheckIn_kind} = %s THEN 1 ELSE 0 END)
        FROM {CheckIn}
        WHERE {CheckIn}.{CheckIn_couple} IN ({ids}) AND {CheckIn}.{CheckIn_closed_at} IS NULL
            AND {CheckIn}.{CheckIn_opens_on} <= %s
            AND (SELECT COUNT(*) FROM {CheckInResponse} WHERE {CheckInResponse}.{CheckInResponse_check_in} = {CheckIn}.{CheckIn_id}
                AND {CheckInResponse}.{CheckInResponse_submitted_at} IS NOT NULL) < 2
        GROUP BY {CheckIn}.{CheckIn_couple}
    """.format(**statements.names(CheckIn, CheckInResponse), ids=statements.placeholders(count))  # noqa: S608
