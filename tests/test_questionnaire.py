"""The intake questionnaire's shape and content: pure data, no database, no Django settings."""

import re

import pytest

from intake.questionnaire import (
    FREQUENCY,
    QUESTIONNAIRE,
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
    assert keys == [
        "partner",
        "self",
        "experience",
        "bids",
        "rituals",
        "context",
        "readiness",
        "csi4",
        "safety",
        "private",
        "thoughts",
    ]


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
