"""The recommender's safety rules (docs/clinical.md, "Safety screening and tiers" and "Plan drafting"): tier A
holds all joint work, tier B asks for individual check-ins first, self-harm calls for same-day follow-up.

Pure: no database and no Django settings, like clinic.plans.recommender itself.
"""

from clinic.plans.recommender import draft_plan
from tests.recommender_cases import BY_KEY, GOTTMAN_A, GOTTMAN_B, LIBRARY, keys, plan, run, with_safety

JOINT = "joint"


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
    assert longer.sessions[-1].goals == (
        "Repeat the safety screen with each partner individually.",
        "Decide with each partner, individually, whether joint work can begin.",
    )
