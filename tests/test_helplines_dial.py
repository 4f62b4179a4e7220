"""Every helpline number on a partner's page is a link a phone follows in one tap: `tel:` to call, `sms:` for a
number the line says only to text."""

import re

import pytest
from django.test import Client

from intake.helplines import dial_parts
from intake.questionnaire import QUESTIONNAIRE
from tests.intake_steps import consent

SAFETY_STEP = QUESTIONNAIRE.sections.index(QUESTIONNAIRE.section("safety")) + 1


@pytest.mark.parametrize(
    "how, links",
    [
        ("Call 911", ["tel:911"]),
        ("Call or text 988", ["tel:988"]),
        ("Call 1-800-799-7233, or text START to 88788", ["tel:18007997233", "sms:88788"]),
        ("Call 112 or 999", ["tel:112", "tel:999"]),
        ("Call 116 123", ["tel:116123"]),
        ("Ring +353 1 234 5678 24/7", ["tel:+35312345678"]),
        ("Text SHOUT to 85258", ["sms:85258"]),
        ("Ask at reception", []),
    ],
)
def test_each_number_becomes_one_link(how: str, links: list[str]) -> None:
    parts = dial_parts(how)
    assert [href for _, href in parts if href] == links
    assert "".join(text for text, _ in parts) == how  # nothing added, nothing dropped


def test_a_one_or_two_digit_figure_is_not_a_number_to_dial() -> None:
    assert dial_parts("Open 7 days, 24 hours") == [("Open 7 days, 24 hours", "")]


@pytest.mark.parametrize("path", ["/i/support/", f"/i/step/{SAFETY_STEP}/"])
def test_helplines_on_partner_pages_are_links(client_a: Client, path: str) -> None:
    consent(client_a)
    html = client_a.get(path).content.decode()
    for number, href in [("911", "tel:911"), ("988", "tel:988"), ("116 123", "tel:116123"), ("999", "tel:999")]:
        assert f'<a href="{href}" class="dial">{number}</a>' in html, number
    assert '<a href="sms:88788" class="dial">88788</a>' in html


def test_the_crisis_box_sits_in_an_alert_region(client_a: Client) -> None:
    consent(client_a)
    html = client_a.get(f"/i/step/{SAFETY_STEP}/").content.decode()
    assert re.search(r'<div class="crisis-live" role="alert">\s*<div id="crisis-resources"', html)
