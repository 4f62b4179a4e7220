"""`{% asset 'attune/attune.css' %}`: a static file's URL as `{% static %}` writes it, worked out once per process.

Each collected file's name carries its content's hash (ManifestStaticFilesStorage), and the names change only with
a new `collectstatic`, after which the servers restart. Looking each one up again on every page cost about a
quarter of a millisecond a page for base.html's seven files (bench/README.md, "fifth part"). A change of settings
(a test's `override_settings`) forgets them.
"""

from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static

register = template.Library()


@lru_cache(maxsize=64)
def _url(path: str) -> str:
    return static(path)


@register.simple_tag
def asset(path: str) -> str:
    return _url(path)


def _forget(**kwargs: Any) -> None:
    _url.cache_clear()


setting_changed.connect(_forget)
