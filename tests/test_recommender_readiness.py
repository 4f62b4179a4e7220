"""The recommender's readiness rules (docs/clinical.md, "Discernment counselling" and "Every answer counts"):
discernment only for a mixed agenda, notes for the rest, recognition and openness before vulnerability work.

Pure: no database and no Django settings.
"""

import pytest

from tests.recommender_cases import BOTH_A, BOTH_B, EFT_A, EFT_B, GOTTMAN_A, GOTTMAN_B, keys, plan


def test_discernment_only_for_a_partner_leaning_out_against_one_who_is_committed() -> None:
    draft = plan(GOTTMAN_A, {**GOTTMAN_B, "stance": 3})
    first = draft.sessions[0]
    assert first.kind == "discernment" and first.length == 120
    assert "Alex chose \u201cI am leaning towards leaving\u201d" in first.exercises[0].reason
    assert draft.readiness_step.startswith("Discernment counselling before joint work")
    assert len(draft.sessions) == 8 + 1


def test_the_discernment_session_lays_out_the_three_paths_and_says_when_joint_work_starts() -> None:
    first = plan({**GOTTMAN_A, "stance": 3}, GOTTMAN_B).sessions[0]
    assert (first.focus, first.partner) == ("Discernment counselling", "")
    assert first.goals == (
        "Meet each partner separately for most of the session, together at the start and end.",
        "Lay out the three paths: no change, separation, or an all-out effort in couple therapy.",
        "Help each partner choose a path without pressure.",
    )
    assert first.notes == (
        "Up to five discernment sessions (the first about two hours); joint sessions start only if both partners "
        "choose couple therapy at the end."
    )


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


RECOGNITION = (
    "Sam disagreed that emotional distance has become a problem: seeing the pattern together comes before anything "
    "else."
)
EFT_OPENING = (
    "EFT steps 1–2 (Johnson 2004): alliance with each partner, assessment, and the negative cycle seen as the common "
    "enemy."
)
GOTTMAN_OPENING = (
    "Gottman assessment begins together (Gottman & Gottman 2015): the couple's story, a short conversation about a "
    "disagreement, and goals, before the Sound Relationship House is built from the ground up."
)


@pytest.mark.parametrize(
    ("a", "b", "opening"),
    [(EFT_A, EFT_B, EFT_OPENING), (GOTTMAN_A, GOTTMAN_B, GOTTMAN_OPENING), (BOTH_A, BOTH_B, EFT_OPENING)],
)
def test_recognition_of_the_problem_opens_the_first_session_whatever_the_approach(
    a: dict[str, int], b: dict[str, int], opening: str
) -> None:
    reason = plan({**a, "readiness_problem": 1}, b).sessions[0].exercises[0].reason
    assert reason.startswith(f"{opening} {RECOGNITION}")


def test_a_gottman_opening_with_a_partner_who_sees_no_problem_aims_at_a_shared_pattern() -> None:
    goals = plan({**GOTTMAN_A, "readiness_problem": 1}, GOTTMAN_B).sessions[0].goals
    assert goals[-1] == "Both partners describe the distance between them as a shared pattern, not one person's fault."
    assert len(goals) == len(plan(GOTTMAN_A, GOTTMAN_B).sessions[0].goals) + 1


STANCES = "Sam chose “I am leaning towards leaving” and Alex chose “I am committed to making this work”"


def test_where_fear_rules_out_discernment_the_note_names_the_partner_leaning_out() -> None:
    draft = plan({"stance": 3}, {"stance": 1, "safety_afraid": 1})
    assert [note for note in draft.notes if "leans" in note] == [
        "Sam leans towards leaving, but a partner reported fear, violence or control, so discernment counselling does "
        "not fit (Doherty & Harris 2017 exclude these couples): offer individual work on the decision."
    ]


def test_discernment_waits_for_individual_assessment_when_self_harm_holds_joint_work() -> None:
    draft = plan({"stance": 3, "safety_selfharm": 1}, {"stance": 1})
    assert draft.safety_hold and draft.readiness_step == (
        f"Once individual assessment shows joint work is safe: discernment counselling ({STANCES})."
    )


def test_discernment_comes_before_building_recognition_of_the_problem() -> None:
    draft = plan({**GOTTMAN_A, "stance": 3, "readiness_problem": 1}, GOTTMAN_B)
    assert draft.readiness_step == (
        f"Discernment counselling before joint work: {STANCES}. Joint sessions start only if both partners then "
        "choose an all-out effort in couple therapy. Build a shared recognition of the problem before skills work: "
        "Sam disagreed that emotional distance has become a problem."
    )


NO_CHOICE = (
    "{out} leans towards leaving and {unsure} is unsure: neither has chosen to work on the relationship yet. Revisit "
    "readiness with both before joint work; discernment counselling needs one partner who wants to."
)
UNSURE = "{name} is unsure about the relationship: name it early and revisit readiness; unsure alone needs no discernment counselling."


@pytest.mark.parametrize(
    ("a", "b", "notes"),
    [
        (3, 3, ["Both lean towards leaving: talk with each about what they want from therapy before planning joint work."]),
        (3, 2, [NO_CHOICE.format(out="Sam", unsure="Alex")]),
        (2, 3, [NO_CHOICE.format(out="Alex", unsure="Sam")]),
        (2, 2, [UNSURE.format(name="Sam"), UNSURE.format(name="Alex")]),
    ],
)  # fmt: skip
def test_stances_that_call_for_no_discernment_become_notes_naming_who_stands_where(
    a: int, b: int, notes: list[str]
) -> None:
    assert list(plan({"stance": a}, {"stance": b}).notes) == notes


def test_each_low_readiness_answer_is_a_note_to_explore_early_for_the_partner_who_gave_it() -> None:
    assert plan({"readiness_change": 1}, {"readiness_guidance": 1}).notes == (
        "Sam answered low on “Willing to change”: explore it early.",
        "Alex answered low on “Open to guidance”: explore it early.",
    )
