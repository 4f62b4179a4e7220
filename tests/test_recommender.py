"""The session-plan recommender as a spec, one test per rule of docs/clinical.md, "Plan drafting".

Pure: no database and no Django settings, like clinic.plans.recommender itself.
"""

import dataclasses
import json
import random
from typing import Any

import pytest

from clinic.plans.recommender import Draft, draft_plan
from clinic.plans.sessions import measures
from tests.recommender_cases import (
    BOTH_A,
    BOTH_B,
    BY_KEY,
    EFT_A,
    EFT_B,
    GOTTMAN_A,
    GOTTMAN_B,
    LIBRARY,
    WITHDRAWER,
    keys,
    plan,
    planned,
    pursue_withdraw,
    run,
    with_safety,
)

SAFETY_SCREEN = "Safety screen, with each partner individually"
CSI4 = "CSI-4, each partner"
JOINT = "joint"


def steps(draft: Draft) -> list[tuple[int, ...]]:
    return [session.eft_steps for session in draft.sessions]


# Safety tiers


def test_a_tier_a_couple_gets_no_joint_exercise_and_no_discernment() -> None:
    draft = plan({**GOTTMAN_A, "safety_afraid": 1, "stance": 1}, {**GOTTMAN_B, "stance": 3})
    assert draft.safety_hold and draft.approach == "individual" and draft.tier == "a"
    assert all(not BY_KEY[key].joint for key in keys(draft))
    assert "individual-discernment-counselling" not in keys(draft) and draft.readiness_step == ""
    assert any("discernment counselling does not fit" in note for note in draft.notes)
    assert all(session.kind != JOINT for session in draft.sessions)


def test_a_tier_b_only_couple_gets_an_individual_check_in_and_still_a_joint_plan() -> None:
    draft = plan({**GOTTMAN_A, "safety_insulted": 1}, GOTTMAN_B)
    assert not draft.safety_hold and draft.tier == "b" and draft.approach == "gottman"
    first, second = draft.sessions[:2]
    assert (first.kind, first.partner, second.kind, second.partner) == ("individual", "a", "individual", "b")
    assert "Sam answered yes about insults or screaming" in first.exercises[0].reason
    assert "Sam answered" not in second.exercises[0].reason  # the other partner's check-in names nothing
    assert [s.kind for s in draft.sessions].count("individual") == 2  # the check-ins are the individual sessions
    joint = [key for key in keys(draft) if BY_KEY[key].joint]
    assert "gottman-love-maps" in joint and "gottman-assessment" in joint


def test_a_new_safety_item_counts_by_its_tier_not_by_its_key() -> None:
    held = draft_plan(with_safety(run(GOTTMAN_A, GOTTMAN_B), "a", tier_a=("safety_added_later",)), LIBRARY)
    assert held.safety_hold and all(not BY_KEY[key].joint for key in keys(held))
    assert "Sam answered yes about another safety question" in held.hold_reason
    checked = draft_plan(with_safety(run(GOTTMAN_A, GOTTMAN_B), "b", tier_b=("safety_in_person",)), LIBRARY)
    assert not checked.safety_hold and checked.sessions[1].partner == "b"
    assert "Alex answered yes" in checked.sessions[1].exercises[0].reason


def test_self_harm_holds_joint_work_and_calls_for_same_day_follow_up() -> None:
    draft = plan({}, {"safety_selfharm": 1})
    assert draft.safety_hold and "Alex reported thoughts of self-harm or suicide: follow up with her the same day" in (
        draft.hold_reason
    )
    assert draft.sessions[0].partner == "b" or any("same day" in g for g in draft.sessions[1].goals)
    same_day = [s.number for s in draft.sessions if any("same day" in goal for goal in s.goals)]
    assert len(same_day) == 1


def test_a_held_plan_sees_each_partner_alone_and_repeats_no_session() -> None:
    draft = plan({"safety_afraid": 1}, {})
    assert [(s.partner, [e.key for e in s.exercises]) for s in draft.sessions] == [
        ("a", ["individual-safety-assessment"]),
        ("b", ["individual-assessment"]),  # the other partner too, so no one is singled out
        ("a", ["individual-safety-planning"]),
        ("a", ["individual-therapy-referral"]),
    ]
    assert "own use of aggression" in draft.sessions[1].exercises[0].reason
    longer = plan({"safety_afraid": 1}, {}, sessions=7)
    assert [s.focus for s in longer.sessions[4:]] == ["Open: review individually whether joint work can begin"] * 3


# Readiness and discernment


def test_discernment_only_for_a_partner_leaning_out_against_one_who_is_committed() -> None:
    draft = plan(GOTTMAN_A, {**GOTTMAN_B, "stance": 3})
    first = draft.sessions[0]
    assert first.kind == "discernment" and first.length == 120
    assert "Alex chose \u201cI am leaning towards leaving\u201d" in first.exercises[0].reason
    assert draft.readiness_step.startswith("Discernment counselling before joint work")
    assert len(draft.sessions) == 8 + 1


@pytest.mark.parametrize(("a", "b"), [(1, 2), (2, 2), (3, 2), (3, 3)])
def test_unsure_or_both_leaning_out_is_a_note_never_discernment(a: int, b: int) -> None:
    draft = plan({**GOTTMAN_A, "stance": a}, {**GOTTMAN_B, "stance": b})
    assert "individual-discernment-counselling" not in keys(draft)
    assert draft.readiness_step == "" and draft.notes


def test_unsure_is_named_as_a_reason_to_revisit_readiness() -> None:
    draft = plan({**GOTTMAN_A, "stance": 2}, GOTTMAN_B)
    assert any(
        note.startswith("Sam is unsure about the relationship: name it early and revisit") for note in draft.notes
    )


def test_a_partner_who_sees_no_problem_gets_recognition_before_skills_work() -> None:
    draft = plan({**EFT_A, "readiness_problem": 1}, EFT_B)
    assert "Sam disagreed that emotional distance has become a problem" in draft.readiness_step
    assert "Sam disagreed" in draft.sessions[0].exercises[0].reason


def test_feeling_unsafe_to_be_open_puts_an_individual_check_before_vulnerability_work() -> None:
    draft = plan({**EFT_A, "readiness_openness": 1}, EFT_B)
    sam = next(s for s in draft.sessions if s.partner == "a")
    assert sam.goals[0].startswith("Sam does not feel safe enough to be open with Alex")
    first_vulnerable = next(s.number for s in draft.sessions if s.eft_steps and min(s.eft_steps) >= 3)
    assert sam.number < first_vulnerable


# EFT sequencing


def test_an_eft_draft_follows_johnsons_steps_with_one_individual_session_per_partner() -> None:
    draft = plan(EFT_A, EFT_B)
    assert draft.approach == "eft" and len(draft.sessions) == 10
    assert steps(draft) == [(1, 2), (), (), (3,), (4,), (5,), (6,), (7,), (7,), (8, 9)]
    assert [s.partner for s in draft.sessions[1:3]] == ["a", "b"]
    assert next(planned.key for planned in draft.sessions[7].exercises) == "eft-withdrawer-reengagement"
    assert next(planned.key for planned in draft.sessions[8].exercises) == "eft-blamer-softening"


def test_the_cycle_names_who_likely_withdraws_and_who_softens() -> None:
    draft = draft_plan(pursue_withdraw(), LIBRARY)
    withdrawer = next(e for e in planned(draft) if e.key == "eft-withdrawer-reengagement")
    blamer = next(e for e in planned(draft) if e.key == "eft-blamer-softening")
    assert "(here likely Tom)" in withdrawer.reason and "(here likely Maya)" in blamer.reason
    assert any(note.startswith("The answers suggest a pursue–withdraw cycle: Maya reaches out") for note in draft.notes)


def test_hold_me_tight_conversations_come_in_the_books_order_and_4_after_deescalation() -> None:
    draft = plan(EFT_A, {**EFT_B, "p5_partner": 1})
    order = [int(key.split("-")[2]) for key in keys(draft) if key.startswith("eft-hmt-")]
    assert order == sorted(order) and order == [1, 2, 3, 4, 6, 7]
    step_of_4 = next(
        s.eft_steps for s in draft.sessions if "eft-hmt-4-engaging-connecting" in [e.key for e in s.exercises]
    )
    assert min(step_of_4) >= 5
    assert all(e.at_home and e.minutes == 0 for e in planned(draft) if e.key.startswith("eft-hmt-"))


def test_a_longer_eft_plan_deepens_named_steps_then_leaves_the_rest_open_before_stage_3() -> None:
    draft = plan(EFT_A, EFT_B, sessions=16)
    focuses = [s.focus for s in draft.sessions]
    assert "Step 2 continued: mapping the cycle" in focuses
    deepened = [s for s in draft.sessions if s.focus.endswith("(continued)")]
    assert [s.eft_steps for s in deepened] == [(3,), (4,), (7,)] and all(s.notes for s in deepened)
    assert focuses[-1] == "Steps 8–9: consolidation" and focuses[-3:-1] == ["Open: review progress"] * 2
    blocks = [(s.focus, tuple(e.key for e in s.exercises)) for s in draft.sessions if s.kind != "open"]
    assert len(blocks) == len(set(blocks))  # nothing cycled


def test_a_shorter_eft_plan_keeps_the_order_and_names_what_did_not_fit() -> None:
    draft = plan(EFT_A, EFT_B, sessions=5)
    assert steps(draft) == [(1, 2), (), (), (3,), (4,)]
    assert draft.sessions[-1].notes.startswith("Not in this plan: Step 5: owning needs and fears")


# Gottman sequencing


def test_a_gottman_draft_builds_the_house_from_the_ground_up() -> None:
    draft = plan(GOTTMAN_A, GOTTMAN_B)
    assert draft.approach == "gottman" and len(draft.sessions) == 8
    assert draft.sessions[0].exercises[0].key == "gottman-assessment"
    assert [s.partner for s in draft.sessions[1:3]] == ["a", "b"]
    levels = [s.level for s in draft.sessions if s.level]
    assert levels == sorted(levels) and levels[0] == 1
    assert [s.focus for s in draft.sessions if s.kind == "open"] == ["Open: review progress"] * (8 - 3 - len(levels))


def test_dreams_within_conflict_waits_until_the_couple_can_manage_conflict() -> None:
    draft = plan({**GOTTMAN_A, "context_resentment": 1}, GOTTMAN_B)
    order = keys(draft)
    dreams = order.index("gottman-dreams-within-conflict")
    assert order.index("gottman-softened-startup") < dreams and order.index("gottman-repair-checklist") < dreams


def test_turning_against_feeds_the_four_horsemen_and_softened_startup_and_turning_away_turning_toward() -> None:
    against = keys(plan({"bids_response_partner": 3}, {"bids_response_self": 3}, sessions=10))
    assert "gottman-four-horsemen" in against and "gottman-softened-startup" in against
    away = keys(plan({"bids_response_partner": 2}, {"bids_response_self": 2}, sessions=10))
    assert "gottman-turning-toward-bids" in away


def test_state_of_the_union_comes_only_once_softened_startup_is_practised() -> None:
    draft = plan({"ritual_weekly": 1, "ritual_bedtime": 1, "o8": 5}, {"ritual_weekly": 1, "ritual_bedtime": 1})
    order = keys(draft)
    assert order.index("gottman-softened-startup") < order.index("gottman-state-of-the-union")


def test_both_follows_eft_with_gottman_exercises_for_home_in_the_houses_order() -> None:
    draft = plan(BOTH_A, BOTH_B)
    assert draft.approach == "both" and len(draft.sessions) == 10
    home = [e for e in planned(draft) if BY_KEY[e.key].approach == "gottman"]
    assert home and all(e.at_home for e in home)
    levels = [level for e in home for level in [LEVEL[e.key]]]
    assert levels == sorted(levels)


LEVEL = {"gottman-love-maps": 1, "gottman-fondness-admiration": 2, "gottman-turning-toward-bids": 3}
LEVEL |= {"gottman-stress-reducing-conversation": 3, "gottman-four-horsemen": 5, "gottman-softened-startup": 5}
LEVEL |= {"gottman-repair-checklist": 5, "gottman-aftermath-of-a-fight": 5, "gottman-dreams-within-conflict": 6}
LEVEL |= {"gottman-state-of-the-union": 7, "gottman-rituals-of-connection": 7}


# Time


@pytest.mark.parametrize("minutes", [30, 50, 90])
def test_exercise_minutes_fit_the_session_after_a_check_in(minutes: int) -> None:
    for draft in (plan(EFT_A, EFT_B, minutes=minutes), plan(GOTTMAN_A, GOTTMAN_B, minutes=minutes)):
        for session in draft.sessions:
            assert session.minutes <= session.length and session.check_in == 10
            assert session.length == (120 if session.kind == "discernment" else minutes)


def test_two_short_exercises_share_a_session_and_a_daily_talk_is_set_for_home() -> None:
    draft = plan({**GOTTMAN_A, "context_resentment": 1, "context_overload": 1}, GOTTMAN_B, sessions=12)
    sessions = {tuple(e.key for e in s.exercises): s for s in draft.sessions}
    shared = sessions[("gottman-softened-startup", "gottman-repair-checklist")]
    assert [(e.minutes, e.at_home) for e in shared.exercises] == [(20, False), (20, False)] and shared.minutes == 50
    daily = sessions[("gottman-turning-toward-bids", "gottman-stress-reducing-conversation")]
    assert [(e.minutes, e.at_home) for e in daily.exercises] == [(30, False), (0, True)]


@pytest.mark.parametrize("count", [0, 21, -1, True, 2.5])
def test_a_session_count_outside_1_to_20_is_refused(count: Any) -> None:
    with pytest.raises(ValueError):
        plan(EFT_A, EFT_B, sessions=count)


def test_a_session_length_outside_30_to_180_minutes_is_refused() -> None:
    with pytest.raises(ValueError):
        plan(EFT_A, EFT_B, minutes=20)


@pytest.mark.parametrize("count", [1, 2, 6, 12])
def test_measures_repeat_the_safety_screen_every_session_and_the_csi4_first_and_last(count: int) -> None:
    for draft in (plan(BOTH_A, BOTH_B, count), plan({"safety_hurt": 1}, {}, count)):
        assert all(SAFETY_SCREEN in session.measures for session in draft.sessions)
        assert CSI4 in draft.sessions[0].measures and CSI4 in draft.sessions[-1].measures
    assert measures(4, 12) == (CSI4, SAFETY_SCREEN) and measures(5, 12) == (SAFETY_SCREEN,)


# Every answer counts


def test_causes_lead_to_an_individual_therapy_note_and_a_goal_in_that_partners_session() -> None:
    draft = plan({**EFT_A, "context_childhood": 1, "context_mood": 1}, EFT_B)
    note = next(note for note in draft.notes if note.startswith("Individual therapy alongside"))
    assert "Sam (feelings were rarely talked about in the family he grew up in and low mood" in note
    sam = next(s for s in draft.sessions if s.partner == "a")
    assert any(goal.startswith("Talk with Sam about individual therapy") for goal in sam.goals)


def test_context_that_points_to_an_exercise_is_quoted_for_one_partner_or_both() -> None:
    one = keys_and_reasons(plan({**GOTTMAN_A, "context_resentment": 1}, GOTTMAN_B))
    assert one["gottman-dreams-within-conflict"] == (
        "Chosen because Sam says a long stretch of conflict has left resentment behind."
    )
    both = keys_and_reasons(plan({**GOTTMAN_A, "context_overload": 1}, {**GOTTMAN_B, "context_overload": 1}, 12))
    assert both["gottman-stress-reducing-conversation"] == (
        "Chosen because Sam and Alex both say daily demands leave little energy for each other."
    )
    draft = plan({**GOTTMAN_A, "context_resentment": 1}, GOTTMAN_B)
    softened = next(s for s in draft.sessions if "gottman-softened-startup" in [e.key for e in s.exercises])
    assert softened.goals[0].startswith("Each partner raises one need gently")  # a prerequisite brings its goal


def keys_and_reasons(draft: Draft) -> dict[str, str]:
    return {exercise.key: exercise.reason for exercise in planned(draft)}


def test_own_experience_answers_are_the_emotions_step_3_reaches_for() -> None:
    reason = next(e.reason for e in planned(plan(EFT_A, EFT_B)) if e.key == "eft-access-attachment-emotions")
    assert "Sam reports, about his own feelings: loneliness in the relationship and holding back feelings." in reason
    assert "Alex reports, about her own feelings: holding back feelings and lasting sadness or emptiness." in reason


def test_a_withdrawer_who_holds_back_is_seen_in_stage_2() -> None:
    draft = draft_plan(pursue_withdraw(), LIBRARY)
    assert WITHDRAWER["o3"] == 5
    own = next(e.reason for e in planned(draft) if e.key == "eft-own-disowned-needs")
    assert "Tom reports, about his own feelings: holding back feelings" in own


# Strengths, determinism and the library


def test_strengths_are_themes_to_name_first() -> None:
    draft = plan({**GOTTMAN_A, "p5_partner": 5, "p5_self": 5}, {**GOTTMAN_B, "p5_self": 5, "p5_partner": 5})
    assert draft.strengths[0] == "Warm, everyday touch is a strength you share."
    assert "Sam" not in " ".join(draft.strengths)


def test_the_same_input_gives_the_same_plan_whatever_the_library_order() -> None:
    shuffled = LIBRARY[:]
    random.Random(7).shuffle(shuffled)
    for a, b in ((GOTTMAN_A, GOTTMAN_B), (EFT_A, EFT_B), (BOTH_A, BOTH_B)):
        assert plan(a, b, exercises=shuffled) == plan(a, b) == plan(a, b)


def test_no_exercise_outside_the_library_is_emitted() -> None:
    missing = {"gottman-love-maps", "individual-assessment", "eft-de-escalation-cycle", "eft-hmt-2-raw-spots"}
    smaller = [info for info in LIBRARY if info.key not in missing]
    for a, b in ((GOTTMAN_A, GOTTMAN_B), (EFT_A, EFT_B), ({"safety_selfharm": 1}, {})):
        for count in (1, 6, 14):
            assert set(keys(plan(a, b, count, smaller))) <= {info.key for info in smaller}


def test_the_draft_is_plain_data() -> None:
    draft = plan(BOTH_A, BOTH_B)
    assert json.loads(json.dumps(dataclasses.asdict(draft)))["approach"] == "both"
