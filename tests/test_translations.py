"""The Arabic catalogue is complete and up to date, and no page rendered in Arabic has English left on it.

(a) `makemessages` run on a copy of the code finds exactly the catalogue's msgids; no entry is fuzzy or empty,
every plural has Arabic's six forms, and `msgfmt --check` accepts it. (b) Every page of the URL walk, as an Arabic
partner and an Arabic-speaking therapist, in the states reachable cheaply: the visible text (and title, aria-label,
placeholder, alt, button values) has no Latin word outside the allow-list. A failure lists every English phrase
found, page by page, so whoever finishes the catalogue sees the whole list at once.
"""

import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from clinic.models import TherapistProfile
from intake.models import Couple, Invitation, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.arabic_pages import english_left, report
from tests.conftest import partner_client
from tests.factories import make_couple, submit_intake
from tests.intake_steps import answer_steps, consent, step_data
from tests.test_every_url import PARTNER, THERAPIST, url_for, visit

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"
ENTRY_KEY = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$')


def _entries(text: str) -> list[dict[str, str]]:
    """The catalogue's entries (header excluded): each key's unquoted text, with `fuzzy` when flagged."""
    entries = []
    for block in text.split("\n\n"):
        entry: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = "yes"
            match = ENTRY_KEY.match(line)
            if match:
                key = match.group(1)
                entry[key] = match.group(2)
            elif line.startswith('"') and key:
                entry[key] += line[1:-1]
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def _msgids(path: Path) -> set[tuple[str, str]]:
    return {(e.get("msgctxt", ""), e["msgid"]) for e in _entries(path.read_text(encoding="utf-8"))}


def test_the_catalogue_holds_exactly_the_strings_of_the_code(tmp_path: Path) -> None:
    copy = tmp_path / "attune"
    for part in ("clinic", "intake", "templates", "locale"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    command = [sys.executable, "manage.py", "makemessages", "-l", "ar", "--no-location", "--no-obsolete"]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)
    fresh, kept = _msgids(copy / "locale/ar/LC_MESSAGES/django.po"), _msgids(CATALOGUE)
    assert sorted(fresh - kept) == [], "strings in the code missing from the catalogue: run make messages"
    assert sorted(kept - fresh) == [], "strings in the catalogue no longer in the code: run make messages"


def test_every_arabic_entry_is_translated_with_every_plural_form() -> None:
    problems = []
    for entry in _entries(CATALOGUE.read_text(encoding="utf-8")):
        if entry.get("fuzzy"):
            problems.append(f"fuzzy: {entry['msgid']!r}")
        if "msgid_plural" in entry:
            forms = [entry.get(f"msgstr[{n}]", "") for n in range(6)]
            if not all(forms) or "msgstr[6]" in entry:
                problems.append(f"plural without its six forms: {entry['msgid']!r}")
        elif not entry.get("msgstr"):
            problems.append(f"empty: {entry['msgid']!r}")
    assert problems == [], "\n".join(problems)


def test_the_arabic_catalogue_compiles_with_its_checks(tmp_path: Path) -> None:
    result = subprocess.run(
        [shutil.which("msgfmt") or "msgfmt", "--check", "--output-file", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr.decode()


@pytest.fixture
def arabic_couple(therapist: Any) -> dict[str, Any]:
    """The therapist reads Arabic; partner A answered in Arabic and partner B in English, both sent, a plan drafted,
    a check-in open; and a second couple, both partners in Arabic, with a check-in open."""
    call_command("loadexercises", stdout=StringIO())  # the real library, with its Arabic texts
    TherapistProfile.objects.create(user=therapist, language="ar")
    planned = make_couple(therapist, "Mina", "Sam")
    Partner.objects.filter(pk=planned.partner_a.pk).update(language="ar")
    submit_intake(Partner.objects.get(pk=planned.partner_a.pk), pick=4, words="كلمات من عندي")
    submit_intake(planned.partner_b, pick=0, words="Words of my own")
    owner = Client()
    owner.force_login(therapist)
    assert owner.post(f"/couples/{planned.pk}/plan/", {"action": "draft"}).status_code == 302
    from clinic.outcomes.checkins import open_check_in

    check_in, _tokens = open_check_in(planned, therapist)
    midway = make_couple(therapist, "Omar", "Lee")
    Partner.objects.filter(couple=midway).update(language="ar")
    open_check_in(midway, therapist)
    return {"planned": planned, "midway": midway, "owner": owner, "check_in": check_in}


# Pages whose words come from the pure modules (the comparison's and the plan's sentences, worded in the reader's
# language by intake.wording) and from the exercise library (its Arabic texts).
WORDED_ELSEWHERE = {"comparison", "plan", "plan_edit"}


def _therapist_pages(arabic_couple: dict[str, Any], names: list[str]) -> dict[str, Any]:
    couple: Couple = arabic_couple["planned"]
    values = {"couple_id": couple.pk, "partner_id": couple.partner_a.pk, "check_in_id": arabic_couple["check_in"].pk}
    pages = {}
    for name in names:
        response = visit(arabic_couple["owner"], url_for(name, values))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[name] = response
    return pages


def test_every_therapist_page_in_arabic_has_no_english_left(arabic_couple: dict[str, Any]) -> None:
    pages = _therapist_pages(arabic_couple, [name for name in THERAPIST if name not in WORDED_ELSEWHERE])
    assert {"dashboard", "couple_detail", "profile", "progress", "check_ins"} <= set(pages)
    found = report(pages)
    assert not found, "English left on Arabic pages:\n" + "\n".join(found)


def test_the_comparison_and_plan_pages_in_arabic_have_no_english_left(arabic_couple: dict[str, Any]) -> None:
    pages = _therapist_pages(arabic_couple, sorted(WORDED_ELSEWHERE))
    assert set(pages) == WORDED_ELSEWHERE
    found = report(pages)
    assert not found, "English left on Arabic pages:\n" + "\n".join(found)


def test_every_partner_page_in_arabic_has_no_english_left(arabic_couple: dict[str, Any]) -> None:
    partner = Partner.objects.get(pk=arabic_couple["midway"].partner_a.pk)
    browser = partner_client(partner)
    pages: dict[str, Any] = {"consent": browser.get("/i/welcome/")}
    pages["consent with its error"] = browser.post("/i/welcome/", {})
    consent(browser)
    for number, section in enumerate(QUESTIONNAIRE.sections, start=1):
        pages[f"step {number}"] = browser.get(f"/i/step/{number}/")
        if any(item.required for item in section.items):
            pages[f"step {number} with errors"] = browser.post(f"/i/step/{number}/", {"action": "next"})
        answer_steps(browser, number, number)
    pages["step 9 with its answers kept"] = browser.get("/i/step/9/")
    pages["review"] = browser.get("/i/review/")
    support = browser.post("/i/step/9/", step_data(QUESTIONNAIRE.sections[8], safety_selfharm="1", action="save"))
    pages["support"] = browser.get(support["Location"])
    assert browser.post("/i/review/").status_code == 303
    pages["done"] = browser.get("/i/done/")
    check_in = arabic_couple["midway"].check_ins.get()
    other = Partner.objects.get(pk=arabic_couple["midway"].partner_b.pk)
    answering = Client()
    assert answering.get(f"/i/{Invitation.issue(other, None, check_in=check_in)[1]}/").status_code == 303
    pages["check-in"] = answering.get("/i/check-in/")
    pages["check-in with errors"] = answering.post("/i/check-in/", {"action": "next"})
    for name in PARTNER:  # and whatever else the URLconf holds, in the state this session is in
        if name not in ("intake:step",):
            response = visit(answering, url_for(name, {"number": 1}))
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                pages.setdefault(name, response)
    found = report(pages)
    assert not found, "English left on Arabic pages:\n" + "\n".join(found)


def test_the_check_finds_english_when_there_is_some() -> None:
    html = '<html lang="ar" dir="rtl"><title>صفحة</title><p>كلمات Next step</p><bdi>Sam wrote this</bdi></html>'
    assert english_left(html) == ["Next", "step"]
    assert english_left('<button aria-label="Close">×</button><span lang="en">English only</span>') == ["Close"]
