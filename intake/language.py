"""Which language a page speaks: its reader's own, decided in one place.

Before anyone is known (sign-in, the two-step code, error pages, a link without a session, the session-ended page)
pages speak the practice's ATTUNE_LANGUAGE: `PracticeLanguage` replaces Django's LocaleMiddleware, so no browser
header or cookie guesses a language, and nothing can override a person's own choice. `partner_required`
(intake/views.py) then speaks the partner's `Partner.language`, and `therapist_required` (clinic/accounts/signin.py)
the therapist's account language. Every response names the language it was written in (`Content-Language`).
"""

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
        finally:
            # Nothing of one person's language may leak into the next request served by this thread.
            translation.deactivate()
        return response
