"""The fonts inside a PDF, read back from the font programs themselves (fontTools): which families printed it, and
whether any glyph is missing, as a reader would see it: a `.notdef` box (glyph 0) drawn, or a character shown in a
font whose character map does not have it. An embedded font is a subset whose map keeps only the letters' plain
forms (Arabic's joined forms come through shaping), so each is checked against the installed font it was cut from,
found by its PostScript name."""

import functools
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

# Invisible characters that lay text out and print nothing (the bidi controls pdftotext and WeasyPrint use).
LAYOUT_CONTROLS = {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068"}
LAYOUT_CONTROLS |= {"\u2069", "\u200c", "\u200d"}


FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


@functools.cache
def _installed_maps() -> dict[str, dict[int, str]]:
    """The character map of every installed DejaVu and Noto Arabic font, by PostScript name."""
    maps = {}
    for folder in FONT_FOLDERS:
        for path in [*folder.rglob("DejaVu*.ttf"), *folder.rglob("Noto*Arabic*.ttf")]:
            font = TTFont(path, lazy=True)
            maps[font["name"].getDebugName(6)] = font.getBestCmap()
    return maps


def _program(font: Any) -> TTFont:
    """The embedded TrueType program of a font (WeasyPrint embeds each as a CID font, FontFile2)."""
    descendant = font["/DescendantFonts"][0].get_object()
    data = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
    return TTFont(io.BytesIO(data))


def _fonts(resources: Any) -> Iterator[tuple[str, DictionaryObject, Any]]:
    """(resource name, font, resources) of every font a page's resources reach, form XObjects included."""
    resources = resources.get_object() if resources is not None else {}
    for name, font in resources.get("/Font", {}).items():
        yield name, font.get_object(), resources
    for xobject in resources.get("/XObject", {}).values():
        form = xobject.get_object()
        if form.get("/Subtype") == "/Form":
            yield from _fonts(form.get("/Resources"))


def embedded_families(pdf: bytes) -> set[str]:
    """The family (name table, name 1) of every embedded font program."""
    families = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for _name, font, _resources in _fonts(page.get("/Resources")):
            families.add(_program(font)["name"].getDebugName(1))
    return families


def _notdef_codes(font: Any) -> set[int]:
    """The codes a font draws as `.notdef`: its own glyph 0 under Identity-H, and those WeasyPrint's encoding CMap
    sends to glyph 0 (it writes one when a character was missing from the font)."""
    encoding = font.get("/Encoding")
    if encoding is None or not hasattr(encoding.get_object(), "get_data"):
        return {0}
    cmap = encoding.get_object().get_data().decode("latin-1")
    return {0} | {int(code, 16) for code, glyph in re.findall(r"<([0-9a-fA-F]{4})>\s+(\d+)", cmap) if glyph == "0"}


def notdef_glyphs(pdf: bytes) -> int:
    """How many `.notdef` glyphs (glyph 0: the empty box of a missing character) the pages draw."""
    reader = PdfReader(io.BytesIO(pdf))
    count = 0
    for page in reader.pages:
        for stream, resources in _streams(page, reader):
            notdef = {name: _notdef_codes(font) for name, font, _r in _fonts(resources)}
            current: set[int] = set()
            for operands, operator in ContentStream(stream, reader).operations:
                if operator == b"Tf":
                    current = notdef.get(operands[0], set())
                elif operator in (b"Tj", b"TJ"):
                    parts = [operands[0]] if operator == b"Tj" else operands[0]
                    shown = b"".join(_raw(part) for part in parts if not isinstance(part, (int, float)))
                    codes = [int.from_bytes(shown[i : i + 2], "big") for i in range(0, len(shown), 2)]  # two bytes each
                    count += sum(1 for code in codes if code in current)
    return count


def _raw(string: Any) -> bytes:
    return bytes(string.get_original_bytes()) if hasattr(string, "get_original_bytes") else bytes(string)


def _streams(page: Any, reader: PdfReader) -> Iterator[tuple[Any, Any]]:
    yield page.get_contents(), page.get("/Resources")
    resources = page.get("/Resources")
    for xobject in (resources.get_object() if resources is not None else {}).get("/XObject", {}).values():
        form = xobject.get_object()
        if form.get("/Subtype") == "/Form":
            yield form, form.get("/Resources")


def uncovered_characters(pdf: bytes) -> list[str]:
    """Each character of the extracted text that the font which printed it does not have ("char in Font")."""
    missing: list[str] = []
    maps: dict[int, dict[int, str]] = {}

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if not text.strip() or font is None:
            return
        key = id(font)
        if key not in maps:
            maps[key] = _installed_maps().get(_program(font.get_object())["name"].getDebugName(6), {})
        for char in text:
            if char.isspace() or char in LAYOUT_CONTROLS or unicodedata.category(char) == "Cc":
                continue
            if ord(char) not in maps[key]:
                missing.append(f"{char!r} (U+{ord(char):04X}) in {font.get_object()['/BaseFont']}")

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return missing
