"""Gottman sequencing in a draft (docs/clinical.md, "Gottman sequencing"): the Sound Relationship House from the
ground up, exercises only after what they need practised first, and a plan for both approaches.

Pure: no database and no Django settings.
"""

from tests.recommender_cases import BOTH_A, BOTH_B, BY_KEY, GOTTMAN_A, GOTTMAN_B, keys, plan, planned


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


def test_both_follows_eft_with_gottman_exercises_for_home_in_the_houses_order() -> None:
    draft = plan(BOTH_A, BOTH_B)
    assert draft.approach == "both" and len(draft.sessions) == 10
    home = [e for e in planned(draft) if BY_KEY[e.key].approach == "gottman"]
    assert home and all(e.at_home for e in home)
    levels = [level for e in home for level in [LEVEL[e.key]]]
    assert levels == sorted(levels)


LEVEL = {"gottman-love-maps": 1, "gottman-fondness-admiration": 2, "gottman-turning-toward-bids": 3}
LEVEL |= {"gottman-stress-reducing-conversation": 3, "gottman-four-horsemen": 5, "gottman-softened-startup": 5}
LEVEL |= {"gottman-repair-checklist": 5, "gottman-aftermath-of-a-fight": 5, "gottman-dreams-within-conflict": 6}
LEVEL |= {"gottman-state-of-the-union": 7, "gottman-rituals-of-connection": 7}
