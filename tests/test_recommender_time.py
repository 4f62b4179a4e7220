"""Session time and measures in a draft (docs/clinical.md, "Session time"): exercises fit the session after
the check-in, a plan's size within its bounds, the safety screen every session and the CSI-4 regularly.

Pure: no database and no Django settings.
"""

from typing import Any

import pytest

from clinic.plans.recommender import PlannedSession, open_session
from clinic.plans.recommender_types import Block, ExerciseInfo, Pick, PlannedExercise, SessionKind
from clinic.plans.sessions import measures, timed
from tests.recommender_cases import BOTH_A, BOTH_B, EFT_A, EFT_B, GOTTMAN_A, GOTTMAN_B, english, plan

SAFETY_SCREEN = "Safety screen, with each partner individually"
CSI4 = "CSI-4, each partner"


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
    assert english(measures(4, 12)) == (CSI4, SAFETY_SCREEN) and english(measures(2, 12)) == english(
        measures(5, 12)
    ) == (SAFETY_SCREEN,)


def test_a_session_added_by_hand_is_left_open_for_review_with_the_measures_of_its_place() -> None:
    review = (
        "Review progress with the couple against the goals agreed at the start.",
        "Decide together which step or exercise to continue, or whether to close.",
    )
    assert english(open_session(4, 12, 60)) == PlannedSession(
        4, "open", "Open: review progress", review, (), (), (CSI4, SAFETY_SCREEN), length=60
    )
    assert (english(open_session(5, 12)).measures, english(open_session(5, 12)).length) == ((SAFETY_SCREEN,), 50)
    assert english(open_session(12, 12)).measures == (CSI4, SAFETY_SCREEN)  # added as the last session: the CSI-4 again


def _exercise(key: str, minutes: int, homework: str = "") -> ExerciseInfo:
    return ExerciseInfo(key, key.title(), "gottman", "", (), True, True, homework, minutes)


def test_what_does_not_fit_the_session_goes_home_if_it_can_and_is_named_if_it_cannot() -> None:
    library = {
        "talk": _exercise("talk", 20, "Talk daily."),
        "map": _exercise("map", 20),
        "log": _exercise("log", 20, "Keep the log."),
        "dream": _exercise("dream", 20),
    }
    picks = tuple(Pick(key, f"Chosen for {key}.") for key in ("talk", "gone", "map", "log", "dream"))
    [session] = english(timed([Block(SessionKind.JOINT, "Level 3", picks, notes="Watch for flooding.")], 50, library))
    assert session.exercises == (  # 40 minutes after the check-in; an exercise no longer in the library is skipped
        PlannedExercise("talk", "Chosen for talk.", 20),
        PlannedExercise("map", "Chosen for map.", 20),
        PlannedExercise("log", "Chosen for log.", 0, at_home=True),
    )
    assert session.notes == (
        "Watch for flooding. Log did not fit the session's time and is set for home. Not in this plan: Dream. Add "
        "sessions to include them."
    )
    assert session.homework == ("Talk daily.", "Keep the log.") and session.minutes == session.length == 50


def test_a_session_count_that_is_not_a_whole_number_says_so() -> None:
    count: Any = 2.5
    with pytest.raises(ValueError, match=r"^the number of sessions must be a whole number, not 2\.5$"):
        plan(EFT_A, EFT_B, sessions=count)


def test_the_limits_of_a_plan_are_said_when_refused_and_their_edges_accepted() -> None:
    with pytest.raises(ValueError, match=r"^a plan has 1 to 20 sessions, not 21$"):
        plan(EFT_A, EFT_B, sessions=21)
    with pytest.raises(ValueError, match=r"^a session lasts 30 to 180 minutes$"):
        plan(EFT_A, EFT_B, minutes=181)
    longest = plan(EFT_A, EFT_B, sessions=20, minutes=180)
    assert (len(longest.sessions), longest.session_minutes, longest.sessions[-1].length) == (20, 180, 180)
