"""A chart's Arabic for print (clinic/printing/print_svg.py): WeasyPrint draws SVG text one letter at a time, so each
Arabic text goes in joined (presentation forms) and in the order it is seen; charts without Arabic are untouched."""

import unicodedata

from clinic.printing.print_svg import shaped, svg_for_print, visual


def _forms(text: str) -> list[str]:
    return [unicodedata.name(char).rsplit(" ", 2)[-2] for char in text]


def test_letters_take_their_joined_forms_and_keep_their_identity() -> None:
    word = shaped("بيت")  # "house": joins at the start, in the middle, at the end
    assert _forms(word) == ["INITIAL", "MEDIAL", "FINAL"]
    assert unicodedata.normalize("NFKC", word) == "بيت"
    for text in ("مدى تكرار المشكلة", "الاستبيان الأولي", "إجابات Sam", "درجة الفصل 13.5"):
        assert unicodedata.normalize("NFKC", shaped(text)) == text


def test_a_letter_that_joins_only_before_it_ends_the_join() -> None:
    # د joins only to the letter before it: the ب after it starts again, in its initial form.
    assert _forms(shaped("عدب")) == ["INITIAL", "FINAL", "ISOLATED"]


def test_lam_alef_is_one_ligature_and_vowel_marks_are_left_out() -> None:
    assert shaped("لا") == "\ufefb" and shaped("بلا")[1:] == "\ufefc"  # alone, and joined to the letter before
    assert unicodedata.normalize("NFKC", shaped("أبدًا")) == "أبدا"  # the tanween would print as a dotted circle


def test_an_arabic_line_reads_from_the_right_with_numbers_and_names_as_they_read() -> None:
    seen = visual("الجلسة 2")
    assert seen.startswith("2 ") and unicodedata.normalize("NFKC", seen[2:][::-1]) == "الجلسة"
    seen = visual("إجابات Sam")
    assert seen.startswith("Sam ") and unicodedata.normalize("NFKC", seen[4:][::-1]) == "إجابات"
    assert visual("درجة الفصل 13.5").startswith("13.5 ")
    assert visual("الشريك (أ)").startswith("(")  # brackets mirrored: the opening one stays before the letter
    assert unicodedata.normalize("NFKC", visual("الشريك (أ)")) == "(أ) كيرشلا"


def test_a_latin_line_keeps_its_order_and_turns_only_its_arabic() -> None:
    assert visual("CSI-4 (0–21)") == "CSI-4 (0–21)"
    seen = visual("Sam: سارة")
    assert seen.startswith("Sam: ") and unicodedata.normalize("NFKC", seen[5:]) == "ةراس"


def test_a_chart_without_arabic_is_unchanged() -> None:
    svg = '<svg font-family="DejaVu Sans, Arial, sans-serif"><text x="1">Sam &amp; Alex</text></svg>'
    assert svg_for_print(svg) == svg


def test_only_the_drawn_texts_change_and_the_chart_takes_the_printouts_fonts() -> None:
    svg = (
        '<svg font-family="DejaVu Sans, Arial, sans-serif"><title>مدى تكرار المشكلة</title>'
        '<text x="1" text-anchor="end">أبدًا</text><text x="2">Alex&#x27;s</text></svg>'
    )
    printed = svg_for_print(svg)
    assert "<title>مدى تكرار المشكلة</title>" in printed  # read aloud, never drawn: as written
    assert "أبدًا" not in printed and unicodedata.normalize("NFKC", visual("أبدًا")) in unicodedata.normalize(
        "NFKC", printed
    )
    assert '<text x="1" text-anchor="end">' in printed and "Alex&#x27;s" in printed
    assert 'font-family="Attune Latin, Noto Sans Arabic, DejaVu Sans, sans-serif"' in printed
