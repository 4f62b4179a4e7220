"""Properties every draft keeps, whatever the answers, the session count or the session length (hypothesis).

Pure: no database and no Django settings.
"""

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.plans.recommender import Draft
from intake.comparison import compare
from intake.questionnaire import QUESTIONNAIRE, Kind, SafetyTier
from tests.recommender_cases import ALEX, BY_KEY, LIBRARY, SAM, drafted

ANSWER_SETS = st.fixed_dictionaries(
    {},
    optional={
        item.key: st.sampled_from([choice.value for choice in item.choices])
        for item in QUESTIONNAIRE.items
        if item.kind != Kind.TEXT and not item.safety
    },
)
SAFETY_KEYS = [item.key for item in QUESTIONNAIRE.items if item.safety]
TIER_A = {item.key for item in QUESTIONNAIRE.items if item.tier is SafetyTier.A}
SAFETY_SCREEN = "Safety screen, with each partner individually"


def drafts() -> st.SearchStrategy[tuple[Draft, set[str]]]:
    """A draft from any answers, with any safety endorsements, any count (or the default) and session length."""

    def build(a: dict[str, Any], b: dict[str, Any], endorsed: list[str], count: int | None, minutes: int) -> Any:
        safety = dict.fromkeys(endorsed, 1)
        comparison = compare(QUESTIONNAIRE, SAM, ALEX, a | safety, b)
        return drafted(comparison, LIBRARY, count, minutes), set(endorsed)

    return st.builds(
        build,
        ANSWER_SETS,
        ANSWER_SETS,
        st.lists(st.sampled_from(SAFETY_KEYS), max_size=2, unique=True),
        st.one_of(st.none(), st.integers(1, 20)),
        st.sampled_from([30, 45, 50, 60, 90]),
    )


@settings(max_examples=200, deadline=None)
@given(drafts())
def test_eft_steps_never_go_down_from_session_to_session(case: tuple[Any, set[str]]) -> None:
    draft, _endorsed = case
    seen = [session.eft_steps for session in draft.sessions if session.eft_steps]
    assert all(max(before) <= min(after) for before, after in itertools.pairwise(seen))


@settings(max_examples=200, deadline=None)
@given(drafts())
def test_no_stage_2_step_comes_before_both_individual_sessions(case: tuple[Any, set[str]]) -> None:
    draft, _endorsed = case
    met: set[str] = set()
    for session in draft.sessions:
        if session.kind == "individual":
            met.add(session.partner)
        if any(step >= 5 for step in session.eft_steps):
            assert met == {"a", "b"}, session.number


@settings(max_examples=200, deadline=None)
@given(drafts())
def test_stage_3_is_last_and_the_house_is_built_from_the_ground_up(case: tuple[Any, set[str]]) -> None:
    draft, _endorsed = case
    stage_3 = [s.number for s in draft.sessions if 8 in s.eft_steps]
    assert not stage_3 or stage_3 == [draft.sessions[-1].number]
    levels = [session.level for session in draft.sessions if session.level]
    assert levels == sorted(levels)


@settings(max_examples=200, deadline=None)
@given(drafts())
def test_no_discernment_and_no_joint_exercise_where_fear_or_violence_is_endorsed(case: tuple[Any, set[str]]) -> None:
    draft, endorsed = case
    keys = [exercise.key for session in draft.sessions for exercise in session.exercises]
    if endorsed & TIER_A:
        assert "individual-discernment-counselling" not in keys and "discernment" not in draft.readiness_step.lower()
        assert draft.safety_hold and not [key for key in keys if BY_KEY[key].joint]
    if draft.safety_hold:
        assert not [key for key in keys if BY_KEY[key].paused_by_safety]


@settings(max_examples=200, deadline=None)
@given(drafts())
def test_no_session_runs_over_its_length(case: tuple[Any, set[str]]) -> None:
    draft, _endorsed = case
    for session in draft.sessions:
        assert session.minutes <= session.length
        assert SAFETY_SCREEN in session.measures and len(session.goals) <= 3


@settings(max_examples=150, deadline=None)
@given(drafts())
def test_nothing_is_cycled_to_fill_a_plan(case: tuple[Any, set[str]]) -> None:
    draft, _endorsed = case
    blocks = [
        (session.focus, tuple(e.key for e in session.exercises))
        for session in draft.sessions
        if session.kind not in ("open",)
    ]
    assert len(blocks) == len(set(blocks))
    in_session = [e.key for s in draft.sessions for e in s.exercises if not e.at_home and s.kind == "joint"]
    assert len(in_session) == len(set(in_session))
