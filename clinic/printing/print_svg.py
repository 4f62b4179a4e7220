"""Arabic in the printouts' charts, written as it must appear on paper.

WeasyPrint draws SVG text one character at a time (weasyprint/svg/text.py places each letter on its own), so in a
chart it neither joins Arabic letters nor orders a right-to-left line; HTML text goes through Pango and is fine.
For print, each chart text with Arabic in it is therefore written as it is seen: each letter in its joined form
(Unicode's Arabic Presentation Forms, which Noto Sans Arabic has), the lam-alef ligatures, and the line in visual
order, left to right, with numbers and Latin names kept as they read. Vowel marks are left out: drawn on its own a
mark would be a dotted circle, and Arabic reads as well without them. Charts without Arabic are left exactly as
they are. Pure: the standard library only; the pages' SVG is not touched (browsers shape it themselves).
"""

import html
import re
import unicodedata
from functools import cache

FORMS = ("isolated", "final", "initial", "medial")
LAM, ALEFS = "\u0644", "\u0622\u0623\u0625\u0627"
ARABIC = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
# A run read left to right inside a right-to-left line: from a Latin letter or digit to the last one after it.
LEFT_TO_RIGHT_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 .,:'&%/+\-\u2013\u2192]*[A-Za-z0-9%])?")
ARABIC_RUN = re.compile(
    r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff](?:[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff ]*"
    r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff])?"
)
MIRRORED = {"(": ")", ")": "(", "[": "]", "]": "[", "«": "»", "»": "«", "<": ">", ">": "<"}
# Latin and digits as in the rest of the printout (templates/clinic/pdf/_base.html), the Arabic in Noto Sans Arabic
# (fonts-noto-core, beside the text's Noto Naskh Arabic): a PDF gives each glyph one text for copying and searching,
# so the chart's pre-joined letters in the text's own font would make the text read back as presentation forms.
FONTS = "Attune Latin, Noto Sans Arabic, DejaVu Sans, sans-serif"


@cache
def _presentation_forms() -> dict[str, dict[str, str]]:
    """{letters: {form: presentation form}}, read from Unicode's own decompositions ("<final> 0628", "<isolated>
    0644 0627"), so no table is copied by hand."""
    forms: dict[str, dict[str, str]] = {}
    for code in [*range(0xFE70, 0xFEFF), *range(0xFB50, 0xFDFF)]:
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) >= 2 and parts[0].strip("<>") in FORMS:
            letters = "".join(chr(int(part, 16)) for part in parts[1:])
            forms.setdefault(letters, {}).setdefault(parts[0].strip("<>"), chr(code))
    return forms


def _joins_both_ways(letter: str) -> bool:
    return "medial" in _presentation_forms().get(letter, {})


def _joins_before(letter: str) -> bool:
    """Whether `letter` takes a joined form after a letter that reaches to it."""
    return "final" in _presentation_forms().get(letter, {})


def shaped(text: str) -> str:
    """`text` with its Arabic letters in their joined forms (logical order kept) and no vowel marks."""
    letters = [c for c in text if not (unicodedata.category(c) == "Mn" and ARABIC.match(c))]
    out: list[str] = []
    i = 0
    while i < len(letters):
        letter = letters[i]
        joined_before = bool(out) and i > 0 and _joins_both_ways(letters[i - 1]) and _joins_before(letter)
        if letter == LAM and i + 1 < len(letters) and letters[i + 1] in ALEFS:
            ligature = _presentation_forms().get(LAM + letters[i + 1], {})
            out.append(ligature.get("final" if joined_before else "isolated", LAM + letters[i + 1]))
            i += 2
            continue
        joins_after = i + 1 < len(letters) and _joins_both_ways(letter) and _joins_before(letters[i + 1])
        form = {(True, True): "medial", (True, False): "final", (False, True): "initial"}.get(
            (joined_before, joins_after), "isolated"
        )
        out.append(_presentation_forms().get(letter, {}).get(form, letter))
        i += 1
    return "".join(out)


def visual(text: str) -> str:
    """`text` as it is seen, left to right: a line that starts in Arabic reads from the right (its Latin and number
    runs kept as they read, brackets mirrored); a line that starts in Latin keeps its order, its Arabic runs turned."""
    text = shaped(text)
    first = next((c for c in text if ARABIC.match(c) or LATIN_OR_DIGIT.match(c)), "")
    if not ARABIC.match(first):
        return ARABIC_RUN.sub(lambda run: run.group()[::-1], text)
    pieces: list[str] = []
    position = 0
    for run in LEFT_TO_RIGHT_RUN.finditer(text):
        pieces.extend(text[position : run.start()])
        pieces.append(run.group())
        position = run.end()
    pieces.extend(text[position:])
    return "".join(MIRRORED.get(piece, piece) for piece in reversed(pieces))


def svg_for_print(svg: str) -> str:
    """A chart drawn by Attune (its texts escaped) with every drawn text that holds Arabic written as it is seen, in
    the printouts' fonts; a chart without Arabic comes back unchanged. Titles and descriptions (read by assistive
    technology, never drawn) keep their words as written."""
    if not ARABIC.search(html.unescape(svg)):
        return svg
    pieces = re.split(r"(<[^>]+>)", svg)
    unseen = 0  # inside <title> or <desc>
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z]+)", piece)
            if name and name.group(1) in ("title", "desc", "style"):
                unseen += -1 if piece.startswith("</") else (0 if piece.endswith("/>") else 1)
        elif unseen == 0 and ARABIC.search(html.unescape(piece)):
            pieces[index] = html.escape(visual(html.unescape(piece)), quote=False)
    drawn = "".join(pieces)
    return re.sub(r'font-family="[^"]*"', f'font-family="{FONTS}"', drawn, count=1)
