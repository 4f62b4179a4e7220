"""System checks that stop Attune from running in production with development settings."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register("attune", deploy=False)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from clinic.settings import DEV_SECRET_KEY

    if not settings.DEBUG and settings.SECRET_KEY == DEV_SECRET_KEY:
        return [
            Error(
                "ATTUNE_SECRET_KEY is the development key while ATTUNE_DEBUG is off.",
                hint="Set ATTUNE_SECRET_KEY to a long random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="attune.E001",
            )
        ]
    return []


@register("attune", deploy=False)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from cryptography.fernet import Fernet

    errors = []
    if not settings.DEBUG and not settings.ATTUNE_ENCRYPTION_KEYS:
        errors.append(
            Error(
                "ATTUNE_ENCRYPTION_KEYS is not set while ATTUNE_DEBUG is off: free text and safety answers would be "
                "sealed with a key derived from the secret key.",
                hint="Set ATTUNE_ENCRYPTION_KEYS to one or more Fernet keys, newest first.",
                id="attune.E002",
            )
        )
    for position, key in enumerate(settings.ATTUNE_ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            errors.append(
                Error(
                    f"ATTUNE_ENCRYPTION_KEYS entry {position} is not a valid Fernet key.",
                    hint="A Fernet key is 32 random bytes in URL-safe base64.",
                    id="attune.E003",
                )
            )
    return errors
