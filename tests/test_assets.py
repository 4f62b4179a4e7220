"""`{% asset %}`: a static file's URL as `{% static %}` writes it, looked up once per process and forgotten when the
settings change."""

from django.template import engines
from django.templatetags.static import static
from django.test import override_settings

from intake.templatetags import assets


def _written(path: str) -> str:
    return engines["django"].from_string("{% load assets %}{% asset path %}").render({"path": path})


def test_an_asset_is_written_as_the_static_tag_writes_it() -> None:
    for path in ("attune/attune.css", "bootstrap/css/bootstrap.rtl.min.css", "attune/favicon.svg"):
        assert _written(path) == static(path)


def test_an_asset_is_looked_up_once_while_the_settings_stay() -> None:
    _written("attune/idle.js")
    looked_up = assets._url.cache_info().misses
    _written("attune/idle.js")
    assert assets._url.cache_info().misses == looked_up


def test_a_change_of_settings_forgets_every_asset() -> None:
    before = _written("attune/attune.css")
    with override_settings(STATIC_URL="/elsewhere/"):
        moved = _written("attune/attune.css")
    assert moved.startswith("/elsewhere/")
    assert moved != before
    assert _written("attune/attune.css") == before
