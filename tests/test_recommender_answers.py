"""Every answer counts (docs/clinical.md, "Every answer counts"): causes, context, own experience and the cycle
each reach the draft, quoted as the finding behind what they chose.

Pure: no database and no Django settings.
"""

from typing import Any

from tests.recommender_cases import (
    EFT_A,
    EFT_B,
    GOTTMAN_A,
    GOTTMAN_B,
    LIBRARY,
    WITHDRAWER,
    drafted,
    plan,
    planned,
    pursue_withdraw,
)


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


def keys_and_reasons(draft: Any) -> dict[str, str]:
    return {exercise.key: exercise.reason for exercise in planned(draft)}


def test_own_experience_answers_are_the_emotions_step_3_reaches_for() -> None:
    reason = next(e.reason for e in planned(plan(EFT_A, EFT_B)) if e.key == "eft-access-attachment-emotions")
    assert "Sam reports, about his own feelings: loneliness in the relationship and holding back feelings." in reason
    assert "Alex reports, about her own feelings: holding back feelings and lasting sadness or emptiness." in reason


def test_a_withdrawer_who_holds_back_is_seen_in_stage_2() -> None:
    draft = drafted(pursue_withdraw(), LIBRARY)
    assert WITHDRAWER["o3"] == 5
    own = next(e.reason for e in planned(draft) if e.key == "eft-own-disowned-needs")
    assert "Tom reports, about his own feelings: holding back feelings" in own


SEEN_ALONE = "See this partner on their own, as for every couple, so neither is singled out."
ASKED = "Ask privately about fear, violence and one's own aggression, an affair and substance use."


def test_each_individual_session_carries_what_that_partners_own_answers_ask_to_explore() -> None:
    draft = plan({**GOTTMAN_A, "context_childhood": 1}, {**GOTTMAN_B, "readiness_openness": 1})
    sam, alex = (s for s in draft.sessions if s.kind == "individual")
    assert (sam.focus, sam.goals) == (
        "Individual session: Sam",
        (
            "Talk with Sam about individual therapy alongside the couple work (feelings were rarely talked about in "
            "the family he grew up in).",
            SEEN_ALONE,
            ASKED,
        ),
    )
    assert (alex.focus, alex.goals) == (
        "Individual session: Alex",
        (
            "Alex does not feel safe enough to be open with Sam: explore what would make joint sessions safe enough "
            "before any vulnerability work.",
            SEEN_ALONE,
            ASKED,
        ),
    )
    assert sam.exercises[0].reason == (
        "Gottman assessment: one individual session with each partner (Gottman & Gottman 2015), which also screens "
        "for violence, an affair and substance use."
    )
    eft = next(s for s in plan(EFT_A, EFT_B).sessions if s.kind == "individual")
    assert eft.exercises[0].reason == (
        "EFT: one individual session with each partner after the first joint session and before stage 2 (Johnson "
        "2004): violence, an affair, substance use, and what cannot be said in the room."
    )
    assert eft.goals == (SEEN_ALONE, ASKED, "Hear what this partner finds hard to say in joint sessions.")


def test_without_individual_sessions_in_the_library_the_sessions_stay_with_no_exercise_invented() -> None:
    smaller = [info for info in LIBRARY if info.approach != "individual"]
    draft = plan(GOTTMAN_A, GOTTMAN_B, exercises=smaller)
    assert [(s.kind, s.partner, s.exercises) for s in draft.sessions[1:3]] == [
        ("individual", "a", ()),
        ("individual", "b", ()),
    ]
