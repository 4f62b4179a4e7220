"""EFT sequencing in a draft (docs/clinical.md, "EFT sequencing"): Johnson's stages and steps in order, the
individual sessions before stage 2, the Hold Me Tight conversations in the book's order, longer and shorter plans.

Pure: no database and no Django settings.
"""

from clinic.plans.recommender import Draft, draft_plan
from tests.recommender_cases import EFT_A, EFT_B, LIBRARY, keys, plan, planned, pursue_withdraw


def steps(draft: Draft) -> list[tuple[int, ...]]:
    return [session.eft_steps for session in draft.sessions]


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
