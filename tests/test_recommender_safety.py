"""The recommender's safety rules (docs/clinical.md, "Safety screening and tiers" and "Plan drafting"): tier A
holds all joint work, tier B asks for individual check-ins first, self-harm calls for same-day follow-up.

Pure: no database and no Django settings, like clinic.plans.recommender itself.
"""

from clinic.plans.recommender import hold_reason
from intake.questionnaire import DECLINE_VALUE
from tests.recommender_cases import (
    BY_KEY,
    GOTTMAN_A,
    GOTTMAN_B,
    LIBRARY,
    drafted,
    keys,
    plan,
    run,
    with_safety,
)

JOINT = "joint"
IN_PERSON = DECLINE_VALUE  # "I'd rather tell my therapist in person"


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
    held = drafted(with_safety(run(GOTTMAN_A, GOTTMAN_B), "a", tier_a=("safety_added_later",)), LIBRARY)
    assert held.safety_hold and all(not BY_KEY[key].joint for key in keys(held))
    assert "Sam answered yes about another safety question" in held.hold_reason
    checked = drafted(with_safety(run(GOTTMAN_A, GOTTMAN_B), "b", tier_b=("safety_in_person",)), LIBRARY)
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


def test_a_held_plan_says_what_each_partner_endorsed_in_their_words_and_why_each_session() -> None:
    draft = plan({"safety_afraid": 1, "safety_insulted": IN_PERSON}, {"safety_selfharm": 1})
    sam = (
        "Sam answered yes about feeling afraid of the partner; Sam would rather tell you in person about insults or "
        "screaming"
    )
    alex = "Alex answered yes about thoughts of self-harm or suicide"
    assert draft.hold_reason == (
        f"Safety screen: {sam}; {alex}. Joint work is on hold (no enactments, vulnerability conversations or "
        "conflict exercises, no discernment counselling): see each partner on their own for follow-up, safety "
        "planning and referral. Never reveal a disclosure, or that one exists, to the other partner. Alex reported "
        "thoughts of self-harm or suicide: follow up with her the same day and take the crisis steps (assess risk, "
        "give crisis resources, make a safety plan). Joint work resumes only after individual assessment shows it "
        "is safe: no abuse or coercive control, no ongoing affair, no untreated severe addiction and no acute "
        "suicidality."
    )
    assert [(s.partner, s.focus, s.exercises[0].reason) for s in draft.sessions] == [
        ("a", "Individual session: Sam", f"Chosen because {sam}: see Sam on his own to assess risk."),
        ("b", "Individual session: Alex", f"Chosen because {alex}: see Alex on her own to assess risk."),
        ("a", "Individual session: Sam", f"Chosen because {sam}: make a written safety plan with Sam."),
        ("b", "Individual session: Alex", f"Chosen because {alex}: make a written safety plan with Alex."),
        ("a", "Individual session: Sam", f"Chosen because {sam}: connect Sam with individual or specialist help."),
        ("b", "Individual session: Alex", f"Chosen because {alex}: connect Alex with individual or specialist help."),
    ]
    next_step = "Decide and document the next step with this partner."
    assert [s.goals for s in draft.sessions[:3]] == [
        ("Meet Sam on his own, explain what stays confidential, and ask about behaviours, not labels.", next_step),
        (
            "Follow up the same day with Alex, who reported thoughts of self-harm, and take the crisis steps: assess "
            "risk, give crisis resources, make a safety plan.",
            "Meet Alex on her own, explain what stays confidential, and ask about behaviours, not labels.",
            next_step,
        ),
        ("Make a written safety plan with Sam, in his own words.", next_step),
    ]


def test_the_partner_who_endorsed_nothing_has_a_routine_session_whichever_partner_they_are() -> None:
    routine = plan({}, {"safety_afraid": 1}).sessions[0]
    assert (routine.partner, routine.focus, routine.goals) == (
        "a",
        "Individual session: Sam",
        (
            "See this partner on their own, as for every couple, so neither is singled out.",
            "Ask privately about fear, violence and one's own aggression, an affair and substance use.",
            "Decide and document the next step with this partner.",
        ),
    )
    assert routine.exercises[0].reason == (
        "An individual session with Sam as with every couple, so neither partner is singled out; ask, without "
        "blame, about his own use of aggression. Reveal nothing the other partner said."
    )


def test_a_library_without_individual_sessions_still_drafts_a_held_plan_with_no_exercise_to_invent() -> None:
    smaller = [info for info in LIBRARY if info.approach != "individual"]
    draft = drafted(run({}, {"safety_afraid": 1}), smaller)
    assert draft.safety_hold and [s.partner for s in draft.sessions] == ["a", "b", "b", "b"]
    assert keys(draft) == []


def test_same_day_follow_up_names_the_partner_who_reported_self_harm_whichever_partner_it_is() -> None:
    draft = plan({"safety_selfharm": 1}, {"safety_insulted": IN_PERSON})
    assert draft.hold_reason.startswith(
        "Safety screen: Sam answered yes about thoughts of self-harm or suicide; Alex would rather tell you in person "
        "about insults or screaming. Joint work is on hold"
    )
    assert "Sam reported thoughts of self-harm or suicide: follow up with him the same day" in draft.hold_reason
    assert "Alex reported" not in draft.hold_reason
    assert hold_reason(run({}, {})) == ""  # no hold, nothing to say


def test_tier_b_check_ins_say_why_for_the_partner_who_answered_and_single_out_no_one() -> None:
    draft = plan(GOTTMAN_A, {**GOTTMAN_B, "safety_insulted": 1})
    sam, alex = draft.sessions[:2]
    assert (sam.focus, alex.focus) == ("Individual check-in: Sam", "Individual check-in: Alex")
    assert sam.exercises[0].reason == (
        "An individual check-in before any joint session, so that neither partner is singled out; it also serves as "
        "the individual assessment."
    )
    assert alex.exercises[0].reason == (
        "Chosen because Alex answered yes about insults or screaming: an individual check-in with each partner "
        "before any joint session; the rest of the plan stands (Stith, McCollum & Rosen 2011). It also serves as "
        "the individual assessment."
    )
    assert alex.goals[0] == "Follow up Alex's answer privately and decide whether joint sessions can start as planned."
    assert not any("Alex" in goal or "answer" in goal for goal in sam.goals)


def test_a_held_draft_says_individual_sessions_come_first_and_keeps_the_strengths_and_session_length() -> None:
    both_warm = {"p5_partner": 5, "p5_self": 5}
    draft = plan({**both_warm, "safety_afraid": 1}, both_warm, minutes=60)
    assert (
        draft.approach_reason == "individual sessions with each partner come first; joint work is planned after them."
    )
    assert draft.stage == "Individual sessions before joint work"
    assert draft.strengths[0] == "Warm, everyday touch is a strength you share."  # named first, even on hold
    assert draft.session_minutes == 60 and all(s.length == 60 for s in draft.sessions)
