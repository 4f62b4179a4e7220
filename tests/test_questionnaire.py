"""The intake questionnaire's shape and content: pure data, no database, no Django settings."""

import re
import string

import pytest

from intake.questionnaire import (
    FREQUENCY,
    QUESTIONNAIRE,
    SAFETY_SELF_HARM_KEY,
    Item,
    Kind,
    Perspective,
    Polarity,
)

ITEMS = QUESTIONNAIRE.items
KEY = re.compile(r"^[a-z0-9_]{1,40}$")
P_AREAS = [f"P{n}" for n in range(1, 9)]
O_AREAS = [f"O{n}" for n in range(1, 9)]
WITH_CHOICES = (Kind.LIKERT, Kind.CHOICE, Kind.YESNO)


def values(item: Item) -> list[int]:
    return [choice.value for choice in item.choices]


# Keys and structure


def test_item_keys_are_unique_and_well_formed() -> None:
    keys = [item.key for item in ITEMS]
    assert len(keys) == len(set(keys))
    assert all(KEY.match(key) for key in keys), [key for key in keys if not KEY.match(key)]


def test_section_keys_are_unique() -> None:
    keys = [section.key for section in QUESTIONNAIRE.sections]
    assert len(keys) == len(set(keys))


def test_every_item_names_its_own_section() -> None:
    for section in QUESTIONNAIRE.sections:
        assert section.items, section.key
        for item in section.items:
            assert item.section == section.key, item.key


def test_items_are_all_section_items_in_order() -> None:
    assert QUESTIONNAIRE.items == tuple(item for section in QUESTIONNAIRE.sections for item in section.items)
    assert QUESTIONNAIRE.step_count == len(QUESTIONNAIRE.sections)


def test_lookups_find_items_and_sections() -> None:
    assert QUESTIONNAIRE.item("p3_partner").area == "P3"
    assert QUESTIONNAIRE.section("safety").private
    assert {item.key for item in QUESTIONNAIRE.by_area("csi4")} == {"csi4_1", "csi4_2", "csi4_3", "csi4_4"}
    assert QUESTIONNAIRE.by_area("no such area") == ()


def test_unknown_item_raises_key_error() -> None:
    with pytest.raises(KeyError):
        QUESTIONNAIRE.item("nope")
    with pytest.raises(KeyError):
        QUESTIONNAIRE.section("nope")


def test_version_is_a_non_empty_string() -> None:
    assert isinstance(QUESTIONNAIRE.version, str) and QUESTIONNAIRE.version


def test_sections_follow_the_intake_steps() -> None:
    keys = [section.key for section in QUESTIONNAIRE.sections]
    assert keys[:9] == ["partner", "self", "experience", "bids", "rituals", "context", "readiness", "csi4", "safety"]


def test_all_texts_are_plain_non_empty_strings() -> None:
    for section in QUESTIONNAIRE.sections:
        assert type(section.title) is str and section.title and type(section.intro) is str and section.intro
    for item in ITEMS:
        assert type(item.text) is str and item.text.strip(), item.key
        assert all(type(choice.label) is str for choice in item.choices)


# Areas and perspectives


def test_every_partner_behaviour_is_asked_once_about_the_partner_and_once_about_oneself() -> None:
    for area in P_AREAS:
        perspectives = sorted(item.perspective for item in QUESTIONNAIRE.by_area(area))
        assert perspectives == sorted([Perspective.PARTNER_REPORT, Perspective.SELF_REPORT]), area


def test_partner_behaviour_keys_name_area_and_perspective() -> None:
    for n in range(1, 9):
        assert QUESTIONNAIRE.item(f"p{n}_partner").perspective == Perspective.PARTNER_REPORT
        assert QUESTIONNAIRE.item(f"p{n}_self").perspective == Perspective.SELF_REPORT


def test_both_perspectives_of_a_behaviour_share_polarity_and_scale() -> None:
    for n in range(1, 9):
        about_partner, about_self = QUESTIONNAIRE.item(f"p{n}_partner"), QUESTIONNAIRE.item(f"p{n}_self")
        assert about_partner.polarity == about_self.polarity != Polarity.NONE
        assert about_partner.choices == about_self.choices == FREQUENCY


def test_some_partner_behaviours_are_reverse_keyed() -> None:
    polarities = [QUESTIONNAIRE.item(f"p{n}_partner").polarity for n in range(1, 9)]
    assert polarities.count(Polarity.LOW_IS_PROBLEM) >= 2
    assert polarities.count(Polarity.HIGH_IS_PROBLEM) >= 2


def test_partner_reports_speak_about_the_partner() -> None:
    for area in P_AREAS:
        for item in QUESTIONNAIRE.by_area(area):
            if item.perspective == Perspective.PARTNER_REPORT:
                assert "my partner" in item.text.lower(), item.key


def test_every_own_experience_area_is_present() -> None:
    for area in O_AREAS:
        (item,) = QUESTIONNAIRE.by_area(area)
        assert item.perspective == Perspective.OWN_EXPERIENCE
        assert item.key == area.lower()


def test_bids_are_asked_about_both_partners() -> None:
    perspectives = [item.perspective for item in QUESTIONNAIRE.by_area("bids")]
    assert perspectives.count(Perspective.PARTNER_REPORT) == 2
    assert perspectives.count(Perspective.SELF_REPORT) == 2
    for key in ("bids_response_partner", "bids_response_self"):
        assert values(QUESTIONNAIRE.item(key)) == [1, 2, 3]  # towards, away, against


# Scales


def test_answer_scales_are_well_formed() -> None:
    for item in ITEMS:
        if item.kind in (Kind.LIKERT, Kind.CHOICE):
            found = values(item)
            assert len(found) >= 2, item.key
            assert found == list(range(found[0], found[0] + len(found))), item.key
            assert all(choice.label.strip() for choice in item.choices), item.key


def test_yes_no_items_answer_zero_or_one() -> None:
    for item in ITEMS:
        if item.kind == Kind.YESNO:
            assert sorted(values(item)) == [0, 1], item.key


def test_text_items_are_optional_bounded_and_without_choices() -> None:
    text_items = [item for item in ITEMS if item.kind == Kind.TEXT]
    assert {item.key for item in text_items} >= {"free_reason", "free_hope"}
    for item in text_items:
        assert item.max_length > 0 and item.choices == () and not item.required, item.key


def test_only_text_items_have_a_max_length() -> None:
    assert all(item.max_length == 0 for item in ITEMS if item.kind != Kind.TEXT)


def test_frequency_scale_runs_from_never_to_almost_always() -> None:
    assert [(choice.value, choice.label) for choice in FREQUENCY] == [
        (1, "Never"),
        (2, "Rarely"),
        (3, "Sometimes"),
        (4, "Often"),
        (5, "Almost always"),
    ]


# Scoring and polarity


def test_scored_items_have_a_polarity() -> None:
    scored = [item for item in ITEMS if item.is_scored]
    assert scored
    assert all(item.polarity != Polarity.NONE for item in scored)
    assert all(item.kind in (Kind.LIKERT, Kind.CHOICE) for item in scored)


def test_context_items_are_optional_and_not_scored() -> None:
    context = QUESTIONNAIRE.by_area("context")
    assert len(context) == 5
    for item in context:
        assert not item.is_scored and item.polarity == Polarity.NONE and not item.required, item.key
        assert item.is_problem(1) is None


def test_is_problem_follows_polarity() -> None:
    brushes_off = QUESTIONNAIRE.item("p1_partner")  # high is the problem
    asks_about_me = QUESTIONNAIRE.item("p3_partner")  # low is the problem
    assert brushes_off.polarity == Polarity.HIGH_IS_PROBLEM
    assert asks_about_me.polarity == Polarity.LOW_IS_PROBLEM
    assert [brushes_off.is_problem(value) for value in range(1, 6)] == [False, False, False, True, True]
    assert [asks_about_me.is_problem(value) for value in range(1, 6)] == [True, True, False, False, False]


def test_middle_of_a_five_point_scale_is_never_a_problem() -> None:
    for item in ITEMS:
        if item.is_scored and item.choices == FREQUENCY:
            assert item.is_problem(3) is False, item.key


def test_problems_sit_at_one_end_of_each_scale() -> None:
    for item in ITEMS:
        if item.polarity == Polarity.NONE:
            continue
        flags = [bool(item.is_problem(value)) for value in sorted(values(item))]
        if item.polarity == Polarity.LOW_IS_PROBLEM:
            flags.reverse()
        # Reading from the good end: some non-problems, then only problems.
        assert flags[0] is False and flags[-1] is True, item.key
        assert flags == sorted(flags), item.key


def test_turning_away_from_a_bid_is_already_a_problem() -> None:
    bid = QUESTIONNAIRE.item("bids_response_partner")
    assert [bid.is_problem(value) for value in (1, 2, 3)] == [False, True, True]


def test_being_unsure_or_leaning_out_is_flagged() -> None:
    stance = QUESTIONNAIRE.item("stance")
    assert stance.area == "stance" and stance.kind == Kind.CHOICE
    assert [choice.label for choice in stance.choices] == [
        "I am committed to making this work",
        "I am unsure",
        "I am leaning towards leaving",
    ]
    assert [stance.is_problem(value) for value in (1, 2, 3)] == [False, True, True]


def test_is_problem_rejects_an_answer_outside_the_scale() -> None:
    with pytest.raises(ValueError):
        QUESTIONNAIRE.item("p1_partner").is_problem(6)


def test_readiness_items_are_agreement_scales_where_low_is_the_problem() -> None:
    readiness = QUESTIONNAIRE.by_area("readiness")
    assert len(readiness) == 5
    for item in readiness:
        assert item.kind == Kind.LIKERT and item.polarity == Polarity.LOW_IS_PROBLEM, item.key
        assert [choice.label for choice in item.choices][::4] == ["Strongly disagree", "Strongly agree"]


def test_rituals_are_frequencies_where_low_is_the_problem() -> None:
    rituals = QUESTIONNAIRE.by_area("rituals")
    assert len(rituals) == 4
    assert all(item.choices == FREQUENCY and item.polarity == Polarity.LOW_IS_PROBLEM for item in rituals)


# Read-aloud phrases


def test_every_behaviour_and_feeling_has_a_phrase_that_formats() -> None:
    for area in P_AREAS + O_AREAS:
        for item in QUESTIONNAIRE.by_area(area):
            assert item.phrase, item.key
    for item in ITEMS:
        fields = {name for _, name, _, _ in string.Formatter().parse(item.phrase) if name is not None}
        assert fields <= {"their"}, item.key
        assert "{" not in item.phrase.format(their="her"), item.key


def test_phrases_carry_no_frequency_words() -> None:
    frequency_words = re.compile(r"\b(never|rarely|sometimes|often|always|usually|seldom)\b", re.IGNORECASE)
    assert [item.key for item in ITEMS if frequency_words.search(item.phrase)] == []


# Safety screen


def test_safety_section_is_private_and_holds_every_safety_item() -> None:
    safety = QUESTIONNAIRE.section("safety")
    assert safety.private
    assert [s.key for s in QUESTIONNAIRE.sections if s.private] == ["safety"]
    assert len(safety.items) >= 6
    assert all(item.safety and item.required and item.kind == Kind.YESNO for item in safety.items)
    assert {item.key for item in ITEMS if item.safety} == {item.key for item in safety.items}
    assert all(item.key.startswith("safety_") and item.area == "safety" for item in safety.items)


def test_safety_screen_asks_about_self_harm() -> None:
    assert SAFETY_SELF_HARM_KEY == "safety_selfharm"
    assert QUESTIONNAIRE.item(SAFETY_SELF_HARM_KEY).section == "safety"


def test_any_safety_yes_is_flagged_but_never_scored() -> None:
    for item in QUESTIONNAIRE.section("safety").items:
        assert item.is_problem(1) is True and item.is_problem(0) is False, item.key
        assert not item.is_scored, item.key


def test_safety_intro_promises_the_partner_never_sees_the_answers() -> None:
    intro = QUESTIONNAIRE.section("safety").intro
    assert "everyone" in intro and "only to your therapist" in intro and "never see" in intro
