"""Reading a PDF back as its reader would: the text of each page (pypdf), and how much of each page is used
(poppler's pdftoppm, in grey at 30 dpi)."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

MM_PER_INCH = 25.4
DPI = 30
# The printouts' page margins hold only the running head and the footer (templates/clinic/pdf/_base.html).
TOP_MARGIN_MM, BOTTOM_MARGIN_MM = 17, 16


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    _magic, width, height, _maximum, pixels = data.split(maxsplit=4)
    return int(width), int(height), pixels


def used_fractions(pdf: bytes) -> list[float]:
    """For each page, the share of the height between the margins that holds anything: from the first to the
    last row with ink. A page with two lines at its top scores about 0.05, a full page about 1."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), str(source), f"{folder}/page"], check=True)  # noqa: S607
        fractions = []
        for page in sorted(Path(folder).glob("page*.pgm")):
            width, height, pixels = _pgm(page)
            top = round(TOP_MARGIN_MM / MM_PER_INCH * DPI) + 1
            bottom = height - round(BOTTOM_MARGIN_MM / MM_PER_INCH * DPI) - 1
            inked = [y for y in range(top, bottom) if min(pixels[y * width : (y + 1) * width]) < 200]
            fractions.append((inked[-1] - inked[0] + 1) / (bottom - top) if inked else 0.0)
        return fractions
