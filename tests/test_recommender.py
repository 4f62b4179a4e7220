"""The session-plan recommender as a spec: safety, readiness, concerns, gaps, approach and session shape.

Pure: no database and no Django settings, like clinic.plans.recommender itself.
"""

import dataclasses
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.plans.recommender import DEFAULT_SESSIONS, Draft, ExerciseInfo, PlannedExercise, draft_plan, measures
from intake.comparison import Category, Comparison, Person, compare
from intake.questionnaire import QUESTIONNAIRE, Kind

SAM = Person("Sam", "he", "him", "his", plural_verb=False)
ALEX = Person("Alex", "she", "her", "her", plural_verb=False)
LIBRARY_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "exercises.json"
SAFETY_SCREEN = "Safety screen, with each partner individually"
CSI4 = "CSI-4, each partner"
STRUCTURAL = ("Chosen as routine", "Chosen to close")  # the check-in and the closing session


def library() -> list[ExerciseInfo]:
    entries = json.loads(LIBRARY_FILE.read_text())
    return [
        ExerciseInfo(
            entry["pk"],
            f["name"],
            f["approach"],
            f["stage"],
            tuple(f["targets"]),
            f["joint"],
            f["paused_by_safety"],
            f["homework"],
            f["duration_minutes"],
        )
        for entry in entries
        for f in [entry["fields"]]
    ]


LIBRARY = library()
BY_KEY = {info.key: info for info in LIBRARY}


def neutral_value(key: str, area: str) -> int:
    """An answer that raises no finding: the middle of a frequency, no to yes/no, agreement with readiness."""
    if area in ("safety", "context"):
        return 0
    if key.startswith("bids_response") or area == "stance":
        return 1
    return 4 if area == "readiness" else 3


def answers(**overrides: int) -> dict[str, int]:
    neutral = {item.key: neutral_value(item.key, item.area) for item in QUESTIONNAIRE.items if item.kind != Kind.TEXT}
    return neutral | overrides


def run(a: dict[str, Any], b: dict[str, Any]) -> Comparison:
    return compare(QUESTIONNAIRE, SAM, ALEX, answers(**a), answers(**b))


# Sam sees Alex forget and choose the phone (Alex agrees), and Sam sees her as defensive (Alex does not).
GOTTMAN_A = {"p6_partner": 5, "p7_partner": 5, "p8_partner": 5, "p1_partner": 1}
GOTTMAN_B = {"p6_self": 4, "p7_self": 5, "p8_self": 1, "p1_self": 1}
# Lonely, holding back, sad; both find Sam defensive.
EFT_A = {"o1": 5, "o3": 5, "p8_self": 4}
EFT_B = {"o3": 4, "o5": 5, "p8_partner": 5}
# Attachment distress (Sam unavailable in distress, Alex lonely) and habits (curiosity, distractions) alike.
BOTH_A = {"p3_partner": 1, "p7_partner": 5, "p4_self": 1}
BOTH_B = {"p3_self": 5, "p7_self": 5, "p4_partner": 1, "o1": 5}


def plan(
    a: dict[str, Any], b: dict[str, Any], sessions: int = DEFAULT_SESSIONS, exercises: list[ExerciseInfo] = LIBRARY
) -> Draft:
    return draft_plan(run(a, b), exercises, sessions)


def planned(draft: Draft) -> list[PlannedExercise]:
    return [exercise for session in draft.sessions for exercise in session.exercises]


def first_picks(draft: Draft) -> list[PlannedExercise]:
    """Each exercise where it is first chosen, leaving out later practice of it."""
    return [exercise for exercise in planned(draft) if not exercise.reason.startswith("Continued")]


# Safety


def test_any_safety_answer_puts_joint_work_on_hold() -> None:
    draft = plan({**GOTTMAN_A, "safety_afraid": 1, "safety_controlled": 1}, GOTTMAN_B)
    assert draft.safety_hold and draft.approach == "individual"
    assert all(not BY_KEY[e.key].paused_by_safety and not BY_KEY[e.key].joint for e in planned(draft))
    assert [e.key for e in draft.sessions[0].exercises] == ["individual-safety-assessment"]
    assert [e.key for e in draft.sessions[1].exercises] == ["individual-safety-planning", "individual-therapy-referral"]
    assert "Sam answered yes about feeling afraid of the partner and control of money" in draft.hold_reason
    assert "Alex answered" not in draft.hold_reason and "same day" not in draft.hold_reason
    assert all("Sam answered yes" in e.reason for e in draft.sessions[0].exercises + draft.sessions[1].exercises)


def test_during_a_hold_later_sessions_stay_individual_until_assessment_shows_it_is_safe() -> None:
    draft = plan(GOTTMAN_A, {**GOTTMAN_B, "safety_hurt": 1})
    for session in draft.sessions[2:]:
        assert [e.key for e in session.exercises] == ["individual-safety-assessment"]
        assert "Joint work resumes only after individual assessment shows it is safe" in session.notes


def test_safety_details_appear_only_in_therapist_reasons() -> None:
    draft = plan({"safety_sexual": 1}, {})
    for session in draft.sessions:
        shown = " ".join([session.focus, session.notes, *session.goals, *session.homework])
        assert "Sam" not in shown and "sexual" not in shown
    assert "Sam" not in draft.approach_reason + draft.stage


def test_self_harm_calls_for_same_day_follow_up() -> None:
    draft = plan({}, {"safety_selfharm": 1})
    assert "Alex reported thoughts of self-harm or suicide: follow up with her the same day" in draft.hold_reason
    assert any("same day" in goal and "crisis steps" in goal for goal in draft.sessions[0].goals)
    assert not any("same day" in goal for session in draft.sessions[1:] for goal in session.goals)


def test_a_one_session_hold_keeps_the_assessment_and_names_what_did_not_fit() -> None:
    (session,) = plan({"safety_threatened": 1}, {}, sessions=1).sessions
    assert [e.key for e in session.exercises] == ["individual-safety-assessment"]
    assert "No room in this plan for: Safety Planning Session and Individual Therapy Referral." in session.notes


# Readiness


def test_a_partner_leaning_out_gets_discernment_before_any_joint_work() -> None:
    draft = plan(GOTTMAN_A, {**GOTTMAN_B, "stance": 3})
    assert [e.key for e in draft.sessions[0].exercises] == ["individual-discernment-counselling"]
    assert "Alex chose \u201cI am leaning towards leaving\u201d" in draft.sessions[0].exercises[0].reason
    assert draft.readiness_step.startswith("Discernment counselling before any joint work")
    assert draft.stage.startswith("Discernment counselling, then")


def test_unsure_needs_discernment_only_against_a_committed_partner() -> None:
    mismatch = plan({**GOTTMAN_A, "stance": 2}, GOTTMAN_B)
    assert mismatch.sessions[0].exercises[0].key == "individual-discernment-counselling"
    both_unsure = plan({**GOTTMAN_A, "stance": 2}, {**GOTTMAN_B, "stance": 2})
    assert "individual-discernment-counselling" not in {e.key for e in planned(both_unsure)}
    assert both_unsure.readiness_step == "" and "Sam is unsure" in both_unsure.sessions[0].notes


def test_a_partner_who_sees_no_problem_gets_a_recognition_step_before_skills_work() -> None:
    draft = plan({**GOTTMAN_A, "readiness_problem": 1}, GOTTMAN_B)
    assert "Sam disagreed that emotional distance has become a problem" in draft.readiness_step
    first = draft.sessions[0].exercises[0]
    assert first.key == "eft-de-escalation-cycle" and "Sam disagreed" in first.reason
    assert plan(GOTTMAN_A, GOTTMAN_B).readiness_step == ""


# Concerns, gaps, strengths and reasons


def test_shared_concerns_come_before_perception_gaps() -> None:
    comparison = run(GOTTMAN_A, GOTTMAN_B)
    category = {f"Chosen because {f.sentence}": f.category for f in comparison.shared_concerns + comparison.differences}
    order = [category[e.reason] for e in first_picks(draft_plan(comparison, LIBRARY)) if e.reason in category]
    assert order == [Category.SHARED_CONCERN, Category.SHARED_CONCERN, Category.PERCEPTION_GAP]


def test_strengths_are_named_first() -> None:
    comparison = run(GOTTMAN_A, GOTTMAN_B)
    draft = draft_plan(comparison, LIBRARY)
    assert draft.strengths == tuple(finding.sentence for finding in comparison.strengths) != ()
    assert draft.sessions[0].goals[0].startswith("Name the couple's strengths first")


def test_each_exercise_carries_the_sentence_of_the_finding_that_chose_it() -> None:
    comparison = run(GOTTMAN_A, GOTTMAN_B)
    sentences = {f"Chosen because {f.sentence}" for f in comparison.shared_concerns + comparison.differences}
    chosen = [e for e in first_picks(draft_plan(comparison, LIBRARY)) if not e.reason.startswith(STRUCTURAL)]
    assert [e.key for e in chosen] == [
        "gottman-love-maps",
        "gottman-rituals-of-connection",
        "gottman-aftermath-of-a-fight",
    ]
    assert all(e.reason in sentences for e in chosen)
    assert chosen[0].reason.startswith("Chosen because Sam and Alex agree that Alex")


def test_own_experience_justifies_emotion_work_with_a_named_reason() -> None:
    reasons = {e.key: e.reason for e in first_picks(plan(EFT_A, EFT_B))}
    assert reasons["eft-access-attachment-emotions"] == (
        "Chosen because Sam and Alex both report, about their own feelings: holding back feelings."
    )


def test_each_exercise_is_chosen_once() -> None:
    for a, b in ((GOTTMAN_A, GOTTMAN_B), (EFT_A, EFT_B), (BOTH_A, BOTH_B)):
        keys = [e.key for e in first_picks(plan(a, b, sessions=12)) if e.key != "individual-safety-assessment"]
        assert len(keys) == len(set(keys))


# Approach


def test_attachment_distress_makes_it_eft() -> None:
    draft = plan(EFT_A, EFT_B)
    assert draft.approach == "eft" and "loneliness in the relationship" in draft.approach_reason
    assert draft.stage == "EFT stage 1 (de-escalation), steps 1-2"
    assert draft.sessions[0].exercises[0].key == "eft-de-escalation-cycle"  # EFT starts with stage 1
    assert {BY_KEY[e.key].approach for e in planned(draft)} <= {"eft", "individual"}


def test_skills_and_habits_make_it_gottman() -> None:
    draft = plan(GOTTMAN_A, GOTTMAN_B)
    assert draft.approach == "gottman" and "remembering what matters" in draft.approach_reason
    assert {BY_KEY[e.key].approach for e in planned(draft)} <= {"gottman", "individual"}


def test_both_threads_make_it_both() -> None:
    draft = plan(BOTH_A, BOTH_B)
    assert draft.approach == "both"
    assert "being there in hard moments" in draft.approach_reason
    assert "time together over distractions" in draft.approach_reason


# Sessions


@pytest.mark.parametrize("count", [1, 6, 12])
def test_the_session_count_is_honoured(count: int) -> None:
    draft = plan(EFT_A, EFT_B, sessions=count)
    assert [session.number for session in draft.sessions] == list(range(1, count + 1))


@pytest.mark.parametrize("count", [0, 21, -1])
def test_a_session_count_outside_1_to_20_is_refused(count: int) -> None:
    with pytest.raises(ValueError):
        plan(EFT_A, EFT_B, sessions=count)


@pytest.mark.parametrize("count", [1, 2, 6, 12])
def test_measures_repeat_the_safety_screen_every_session_and_the_csi4_first_and_last(count: int) -> None:
    for draft in (plan(BOTH_A, BOTH_B, count), plan({"safety_hurt": 1}, {}, count)):
        assert all(SAFETY_SCREEN in session.measures for session in draft.sessions)
        assert CSI4 in draft.sessions[0].measures and CSI4 in draft.sessions[-1].measures
    assert measures(4, 12) == (CSI4, SAFETY_SCREEN) and measures(5, 12) == (SAFETY_SCREEN,)


def test_sessions_hold_one_or_two_exercises_in_plausible_time() -> None:
    for a, b in ((GOTTMAN_A, GOTTMAN_B), (EFT_A, EFT_B), (BOTH_A, BOTH_B), ({"safety_afraid": 1}, {})):
        for session in plan(a, b, sessions=12).sessions:
            assert 1 <= len(session.exercises) <= 2
            assert sum(BY_KEY[e.key].duration_minutes for e in session.exercises) <= 90
            assert 2 <= len(session.goals) <= 3
            homework = (BY_KEY[e.key].homework for e in session.exercises)
            assert session.homework == tuple(text for text in homework if text)


def test_every_longer_plan_has_a_routine_individual_check_in_that_looks_like_a_hold() -> None:
    draft, hold = plan(GOTTMAN_A, GOTTMAN_B), plan({"safety_afraid": 1}, {})
    assert [e.key for e in draft.sessions[2].exercises] == ["individual-safety-assessment"]
    assert draft.sessions[2].focus == hold.sessions[0].focus == "Individual follow-up with each partner"
    assert "individual-safety-assessment" not in {e.key for e in planned(plan(GOTTMAN_A, GOTTMAN_B, 3))}


def test_the_last_session_consolidates() -> None:
    assert [e.key for e in plan(EFT_A, EFT_B).sessions[-1].exercises] == ["eft-consolidation"]
    last = plan(GOTTMAN_A, GOTTMAN_B).sessions[-1]
    assert last.focus == "Consolidation and review"
    assert [e.key for e in last.exercises] == ["gottman-state-of-the-union"]


def test_spare_sessions_deepen_earlier_exercises_rather_than_invent_new_ones() -> None:
    draft = plan(GOTTMAN_A, GOTTMAN_B, sessions=12)
    deepening = [session for session in draft.sessions if session.focus.startswith("Review homework; deepen")]
    assert len(deepening) >= 5
    new = {e.key for e in first_picks(draft)}
    assert all(e.key in new and e.reason.startswith("Continued from session") for s in deepening for e in s.exercises)


def test_a_short_plan_keeps_the_higher_priority_exercises() -> None:
    draft = plan(GOTTMAN_A, GOTTMAN_B, sessions=1)
    assert [e.key for e in draft.sessions[0].exercises] == ["gottman-love-maps"]
    assert "No room in this plan for: Rituals of Connection" in draft.sessions[0].notes


# Determinism and the library


def test_the_same_input_gives_the_same_plan() -> None:
    assert plan(BOTH_A, BOTH_B) == plan(BOTH_A, BOTH_B)


def test_library_order_does_not_matter() -> None:
    shuffled = LIBRARY[:]
    random.Random(7).shuffle(shuffled)
    for a, b in ((GOTTMAN_A, GOTTMAN_B), (EFT_A, EFT_B), (BOTH_A, BOTH_B)):
        assert plan(a, b, exercises=shuffled) == plan(a, b)


def test_no_exercise_outside_the_library_is_emitted() -> None:
    missing = {
        "gottman-love-maps",
        "individual-safety-assessment",
        "eft-de-escalation-cycle",
        "gottman-state-of-the-union",
        "eft-consolidation",
    }
    smaller = [info for info in LIBRARY if info.key not in missing]
    for a, b in ((GOTTMAN_A, GOTTMAN_B), (EFT_A, EFT_B), ({"safety_selfharm": 1}, {})):
        for count in (1, 6, 12):
            assert {e.key for e in planned(plan(a, b, count, smaller))} <= {info.key for info in smaller}
    assert all(e.key in BY_KEY for e in planned(plan(BOTH_A, BOTH_B, 20)))


ANSWER_SETS = st.fixed_dictionaries(
    {},
    optional={
        item.key: st.sampled_from([choice.value for choice in item.choices])
        for item in QUESTIONNAIRE.items
        if item.kind != Kind.TEXT and not item.safety
    },
)
SAFETY_KEYS = [item.key for item in QUESTIONNAIRE.items if item.safety]


@settings(max_examples=150, deadline=None)
@given(ANSWER_SETS, ANSWER_SETS, st.sampled_from([None, *SAFETY_KEYS]), st.integers(1, 20))
def test_any_answers_give_a_well_formed_plan(
    a: dict[str, Any], b: dict[str, Any], endorsed: str | None, count: int
) -> None:
    draft = draft_plan(compare(QUESTIONNAIRE, SAM, ALEX, a, b | ({endorsed: 1} if endorsed else {})), LIBRARY, count)
    assert len(draft.sessions) == count and draft.safety_hold == (endorsed is not None)
    for session in draft.sessions:
        assert SAFETY_SCREEN in session.measures and len(session.exercises) <= 2
        assert sum(BY_KEY[e.key].duration_minutes for e in session.exercises) <= 90
        assert all(not (draft.safety_hold and BY_KEY[e.key].paused_by_safety) for e in session.exercises)


def test_the_draft_is_plain_data() -> None:
    draft = plan(BOTH_A, BOTH_B)
    assert json.loads(json.dumps(dataclasses.asdict(draft)))["approach"] == "both"
