"""System checks that stop Attune from running in production with development settings."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


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


@register("attune", deploy=False)
def check_key_canary(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The configured keys must open the key canary (intake/canary.py). Silent before the first migrate."""
    from django.db import DatabaseError

    from intake.canary import check_keys

    try:
        problem = check_keys(create=False)
    except DatabaseError:
        return []  # no database or no tables yet: the deploy check below and /readyz say so
    if problem:
        return [
            Error(
                problem,
                hint="Set ATTUNE_ENCRYPTION_KEYS to the keys this database was sealed with (newest first); "
                "keys retired by rotatekeys are in your key archive.",
                id="attune.E004",
            )
        ]
    return []


@register("attune", deploy=True)
def check_production_guards(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    warnings = []
    if not settings.ATTUNE_REQUIRE_2FA:
        warnings.append(
            Warning(
                "ATTUNE_REQUIRE_2FA is off: therapists can sign in with a password alone.",
                hint="Leave ATTUNE_REQUIRE_2FA unset (on in production) or set it to 1.",
                id="attune.W001",
            )
        )
    if not settings.CSRF_TRUSTED_ORIGINS:
        warnings.append(
            Warning(
                "ATTUNE_CSRF_TRUSTED_ORIGINS is empty: behind a TLS proxy, form posts may be refused.",
                hint="Set it to the address people use, e.g. https://attune.example.org.",
                id="attune.W002",
            )
        )
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.ATTUNE_TRUSTED_PROXIES:
        warnings.append(
            Warning(
                "Attune trusts a proxy's X-Forwarded-Proto but ATTUNE_TRUSTED_PROXIES is empty: every client "
                "would share the proxy's address in the link rate limit, the sign-in lockout and the access log.",
                hint="Set ATTUNE_TRUSTED_PROXIES to the proxy's address (or the number of proxies in front).",
                id="attune.W003",
            )
        )
    return warnings + _mail_guards() + _database_guards()


def _mail_guards() -> list[Warning]:
    """Invitations and notices leave Attune by email: a server to send them, and links that reach Attune."""
    warnings = []
    if settings.MAILERS["default"]["BACKEND"].endswith("EmlFileBackend"):
        warnings.append(
            Warning(
                "ATTUNE_EMAIL_HOST is not set: invitations, reminders and notices are written to files, not sent.",
                hint="Set ATTUNE_EMAIL_HOST (and ATTUNE_EMAIL_PORT, _USER, _PASSWORD, _FROM) to the practice's mail server.",
                id="attune.W007",
            )
        )
    if not settings.ATTUNE_BASE_URL.startswith("https://"):
        warnings.append(
            Warning(
                f"ATTUNE_BASE_URL is {settings.ATTUNE_BASE_URL}: the private links in emails would not use HTTPS.",
                hint="Set ATTUNE_BASE_URL to the address partners reach Attune at, e.g. https://attune.example.org.",
                id="attune.W008",
            )
        )
    return warnings


def _database_guards() -> list[Warning]:
    from django.db import DatabaseError, connection

    from clinic import accesslog_guard
    from intake.models import KeyCanary

    try:
        has_canary = KeyCanary.objects.exists()
        guarded = accesslog_guard.installed(connection)
    except DatabaseError as error:
        return [
            Warning(
                f"The database could not be read ({type(error).__name__}), so the key canary was not checked.",
                hint="Run manage.py migrate, then check again.",
                id="attune.W004",
            )
        ]
    warnings = []
    if not has_canary:
        warnings.append(
            Warning(
                "The database has no key canary yet, so a wrong ATTUNE_ENCRYPTION_KEYS would go unnoticed.",
                hint="It is made when the web application first starts; or run manage.py check after one request.",
                id="attune.W005",
            )
        )
    if not guarded:
        warnings.append(
            Warning(
                "The access log's append-only triggers are missing from the database.",
                hint="Run manage.py migrate: it installs them.",
                id="attune.W006",
            )
        )
    return warnings


@register("attune", deploy=False)
def check_static_files(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """With debug off, pages name static files by their hashed names from collectstatic's manifest: without it,
    every page would fail."""
    from pathlib import Path

    if settings.DEBUG or (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        return []
    return [
        Error(
            f"The static files are not collected ({settings.STATIC_ROOT} has no staticfiles.json) while ATTUNE_DEBUG "
            "is off: no page could be shown.",
            hint="Run python manage.py collectstatic --noinput on every deploy.",
            id="attune.E005",
        )
    ]
