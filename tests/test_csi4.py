"""The CSI-4 in the questionnaire, exactly as published: wording, answers, scores, cut-off and citation.

Funk, J. L., & Rogge, R. D. (2007); the only instrument Attune reproduces word for word (docs/clinical.md, CSI-4).
"""

from intake.questionnaire import CSI4_CITATION, CSI4_CUTOFF, QUESTIONNAIRE, Item, Kind, Polarity


def values(item: Item) -> list[int]:
    return [choice.value for choice in item.choices]


HAPPINESS = [
    ("Extremely unhappy", 0),
    ("Fairly unhappy", 1),
    ("A little unhappy", 2),
    ("Happy", 3),
    ("Very happy", 4),
    ("Extremely happy", 5),
    ("Perfect", 6),
]
TRUE = [
    ("Not at all true", 0),
    ("A little true", 1),
    ("Somewhat true", 2),
    ("Mostly true", 3),
    ("Almost completely true", 4),
    ("Completely true", 5),
]
DEGREE = [
    ("Not at all", 0),
    ("A little", 1),
    ("Somewhat", 2),
    ("Mostly", 3),
    ("Almost completely", 4),
    ("Completely", 5),
]
CSI4_EXPECTED = [
    ("csi4_1", "Please indicate the degree of happiness, all things considered, of your relationship.", HAPPINESS),
    ("csi4_2", "I have a warm and comfortable relationship with my partner.", TRUE),
    ("csi4_3", "How rewarding is your relationship with your partner?", DEGREE),
    ("csi4_4", "In general, how satisfied are you with your relationship?", DEGREE),
]


def test_csi4_matches_the_published_instrument() -> None:
    section = QUESTIONNAIRE.section("csi4")
    actual = [(item.key, item.text, [(c.label, c.value) for c in item.choices]) for item in section.items]
    assert actual == CSI4_EXPECTED
    for item in section.items:
        assert item.kind == Kind.CHOICE and item.area == "csi4" and item.polarity == Polarity.LOW_IS_PROBLEM


def test_csi4_total_ranges_from_0_to_21_with_the_published_cutoff() -> None:
    items = QUESTIONNAIRE.by_area("csi4")
    assert sum(min(values(item)) for item in items) == 0
    assert sum(max(values(item)) for item in items) == 21
    assert CSI4_CUTOFF == 13.5


def test_csi4_citation_is_kept_for_the_therapist_but_not_on_the_partners_page() -> None:
    assert "Funk" in CSI4_CITATION and "Rogge" in CSI4_CITATION and "10.1037/0893-3200.21.4.572" in CSI4_CITATION
    assert "Funk" not in QUESTIONNAIRE.section("csi4").intro and "doi" not in QUESTIONNAIRE.section("csi4").intro
