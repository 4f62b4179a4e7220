"""Both partners sending their check-ins at the same moment: the couple's kept outcome holds both answers (SQLite file
and PostgreSQL). On PostgreSQL both sends are held until each has stored its answers and neither has worked out the
figures yet, the interleaving that lost one partner's total before the couple's row was locked."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import pytest
from django.db import connection
from django.test import Client

from clinic.models import LatestOutcome
from clinic.outcomes.checkins import open_check_in
from clinic.outcomes.latest import on_outcome_changed
from intake.signals import outcome_changed
from tests.check_in_steps import check_in_client, check_in_data, csi4_answers
from tests.factories import make_therapist, submitted_couple
from tests.together import run_together

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def held_until_both_sent() -> Iterator[None]:
    """On PostgreSQL, each send waits after storing its answers, before the figures are worked out, until the other
    has stored its own (SQLite lets one writer in at a time, so there the sends simply race)."""
    if connection.vendor != "postgresql":
        yield
        return
    both_sent = threading.Barrier(2, timeout=30)

    def wait_for_the_other(**kwargs: object) -> None:
        both_sent.wait()

    outcome_changed.disconnect(dispatch_uid="attune_latest_outcome")
    outcome_changed.connect(wait_for_the_other, dispatch_uid="test_both_sent", weak=False)
    outcome_changed.connect(on_outcome_changed, dispatch_uid="attune_latest_outcome")
    try:
        yield
    finally:
        outcome_changed.disconnect(dispatch_uid="test_both_sent")


def _send(client: Client, total: int) -> int:
    return client.post("/i/check-in/", check_in_data(total)).status_code


def test_both_partners_sending_at_once_are_both_kept() -> None:
    couple = submitted_couple(make_therapist("t"), csi4_answers(8), csi4_answers(13))
    check_in, _tokens = open_check_in(couple, couple.therapist, session_number=2)
    browsers = [check_in_client(partner, check_in) for partner in couple.partners.all()]
    with held_until_both_sent():
        statuses = run_together([partial(_send, b, total) for b, total in zip(browsers, (16, 4), strict=True)])
    assert statuses == [303, 303]
    kept = LatestOutcome.objects.get(couple=couple)
    assert (kept.latest_a, kept.latest_b) == (16, 4)
    assert (kept.direction_a, kept.direction_b, kept.off_track_b) == ("better", "worse", True)
