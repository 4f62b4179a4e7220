"""PDF rendering: the only module that imports WeasyPrint.

Two steps, so tests can read the HTML cheaply: `render_*_html(...) -> str`, then
`html_to_pdf(html, paper) -> bytes`. The fetcher refuses every URL except files
under the app's own PDF asset folder, so client text can never make a render read
a file or open a connection. WeasyPrint is imported inside the function: the
import costs more than starting Django and most processes never print.
"""

import hashlib
import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

ASSET_ROOT = (Path(settings.BASE_DIR) / "static" / "attune" / "pdf").resolve()
PAPERS = {"a4": "A4", "letter": "letter"}


class RefusedURL(ValueError):
    pass


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
    if not path.is_relative_to(ASSET_ROOT) or not path.is_file():
        raise RefusedURL(f"outside the PDF assets: {url[:80]}")
    return path


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = asset_path(url)  # raises for everything that is not ours
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), status=200)

    return AssetsOnly(allowed_protocols={"file"})


def render_plan_html(context: dict[str, Any]) -> str:
    return render_to_string("clinic/pdf/plan.html", context)


def render_handout_html(context: dict[str, Any]) -> str:
    return render_to_string("clinic/pdf/handout.html", context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=ASSET_ROOT.as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf()


def cached_pdf(html: str) -> bytes:
    """The PDF for `html`, rendered once: the same HTML always makes the same PDF, so the
    HTML's digest is the cache key (shared by every worker through the configured cache)."""
    key = "pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, timeout=settings.ATTUNE_PDF_CACHE_SECONDS)
    return pdf
