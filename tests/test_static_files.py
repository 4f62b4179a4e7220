"""Static files as production serves them: hashed names cached for a year or more, gzip or brotli for a browser that
accepts it, and only the Bootstrap CSS Attune uses (built by `make setup` with PurgeCSS from the package's files)."""

import gzip
import re
from pathlib import Path
from typing import Any

import bootstrap
import brotli
import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client

from clinic.checks import check_static_files

YEAR = 365 * 24 * 3600
FULL_CSS = Path(bootstrap.__file__).parent / "static" / "bootstrap" / "css" / "bootstrap.min.css"
SUBSET_CSS = Path(settings.BASE_DIR) / "build" / "static" / "bootstrap" / "css" / "bootstrap.min.css"


def max_age(cache_control: str) -> int:
    found = re.search(r"max-age=(\d+)", cache_control)
    return int(found.group(1)) if found else 0


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["bootstrap/css/bootstrap.min.css", "attune/attune.css", "attune/intake.js"])
def test_pages_name_static_files_by_their_content_hash(name: str) -> None:
    url = static(name)
    stem, suffix = name.rsplit(".", 1)
    assert re.fullmatch(rf"/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.{suffix}", url), url


@pytest.mark.parametrize(
    "accepts, encoding, decode",
    [("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress), ("", None, lambda b: b)],
)
def test_static_files_are_compressed_for_a_browser_that_accepts_it(
    client: Client, accepts: str, encoding: str | None, decode: object
) -> None:
    response = client.get(static("bootstrap/css/bootstrap.min.css"), HTTP_ACCEPT_ENCODING=accepts)
    assert response.status_code == 200
    assert response.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response["Vary"]
    css = decode(body(response))  # type: ignore[operator]
    assert b".btn-primary" in css


def test_hashed_names_are_cached_for_a_year_and_never_revalidated(client: Client) -> None:
    response = client.get(static("attune/attune.css"))
    assert max_age(response["Cache-Control"]) >= YEAR and "immutable" in response["Cache-Control"]


def test_a_name_without_its_hash_is_not_cached_for_long(client: Client) -> None:
    response = client.get("/static/attune/attune.css")
    assert response.status_code == 200 and max_age(response.get("Cache-Control", "")) < 3600


def test_compression_shrinks_what_a_page_loads(client: Client) -> None:
    plain = client.get(static("bootstrap/css/bootstrap.min.css"))
    brotlied = client.get(static("bootstrap/css/bootstrap.min.css"), HTTP_ACCEPT_ENCODING="br")
    assert len(body(brotlied)) * 4 < len(body(plain))


# The Bootstrap subset -----------------------------------------------------------------------------------------

CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')


def classes_in(css: str) -> set[str]:
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", css))


def template_classes() -> set[str]:
    names: set[str] = set()
    for template in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        for attribute in CLASS_ATTRIBUTE.findall(template.read_text()):
            plain = re.sub(r"{[{%].*?[%}]}", " ", attribute)  # what a template fills in is checked by the safelist
            names.update(plain.split())
    return names


def test_the_subset_is_built_and_served_in_place_of_the_full_file(client: Client) -> None:
    assert SUBSET_CSS.exists(), "build the Bootstrap subset with `make setup` (needs npm)"
    served = body(client.get(static("bootstrap/css/bootstrap.min.css")))
    assert served == SUBSET_CSS.read_bytes()
    assert len(served) < FULL_CSS.stat().st_size / 3


def selectors(css: str) -> set[str]:
    """Every selector of a minified style sheet (the preludes of @media and the like left out)."""
    preludes = re.findall(r"(?:^|[{}])([^{}@][^{}]*)\{", css)
    return {selector.strip() for prelude in preludes for selector in prelude.split(",")}


def test_the_subset_keeps_every_bootstrap_rule_made_only_of_classes_a_template_uses() -> None:
    used = template_classes()
    # Selectors that also name an element (".card>hr") are kept only where a template writes that element.
    wanted = {
        s
        for s in selectors(FULL_CSS.read_text())
        if classes_in(s) and classes_in(s) <= used and not re.search(r"(^|[\s>+~])[a-z]", s)
    }
    assert len(wanted) > 100  # the check itself found the templates' classes in Bootstrap's rules
    assert wanted - selectors(SUBSET_CSS.read_text()) == set()


@pytest.mark.parametrize("name", ["alert-success", "alert-danger", "text-bg-warning", "text-bg-success"])
def test_the_subset_keeps_classes_a_template_puts_together(name: str) -> None:
    assert f".{name}" in SUBSET_CSS.read_text()


def test_production_without_collected_static_files_fails_its_check(settings: Any, tmp_path: Path) -> None:
    settings.DEBUG, settings.STATIC_ROOT = False, tmp_path
    assert [error.id for error in check_static_files()] == ["attune.E005"]
    (tmp_path / "staticfiles.json").write_text("{}")
    assert check_static_files() == []
