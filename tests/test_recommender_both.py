"""A plan for both approaches (docs/clinical.md, "Gottman sequencing"): EFT's course in the sessions, with at most
one Gottman exercise per session for home, level by level from step 3 on, for everyday skills and habits only.

Pure: no database and no Django settings.
"""

from typing import Any

from tests.recommender_cases import BOTH_A, BOTH_B, BY_KEY, keys, plan, planned

LEVEL = {"gottman-love-maps": 1, "gottman-fondness-admiration": 2, "gottman-turning-toward-bids": 3}
LEVEL |= {"gottman-stress-reducing-conversation": 3, "gottman-four-horsemen": 5, "gottman-softened-startup": 5}
LEVEL |= {"gottman-repair-checklist": 5, "gottman-aftermath-of-a-fight": 5, "gottman-dreams-within-conflict": 6}
LEVEL |= {"gottman-state-of-the-union": 7, "gottman-rituals-of-connection": 7}
# Lonely and holding back (EFT); missed and rebuffed reaches, rare rituals, resentment, overload and touch (skills).
MANY_SKILLS_A = {
    "bids_response_partner": 3, "ritual_weekly": 1, "ritual_bedtime": 1, "context_resentment": 1,
    "context_overload": 1, "p5_partner": 1, "o1": 5, "o3": 5,
}  # fmt: skip
MANY_SKILLS_B = {"bids_response_self": 3, "ritual_weekly": 1, "ritual_bedtime": 1, "p5_self": 1}


def gottman_at_home(draft: Any) -> dict[str, list[str]]:
    """Each session's Gottman exercises, by focus."""
    return {s.focus: [e.key for e in s.exercises if BY_KEY[e.key].approach == "gottman"] for s in draft.sessions}


def test_both_follows_eft_with_gottman_exercises_for_home_in_the_houses_order() -> None:
    draft = plan(BOTH_A, BOTH_B)
    assert draft.approach == "both" and len(draft.sessions) == 10
    home = [e for e in planned(draft) if BY_KEY[e.key].approach == "gottman"]
    assert home and all(e.at_home for e in home)
    levels = [level for e in home for level in [LEVEL[e.key]]]
    assert levels == sorted(levels)


def test_each_gottman_exercise_goes_home_with_the_eft_session_of_its_level() -> None:
    draft = plan(BOTH_A, BOTH_B)
    home = {focus: keys for focus, keys in gottman_at_home(draft).items() if keys}
    assert home == {
        "Step 3: the emotions beneath each position": ["gottman-love-maps"],  # level 1 from step 3
        "Step 5: owning needs and fears": ["gottman-turning-toward-bids"],  # level 3 from step 5
    }
    love_maps = next(e for e in planned(draft) if e.key == "gottman-love-maps")
    assert love_maps.reason.startswith("Chosen because Sam says Alex never asks about his worries, dreams and day")
    assert [s.notes for s in draft.sessions if "did not fit" in s.notes] == []  # set for home, not squeezed out


def test_a_session_that_takes_a_gottman_exercise_home_keeps_its_step_goals_and_notes() -> None:
    alone = {s.focus: s for s in plan(MANY_SKILLS_A, MANY_SKILLS_B).sessions}
    softening = alone["Step 7: blamer softening"]
    assert [e.key for e in softening.exercises][-1] == "gottman-softened-startup"
    assert softening.eft_steps == (7,)
    assert softening.goals[0] == "The pursuing partner asks for comfort from the softer feeling, and is met."
    assert softening.notes.startswith("If either partner names an attachment injury")


def test_a_both_plan_leaves_attachment_work_to_eft() -> None:
    brushed_off = plan({**BOTH_A, "p1_partner": 5, "o7": 5}, {**BOTH_B, "p1_self": 1, "o7": 5})
    assert brushed_off.approach == "both"
    assert [key for key in keys(brushed_off) if BY_KEY[key].approach == "gottman"] == [
        "gottman-love-maps",
        "gottman-turning-toward-bids",
    ]  # no Fondness and Admiration: feelings brushed off and worn self-esteem are EFT's


def test_a_both_plan_names_every_gottman_exercise_that_found_no_session() -> None:
    draft = plan(MANY_SKILLS_A, MANY_SKILLS_B)
    assert draft.approach == "both"
    # More sessions would not bring them in (they deepen EFT steps), so the note says what would.
    assert draft.sessions[-1].notes.endswith(
        "Not in this plan: Dreams Within Conflict and Rituals of Connection (the six hours). Each EFT session carries "
        "at most one Gottman exercise for home, in the house's order; add any of them by hand where the couple is "
        "ready for it."
    )
    assert "Add sessions" not in draft.sessions[-1].notes
    assert [e.key for e in planned(draft)].count("gottman-repair-checklist") == 1
    longer = plan(MANY_SKILLS_A, MANY_SKILLS_B, sessions=14)  # its extra sessions deepen EFT steps
    assert longer.sessions[-1].focus == "Steps 8–9: consolidation"  # stage 3 stays last and carries the note
    assert "Not in this plan: Dreams Within Conflict and Rituals of Connection" in longer.sessions[-1].notes
    assert "Add sessions" not in longer.sessions[-1].notes
    shorter = plan(MANY_SKILLS_A, MANY_SKILLS_B, sessions=4)  # too short for the EFT steps themselves
    assert "Add sessions to include them." in shorter.sessions[-1].notes


def test_a_longer_both_plan_deepens_eft_steps_and_keeps_stage_3_last() -> None:
    draft = plan(BOTH_A, BOTH_B, sessions=16)
    focuses = [s.focus for s in draft.sessions]
    assert [f for f in focuses if "continued" in f] == [
        "Step 2 continued: mapping the cycle",
        "Step 3: the emotions beneath each position (continued)",
        "Step 4: the cycle and unmet needs as the problem (continued)",
        "Step 7: blamer softening (continued)",
    ]
    assert focuses[-3:] == ["Open: review progress", "Open: review progress", "Steps 8–9: consolidation"]
    assert gottman_at_home(draft)["Step 3: the emotions beneath each position"] == ["gottman-love-maps"]
