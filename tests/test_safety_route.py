"""The partner's private steps: never shown again, help that fits, safe contact, and no promise not made."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from intake import helplines
from intake.models import Partner
from intake.questionnaire import DECLINE_VALUE, QUESTIONNAIRE
from tests.conftest import partner_client
from tests.intake_steps import answer_steps, consent, step_data

SAFETY = QUESTIONNAIRE.section("safety")
PRIVATE = QUESTIONNAIRE.section("private")
SAFETY_STEP = [s.key for s in QUESTIONNAIRE.sections].index("safety") + 1
PRIVATE_STEP = SAFETY_STEP + 1
AVOID = "Never on weekday evenings, he reads my messages."


def _checked(html: str) -> list[str]:
    return re.findall(r'<input type="radio"[^>]* checked', html)


def _save_everything_private(client: Client) -> None:
    answers = {item.key: "1" for item in SAFETY.items if item.safety}
    answers |= {"safety_selfharm": str(DECLINE_VALUE), "contact_ok": "4", "contact_avoid": AVOID}
    assert client.post(f"/i/step/{SAFETY_STEP}/", {**step_data(SAFETY, action="save"), **answers}).status_code == 303
    private = {"private_affair": "2", "private_substance": "3", "private_trust": "5", "private_children": "3"}
    response = client.post(f"/i/step/{PRIVATE_STEP}/", {**private, "action": "save"})
    assert response.status_code == 303


def test_resume_shows_the_safety_and_private_steps_empty_and_keeps_the_answers(
    therapist_client: Client, client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    _save_everything_private(client_a)
    saved = partner_a.answer_dict()
    resumed = partner_client(partner_a)  # the link opened again, later, on the same phone
    for step in (SAFETY_STEP, PRIVATE_STEP):
        html = resumed.get(f"/i/step/{step}/").content.decode()
        assert _checked(html) == [], step
        assert AVOID.replace("'", "&#x27;") not in html and "weekday" not in html
        assert "kept safely for your therapist" in html and "not shown again" in html
    assert partner_a.answer_dict() == saved
    page = therapist_client.get(f"/couples/{partner_a.couple_id}/").content.decode()
    assert "Safety alert: tier A — <bdi>Sam</bdi>" in page and "weekday evenings" in page


def test_the_first_visit_to_the_safety_step_has_no_kept_notice(client_a: Client) -> None:
    consent(client_a)
    html = client_a.get(f"/i/step/{SAFETY_STEP}/").content.decode()
    assert "kept safely" not in html and _checked(html) == []


def test_next_on_a_resumed_safety_step_needs_no_new_answers_and_clears_nothing(
    client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    _save_everything_private(client_a)
    saved = partner_a.answer_dict()
    response = client_a.post(f"/i/step/{SAFETY_STEP}/", {"contact_avoid": "", "action": "next"})
    assert response.status_code == 303 and response["Location"] == f"/i/step/{PRIVATE_STEP}/"
    assert partner_a.answer_dict() == saved


def test_a_resumed_safety_step_takes_changes_and_additions(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    _save_everything_private(client_a)
    client_a.post(f"/i/step/{SAFETY_STEP}/", {"safety_hurt": "0", "contact_ok": "2", "action": "save"})
    answers = partner_a.answer_dict()
    assert answers["safety_hurt"] == 0 and answers["contact_ok"] == 2 and answers["safety_afraid"] == 1


def test_a_safety_step_without_answers_still_asks_for_them(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    response = client_a.post(f"/i/step/{SAFETY_STEP}/", {"action": "next"})
    assert response.status_code == 200
    assert "Please choose an answer." in response.content.decode()
    assert partner_a.answer_dict() == {}


def test_the_review_page_never_lists_safety_or_private_answers(client_a: Client) -> None:
    consent(client_a)
    _save_everything_private(client_a)
    html = client_a.get("/i/review/").content.decode()
    for item in (*SAFETY.items, *PRIVATE.items):
        assert item.text.replace("'", "&#x27;") not in html, item.key
    assert "weekday" not in html and "rather tell my therapist" not in html


def test_the_safety_step_offers_in_person_on_every_safety_item(client_a: Client) -> None:
    consent(client_a)
    html = client_a.get(f"/i/step/{SAFETY_STEP}/").content.decode()
    for item in SAFETY.items:
        if item.safety:
            assert f'name="{item.key}" value="{DECLINE_VALUE}"' in html, item.key
    assert html.count("I&#x27;d rather tell my therapist in person") == len([i for i in SAFETY.items if i.safety])


# Help that fits


@pytest.mark.parametrize("key", ["safety_selfharm", "safety_afraid", "safety_strangled", "safety_sexual"])
def test_self_harm_and_tier_a_answers_lead_straight_to_help(client_a: Client, key: str) -> None:
    consent(client_a)
    response = client_a.post(f"/i/step/{SAFETY_STEP}/", {**step_data(SAFETY), **{key: "1"}})
    assert response["Location"] == f"/i/support/?next=/i/step/{PRIVATE_STEP}/"


@pytest.mark.parametrize("key, value", [("safety_insulted", "1"), ("safety_afraid", str(DECLINE_VALUE))])
def test_tier_b_answers_go_on_to_the_next_step(client_a: Client, key: str, value: str) -> None:
    consent(client_a)
    response = client_a.post(f"/i/step/{SAFETY_STEP}/", {**step_data(SAFETY), **{key: value}})
    assert response["Location"] == f"/i/step/{PRIVATE_STEP}/"


def test_help_comes_first_whichever_button_was_pressed(client_a: Client) -> None:
    consent(client_a)
    saved = client_a.post(f"/i/step/{SAFETY_STEP}/", step_data(SAFETY, action="save", safety_selfharm="1"))
    assert saved["Location"] == f"/i/support/?next=/i/step/{SAFETY_STEP}/"
    back = client_a.post(f"/i/step/{SAFETY_STEP}/", {"safety_afraid": "1", "action": "back"})
    assert back["Location"] == f"/i/support/?next=/i/step/{SAFETY_STEP - 1}/"


def test_support_page_lists_a_domestic_abuse_line_for_each_default_region(client_a: Client) -> None:
    consent(client_a)
    html = client_a.get("/i/support/").content.decode()
    for region in helplines.DEFAULTS.values():
        [abuse] = [line for line in region.lines if line.kind is helplines.Kind.ABUSE]
        assert region.name in html and abuse.name.replace("'", "&#x27;") in html
    assert "1-800-799-7233" in html and "0808 2000 247" in html and "1800 341 900" in html
    assert "988" in html and "116 123" in html and 'Call <a href="tel:999" class="dial">999</a>' in html


def test_crisis_text_promises_today_only_when_the_practice_commits(client_a: Client, settings: Any) -> None:
    consent(client_a)
    pages = (f"/i/step/{SAFETY_STEP}/", "/i/support/")
    for path in pages:
        assert "today" not in client_a.get(path).content.decode(), path
        assert "before your next session" in client_a.get(path).content.decode(), path
    settings.ATTUNE_SAME_DAY_FOLLOW_UP = True
    for path in pages:
        assert "will contact you today" in client_a.get(path).content.decode(), path


def test_a_practice_region_shows_only_its_lines(client_a: Client, settings: Any) -> None:
    settings.ATTUNE_HELPLINES = helplines.load("uk")
    consent(client_a)
    html = client_a.get("/i/support/").content.decode()
    assert "0808 2000 247" in html and "1-800-799-7233" not in html and "1800 341 900" not in html


def test_the_help_lines_follow_the_language_and_the_practice_list_in_one_process(
    client_a: Client, settings: Any
) -> None:
    # The list is written once per language and list (intake/templatetags/helplines.py): never another's.
    consent(client_a)
    assert "Emergency services" in client_a.get("/i/support/").content.decode()
    Partner.objects.update(language="ar")
    with translation.override("ar"):
        arabic_name = gettext("Emergency services")
    html = client_a.get("/i/support/").content.decode()
    assert arabic_name != "Emergency services" and arabic_name in html and "Emergency services" not in html
    settings.ATTUNE_HELPLINES = helplines.load("uk")
    html = client_a.get("/i/support/").content.decode()
    assert "0808 2000 247" in html and "1-800-799-7233" not in html and arabic_name in html


def test_a_practice_file_of_lines_is_shown_as_written(tmp_path: Path, client_a: Client, settings: Any) -> None:
    path = tmp_path / "lines.json"
    lines = [
        {"kind": "emergency", "name": "Emergency", "how": "Call 111"},
        {"kind": "abuse", "name": "Women's Refuge Crisisline", "how": "Call 0800 733 843", "when": "24/7"},
    ]
    path.write_text(json.dumps({"regions": [{"name": "Aotearoa New Zealand", "lines": lines}]}))
    settings.ATTUNE_HELPLINES = helplines.load(f"ie,{path}")
    consent(client_a)
    html = client_a.get("/i/support/").content.decode()
    assert "Aotearoa New Zealand" in html and "0800 733 843" in html and "(24/7)" in html and "1800 341 900" in html


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "is not valid JSON"),
        ('{"regions": []}', "at least one region"),
        ('{"regions": [{"name": "X", "lines": [{"kind": "bus", "name": "a", "how": "b"}]}]}', '"kind" must be'),
        ('{"regions": [{"name": "X", "lines": [{"kind": "abuse", "name": "a", "how": ""}]}]}', '"how" must be'),
        ('{"regions": [{"name": "X", "lines": [{"kind": "abuse", "name": "a", "how": "b"}]}]}', "emergency number"),
    ],
)
def test_a_bad_helpline_file_is_refused_with_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lines.json"
    path.write_text(content)
    with pytest.raises(helplines.HelplineError, match=re.escape(message)):
        helplines.load(str(path))


def test_unknown_regions_and_missing_files_are_refused() -> None:
    with pytest.raises(helplines.HelplineError, match="neither a region"):
        helplines.load("fr")
    with pytest.raises(helplines.HelplineError, match="cannot read"):
        helplines.load("/no/such/lines.json")
    assert [region.key for region in helplines.load("")] == ["us", "uk", "ie"]
    assert [region.key for region in helplines.load(" US , ie ")] == ["us", "ie"]


# Safe contact


@pytest.mark.parametrize(
    "answer, email, text", [("1", True, True), ("2", True, False), ("3", False, True), ("4", False, False)]
)
def test_the_contact_answer_is_on_the_partners_record(
    client_a: Client, partner_a: Partner, answer: str, email: bool, text: bool
) -> None:
    assert partner_a.may_email and partner_a.may_text  # not asked yet: the therapist decides
    consent(client_a)
    client_a.post(f"/i/step/{SAFETY_STEP}/", step_data(SAFETY, action="save", contact_ok=answer))
    partner_a.refresh_from_db()
    assert (partner_a.may_email, partner_a.may_text) == (email, text)


def test_the_couple_page_shows_how_each_partner_may_be_contacted(
    therapist_client: Client, client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    client_a.post(f"/i/step/{SAFETY_STEP}/", step_data(SAFETY, action="save", contact_ok="4", contact_avoid=AVOID))
    html = therapist_client.get(f"/couples/{partner_a.couple_id}/").content.decode()
    assert "No, please don&#x27;t email or text me" in html and "weekday evenings" in html
    assert "Not asked yet" in html  # Alex has not answered


def test_a_whole_intake_with_the_new_items_submits(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    answer_steps(client_a)
    assert client_a.post("/i/review/")["Location"] == "/i/done/"
    partner_a.refresh_from_db()
    assert partner_a.submitted_at is not None and partner_a.questionnaire_version == QUESTIONNAIRE.version


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("ATTUNE_HELPLINES", "fr", "'fr' is neither a region"),
        ("ATTUNE_HELPLINES", "/no/such/lines.json", "cannot read /no/such/lines.json"),
        ("ATTUNE_SAME_DAY_FOLLOW_UP", "maybe", "ATTUNE_SAME_DAY_FOLLOW_UP must be one of"),
    ],
)
def test_bad_safety_settings_stop_start_up_with_what_is_wrong(name: str, value: str, message: str) -> None:
    env = {**os.environ, name: value}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and message in done.stderr
