"""Which language a page speaks: its reader's own, decided in one place.

Before anyone is known (sign-in, the two-step code, error pages, a link without a session, the session-ended page)
pages speak the practice's ATTUNE_LANGUAGE: `PracticeLanguage` replaces Django's LocaleMiddleware, so no browser
header or cookie guesses a language, and nothing can override a person's own choice. `partner_required`
(intake/views.py) then speaks the partner's `Partner.language`, and `therapist_required` (clinic/accounts/signin.py)
the therapist's account language. Every response names the language it was written in (`Content-Language`).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import formats, translation

# The field a partner's page posts to change language (a button per language, inside the page's own form).
SWITCH_FIELD = "language"


def known(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def speak(language: str) -> None:
    """Render the rest of this request in `language` (the practice's language when it is not one Attune has)."""
    translation.activate(language if known(language) else settings.ATTUNE_LANGUAGE)


def asked_for(request: HttpRequest) -> str:
    """The language a partner's switch button asked for on this post; "" when none (or one Attune does not have)."""
    if request.method != "POST":
        return ""
    language = request.POST.get(SWITCH_FIELD, "")
    return language if known(language) else ""


def names_of_both(names: list[str]) -> str:
    """One name, or a couple's two as one translated phrase ("Sam and Alex"), never English glue between them."""
    if len(names) == 2:
        return translation.gettext("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}
    return ", ".join(names)


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def local_digits(value: object) -> str:
    """`value` as a page shows it, in the digits of the page's language: Western (0-9) everywhere, unless the
    practice sets ATTUNE_ARABIC_DIGITS, when an Arabic page writes Arabic-Indic digits (٠-٩). Only digits change,
    so the `|digits` filter (is_safe) keeps a rendered sentence's safety."""
    shown = value if isinstance(value, str) else str(formats.localize(value))
    if not (settings.ATTUNE_ARABIC_DIGITS and translation.get_language() == "ar"):
        return shown
    return shown.translate(ARABIC_INDIC)


# Everything between tags, and the tags themselves (a comment is one piece).
_PIECES = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>", re.S)
# Whose text is kept as written: code and scripts, what a person typed (isolated with <bdi> or dir="auto", or a
# form's text area), and a fragment in another language.
_KEPT_AS_WRITTEN = {"script", "style", "textarea", "bdi", "code", "kbd", "samp", "pre"}
_TYPED = re.compile(r"""\bdir\s*=\s*["']?auto""", re.I)
_OTHER_LANGUAGE = re.compile(r"""\blang\s*=\s*["']?(?!ar\b)[a-zA-Z]""", re.I)
_VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "area", "col", "embed", "param", "track"}
# A character reference, a Unicode isolate's start (LRI, RLI, FSI) or end (PDI), or a digit.
_DIGIT_ENTITY_OR_ISOLATE = re.compile(r"&#?\w+;|[\u2066\u2067\u2068\u2069]|[0-9]")
_ISOLATE_STARTS = "\u2066\u2067\u2068"


def arabic_digits_html(html: str) -> str:
    """`html` with Arabic-Indic digits in the text a reader meets: never in tags or attributes (links, times, form
    values stay machine-readable), character references, scripts, code, or anything typed by a person or in
    another language (an element kept as written, or text between Unicode isolates, as the printouts isolate it).
    One place for every page (PracticeLanguage) and every printout (clinic.printing.pdf)."""
    out: list[str] = []
    position, kept, depth, isolates = 0, "", 0, 0

    def indic(text: str) -> str:
        nonlocal isolates

        def one(match: re.Match[str]) -> str:
            nonlocal isolates
            found = match.group(0)
            if found in _ISOLATE_STARTS:
                isolates += 1
            elif found == "\u2069":
                isolates = max(0, isolates - 1)
            elif found[0] != "&" and not isolates:
                return found.translate(ARABIC_INDIC)
            return found

        return _DIGIT_ENTITY_OR_ISOLATE.sub(one, text)

    for match in _PIECES.finditer(html):
        text = html[position : match.start()]
        out.append(text if kept else indic(text))
        out.append(match.group(0))
        position = match.end()
        if match.group(2) is None:
            continue
        name, closing, attributes = match.group(2).lower(), match.group(1) == "/", match.group(3)
        if name in _VOID or attributes.rstrip().endswith("/"):
            continue
        if kept:
            if name == kept:
                depth += -1 if closing else 1
                kept = "" if depth == 0 else kept
        elif not closing and (
            name in _KEPT_AS_WRITTEN
            or _TYPED.search(attributes)
            or (name != "html" and _OTHER_LANGUAGE.search(attributes))
        ):
            kept, depth = name, 1
    tail = html[position:]
    out.append(tail if kept else indic(tail))
    return "".join(out)


def arabic_digits_wanted() -> bool:
    """Whether what is being written now takes Arabic-Indic digits: an Arabic page when the practice asks for them."""
    return bool(settings.ATTUNE_ARABIC_DIGITS) and translation.get_language() == "ar"


class PracticeLanguage:
    """Every request starts in the practice's language and every response says which language it is in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        speak(settings.ATTUNE_LANGUAGE)
        try:
            response = self.get_response(request)
            # The guards may have switched to the reader's language; the page was rendered in it by now.
            response.headers.setdefault("Content-Language", translation.get_language())
            if arabic_digits_wanted() and _is_html(response):
                response.content = arabic_digits_html(response.content.decode(response.charset)).encode(
                    response.charset
                )
                if response.has_header("Content-Length"):
                    response.headers["Content-Length"] = str(len(response.content))
        finally:
            # Nothing of one person's language may leak into the next request served by this thread.
            translation.deactivate()
        return response


def _is_html(response: HttpResponse) -> bool:
    return not response.streaming and response.get("Content-Type", "").startswith("text/html")
