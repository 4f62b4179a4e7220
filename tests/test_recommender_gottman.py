"""Gottman sequencing in a draft (docs/clinical.md, "Gottman sequencing"): the Sound Relationship House from the
ground up, exercises chosen by the findings and only after what they need practised first, sessions by level.

Pure: no database and no Django settings.
"""

from dataclasses import replace

import pytest

from tests.recommender_cases import GOTTMAN_A, GOTTMAN_B, LIBRARY, keys, plan, planned


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


def test_open_sessions_come_after_the_house_in_a_longer_gottman_plan() -> None:
    draft = plan({**GOTTMAN_A, "context_resentment": 1}, GOTTMAN_B, sessions=12)
    kinds = [s.kind for s in draft.sessions]
    assert draft.sessions[7].focus == "Making life dreams come true (level 6): Dreams Within Conflict"
    assert kinds[8:] == ["open"] * 4 and "open" not in kinds[:8]


def test_the_opening_session_assesses_together_and_agrees_goals() -> None:
    first = plan(GOTTMAN_A, GOTTMAN_B).sessions[0]
    assert [(e.key, e.reason) for e in first.exercises] == [
        (
            "gottman-assessment",
            "Gottman assessment begins together (Gottman & Gottman 2015): the couple's story, a short conversation "
            "about a disagreement, and goals, before the Sound Relationship House is built from the ground up.",
        )
    ]
    assert first.goals == (
        "Name the couple's strengths first, then the concerns both share, in general terms (the themes).",
        "Agree two or three goals for the work, in the couple's own words.",
    )


def test_each_level_session_carries_the_goal_of_the_finding_behind_its_exercise() -> None:
    goals = {s.focus: s.goals for s in plan(GOTTMAN_A, GOTTMAN_B).sessions}
    assert goals["Love maps (level 1): Love Maps"] == (
        "Each partner notes and follows up the dates and news that matter to the other.",  # P6, both see it
    )
    assert goals["Turning toward (level 3): Turning Toward Bids (bid log)"] == (
        "The couple keeps device-free time together on most days.",  # P7, both see it
    )


def test_the_first_conflict_session_checks_the_positive_perspective_and_only_that_one() -> None:
    perspective = "Check the positive perspective (level 4)"
    for draft in (plan(GOTTMAN_A, GOTTMAN_B), plan({**GOTTMAN_A, "context_resentment": 1}, GOTTMAN_B, sessions=12)):
        checked = [s for s in draft.sessions if any(goal.startswith(perspective) for goal in s.goals)]
        first_conflict = next(s for s in draft.sessions if s.level >= 5)
        assert checked == [first_conflict] and first_conflict.goals[0].startswith(perspective)


def test_a_session_is_named_by_its_level_and_the_exercises_done_in_it_not_those_sent_home() -> None:
    draft = plan({**GOTTMAN_A, "context_resentment": 1, "context_overload": 1}, GOTTMAN_B, sessions=12)
    focuses = [s.focus for s in draft.sessions if s.level]
    assert focuses == [
        "Love maps (level 1): Love Maps",
        "Turning toward (level 3): Turning Toward Bids (bid log)",  # the Stress-Reducing Conversation goes home
        "Managing conflict (level 5): Four Horsemen and Their Antidotes",
        "Managing conflict (level 5): Softened Start-Up and Repair Checklist",
        "Making life dreams come true (level 6): Dreams Within Conflict",
    ]


def test_an_exercise_brought_in_first_says_what_it_prepares_for() -> None:
    draft = plan({**GOTTMAN_A, "context_resentment": 1}, GOTTMAN_B)
    reasons = {e.key: e.reason for e in planned(draft)}
    prepares = (
        "Chosen because Dreams Within Conflict comes later in this plan and needs it practised first: Dreams Within "
        "Conflict only after the couple can manage conflict."
    )
    assert reasons["gottman-softened-startup"] == reasons["gottman-repair-checklist"] == prepares


def test_a_short_gottman_plan_keeps_the_most_important_findings_and_names_the_rest() -> None:
    draft = plan({**GOTTMAN_A, "context_resentment": 1, "context_overload": 1}, GOTTMAN_B, sessions=5)
    assert [s.focus for s in draft.sessions[3:]] == [
        "Love maps (level 1): Love Maps",  # both partners see these two
        "Turning toward (level 3): Turning Toward Bids (bid log)",
    ]
    assert draft.sessions[-1].notes == (
        "Not in this plan: Four Horsemen and Their Antidotes, Softened Start-Up, Repair Checklist, Dreams Within "
        "Conflict and Stress-Reducing Conversation. Add sessions to include them."
    )


def test_one_exercise_covering_two_findings_is_chosen_over_two_exercises() -> None:
    draft = plan({"p2_partner": 5, "p7_partner": 5}, {"p2_self": 5, "p7_self": 5})
    assert [key for key in keys(draft) if key.startswith("gottman-")] == [
        "gottman-assessment",
        "gottman-turning-toward-bids",  # talk beyond logistics and time over distractions, in one
    ]
    conflict = plan({**GOTTMAN_A, "p1_partner": 5, "o4": 5}, GOTTMAN_B)
    assert "gottman-four-horsemen" in keys(conflict) and "gottman-fondness-admiration" not in keys(conflict)


def test_a_finding_already_covered_still_lets_the_later_ones_choose_their_exercise() -> None:
    draft = plan({**GOTTMAN_A, "p3_partner": 5}, {**GOTTMAN_B, "p3_self": 1})  # Love Maps covers curiosity
    assert [key for key in keys(draft) if key.startswith("gottman-")] == [
        "gottman-assessment",
        "gottman-love-maps",
        "gottman-turning-toward-bids",
        "gottman-four-horsemen",
    ]
    rituals = plan(
        {"bids_response_partner": 3, "ritual_weekly": 1, "ritual_bedtime": 1},
        {"bids_response_self": 3, "ritual_weekly": 1, "ritual_bedtime": 1},
        sessions=12,
    )
    assert "gottman-state-of-the-union" in keys(rituals)  # after the turning-against findings


@pytest.mark.parametrize("minutes", [50, 90])
def test_exercises_of_a_level_that_do_not_fit_together_get_a_session_of_their_own(minutes: int) -> None:
    draft = plan({**GOTTMAN_A, "context_resentment": 1, "o4": 5, "p1_partner": 5}, GOTTMAN_B, 12, minutes=minutes)
    conflict = [[e.key for e in s.exercises] for s in draft.sessions if s.level == 5]
    assert sorted(key for keys in conflict for key in keys) == [
        "gottman-aftermath-of-a-fight",
        "gottman-four-horsemen",
        "gottman-repair-checklist",
        "gottman-softened-startup",
    ]
    assert all(not e.at_home for s in draft.sessions if s.level == 5 for e in s.exercises)
    assert [s.notes for s in draft.sessions if s.notes] == []


def test_the_daily_talk_goes_home_with_turning_toward_however_long_turning_toward_takes() -> None:
    longer = [replace(i, duration_minutes=40) if i.key == "gottman-turning-toward-bids" else i for i in LIBRARY]
    draft = plan({**GOTTMAN_A, "context_overload": 1}, GOTTMAN_B, exercises=longer)
    level_3 = [s for s in draft.sessions if s.level == 3]
    assert [[(e.key, e.minutes, e.at_home) for e in s.exercises] for s in level_3] == [
        [("gottman-turning-toward-bids", 40, False), ("gottman-stress-reducing-conversation", 0, True)]
    ]
    assert level_3[0].notes == ""


def test_softened_startup_and_repair_share_a_session_even_when_conflict_work_opens_the_house() -> None:
    draft = plan({"context_resentment": 1}, {})  # resentment alone: Dreams Within Conflict, prepared for first
    assert [[(e.key, e.minutes) for e in s.exercises] for s in draft.sessions if s.level] == [
        [("gottman-softened-startup", 20), ("gottman-repair-checklist", 20)],
        [("gottman-dreams-within-conflict", 40)],
    ]


def test_both_conflict_exercises_fed_by_turning_against_carry_its_finding_and_goal() -> None:
    draft = plan({"bids_response_partner": 3}, {"bids_response_self": 3}, sessions=10)
    conflict = {e.key: (e.reason, s.goals[-1]) for s in draft.sessions if s.level == 5 for e in s.exercises}
    against = (
        "Chosen because, when Sam reaches out in small ways, Sam says Alex usually responds with irritation, "
        "criticism or a put-down (turning against); Alex's own answer: responds with irritation, criticism or a "
        "put-down (turning against)."
    )
    goal = "Each partner answers a small reach without irritation or put-downs, even when busy."
    assert conflict == {"gottman-four-horsemen": (against, goal), "gottman-softened-startup": (against, goal)}


def test_sessions_before_joint_work_leave_fewer_for_the_house_and_the_rest_is_named() -> None:
    draft = plan({**GOTTMAN_A, "stance": 3, "context_resentment": 1, "context_overload": 1}, GOTTMAN_B, sessions=6)
    assert [s.focus for s in draft.sessions][-2:] == [
        "Love maps (level 1): Love Maps",
        "Turning toward (level 3): Turning Toward Bids (bid log)",
    ]  # after discernment, the assessment and the two individual sessions
    assert draft.sessions[-1].notes == (
        "Not in this plan: Four Horsemen and Their Antidotes, Softened Start-Up, Repair Checklist, Dreams Within "
        "Conflict and Stress-Reducing Conversation. Add sessions to include them."
    )
