"""What an Arabic page shows in Latin letters: the check behind tests/test_translations.py, kept apart so the tests
stay readable. A page passes when every Latin word it shows a reader is a name, a citation or a term on the lists
below."""

import re
from html.parser import HTMLParser
from typing import Any

# Latin words an Arabic page may show: names and addresses people typed, Attune's name, the instrument's name and
# the models it names, citations, the language switcher's "English", and technical tokens (the practice setting's
# name, a code's format).
ALLOWED = {
    "Attune",
    "CSI",
    "EFT",
    "Gottman",
    "Johnson",
    "Funk",
    "Rogge",
    "English",
    "ATTUNE_PRACTICE_NAME",
    "PDF",
    "TOTP",
    # Kept in Latin letters by the translators, as Arabic readers meet them: a key, a file type, a paper size, and
    # the English pronouns a therapist picks for an English-speaking partner's reports.
    "Esc",
    "START",  # the word to text to a helpline, which must be sent as it is
    "zip",
    "Letter",
    "they",
    "them",
    "she",
    "her",
    "he",
    "him",
}
PEOPLE = {"Sam", "Alex", "Kim", "Lee", "Robin", "therapist", "Mina", "Omar"}
# The models' own names for their techniques and books, which the Arabic keeps in Latin letters beside its own words
# (e.g. "الحوارات الشيطانية (Demon Dialogues)") so that a therapist trained in English recognises them.
ORIGINAL_TERMS = (
    "Hold Me Tight",
    "Demon Dialogues",
    "Raw Spots",
    "Love Maps",
    "Rocky Moment",
    "Withdrawer Re-engagement",
    "Blamer Softening",
    "Attachment Injury Resolution",
    "Accessible",  # the A.R.E. of a secure bond, each letter explained beside its Arabic
    "Responsive",
    "Engaged",
    "enactments",
    "enactment",
    "Aftermath of a Fight",
    "Aftermath of Fight",
    "Dreams Within Conflict",
    "gridlocked",
    "Fondness and Admiration",
    "Four Horsemen",
    "stonewalling",
    "Repair Checklist",
    "flooding",
    "Softened Start-Up",
    "State of the Union Meeting",
    "State the Union Meeting",
    "Stress-Reducing Conversation",
    "Discernment Counselling",
)
ORIGINAL = re.compile("|".join(re.escape(term) for term in sorted(ORIGINAL_TERMS, key=len, reverse=True)))


class _VisibleText(HTMLParser):
    """The words a reader meets: text outside scripts and styles, and the attributes read aloud or shown.

    Left out: what a person typed (inside `<bdi>` or `dir="auto"`, shown as written), and any fragment marked as
    being in another language (`lang="en"`, e.g. the language switcher's own "English")."""

    SKIPPED = {"script", "style"}
    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "area", "col", "embed", "param", "track"}
    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.stack: list[bool] = []  # whether each open element hides its text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        foreign = found.get("lang") not in (None, "ar") and tag != "html"
        hidden = tag in self.SKIPPED or tag == "bdi" or found.get("dir") == "auto" or foreign
        if not (any(self.stack) or hidden):
            self.pieces += [str(found[name]) for name in self.SPOKEN if found.get(name)]
            if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
                self.pieces.append(str(found["value"]))
        if tag not in self.VOID:
            self.stack.append(hidden)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.pieces.append(data)


LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|/[\w/.-]+|\b[A-Za-z]+_[A-Za-z0-9_]+\b")


def english_left(html: str) -> list[str]:
    """The Latin words of the page's visible text that are not allowed on an Arabic page."""
    parser = _VisibleText()
    parser.feed(html)
    text = ORIGINAL.sub(" ", NOT_WORDS.sub(" ", " ".join(parser.pieces)))
    return [word for word in LATIN_WORD.findall(text) if word not in ALLOWED | PEOPLE]


def report(pages: dict[str, Any]) -> list[str]:
    found = []
    for label, response in pages.items():
        html = response.content.decode()
        assert '<html lang="ar" dir="rtl">' in html, f"{label} is not in Arabic"
        words = english_left(html)
        if words:
            found.append(f"{label}: {' '.join(dict.fromkeys(words))}")
    return found
