"""Questionnaire 2026-12 beside 2026-11: older answers stay readable and comparable, tiers as data."""

import dataclasses
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from intake.comparison import Person, compare
from intake.models import VERSIONS, Answer, Partner, questionnaire_for
from intake.questionnaire import DECLINE_VALUE, PREVIOUS_VERSION, QUESTIONNAIRE, VERSION, Kind, SafetyTier
from intake.questionnaire_2026_11 import QUESTIONNAIRE_2026_11
from tests.factories import make_therapist
from tests.test_comparison_page import _submit

A, B = Person("Sam", "he", "him", "his", False), Person("Alex", "she", "her", "her", False)


def test_both_versions_are_registered_and_the_newest_is_current() -> None:
    assert list(VERSIONS) == [VERSION, PREVIOUS_VERSION] == ["2026-12", "2026-11"]
    assert questionnaire_for(PREVIOUS_VERSION) is QUESTIONNAIRE_2026_11


def test_every_older_answer_is_an_answer_to_the_current_version() -> None:
    for old in QUESTIONNAIRE_2026_11.items:
        new = QUESTIONNAIRE.item(old.key)
        assert (old.kind, old.area, old.perspective, old.polarity) == (
            new.kind,
            new.area,
            new.perspective,
            new.polarity,
        )
        assert {c.value for c in old.options} <= {c.value for c in new.options}, old.key
        assert old.tier == new.tier and old.safety == new.safety


def test_strangulation_is_its_own_tier_a_item_and_no_longer_folded_into_hurt() -> None:
    assert "choking" in QUESTIONNAIRE_2026_11.item("safety_hurt").text
    assert "choking" not in QUESTIONNAIRE.item("safety_hurt").text
    strangled = QUESTIONNAIRE.item("safety_strangled")
    assert strangled.tier is SafetyTier.A and "neck" in strangled.text and "throat" in strangled.text


def test_tiers_are_data_on_each_item() -> None:
    tiers = {item.key: item.tier for item in QUESTIONNAIRE.items if item.safety}
    assert tiers == {
        "safety_afraid": SafetyTier.A,
        "safety_hurt": SafetyTier.A,
        "safety_strangled": SafetyTier.A,
        "safety_threatened": SafetyTier.A,
        "safety_insulted": SafetyTier.B,
        "safety_controlled": SafetyTier.A,
        "safety_sexual": SafetyTier.A,
        "safety_unsafe_joint": SafetyTier.B,
        "safety_own_aggression": SafetyTier.B,
        "safety_selfharm": SafetyTier.SELF_HARM,
    }
    assert all(item.decline and item.decline.value == DECLINE_VALUE for item in QUESTIONNAIRE.items if item.safety)


def test_declines_are_offered_where_they_may_be_and_never_on_the_csi4() -> None:
    offered = {item.area for item in QUESTIONNAIRE.items if item.decline}
    assert {f"O{n}" for n in range(1, 9)} <= offered and {"context", "safety", "private"} <= offered
    assert not any(item.decline for item in QUESTIONNAIRE.by_area("csi4"))
    assert not any(item.decline for item in QUESTIONNAIRE.items if item.area.startswith("P"))
    assert all(not item.required for item in QUESTIONNAIRE.section("private").items)


def test_answers_of_both_versions_compare_with_the_current_questionnaire() -> None:
    old = {item.key: item.choices[-1].value for item in QUESTIONNAIRE_2026_11.items if item.kind != Kind.TEXT}
    new = {item.key: item.choices[0].value for item in QUESTIONNAIRE.items if item.kind != Kind.TEXT}
    result = compare(QUESTIONNAIRE, A, B, old, new)
    assert result.safety.a.tier is SafetyTier.A and result.safety.b.tier is SafetyTier.NONE
    assert result.partner_a.csi4.total is not None and result.partner_b.csi4.total is not None


def test_i_would_rather_not_say_counts_as_missing_and_is_named() -> None:
    answers = {"o1": DECLINE_VALUE, "o2": 5, "context_mood": DECLINE_VALUE}
    result = compare(QUESTIONNAIRE, A, B, answers, {"o1": 5, "o2": 5})
    assert result.experience[0].a is None and result.experience[0].overlap.value == "unanswered"
    assert result.partner_a.domain("experience").answered == 1
    assert result.partner_a.declined == ("o1", "context_mood") and result.partner_a.context == ()


def test_in_person_is_tier_b_and_is_kept_apart_as_what_it_is() -> None:
    result = compare(QUESTIONNAIRE, A, B, {"safety_sexual": DECLINE_VALUE, "safety_own_aggression": 1}, {})
    assert result.safety.a.tier_b == ("safety_sexual", "safety_own_aggression")
    assert result.safety.a.in_person == ("safety_sexual",) and result.safety.a.tier_a == ()
    assert not result.safety.hold and result.safety.tier is SafetyTier.B


def test_tier_b_only_couple_is_not_held_and_tier_a_is() -> None:
    tier_b = compare(QUESTIONNAIRE, A, B, {"safety_insulted": 1}, {"safety_unsafe_joint": 1})
    assert not tier_b.safety.hold and tier_b.safety.tier is SafetyTier.B
    tier_a = compare(QUESTIONNAIRE, A, B, {"safety_strangled": 1}, {})
    assert tier_a.safety.hold and tier_a.safety.a.tier_a == ("safety_strangled",)
    self_harm = compare(QUESTIONNAIRE, A, B, {}, {"safety_selfharm": 1})
    assert self_harm.safety.hold and self_harm.safety.b.self_harm


def test_private_items_reach_only_the_safety_findings() -> None:
    base = {"o1": 4, "p1_partner": 5}
    private = {"private_affair": 1, "private_substance": 2, "private_trust": 5, "private_children": 3}
    quiet, told = compare(QUESTIONNAIRE, A, B, base, base), compare(QUESTIONNAIRE, A, B, base | private, base)
    assert told.safety.a.private == tuple(private.items()) and not told.safety.any_safety
    assert told.partner_a.free_text == () and told.partner_a.declined == ()
    assert dataclasses.replace(told, safety=quiet.safety) == quiet
    in_person = compare(QUESTIONNAIRE, A, B, base | {"private_affair": DECLINE_VALUE}, base)
    assert in_person.partner_a.declined == ()  # "rather tell in person" on a private item stays in the safety panel
    assert in_person.safety.a.private == (("private_affair", DECLINE_VALUE),)


@pytest.mark.django_db
def test_the_database_accepts_declines_only_where_offered(partner_a: Partner) -> None:
    partner_a.save_answers({"o1": DECLINE_VALUE, "context_taught": DECLINE_VALUE})
    for key in ("p1_partner", "csi4_1"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Answer.objects.create(partner=partner_a, item_key=key, value_int=DECLINE_VALUE)


def test_a_submitted_2026_11_intake_compares_with_a_2026_12_one(therapist_client: Client, couple: Any) -> None:
    old = couple.partner_a
    _submit(couple.partner_b)
    now = timezone.now()
    answers = {
        item.key: 1 if item.key == "safety_hurt" else 0 for item in QUESTIONNAIRE_2026_11.section("safety").items
    }
    answers |= {item.key: 3 for item in QUESTIONNAIRE_2026_11.items if item.kind == Kind.LIKERT}
    Partner.objects.filter(pk=old.pk).update(started_at=now, questionnaire_version=PREVIOUS_VERSION)
    old.refresh_from_db()
    old.save_answers(answers)
    old.submit()
    html = therapist_client.get(f"/couples/{couple.pk}/comparison/").content.decode()
    assert "<bdi>Sam</bdi>: Tier A: hold all joint work" in html
    assert "kicking or choking you?" in html  # the question as Sam read it
    assert therapist_client.get(f"/couples/{couple.pk}/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_open_intakes_to_2026_12_and_turns_follow_ups_into_alerts() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("intake", "0003_safety_alerts_and_questionnaire_2026_12"), ("clinic", "0001_initial")])
    apps = executor.loader.project_state([("intake", "0003_safety_alerts_and_questionnaire_2026_12")]).apps
    OldCouple, OldPartner = apps.get_model("intake", "Couple"), apps.get_model("intake", "Partner")
    # Made through the models of that time: today's Partner has columns (the language) the tables do not have yet.
    couple = OldCouple.objects.create(therapist_id=make_therapist("migrating").pk, name="Sam & Alex")
    a = OldPartner.objects.create(couple=couple, role="a", display_name="Sam")
    b = OldPartner.objects.create(couple=couple, role="b", display_name="Alex")
    since = timezone.now()
    OldPartner.objects.filter(pk=a.pk).update(
        questionnaire_version=PREVIOUS_VERSION, started_at=since, urgent_followup_since=since
    )
    OldPartner.objects.filter(pk=b.pk).update(
        questionnaire_version=PREVIOUS_VERSION, started_at=since, submitted_at=since
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    a, b = Partner.objects.get(pk=a.pk), Partner.objects.get(pk=b.pk)
    assert (a.questionnaire_version, b.questionnaire_version) == (VERSION, PREVIOUS_VERSION)
    [alert] = a.alerts.all()
    assert (alert.tier, alert.item_key, alert.value, alert.raised_at) == ("self_harm", "safety_selfharm", 1, since)
