"""PDF rendering: the only module that imports WeasyPrint.

Two steps, so tests can read the HTML cheaply: `render_*_html(...) -> str`, then
`html_to_pdf(html, paper) -> bytes`. The fetcher refuses every URL except files
under the app's own PDF asset folder, so client text can never make a render read
a file or open a connection; the one other thing it reads is an installed font
file the printouts name with `local()` (templates/clinic/pdf/_base.html: the
Arabic is set in Noto Naskh Arabic, a chart's in Noto Sans Arabic, Latin letters
and digits in DejaVu Sans: Debian's fonts-noto-core and fonts-dejavu-core). WeasyPrint is imported inside the function: the import costs
more than starting Django and most processes never print.
"""

import hashlib
import logging
import multiprocessing
import re
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import gettext

from intake.crypto import key_id, seal_bytes, unseal_bytes
from intake.language import arabic_digits_html, arabic_digits_wanted

# From this file, not from settings: the render process imports this module without Django set up.
ASSET_ROOT = (Path(__file__).resolve().parents[2] / "static" / "attune" / "pdf").resolve()
PAPERS = {"a4": "A4", "letter": "letter"}
# Where Debian's font packages (fonts-dejavu-core, fonts-noto-core) install their files: WeasyPrint reads a
# `local()` font of an @font-face rule through the fetcher, so these are allowed, and only font files in them.
FONT_ROOTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolated(text: object) -> str:
    """`text` in its own direction inside a sentence of the other language: a Latin name in an Arabic sentence, an
    Arabic name or answer in an English one. WeasyPrint lays right-to-left text out through Pango but does not apply
    `unicode-bidi: isolate` to an element (its tracker, #106), so `<bdi>` alone lets a name ending in "2!" or
    "(M.J.)" scatter; the Unicode isolates do it in the text itself, and print nothing. FIRST STRONG ISOLATE takes
    the direction of the text's first letter, as `dir="auto"` does. Empty stays empty, for `{% if %}`."""
    shown = "" if text is None else str(text)
    return f"{FIRST_STRONG_ISOLATE}{shown}{POP_DIRECTIONAL_ISOLATE}" if shown else ""


class RefusedURL(ValueError):
    pass


class PdfTooSlow(Exception):
    """A render went over ATTUNE_PDF_TIME_LIMIT_SECONDS and was stopped."""


class RefusalsAreWarnings(logging.Filter):
    """WeasyPrint logs a failed fetch as an ERROR; a fetch we refused on purpose is only a WARNING."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and "RefusedURL" in record.getMessage():
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def asset_path(url: str) -> Path:
    """The local file behind an allowed asset URL; RefusedURL for anything else."""
    if not url.startswith("file://"):
        raise RefusedURL(f"not an app asset: {url[:80]}")
    path = Path(unquote(url.removeprefix("file://").split("?")[0].split("#")[0])).resolve()
    if _installed_font(path):
        return path
    if not path.is_relative_to(ASSET_ROOT) or not path.is_file():
        raise RefusedURL(f"outside the PDF assets: {url[:80]}")
    return path


def _installed_font(path: Path) -> bool:
    """An installed font file (a resolved path, so no `..` or link leads out of the font folders)."""
    return path.suffix.lower() in FONT_SUFFIXES and path.is_file() and any(path.is_relative_to(r) for r in FONT_ROOTS)


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = asset_path(url)  # raises for everything that is not ours
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), status=200)

    return AssetsOnly(allowed_protocols={"file"})


def page_of() -> list[tuple[str, str]]:
    """The footer's "Page 2 of 5" as one translated sentence, cut at its two numbers for CSS's page counters:
    (words, counter) pieces in the sentence's own order, the counter "page", "pages" or "" after the last words."""
    sentence = gettext("Page {page} of {pages}")
    pieces: list[tuple[str, str]] = []
    for words, counter in re.findall(r"(.*?)(?:\{(page|pages)\}|$)", sentence, flags=re.S):
        if words or counter:
            pieces.append((words, counter))
    return pieces


def _printed(template: str, context: dict[str, Any]) -> str:
    """A printout's HTML, with the footer's words and, when the practice asks for them, Arabic-Indic digits in an
    Arabic printout, as its pages have."""
    digits = arabic_digits_wanted()
    html = render_to_string(template, {**context, "arabic_digits": digits, "page_of": page_of()})
    return arabic_digits_html(html) if digits else html


def render_plan_html(context: dict[str, Any]) -> str:
    return _printed("clinic/pdf/plan.html", context)


def render_handout_html(context: dict[str, Any]) -> str:
    return _printed("clinic/pdf/handout.html", context)


def render_progress_html(context: dict[str, Any]) -> str:
    return _printed("clinic/pdf/progress.html", context)


def _render(html: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=ASSET_ROOT.as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf()


def _render_in_child(html: str, conn: Connection) -> None:
    logging.getLogger("weasyprint").addFilter(RefusalsAreWarnings())
    try:
        conn.send(("pdf", _render(html)))
    except Exception as error:  # reported to the parent, which raises it as a failure
        conn.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


def html_to_pdf(html: str) -> bytes:
    """Render in a separate process that is stopped once it runs over the time budget, so one huge
    document cannot hold a worker; the process ends after each render, so its memory never grows."""
    limit = settings.ATTUNE_PDF_TIME_LIMIT_SECONDS
    if not limit:
        return _render(html)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint", "clinic.printing.pdf"])
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_render_in_child, args=(html, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limit):
            raise PdfTooSlow(f"the PDF took longer than {limit} seconds")
        kind, payload = receiver.recv()
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if kind != "pdf":
        raise RuntimeError(f"PDF rendering failed: {payload}")
    return payload


def cached_pdf(html: str, on_store: Callable[[str], object] | None = None) -> bytes:
    """The PDF for `html`, rendered once: the same HTML always makes the same PDF, so the
    HTML's digest is the cache key (shared by every worker through the configured cache).
    `on_store` is told the cache key of a newly stored PDF (CachedPdf.remember indexes it
    under its couple, whose deletion then purges it)."""
    key = f"pdf:{key_id()}:" + hashlib.sha256(html.encode()).hexdigest()
    sealed = cache.get(key)
    if sealed is not None:
        return unseal_bytes(sealed)
    pdf = html_to_pdf(html)
    # Sealed: a therapist's plan holds the comparison and any safety finding.
    cache.set(key, seal_bytes(pdf), timeout=settings.ATTUNE_PDF_CACHE_SECONDS)
    if on_store is not None:
        on_store(key)
    return pdf
