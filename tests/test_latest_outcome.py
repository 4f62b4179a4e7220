"""Each couple's latest outcome is kept for the dashboard (clinic/outcomes/latest.py) and always equals what the
couple's trend says: after a check-in sent through the partner's page, an intake submitted or reopened, a
re-assessment, under a changed change rule, and for the couples already there when the figures were introduced."""

import random
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from clinic.models import LatestOutcome
from clinic.outcomes.checkins import open_check_in
from clinic.outcomes.latest import figures
from clinic.outcomes.trend import trends_by_couple
from intake.checkins import CheckInResponse
from intake.models import Couple, Partner
from tests.check_in_steps import answered_check_in, check_in_client, check_in_data, csi4_answers
from tests.factories import submitted_couple

KEPT = (
    "shown",
    "latest_a",
    "latest_b",
    "direction_a",
    "direction_b",
    "off_track_a",
    "off_track_b",
    "sd",
    "reliability",
)


def _stored(couple: Couple) -> dict[str, Any]:
    row = LatestOutcome.objects.get(couple=couple)
    return {name: getattr(row, name) for name in KEPT}


def _computed(couple: Couple) -> dict[str, Any]:
    fresh = Couple.objects.prefetch_related("partners").get(pk=couple.pk)
    return figures(trends_by_couple([fresh])[fresh.pk])


@pytest.fixture
def in_therapy(therapist: Any) -> Couple:
    return submitted_couple(therapist, csi4_answers(8), csi4_answers(13))


def test_a_couple_gets_its_empty_figures_when_the_therapist_creates_it(
    therapist: Any, therapist_client: Client
) -> None:
    response = therapist_client.post(
        "/couples/new/",
        {"partner_a_name": "Sam", "partner_b_name": "Alex", "partner_a_pronouns": "he", "partner_b_pronouns": "she"},
    )
    assert response.status_code == 302
    couple = Couple.objects.get(therapist=therapist)
    assert _stored(couple) == _computed(couple)
    assert (_stored(couple)["shown"], _stored(couple)["latest_a"]) == (False, None)


def test_submitted_intakes_keep_a_start_and_show_nothing_yet(in_therapy: Couple) -> None:
    assert _stored(in_therapy) == _computed(in_therapy)
    assert _stored(in_therapy)["shown"] is False


def test_a_check_in_sent_from_the_partners_page_is_kept_with_it(in_therapy: Couple) -> None:
    check_in, _tokens = open_check_in(in_therapy, in_therapy.therapist, session_number=2)
    browser = check_in_client(in_therapy.partner_a, check_in)
    assert browser.post("/i/check-in/", check_in_data(15)).status_code == 303
    stored = _stored(in_therapy)
    assert stored == _computed(in_therapy)
    assert (stored["shown"], stored["latest_a"], stored["direction_a"], stored["latest_b"]) == (True, 15, "better", 13)


def test_a_saved_but_unsent_check_in_changes_nothing(in_therapy: Couple) -> None:
    check_in, _tokens = open_check_in(in_therapy, in_therapy.therapist, session_number=2)
    before = _stored(in_therapy)
    browser = check_in_client(in_therapy.partner_a, check_in)
    assert browser.post("/i/check-in/", check_in_data(15, action="save")).status_code == 303
    assert _stored(in_therapy) == before == _computed(in_therapy)


def test_a_falling_score_raises_the_kept_off_track_mark_and_the_dashboard_shows_it(
    in_therapy: Couple, therapist_client: Client
) -> None:
    answered_check_in(in_therapy, (8, 4), session_number=2)
    stored = _stored(in_therapy)
    assert stored == _computed(in_therapy)
    assert (stored["off_track_a"], stored["off_track_b"], stored["direction_b"]) == (False, True, "worse")
    page = therapist_client.get("/couples/").content.decode()
    assert "Off track (Alex)" in page
    assert "<bdi>Alex</bdi>: 4" in page and "reliably worse than at the start" in page


def test_partners_of_the_same_name_are_marked_by_side(therapist: Any) -> None:
    couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(13), names=("Alex", "Alex"))
    answered_check_in(couple, (9, 4), session_number=2)
    assert (_stored(couple)["off_track_a"], _stored(couple)["off_track_b"]) == (False, True)


def test_reopening_an_intake_takes_its_start_away(in_therapy: Couple, therapist_client: Client) -> None:
    answered_check_in(in_therapy, (16, 13), session_number=2)
    assert _stored(in_therapy)["direction_a"] == "better"
    partner = in_therapy.partner_a
    assert therapist_client.post(f"/couples/{in_therapy.pk}/partners/{partner.pk}/reopen/").status_code == 302
    stored = _stored(in_therapy)
    assert stored == _computed(in_therapy)
    assert stored["direction_a"] == ""  # the check-in is now the first score: one score so far
    Partner.objects.get(pk=partner.pk).submit()
    assert _stored(in_therapy) == _computed(in_therapy)
    assert _stored(in_therapy)["direction_a"] == "better"


def test_a_reassessment_counts_like_a_check_in(in_therapy: Couple, therapist_client: Client) -> None:
    response = therapist_client.post(
        f"/couples/{in_therapy.pk}/check-ins/", {"action": "reassess", "reassess_session": "6"}
    )
    assert response.status_code == 302
    check_in = in_therapy.check_ins.get()
    for partner, total in zip(in_therapy.partners.all(), (3, 19), strict=True):
        reply = CheckInResponse.of(check_in, partner)  # as the intake's pages answer a re-assessment
        reply.consent()
        assert reply.save_answers(dict(csi4_answers(total)))
        assert reply.submit()
    stored = _stored(in_therapy)
    assert stored == _computed(in_therapy)
    assert (stored["latest_a"], stored["latest_b"], stored["direction_a"]) == (3, 19, "worse")


def test_any_run_of_check_ins_keeps_what_the_trend_says(therapist: Any) -> None:
    chance = random.Random(18)  # fixed: the same hundred totals every run
    couples = [
        submitted_couple(therapist, csi4_answers(chance.randint(0, 21)), csi4_answers(chance.randint(0, 21)))
        for _ in range(4)
    ]
    for couple in couples:
        for session in range(2, 2 + chance.randint(1, 6)):
            totals = tuple(chance.choice([None, *range(22)]) for _ in range(2))
            answered_check_in(couple, totals, session_number=session)
            assert _stored(couple) == _computed(couple)


@override_settings(ATTUNE_CSI4_SD=2.0)
def test_a_changed_change_rule_is_worked_out_again_when_the_dashboard_lists_the_couple(
    in_therapy: Couple, therapist_client: Client
) -> None:
    answered_check_in(in_therapy, (10, 13), session_number=2)
    LatestOutcome.objects.filter(couple=in_therapy).update(sd=4.5, direction_a="same")  # kept under the old rule
    page = therapist_client.get("/couples/").content.decode()
    assert "<bdi>Sam</bdi>: 10" in page and "reliably better than at the start" in page  # 8 to 10 is reliable with SD 2
    assert _stored(in_therapy) == _computed(in_therapy)
    assert _stored(in_therapy)["sd"] == 2.0


def test_a_couple_without_kept_figures_gets_them_when_first_listed(
    in_therapy: Couple, therapist_client: Client
) -> None:
    answered_check_in(in_therapy, (16, 13), session_number=2)
    LatestOutcome.objects.all().delete()
    assert "<bdi>Sam</bdi>: 16" in therapist_client.get("/couples/").content.decode()
    assert _stored(in_therapy) == _computed(in_therapy)


def test_the_dashboard_reads_kept_figures_without_rebuilding_trends(
    in_therapy: Couple, therapist_client: Client
) -> None:
    answered_check_in(in_therapy, (16, 13), session_number=2)
    therapist_client.get("/couples/")
    with CaptureQueriesContext(connection) as captured:
        assert therapist_client.get("/couples/").status_code == 200
    assert not [q["sql"] for q in captured if "intake_checkinresponse" in q["sql"] and "csi4_total" in q["sql"]]


def test_migrating_fills_every_couple_already_there(therapist: Any) -> None:
    couples = [submitted_couple(therapist, csi4_answers(8), csi4_answers(13)) for _ in range(3)]
    for n, couple in enumerate(couples):
        answered_check_in(couple, (8 + 5 * n, 12), session_number=2)
    LatestOutcome.objects.all().delete()
    call_command("migrate", verbosity=0)  # nothing left to migrate: post_migrate fills what is missing
    assert LatestOutcome.objects.count() == 3
    for couple in couples:
        assert _stored(couple) == _computed(couple)


@pytest.mark.django_db(transaction=True)
def test_a_practice_migrated_from_before_the_kept_figures_gets_them_for_every_couple(therapist: Any) -> None:
    couples = [submitted_couple(therapist, csi4_answers(8), csi4_answers(13)) for _ in range(2)]
    answered_check_in(couples[0], (15, 12), session_number=2)
    executor = MigrationExecutor(connection)
    # Before the kept figures and before the partner's language column the app's models now read.
    executor.migrate([("clinic", "0013_drafts_of_typing"), ("intake", "0006_check_ins_reassessments_and_follow_ups")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert not LatestOutcome.objects.exists()  # the migrations leave them to post_migrate, which `migrate` sends
    call_command("migrate", verbosity=0)
    assert LatestOutcome.objects.count() == 2
    for couple in couples:
        assert _stored(couple) == _computed(couple)
