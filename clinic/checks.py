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
