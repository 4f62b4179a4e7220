"""Sealing what must never sit in the database as plaintext: free-text and safety answers, and what
is made from them (plan versions, cached PDFs).

Keys come from ATTUNE_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first);
MultiFernet decrypts with any of them and encrypts with the first, so a key can be
rotated (`manage.py rotatekeys`) and the old one removed afterwards. Without
configured keys, development derives one from the secret key; a system check
refuses that in production.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "configured_keys", "key_id", "reseal", "seal", "seal_bytes", "unseal", "unseal_bytes"]


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.ATTUNE_ENCRYPTION_KEYS)
    if keys:
        return keys
    digest = hashlib.sha256(b"attune-answers:" + settings.SECRET_KEY.encode()).digest()
    return (base64.urlsafe_b64encode(digest).decode(),)


@lru_cache(maxsize=4)
def _box(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def key_id() -> str:
    """A short fingerprint of the newest key, for cache keys of sealed values."""
    return hashlib.sha256(configured_keys()[0].encode()).hexdigest()[:12]


def seal(text: str) -> str:
    return seal_bytes(text.encode())


def unseal(token: str) -> str:
    return unseal_bytes(token).decode()


def seal_bytes(data: bytes) -> str:
    return _box(configured_keys()).encrypt(data).decode()


def unseal_bytes(token: str) -> bytes:
    return _box(configured_keys()).decrypt(token.encode())


def reseal(token: str) -> str:
    """The same plaintext under the newest key."""
    return _box(configured_keys()).rotate(token.encode()).decode()
