"""The key canary: a known text sealed in the database, which the configured keys must open.

A wrong but well-formed ATTUNE_ENCRYPTION_KEYS would otherwise pass every check, answer 500 on
every page that reads sealed answers and, worse, seal new answers under the wrong key. The canary
is checked by a system check (attune.E004), when the web application starts (clinic/wsgi.py), by
/readyz, and before anything is sealed (intake.crypto): a wrong key refuses to serve and never seals.

The first check on a database without a canary makes one under the newest key, unless sealed
answers are already there and the keys cannot open them.
"""

from django.db import IntegrityError, transaction

from intake.crypto import InvalidToken, SealingRefused, configured_keys, seal_unchecked, unseal
from intake.models import Answer, KeyCanary

CANARY_TEXT = "attune key canary 1"

WRONG_KEYS = (
    "ATTUNE_ENCRYPTION_KEYS cannot open the key canary: these are not the keys this database was sealed "
    "with. Restore the right keys (newest first) before serving; nothing was sealed under these."
)
WRONG_FOR_ANSWERS = (
    "ATTUNE_ENCRYPTION_KEYS cannot open the sealed answers already in this database (and it has no key "
    "canary yet): these are not the keys it was sealed with."
)


def _opens(token: str) -> bool:
    try:
        return bool(unseal(token))
    except InvalidToken:
        return False


def check_keys(create: bool = True) -> str:
    """'' when the configured keys are the database's; otherwise what is wrong, in a sentence.

    Database errors (no connection, no table yet) are the caller's to handle.
    """
    sealed = KeyCanary.objects.filter(pk=1).values_list("sealed", flat=True).first()
    if sealed is not None:
        try:
            return "" if unseal(sealed) == CANARY_TEXT else WRONG_KEYS
        except InvalidToken:
            return WRONG_KEYS
    sample = Answer.objects.exclude(sealed="").values_list("sealed", flat=True).first()
    if sample is not None and not _opens(sample):
        return WRONG_FOR_ANSWERS
    if create:
        _make_canary()
    return ""


def _make_canary() -> None:
    try:
        with transaction.atomic():
            KeyCanary.objects.get_or_create(
                pk=1, defaults={"sealed": seal_unchecked(CANARY_TEXT.encode(), configured_keys())}
            )
    except IntegrityError:  # another process made it first
        pass


def require_keys() -> None:
    """Raise SealingRefused when the configured keys are not the database's."""
    problem = check_keys(create=True)
    if problem:
        raise SealingRefused(problem)
