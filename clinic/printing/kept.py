"""What the comparison and plan pages show of a couple's submitted intakes, kept between views
(clinic.models.KeptAnalysis).

Working the comparison out again on every view means reading and unsealing both intakes, comparing them and
wording every row: most of the comparison page's own time, and the plan page's check that the answers have not
changed since its draft. A submitted intake's answers cannot change (saving stops at submit; a reopen clears
`submitted_at` and the next submit sets a new one), so what a page shows of them is kept:

- sealed as the answers are (intake/crypto.py), as plain JSON: strings, numbers and lists, never objects;
- under a key naming everything it was worked out from: both partners' `submitted_at` and questionnaire
  versions, their names and pronouns, the gap threshold, the language, and the code and catalogue that word it
  (so a deploy or a new translation works it out afresh). A row whose key does not match is never shown;
- dropped whenever an intake is submitted or reopened (`forget`, on intake.signals.outcome_changed sent by a
  Partner, in the same transaction), and deleted with the couple. Nothing kept comes from a check-in or a
  re-assessment: the comparison page works those out on every view (clinic/outcomes/reassessment.py), so a
  check-in sent leaves what is kept as it is.

Nothing kept here is logged, and nothing one couple's page keeps is read for another: rows are found by couple.
"""

import hashlib
import json
import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.functional import Promise
from django.utils.translation import get_language, to_locale

from clinic import statements
from clinic.models import KeptAnalysis
from intake.crypto import InvalidToken, seal_bytes, unseal_bytes
from intake.models import Couple

FORMAT = 2  # the shape of what is kept; the code digest below changes with every other change that words it
DIGEST = "digest"  # of the submitted answers (clinic.printing.reports.couple_digest), for the plan page


def _sources() -> list[str]:
    """The modules that work out and word what is kept."""
    root = settings.BASE_DIR
    found = [root / "clinic" / "printing" / name for name in ("kept.py", "reports.py", "charts.py")]
    found += sorted((root / "intake").glob("comparison*.py")) + sorted((root / "intake").glob("questionnaire*.py"))
    return [str(path) for path in [*found, root / "intake" / "wording.py"]]


@lru_cache(maxsize=8)
def _code(language: str) -> str:
    """A digest of the code, and of the language's catalogue, that what is kept was worked out with ("" for a
    digest of the answers, which has no language). Read once per process: code and catalogues do not change
    while it runs."""
    digest = hashlib.sha256(str(FORMAT).encode())
    paths = _sources()
    if language:
        paths += [str(path / to_locale(language) / "LC_MESSAGES" / "django.mo") for path in settings.LOCALE_PATHS]
    for path in paths:
        digest.update(path.encode())
        try:
            with open(path, "rb") as source:
                digest.update(source.read())
        except FileNotFoundError:
            digest.update(b"-")
    return digest.hexdigest()


def _key(couple: Couple, kind: str, language: str) -> str:
    facts = [kind, _code(language), settings.ATTUNE_GAP_THRESHOLD]
    for partner in (couple.partner_a, couple.partner_b):
        submitted = partner.submitted_at.isoformat() if partner.submitted_at else None
        facts.append(
            [str(partner.pk), submitted, partner.questionnaire_version, partner.display_name, partner.pronouns]
        )
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()


def _plain(value: object) -> str:
    """json.dumps's fallback: a lazily translated word, in the active language; anything else is a mistake."""
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"not kept: {type(value).__name__}")


def kept(couple: Couple, kind: str, make: Callable[[], Any], language: str = "") -> Any:
    """What `make` works out for this couple's submitted intakes, as JSON data: the kept copy when its key still
    matches (one query and one unseal), else worked out now and kept (one more query). Hit or not, the caller gets
    the same data, read back from the same JSON."""
    key = _key(couple, kind, language)
    rows = statements.execute(_kept_sql(connection.vendor), [*statements.stored(Couple, [couple.pk]), kind])
    if rows and rows[0][0] == key:
        try:
            return json.loads(opened(rows[0][1]))
        except InvalidToken:  # sealed under a key since retired: worked out again below
            pass
    text = json.dumps(make(), default=_plain)
    row = KeptAnalysis(couple_id=couple.pk, kind=kind, key=key, sealed=seal_bytes(zlib.compress(text.encode())))
    KeptAnalysis.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["couple", "kind"], update_fields=["key", "sealed"]
    )
    return json.loads(text)


# The kept row of one couple and kind, read on every view of the plan page (its digest) and the comparison page: a
# statement written once per process (clinic/statements.py), where the ORM took longer to build the query than the
# database to answer it.
KEPT_ROW = (
    "SELECT {KeptAnalysis_key}, {KeptAnalysis_sealed} FROM {KeptAnalysis}"
    " WHERE {KeptAnalysis_couple} = %s AND {KeptAnalysis_kind} = %s"
)


@lru_cache(maxsize=4)
def _kept_sql(vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database (clinic.statements.names).
    return KEPT_ROW.format(**statements.names(KeptAnalysis))


def opened(sealed: str) -> str:
    """A kept row's JSON. It is compressed before it is sealed: opening a token costs about its length, and the
    comparison page's rows shrink about sixfold."""
    return zlib.decompress(unseal_bytes(sealed)).decode()


def kept_in_language(couple: Couple, kind: str, make: Callable[[], Any]) -> Any:
    """`kept` for something worded in the active language: each language keeps its own."""
    language = get_language() or settings.LANGUAGE_CODE
    return kept(couple, f"{kind}:{language}", make, language)


def forget(sender: object, couple_id: Any, **kwargs: object) -> None:
    """Connected to intake.signals.outcome_changed from a Partner (clinic/apps.py): an intake submitted or
    reopened drops everything kept of the couple."""
    KeptAnalysis.objects.filter(couple_id=couple_id).delete()
