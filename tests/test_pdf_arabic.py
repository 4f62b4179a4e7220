"""The demo couple's printouts in Arabic, read back as their readers would: with pypdf and with poppler's pdftotext,
the Arabic words come out in reading order (headings from the catalogue, the exercises' plain titles and names from
the library's Arabic), a Latin name inside an Arabic sentence and Arabic free text inside an English page stay whole,
and no glyph is missing: only DejaVu Sans and Noto Naskh Arabic print (Noto Sans Arabic in the plan's charts), every
character in a font that has it, no `.notdef` box. The English printouts keep their page counts."""

import re
import subprocess
import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from clinic.models import Exercise
from clinic.outcomes.checkins import settings_for
from clinic.plans.printouts import handout_pdf_context
from clinic.printing.pdf import html_to_pdf
from intake.models import Couple
from tests.factories import demo_couples
from tests.pdf_fonts import LAYOUT_CONTROLS, embedded_families, notdef_glyphs, uncovered_characters
from tests.pdf_reading import pages_text

ARABIC_LETTERS = re.compile(r"[\u0621-\u064A]+")
# As printed before the printouts took a language (the demo couples, every printout, both papers): unchanged.
ENGLISH_PAGES = {
    ("Sam & Alex", "plan", "a4"): 6,
    ("Sam & Alex", "plan", "letter"): 7,
    ("Sam & Alex", "handout", "a4"): 1,
    ("Sam & Alex", "handout", "letter"): 1,
    ("Sam & Alex", "progress", "a4"): 1,
    ("Sam & Alex", "progress", "letter"): 1,
    ("Dana & Chris", "plan", "a4"): 4,
    ("Dana & Chris", "plan", "letter"): 4,
    ("Dana & Chris", "handout", "a4"): 1,
    ("Dana & Chris", "handout", "letter"): 1,
    ("Dana & Chris", "progress", "a4"): 1,
    ("Dana & Chris", "progress", "letter"): 1,
}


@pytest.fixture
def demo(db: None) -> dict[str, Couple]:
    return demo_couples()


@pytest.fixture
def demo_client(demo: dict[str, Couple]) -> Client:
    client = Client()
    client.force_login(demo["Sam & Alex"].therapist)
    for couple in (demo["Sam & Alex"], demo["Dana & Chris"]):
        assert client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    return client


def _pdf(client: Client, couple: Couple, kind: str, query: str) -> bytes:
    response = client.get(f"/couples/{couple.pk}/{kind}.pdf{query}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def readable(text: str) -> str:
    """Text as compared: no layout controls, no vowel marks (pdftotext sets them apart), one space between words."""
    kept = "".join(c for c in text if c not in LAYOUT_CONTROLS and unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", kept)


def letters(text: str) -> str:
    """Only the letters and digits, in the order read: where pdftotext puts a space, a comma or a lone vowel mark
    around an Arabic word varies, the order of the letters does not (a word read backwards would not match)."""
    return "".join(re.findall(r"[\u0621-\u064AA-Za-z0-9]+", readable(text)))


def found_in(expected: str, reader: str, text: str) -> bool:
    """`expected` read in order, as far as each reader can tell it. pypdf orders the runs of a right-to-left line by
    where they stand, so around a colon, a bracket or a number two runs of a phrase can swap: each run between
    punctuation and numbers is read in order. pdftotext starts a new line at a raised vowel mark (a shadda, a tanween), which can move the
    words after it to another line: each word is read whole, its letters in order."""
    runs = re.split(r"[:،.()«»—·!0-9]", expected) if reader == "pypdf" else expected.split()
    return all(letters(run) in letters(text) for run in runs)


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S607


def _both_readings(pdf: bytes) -> dict[str, str]:
    return {"pypdf": readable(" \n".join(pages_text(pdf))), "pdftotext": readable(pdftotext(pdf))}


def _arabic(msgid: str) -> str:
    with translation.override("ar"):
        words = gettext(msgid)
    assert ARABIC_LETTERS.search(words), f"no Arabic for {msgid!r} in locale/ar"
    return words


def _lines(pdf: bytes) -> list[str]:
    return [readable(line) for page in pages_text(pdf) for line in page.splitlines()]


def test_the_arabic_handout_reads_in_order_with_its_headings_and_exercises(
    demo: dict[str, Couple], demo_client: Client
) -> None:
    couple = demo["Sam & Alex"]
    pdf = _pdf(demo_client, couple, "handout", "?lang=ar")
    with translation.override("ar"):
        context = handout_pdf_context(couple.plan.latest(), "a4")
    titles = [title for title, _purpose in context["items"]] + [title for title, _text in context["practices"]]
    arabic_titles = [t for (t,) in Exercise.objects.values_list("translations__ar__plain_title") if t]
    assert set(titles) & set(arabic_titles), "the handout names none of the library's exercises"
    headings = ["Your sessions together", "What to expect", "How our sessions work", "To try at home"]
    for reader, text in _both_readings(pdf).items():
        for expected in [_arabic(h) for h in headings] + titles:
            assert found_in(expected, reader, text), f"{reader}: {expected!r}"
        assert "Seeing the pattern" not in text  # no English title left


def test_latin_names_inside_an_arabic_sentence_stay_whole(demo: dict[str, Couple], demo_client: Client) -> None:
    couple = demo["Sam & Alex"]
    couple.partners.filter(role="a").update(display_name="Mary-Jo (M.J.)")
    couple.partners.filter(role="b").update(display_name="Alex 2!")
    for kind in ("handout", "progress"):
        pdf = _pdf(demo_client, couple, kind, "?lang=ar")
        for_both = ARABIC_LETTERS.findall(_arabic("For %(a)s and %(b)s"))[0]  # "to", before the names
        line = next(line for line in _lines(pdf) if for_both in line and "Mary-Jo" in line)
        assert "Mary-Jo (M.J.)" in line and "Alex 2!" in line, line
        # pdftotext rebuilds the order from where the glyphs stand and misplaces a bracket or "!" at a name's edge
        # (the page itself reads "إلى Mary-Jo (M.J.) وAlex 2!"): its letters, though, come out whole and in order.
        assert letters("إلى Mary-Jo (M.J.) و Alex 2!") in letters(pdftotext(pdf))


def test_the_arabic_plan_reads_in_order_with_the_exercises_from_the_library(
    demo: dict[str, Couple], demo_client: Client
) -> None:
    couple = demo["Sam & Alex"]
    pdf = _pdf(demo_client, couple, "plan", "?lang=ar")
    content = couple.plan.latest().content
    keys = {row["key"] for session in content["sessions"] for row in session["exercises"]}
    names = [e.translations["ar"]["name"] for e in Exercise.objects.filter(key__in=keys)]
    assert names
    heading = _arabic("Session plan: %(name)s").split("%")[0].strip(" :")
    for reader, text in _both_readings(pdf).items():
        assert found_in(heading, reader, text) and "Sam & Alex" in text, reader
        for name in names:  # the Arabic words of each name (some end with the English name, in brackets)
            assert found_in(name.split(" (")[0], reader, text), f"{reader}: {name!r}"
        for heading_msgid in ("Exercises in session", "References"):
            assert found_in(_arabic(heading_msgid), reader, text), reader


def test_arabic_free_text_inside_an_english_handout_stays_whole(demo: dict[str, Couple], demo_client: Client) -> None:
    couple = demo["Sam & Alex"]
    choices = settings_for(couple)
    choices.note = "نلتقي الأسبوع القادم، كما اتفقنا (الساعة 5)."
    choices.save()
    pdf = _pdf(demo_client, couple, "progress", "?lang=en")
    for reader, text in _both_readings(pdf).items():
        assert "A note from your therapist" in text, reader
        assert found_in("نلتقي الأسبوع القادم، كما اتفقنا (الساعة 5).", reader, text), reader


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", ["plan", "handout", "progress"])
def test_no_glyph_is_missing_and_only_the_two_families_print(
    demo: dict[str, Couple], demo_client: Client, kind: str, lang: str
) -> None:
    pdf = _pdf(demo_client, demo["Sam & Alex"], kind, f"?lang={lang}")
    assert notdef_glyphs(pdf) == 0
    assert uncovered_characters(pdf) == []
    expected = {"DejaVu Sans"} | ({"Noto Naskh Arabic"} if lang == "ar" else set())
    if lang == "ar" and kind == "plan":
        expected.add("Noto Sans Arabic")  # the charts' Arabic (clinic/printing/print_svg.py)
    assert embedded_families(pdf) == expected


def test_a_character_no_font_has_is_caught_as_a_missing_glyph(settings: Any) -> None:
    settings.ATTUNE_PDF_TIME_LIMIT_SECONDS = 0
    html = '<html lang="en"><meta charset="utf-8"><body><p>Private use: \ue000</p></body></html>'
    assert notdef_glyphs(html_to_pdf(html)) == 1


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", ["Sam & Alex", "Dana & Chris"])
def test_the_english_printouts_keep_their_page_counts(
    demo: dict[str, Couple], demo_client: Client, name: str, paper: str
) -> None:
    for kind in ("plan", "handout", "progress"):
        pdf = _pdf(demo_client, demo[name], kind, f"?lang=en&paper={paper}")
        assert len(pages_text(pdf)) == ENGLISH_PAGES[(name, kind, paper)], kind


def test_the_plan_says_whose_csi4_was_answered_in_arabic_and_the_handout_never_does(
    demo: dict[str, Couple], demo_client: Client
) -> None:
    couple = demo["Layla & Daniel"]  # Layla answered in Arabic, Daniel in English
    assert demo_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    note = (
        "CSI-4 answered in Arabic by %(name)s: Attune's own translation, not validated; compare totals with the 13.5 "
        "cut-off with caution."
    )
    english = readable(pdftotext(_pdf(demo_client, couple, "plan", "?lang=en")))
    assert readable(note % {"name": "Layla"}) in english
    assert "by Daniel" not in english
    arabic = _both_readings(_pdf(demo_client, couple, "plan", "?lang=ar"))
    # Word by word: the note wraps over two lines, and a reader of right-to-left lines may place a line's Latin
    # words (the name, "CSI-4", "Attune") and its runs differently; each Arabic word must come out whole.
    words = [word for word in re.split(r"%\(name\)s|[A-Za-z0-9.-]+|[\s:؛]+", _arabic(note)) if word]
    for reader, text in arabic.items():
        assert "Layla" in text and all(letters(word) in letters(text) for word in words), reader
    for lang in ("en", "ar"):
        handout = _both_readings(_pdf(demo_client, couple, "handout", f"?lang={lang}"))["pdftotext"]
        assert "CSI" not in handout and "Attune" not in handout


@pytest.mark.parametrize("arabic_digits", [False, True])
def test_an_arabic_printout_follows_the_digits_setting_and_an_english_one_never_does(
    demo: dict[str, Couple], demo_client: Client, settings: Any, arabic_digits: bool
) -> None:
    settings.ATTUNE_ARABIC_DIGITS = arabic_digits
    couple = demo["Sam & Alex"]
    arabic = pdftotext(_pdf(demo_client, couple, "handout", "?lang=ar"))
    assert bool(re.search("[٠-٩]", arabic)) is arabic_digits  # the date, the session's minutes
    digits = "١" if arabic_digits else "1"
    footer = _arabic("Page {page} of {pages}").replace("{page}", digits).replace("{pages}", digits)
    assert letters(footer) in letters(arabic)  # the footer's counters, in one sentence
    assert "020 7946 0321" in arabic  # the therapist's contact line, typed by the therapist, as written
    assert not uncovered_characters(_pdf(demo_client, couple, "handout", "?lang=ar"))
    english = pdftotext(_pdf(demo_client, couple, "handout", "?lang=en"))
    assert not re.search("[٠-٩]", english) and re.search("[0-9]", english)
