"""The comparison page's two voices: themes for the room, who-said-what for the therapist, the caveat under a
safety finding, and each partner's own pronouns."""

from typing import Any

import pytest
from django.test import Client

from clinic.printing.reports import readiness_notes
from intake.comparison import Person, compare
from intake.questionnaire import QUESTIONNAIRE
from tests.factories import submitted_couple
from tests.recommender_cases import PURSUER, WITHDRAWER, answers


def _page(client: Client, couple: Any) -> str:
    response = client.get(f"/couples/{couple.pk}/comparison/")
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_themes_come_first_in_the_couples_voice_and_the_detail_says_it_is_for_the_therapist(
    therapist_client: Client, therapist: Any
) -> None:
    couple = submitted_couple(therapist, answers(**PURSUER), answers(**WITHDRAWER), ("Maya", "Tom"), ("she", "he"))
    html = _page(therapist_client, couple)
    themes = _section(html, "themes-heading")
    assert "You both miss talk at bedtime without screens." in themes
    assert "You see how feelings are received at home differently." in themes
    assert "Maya" not in themes and "Tom" not in themes
    detail = _section(html, "summary-heading")
    assert "Summary: who said what (for you only)" in detail and "Do not read these aloud." in detail
    assert "Maya says Tom never asks about her worries, dreams and day; Tom says he often does." in detail
    assert html.index("themes-heading") < html.index("summary-heading")


def test_under_tier_a_differences_carry_the_caveat_and_stay_out_of_the_themes(
    therapist_client: Client, therapist: Any
) -> None:
    couple = submitted_couple(
        therapist, answers(**PURSUER, safety_afraid=1), answers(**WITHDRAWER), ("Maya", "Tom"), ("she", "he")
    )
    html = _page(therapist_client, couple)
    assert "never present them to the couple as equal perspectives" in _section(html, "summary-heading")
    themes = _section(html, "themes-heading")
    assert "You see" not in themes and "Differences are left out here" in themes
    assert "may reflect fear or control" in _section(html, "detail-heading")


def test_without_a_tier_a_finding_there_is_no_caveat(therapist_client: Client, therapist: Any) -> None:
    couple = submitted_couple(
        therapist, answers(**PURSUER, safety_insulted=1), answers(**WITHDRAWER), ("Maya", "Tom"), ("she", "he")
    )
    html = _page(therapist_client, couple)
    assert "perception-caveat" not in html and "You see how feelings" in _section(html, "themes-heading")


@pytest.mark.parametrize(
    ("pronouns", "expected"),
    [
        (("she", "her", "her", False), "Dana does not feel safe enough to be open with her partner."),
        (("he", "him", "his", False), "Dana does not feel safe enough to be open with his partner."),
        (("they", "them", "their", True), "Dana does not feel safe enough to be open with their partner."),
    ],
)
def test_readiness_notes_use_each_partners_own_pronouns(pronouns: tuple[Any, ...], expected: str) -> None:
    result = compare(QUESTIONNAIRE, Person("Dana", *pronouns), Person("Chris"), {"readiness_openness": 1}, {})
    assert expected in readiness_notes(result)


def test_the_page_writes_readiness_in_the_partners_pronouns(therapist_client: Client, therapist: Any) -> None:
    couple = submitted_couple(
        therapist, answers(readiness_openness=1, readiness_change=1), answers(), ("Dana", "Chris"), ("she", "he")
    )
    html = _page(therapist_client, couple)
    assert "Dana does not feel safe enough to be open with her partner." in html
    assert "Dana is not yet willing to change how she responds." in html
    assert "their partner" not in html
