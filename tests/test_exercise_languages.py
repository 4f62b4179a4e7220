"""The exercise library in both languages: every text the library has in English is in Arabic in the fixture, read
in the active language (English where a text is missing), brought into a database without undoing an admin's edit,
and folded in from the translators' files by `foldexercises`."""

import json
import re
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from clinic.management.commands.foldexercises import missing_translations
from clinic.models import Exercise, TherapistProfile
from clinic.plans.versions import PAGE_FIELDS, library, plan_library, shown_sessions
from tests.factories import submitted_couple
from tests.recommender_cases import EFT_A, EFT_B, answers

LIBRARY_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "exercises.json"
ARABIC = re.compile(r"[\u0600-\u06FF]")


def _entries() -> list[dict]:
    return json.loads(LIBRARY_FILE.read_text())


def test_every_text_of_every_exercise_is_in_arabic_in_the_fixture() -> None:
    # Lists each `key.field` still missing, so the list is the translators' to-do.
    assert missing_translations(_entries(), "ar") == []


def test_the_arabic_texts_are_arabic_and_keep_the_english_numbers_and_lines() -> None:
    problems = []
    for entry in _entries():
        english, arabic = entry["fields"], entry["fields"].get("translations", {}).get("ar", {})
        for field, text in arabic.items():
            if not ARABIC.search(text):
                problems.append(f"{entry['pk']}.{field}: no Arabic")
            if sorted(re.findall(r"\d+", english[field])) != sorted(re.findall(r"\d+", text)):
                problems.append(f"{entry['pk']}.{field}: numbers differ")
            if english[field].count("\n") != text.count("\n"):
                problems.append(f"{entry['pk']}.{field}: the steps are not line for line")
    assert problems == []


@pytest.fixture
def loaded(db: None) -> dict[str, Exercise]:
    call_command("loadexercises", stdout=StringIO())
    return library()


def test_an_exercise_reads_in_the_active_language_and_falls_back_to_english(loaded: dict[str, Exercise]) -> None:
    maps = loaded["gottman-love-maps"]
    arabic = maps.translations["ar"]
    with translation.override("ar"):
        assert maps.text("name") == arabic["name"] and maps.localized().plain_title == arabic["plain_title"]
        assert maps.localized().duration_minutes == maps.duration_minutes  # not a text: the same in any language
    with translation.override("en"):
        assert maps.text("name") == "Love Maps" and str(maps.localized()) == "Love Maps"
    del maps.translations["ar"]["homework"]
    with translation.override("ar"):
        assert maps.text("homework") == maps.homework  # a missing text reads in English
    with pytest.raises(ValueError, match="not a translated field"):
        maps.text("source")


def test_the_plans_sessions_show_each_exercise_in_the_readers_language(loaded: dict[str, Exercise]) -> None:
    content = {"sessions": [{"number": 1, "exercises": [{"key": "gottman-love-maps", "reason": "r"}]}]}
    with translation.override("ar"):
        row = shown_sessions(content, library(*PAGE_FIELDS))[0]
        assert row["exercises"][0]["exercise"].name == loaded["gottman-love-maps"].translations["ar"]["name"]
        assert row["homework"] == [loaded["gottman-love-maps"].translations["ar"]["homework"]]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pages_read_the_translations_of_their_own_language_only(loaded: dict[str, Exercise], language: str) -> None:
    """The plan pages read each exercise's texts in the reader's language alone (an English page parses none of the
    Arabic), and such an exercise refuses to be read in another language rather than fall back to English."""
    other = "ar" if language == "en" else "en"
    with translation.override(language):
        pages = (library(*PAGE_FIELDS), plan_library({"sessions": [{"exercises": [{"key": "gottman-love-maps"}]}]}))
        for read in pages:
            maps, whole = read["gottman-love-maps"], loaded["gottman-love-maps"]
            kept = {language: whole.translations[language]} if language in whole.translations else {}
            assert maps.translations == kept
            assert maps.text("name") == whole.text("name") and maps.text("purpose") == whole.text("purpose")
    with translation.override(other), pytest.raises(LookupError, match=f"read in {language}, not {other}"):
        maps.text("name")
    with translation.override(other):
        assert whole.text("name") != maps.text("name", language)  # the whole library reads in any language


def test_loading_again_brings_new_translations_and_keeps_an_admins_edit(loaded: dict[str, Exercise]) -> None:
    edited = Exercise.objects.get(key="gottman-love-maps")
    edited.translations = {"ar": {"name": "خرائط الحب، كما عدّلها المشرف"}}
    edited.save()
    Exercise.objects.filter(key="gottman-fondness-admiration").update(translations={})
    out = StringIO()
    call_command("loadexercises", stdout=out)
    assert "updated" in out.getvalue()
    edited.refresh_from_db()
    assert edited.translations["ar"]["name"] == "خرائط الحب، كما عدّلها المشرف"  # kept
    assert edited.translations["ar"]["plain_title"] == loaded["gottman-love-maps"].translations["ar"]["plain_title"]
    fondness = Exercise.objects.get(key="gottman-fondness-admiration")
    assert set(fondness.translations["ar"]) >= {"name", "plain_title", "steps"}


def test_the_plan_page_and_editor_show_the_exercises_in_the_therapists_language(
    loaded: dict[str, Exercise], therapist: Any, therapist_client: Client
) -> None:
    TherapistProfile.objects.create(user=therapist, language="ar")
    couple = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B))
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    used = [loaded[key] for key in plan_keys(couple)]
    page = therapist_client.get(f"/couples/{couple.pk}/plan/", headers={"accept-language": "ar"}).content.decode()
    editor = therapist_client.get(
        f"/couples/{couple.pk}/plan/edit/", headers={"accept-language": "ar"}
    ).content.decode()
    for exercise in used:
        assert escape(exercise.translations["ar"]["name"]) in page and escape(exercise.name) + "<" not in page
        assert escape(exercise.translations["ar"]["name"]) in editor
    assert escape(loaded["gottman-love-maps"].translations["ar"]["purpose"]) in editor  # the "add" choice


def plan_keys(couple: Any) -> list[str]:
    content = couple.plan.latest().content
    return list(dict.fromkeys(row["key"] for session in content["sessions"] for row in session["exercises"]))


def test_folding_a_translators_file_writes_the_fixture_and_says_what_is_missing(tmp_path: Path) -> None:
    fixture = tmp_path / "exercises.json"
    entries = _entries()
    for entry in entries:
        entry["fields"].pop("translations", None)
    fixture.write_text(json.dumps(entries))
    texts = tmp_path / "ar.json"
    texts.write_text(json.dumps({"gottman-love-maps": {"name": "خرائط الحب", "homework": ""}}))
    out = StringIO()
    call_command("foldexercises", "ar", str(texts), "--library", str(fixture), stdout=out)
    folded = {e["pk"]: e["fields"] for e in json.loads(fixture.read_text())}
    assert folded["gottman-love-maps"]["translations"] == {"ar": {"name": "خرائط الحب"}}  # an empty text is not one
    assert "1 folded" in out.getvalue() and "missing: gottman-love-maps.plain_title" in out.getvalue()
    assert folded["gottman-love-maps"]["name"] == "Love Maps"  # the English is untouched


@pytest.mark.parametrize(
    ("texts", "reason"),
    [({"no-such-exercise": {"name": "x"}}, "no-such-exercise"), ({"gottman-love-maps": {"source": "x"}}, "source")],
)
def test_folding_refuses_an_unknown_exercise_or_field_and_changes_nothing(
    tmp_path: Path, texts: dict, reason: str
) -> None:
    fixture = tmp_path / "exercises.json"
    shutil.copy(LIBRARY_FILE, fixture)
    before = fixture.read_text()
    source = tmp_path / "ar.json"
    source.write_text(json.dumps(texts))
    with pytest.raises(CommandError, match=reason):
        call_command("foldexercises", "ar", str(source), "--library", str(fixture), stdout=StringIO())
    assert fixture.read_text() == before
