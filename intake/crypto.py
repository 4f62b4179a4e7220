"""Sealing what must never sit in the database as plaintext: free-text and safety answers, and what
is made from them (plan versions, cached PDFs).

Keys come from ATTUNE_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first);
MultiFernet decrypts with any of them and encrypts with the first, so a key can be
rotated (`manage.py rotatekeys`) and the old one archived afterwards. Without
configured keys, development derives one from the secret key; a system check
refuses that in production.

Nothing is sealed before the key canary (intake/canary.py) has shown, once per process,
that the keys are the ones the database was sealed with: a wrong key never seals silently.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "InvalidToken",
    "SealingRefused",
    "configured_keys",
    "fingerprint",
    "key_id",
    "reseal",
    "seal",
    "seal_bytes",
    "unseal",
    "unseal_bytes",
]


class SealingRefused(ImproperlyConfigured):
    """The configured keys are not the database's keys: sealing under them would make data nobody can read."""


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.ATTUNE_ENCRYPTION_KEYS)
    if keys:
        return keys
    digest = hashlib.sha256(b"attune-answers:" + settings.SECRET_KEY.encode()).digest()
    return (base64.urlsafe_b64encode(digest).decode(),)


@lru_cache(maxsize=4)
def _box(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fingerprint(key: str) -> str:
    """A short public name for a key: safe to print, log and write into a backup's manifest."""
    return hashlib.sha256(key.strip().encode()).hexdigest()[:12]


def key_id() -> str:
    """The newest key's fingerprint, for cache keys of sealed values."""
    return fingerprint(configured_keys()[0])


# Key sets the canary has accepted in this process; keys never change while a process runs.
_accepted: set[tuple[str, ...]] = set()


def _require_canary(keys: tuple[str, ...]) -> None:
    if keys in _accepted:
        return
    from intake.canary import check_keys  # the canary lives in the database, which needs the models

    problem = check_keys(create=True)
    if problem:
        raise SealingRefused(problem)
    _accepted.add(keys)


def seal_unchecked(data: bytes, keys: tuple[str, ...] | None = None) -> str:
    """Seal without asking the canary: for the canary itself, and for re-sealing under keys just checked."""
    return _box(keys or configured_keys()).encrypt(data).decode()


def seal(text: str) -> str:
    return seal_bytes(text.encode())


def unseal(token: str) -> str:
    return unseal_bytes(token).decode()


def seal_bytes(data: bytes) -> str:
    keys = configured_keys()
    _require_canary(keys)
    return seal_unchecked(data, keys)


def unseal_bytes(token: str) -> bytes:
    return _box(configured_keys()).decrypt(token.encode())


def reseal(token: str, extra_keys: tuple[str, ...] = ()) -> str:
    """The same plaintext under the newest key; `extra_keys` (archived keys) may open it too."""
    keys = configured_keys()
    opened = _box(keys + tuple(extra_keys)).decrypt(token.encode())
    return _box(keys).encrypt(opened).decode()
