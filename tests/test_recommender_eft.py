"""EFT sequencing in a draft (docs/clinical.md, "EFT sequencing"): Johnson's stages and steps in order, the
individual sessions before stage 2, the Hold Me Tight conversations in the book's order, longer and shorter plans.

Pure: no database and no Django settings.
"""

from typing import Any

from tests.recommender_cases import EFT_A, EFT_B, LIBRARY, drafted, keys, plan, planned, pursue_withdraw


def steps(draft: Any) -> list[tuple[int, ...]]:
    return [session.eft_steps for session in draft.sessions]


def test_an_eft_draft_follows_johnsons_steps_with_one_individual_session_per_partner() -> None:
    draft = plan(EFT_A, EFT_B)
    assert draft.approach == "eft" and len(draft.sessions) == 10
    assert steps(draft) == [(1, 2), (), (), (3,), (4,), (5,), (6,), (7,), (7,), (8, 9)]
    assert [s.partner for s in draft.sessions[1:3]] == ["a", "b"]
    assert next(planned.key for planned in draft.sessions[7].exercises) == "eft-withdrawer-reengagement"
    assert next(planned.key for planned in draft.sessions[8].exercises) == "eft-blamer-softening"
    assert all(key.startswith(("eft-", "individual-")) for key in keys(draft))  # no Gottman exercise for home
    dates_too = plan({**EFT_A, "p6_partner": 5}, {**EFT_B, "p6_self": 5})  # a habit as well, one area to four
    assert dates_too.approach == "eft" and all(k.startswith(("eft-", "individual-")) for k in keys(dates_too))


def test_the_cycle_names_who_likely_withdraws_and_who_softens() -> None:
    draft = drafted(pursue_withdraw(), LIBRARY)
    withdrawer = next(e for e in planned(draft) if e.key == "eft-withdrawer-reengagement")
    blamer = next(e for e in planned(draft) if e.key == "eft-blamer-softening")
    assert "the partner who pulls back re-engaging (here likely Tom)" in withdrawer.reason
    assert "the pursuing partner softening (here likely Maya)" in blamer.reason
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
    second_look = draft.sessions[focuses.index("Step 2 continued: mapping the cycle")]
    assert second_look.eft_steps == (2,) and draft.sessions[second_look.number].kind == "individual"
    deepened = [s for s in draft.sessions if s.focus.endswith("(continued)")]
    assert [s.eft_steps for s in deepened] == [(3,), (4,), (7,)] and all(s.notes for s in deepened)
    assert focuses[-1] == "Steps 8–9: consolidation" and focuses[-3:-1] == ["Open: review progress"] * 2
    assert draft.sessions[-2].goals == (
        "Review progress with the couple against the goals agreed at the start.",
        "Decide together which step or exercise to continue, or whether to close.",
    )
    blocks = [(s.focus, tuple(e.key for e in s.exercises)) for s in draft.sessions if s.kind != "open"]
    assert len(blocks) == len(set(blocks))  # nothing cycled


def test_a_shorter_eft_plan_keeps_the_order_and_names_what_did_not_fit() -> None:
    draft = plan(EFT_A, EFT_B, sessions=5)
    assert steps(draft) == [(1, 2), (), (), (3,), (4,)]
    assert draft.sessions[-1].notes.startswith("Not in this plan: Step 5: owning needs and fears")
    nine = plan(EFT_A, EFT_B, sessions=9).sessions[-1]
    assert (nine.focus, nine.notes) == (
        "Step 7: blamer softening",
        "If either partner names an attachment injury (a moment of abandonment at a time of need), add Attachment "
        "Injury Resolution or Hold Me Tight conversation 5 here. Not in this plan: Steps 8–9: consolidation. Add "
        "sessions to include them.",
    )


def test_one_session_more_than_the_course_deepens_only_the_first_step_that_takes_longest() -> None:
    draft = plan(EFT_A, EFT_B, sessions=11)
    assert len(draft.sessions) == 11 and steps(draft)[:2] == [(1, 2), (2,)]
    assert [s.focus for s in draft.sessions if "continued" in s.focus] == ["Step 2 continued: mapping the cycle"]


def test_without_a_clear_cycle_step_7_names_no_partner() -> None:
    draft = plan(EFT_A, EFT_B)
    reasons = {e.key: e.reason for e in planned(draft)}
    assert reasons["eft-withdrawer-reengagement"] == "EFT step 7 starts with the partner who pulls back re-engaging."
    assert reasons["eft-blamer-softening"].startswith(
        "EFT step 7 continues with the pursuing partner softening, once the other is engaged. Chosen because"
    )
    assert not any("cycle:" in note for note in draft.notes)


def test_conversation_6_on_touch_only_when_warm_touch_came_up() -> None:
    without = [key for key in keys(plan(EFT_A, EFT_B)) if key.startswith("eft-hmt-")]
    assert without == [
        "eft-hmt-1-demon-dialogues",
        "eft-hmt-2-raw-spots",
        "eft-hmt-3-rocky-moment",
        "eft-hmt-4-engaging-connecting",
        "eft-hmt-7-keeping-love-alive",
    ]
    touch = next(e for e in planned(plan(EFT_A, {**EFT_B, "p5_partner": 1})) if e.key == "eft-hmt-6-sex-and-touch")
    assert touch.reason.endswith("touch and closeness, because warm, everyday touch came up as a concern.")


def test_each_conversation_is_set_for_home_with_its_number_and_its_place_in_the_course() -> None:
    draft = plan(EFT_A, EFT_B)
    four = next(e for e in planned(draft) if e.key == "eft-hmt-4-engaging-connecting")
    assert four.reason == (
        "Hold Me Tight conversation 4 (Johnson 2008), in the book's order: the hold-me-tight conversation itself, "
        "only now that the cycle has calmed."
    )
    assert [s.notes for s in draft.sessions if "did not fit" in s.notes] == []  # homework from the start


def test_the_blamer_softening_session_says_where_an_attachment_injury_would_go() -> None:
    draft = plan(EFT_A, EFT_B)
    noted = [s.focus for s in draft.sessions if "Attachment Injury Resolution" in s.notes]
    assert noted == ["Step 7: blamer softening"]
    assert not {"eft-attachment-injury-resolution", "eft-hmt-5-forgiving-injuries"} & set(keys(draft))


def test_each_step_carries_its_own_goal_and_the_goal_of_the_finding_behind_its_exercise() -> None:
    draft = plan(EFT_A, EFT_B)
    goals = {s.focus: s.goals for s in draft.sessions}
    assert goals["Steps 1–2: alliance, assessment and the negative cycle"] == (
        "Both partners describe their negative cycle and see it as the common enemy.",
        "When asked for closeness, each partner pauses and responds without defending or blaming.",  # P8, shared
    )
    assert goals["Step 4: the cycle and unmet needs as the problem"] == (
        "Both describe the problem as the cycle and the needs beneath it, not as each other.",
    )


def test_a_second_session_on_a_step_takes_in_the_conversation_that_step_set_for_home() -> None:
    draft = plan(EFT_A, EFT_B, sessions=16)
    by_focus = {s.focus: s for s in draft.sessions}
    step_3, again = (
        by_focus["Step 3: the emotions beneath each position"],
        by_focus["Step 3: the emotions beneath each position (continued)"],
    )
    assert [e.key for e in step_3.exercises] == ["eft-access-attachment-emotions"]
    assert [(e.key, e.minutes, e.at_home) for e in again.exercises] == [("eft-hmt-2-raw-spots", 40, False)]
    assert again.exercises[0].reason.startswith("Hold Me Tight conversation 2 (Johnson 2008)")
    assert again.goals == step_3.goals and again.number == step_3.number + 1
    conversations = [key for key in keys(draft) if key.startswith("eft-hmt-")]
    assert len(conversations) == len(set(conversations))  # each once, in a session or at home
