"""The therapist's comparison page: what it shows, to whom, and what it records."""

from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog
from intake.models import Couple, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.factories import make_couple
from tests.intake_steps import consent, step_data


def _submit(partner: Partner, pick: int = 0, safety: dict[str, str] | None = None, words: str = "") -> None:
    client = partner_client(partner)
    consent(client)
    for number, section in enumerate(QUESTIONNAIRE.sections, start=1):
        data = step_data(section, pick)
        if section.private and safety:
            data.update({key: value for key, value in safety.items() if key in {item.key for item in section.items}})
        if section.key == "thoughts" and words:
            data["free_reason"] = words
        assert client.post(f"/i/step/{number}/", data).status_code == 303
    assert client.post("/i/review/").status_code == 303


def _url(couple: Couple) -> str:
    return f"/couples/{couple.pk}/comparison/"


def test_anonymous_goes_to_login(client: Client, couple: Couple) -> None:
    response = client.get(_url(couple))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_other_therapist_gets_404_and_nothing_is_logged(other_client: Client, couple: Couple) -> None:
    assert other_client.get(_url(couple)).status_code == 404
    assert not AccessLog.objects.exists()


def test_partners_cannot_open_it(client_a: Client, couple: Couple) -> None:
    response = client_a.get(_url(couple))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_before_anyone_submits_it_says_so(therapist_client: Client, couple: Couple) -> None:
    response = therapist_client.get(_url(couple))
    assert response.status_code == 200
    assert "Neither Sam nor Alex has submitted" in response.content.decode()


def test_one_submitted_is_labelled_one_sided(therapist_client: Client, couple: Couple) -> None:
    _submit(couple.partner_a, pick=1, words="A-WORDS")
    html = therapist_client.get(_url(couple)).content.decode()
    assert "Still missing: <bdi>Alex</bdi>" in html
    assert "one-sided" in html
    assert "Where they see things differently" not in html
    assert "A-WORDS" in html


def test_both_submitted_shows_summary_chart_and_detail(therapist_client: Client, couple: Couple) -> None:
    _submit(couple.partner_a, pick=4, words="A-WORDS")
    _submit(couple.partner_b, pick=0, words="B-WORDS")
    response = therapist_client.get(_url(couple))
    html = response.content.decode()
    summary, strengths = html.index("Summary"), html.index("Shared strengths")
    assert summary < strengths < html.index("Shared concerns") < html.index("Where they see things differently")
    assert (
        html.index("Where they see things differently")
        < html.index("Each area in detail")
        < html.index("In their own words")
    )
    assert "A-WORDS" in html and "B-WORDS" in html
    assert "Funk" in html and "13.5" in html
    assert "clinical convention without published norms" in html
    assert "no-store" in response["Cache-Control"]


def test_chart_is_inline_svg_with_a_text_alternative(therapist_client: Client, couple: Couple) -> None:
    _submit(couple.partner_a, pick=4)
    _submit(couple.partner_b, pick=0)
    html = therapist_client.get(_url(couple)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="perception-chart"' in html
    assert 'role="img" aria-labelledby="perception-chart-title perception-chart-desc"' in html
    assert '<title id="perception-chart-title">' in html and '<desc id="perception-chart-desc">' in html
    assert "<caption>The four views of each area" in html  # the same data as a table


def test_safety_panel_shows_for_the_therapist_only_when_something_is_endorsed(
    therapist_client: Client, couple: Couple
) -> None:
    _submit(couple.partner_a, safety={"safety_afraid": "1", "safety_selfharm": "1"})
    _submit(couple.partner_b)
    html = therapist_client.get(_url(couple)).content.decode()
    panel = html[html.index('id="safety-panel"') : html.index("</section>", html.index('id="safety-panel"'))]
    assert "<bdi>Sam</bdi>: Tier A: hold all joint work" in panel
    assert QUESTIONNAIRE.item("safety_afraid").text in panel
    assert "contact <bdi>Sam</bdi> individually as soon as you can" in panel
    assert "Put joint work on hold" in panel
    assert "Alex:" not in panel and "Alex answered yes" not in panel
    actions = list(AccessLog.objects.filter(partner_role="").values_list("action", flat=True))
    assert sorted(actions) == ["view_comparison", "view_safety"]


def test_no_safety_panel_without_endorsements(therapist_client: Client, couple: Couple) -> None:
    _submit(couple.partner_a)
    _submit(couple.partner_b)
    html = therapist_client.get(_url(couple)).content.decode()
    assert "safety-panel" not in html
    assert list(AccessLog.objects.filter(partner_role="").values_list("action", flat=True)) == ["view_comparison"]


def test_each_view_is_recorded(therapist_client: Client, therapist: Any, couple: Couple) -> None:
    therapist_client.get(_url(couple), REMOTE_ADDR="198.51.100.7")
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.couple_id, entry.address) == (
        therapist,
        "view_comparison",
        couple.pk,
        "198.51.100.7",
    )


def test_names_are_escaped_everywhere(therapist_client: Client, therapist: Any) -> None:
    couple = make_couple(therapist, a="<script>alert(1)</script>", b='"><img src=x onerror=alert(2)>')
    _submit(couple.partner_a, words="<b>bold</b>")
    _submit(couple.partner_b)
    html = therapist_client.get(_url(couple)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize("submitted", [0, 1, 2])
def test_query_count_is_constant(
    therapist_client: Client, couple: Couple, django_assert_max_num_queries: Any, submitted: int
) -> None:
    for partner in list(couple.partners.all())[:submitted]:
        _submit(partner)
    therapist_client.get(_url(couple))  # the session's first page notes whether a two-factor device exists
    with django_assert_max_num_queries(8):
        assert therapist_client.get(_url(couple)).status_code == 200
