"""The comparison's words as a therapist reads them: the middle category named for what it is, bids as sentences
with each partner's pronouns, the gap threshold without a setting's name, and a chart for each screen size."""

from typing import Any

import pytest
from django.test import Client

from clinic.printing.reports import bid_rows, category_label, comparison_report
from intake.comparison import Category, Person, compare
from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE
from tests.factories import submit_intake

SAM = Person("Sam", "he", "him", "his", False)
ALEX = Person("Alex", "she", "her", "her", False)
KIT = Person("Kit")  # they / them


def _behaviours(partner: int, self_: int) -> dict[str, int]:
    answers = {f"p{n}_partner": partner for n in range(1, 9)}
    answers.update({f"p{n}_self": self_ for n in range(1, 9)})
    return answers


def test_both_saying_sometimes_is_named_as_such_not_uncertain() -> None:
    comparison = compare(QUESTIONNAIRE, SAM, ALEX, _behaviours(3, 3), _behaviours(3, 3))
    direction = comparison.areas[0].directions[0]
    assert direction.category is Category.UNCERTAIN
    label = category_label(direction, comparison)
    assert label == "Both say “Sometimes”: neither a clear strength nor a concern"
    assert "Uncertain" not in label


def test_close_answers_around_the_middle_are_said_to_be_close() -> None:
    comparison = compare(QUESTIONNAIRE, SAM, ALEX, _behaviours(4, 3), _behaviours(4, 3))
    labels = {category_label(d, comparison) for area in comparison.areas for d in area.directions}
    assert "Close together in the middle: neither a clear strength nor a concern" in labels


def _bids(response: int | None, own: int | None) -> tuple[dict[str, int], dict[str, int]]:
    """Answers where Sam speaks of Alex's response to his bids, and Alex of her own."""
    sam = {"bids_response_partner": response} if response else {}
    alex = {"bids_response_self": own} if own else {}
    return sam, alex


def test_bids_read_as_one_sentence_with_the_partners_pronouns() -> None:
    sam, alex = _bids(2, 1)
    sentences = bid_rows(compare(QUESTIONNAIRE, SAM, ALEX, sam, alex))
    assert (
        "When Sam reaches out in a small way, Sam says Alex usually misses it, or carries on as if nothing was "
        "said; Alex says she usually notices and responds with interest or warmth."
    ) in sentences


def test_a_they_partner_reads_with_plural_verbs() -> None:
    sentences = bid_rows(compare(QUESTIONNAIRE, SAM, KIT, {"bids_response_partner": 3}, {"bids_response_self": 3}))
    assert (
        "When Sam reaches out in a small way, Sam says Kit usually responds with irritation, criticism or a put-down; "
        "Kit says they usually respond with irritation, criticism or a put-down."
    ) in sentences


@pytest.mark.parametrize(
    ("response", "own", "expected"),
    [
        (3, None, "Alex did not answer this."),
        (None, 1, "Alex says that when Sam reaches out in a small way, she usually notices"),
        (None, None, "Neither answered how Alex responds when Sam reaches out."),
    ],
)
def test_a_missing_bid_answer_is_said_plainly(response: int | None, own: int | None, expected: str) -> None:
    sam, alex = _bids(response, own)
    assert any(expected in sentence for sentence in bid_rows(compare(QUESTIONNAIRE, SAM, ALEX, sam, alex)))


def test_the_page_gives_the_threshold_without_the_settings_name(
    therapist_client: Client, couple: Couple, settings: Any
) -> None:
    settings.ATTUNE_GAP_THRESHOLD = 3
    submit_intake(couple.partner_a, pick=4)
    submit_intake(couple.partner_b, pick=0)
    html = therapist_client.get(f"/couples/{couple.pk}/comparison/").content.decode()
    assert "at least 3 points apart on the 5-point scale, as set by your practice" in html
    assert "ATTUNE_" not in html and "Uncertain" not in html
    assert 'id="perception-chart"' in html and 'id="perception-chart-narrow"' in html
    assert 'class="bid-sentences"' in html and "reaches out in a small way" in html


def test_the_pdf_report_has_one_compact_chart() -> None:
    comparison = compare(QUESTIONNAIRE, SAM, ALEX, _behaviours(5, 5), _behaviours(5, 5))
    report = comparison_report(comparison, (QUESTIONNAIRE, QUESTIONNAIRE), chart_id="pdf-chart", compact=True)
    assert 'id="pdf-chart"' in report["chart"] and report["chart_narrow"] == ""
    assert ">both</text>" in report["chart"]
