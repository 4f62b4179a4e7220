"""The demo's couple with five check-ins: Sam reliably more satisfied, Alex flat, off track from the fourth."""

from io import StringIO
from itertools import pairwise

from django.core.management import call_command
from django.test import override_settings

from clinic.outcomes.offtrack import Trigger
from clinic.outcomes.trend import build_trend, couple_trend, current_rule
from intake.checkins import CheckIn
from intake.models import Couple


def _sam_alex(db: None) -> Couple:
    with override_settings(DEBUG=True):
        call_command("demo", stdout=StringIO())
        call_command("demo", stdout=StringIO())  # idempotent: still five check-ins
    return Couple.objects.prefetch_related("partners").get(name="Sam & Alex")


def test_the_demo_trend_reads_as_the_text_alternative_says(db: None) -> None:
    couple = _sam_alex(db)
    assert couple.check_ins.filter(kind=CheckIn.Kind.SESSION).count() == 5
    trend = couple_trend(couple)
    assert trend.summary == (
        "Sam: 8 → 15, reliably better and past the cut-off (recovered); Alex: 13 → 14, no reliable change"
    )
    assert [f.name for f in trend.off_track.findings] == ["Alex"]


def test_the_demo_goes_off_track_at_the_fourth_check_in(db: None) -> None:
    couple = _sam_alex(db)
    check_ins = list(couple.check_ins.order_by("session_number"))
    sides = {partner.pk: side for side, partner in enumerate(couple.partners.all())}
    marks = []
    for count in range(1, 6):
        responses = [
            (r.check_in, sides[r.partner_id], r.csi4_total)
            for check_in in check_ins[:count]
            for r in check_in.responses.all()
        ]
        trend = build_trend(("Sam", "Alex"), (8, 13), responses, current_rule())
        marks.append([(f.name, f.trigger) for f in trend.off_track.findings])
    assert marks == [[], [], [], [("Alex", Trigger.NOT_BETTER)], [("Alex", Trigger.NOT_BETTER)]]


def test_the_demo_check_ins_come_after_the_intake_a_week_apart(db: None) -> None:
    couple = _sam_alex(db)
    days = [c.opens_on for c in couple.check_ins.order_by("session_number")]
    assert all((later - earlier).days == 7 for earlier, later in pairwise(days))
    assert all(p.submitted_at and p.submitted_at.date() < days[0] for p in couple.partners.all())
