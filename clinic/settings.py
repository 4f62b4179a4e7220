"""Attune's one settings file, driven by environment variables.

Every setting has a development default so `make run` needs no configuration;
production sets ATTUNE_DEBUG=0 and the variables listed in the README.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from intake import helplines

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        limits = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ImproperlyConfigured(f"{name} must be {limits}; got {value}.")
    return value


def env_float(name: str, default: float, above: float, below: float) -> float:
    """A number strictly between `above` and `below` (exclusive), e.g. a standard deviation or a reliability."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number; got {raw!r}.") from None
    if not above < value < below:
        raise ImproperlyConfigured(f"{name} must be above {above} and below {below}; got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_proxies(name: str) -> int | list[str]:
    """ATTUNE_TRUSTED_PROXIES: a count of proxies in front of Attune, or their addresses and networks."""
    raw = os.environ.get(name, "").strip()
    if raw.isdigit():
        return int(raw)
    entries = [part.strip() for part in raw.split(",") if part.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be a number of proxies or comma-separated addresses or networks; got {entry!r}."
            ) from None
    return entries


def database_config(url: str | None, sqlite_path: Path) -> dict[str, Any]:
    """PostgreSQL (or any dj-database-url URL) when a URL is given, else the embedded SQLite file."""
    if url:
        config: dict[str, Any] = {**dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)}
        if env_bool("ATTUNE_DB_PREPARED", True):
            # Values bound by the server, and each statement prepared on a connection once it has run a few times
            # (psycopg's own threshold): a page's statements are then parsed and planned once per connection, not
            # on every request. Django leaves both off for poolers that cannot keep prepared statements (PgBouncer
            # in transaction mode before 1.21): set ATTUNE_DB_PREPARED=0 there. Measured in bench/README.md.
            config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5, **config.get("OPTIONS", {})}
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL; leave it unset for SQLite.")
        return config
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": sqlite_path,
        # Reopening the file and re-running the PRAGMAs on every request costs more than most queries.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so a second writer waits for
            # `timeout` instead of failing mid-transaction with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # FULL: a commit is on disk before the partner is told it is saved, power cut or not
            # (NORMAL may lose the last commits in WAL mode). Its cost is measured in bench/README.md.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        },
        # A file, not memory, so concurrency tests exercise real locking across connections.
        "TEST": {"NAME": str(sqlite_path.with_name("test_" + sqlite_path.name))},
    }


DEV_SECRET_KEY = "attune-development-key-never-use-in-production"  # noqa: S105 (refused in production by checks.py)

DEBUG = env_bool("ATTUNE_DEBUG", True)
SECRET_KEY = os.environ.get("ATTUNE_SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ATTUNE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("ATTUNE_CSRF_TRUSTED_ORIGINS", [])
VAR_DIR = Path(os.environ.get("ATTUNE_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "clinic.apps.AttuneAdminConfig",  # django.contrib.admin on a site that requires a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "django_tasks_db",  # the task framework's database backend: `manage.py db_worker` runs what is queued
    "bootstrap",  # django-bootstrap-static: Bootstrap 5's CSS served from our own static files
    "intake",
    "clinic",
]

MIDDLEWARE = [
    "clinic.limits.RequestSizeLimit",  # first: nothing may read a body over the limit
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "intake.language.PracticeLanguage",  # the practice's language; the guards switch to the reader's
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clinic.accounts.timeouts.SessionTimeouts",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "clinic.accounts.timeouts.idle_warning",
            ],
        },
    },
]

DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"), VAR_DIR / "attune.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_config(url: str | None) -> dict[str, Any]:
    """The shared cache: the database by default, Redis or Memcached when ATTUNE_CACHE_URL names one.

    Never a per-process cache: rate-limit counters and rendered PDFs must be shared by every worker
    and every app server.
    """
    if not url:
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "attune_cache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("memcached://"):
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": url.removeprefix("memcached://"),
        }
    raise ImproperlyConfigured("ATTUNE_CACHE_URL must start with redis://, rediss://, unix:// or memcached://.")


CACHES = {"default": cache_config(os.environ.get("ATTUNE_CACHE_URL"))}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # OWASP ASVS level 2 (2.1.1): at least 12 characters.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failures and refuses locked-out sign-ins
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout keyed by username and address together: one guesser cannot lock a therapist out everywhere.
AXES_FAILURE_LIMIT = env_int("ATTUNE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ATTUNE_LOCKOUT_MINUTES", 15, minimum=1))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The same client address as the link rate limit and the access log (through trusted proxies only).
AXES_CLIENT_IP_CALLABLE = "intake.addresses.client_address"
AXES_VERBOSE = False
# Two-factor sign-in (TOTP): required in production unless a setting says otherwise; a therapist
# who has set it up is always asked for a code.
ATTUNE_REQUIRE_2FA = env_bool("ATTUNE_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Attune"
# The admin never shows a device's secret key or its QR code (clinic/admin.py removes them as well).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Therapists are signed out after this long without a request, and after the absolute lifetime.
ATTUNE_IDLE_TIMEOUT_SECONDS = env_int("ATTUNE_IDLE_TIMEOUT_SECONDS", 30 * 60, minimum=60)
ATTUNE_SESSION_MAX_SECONDS = env_int("ATTUNE_SESSION_MAX_SECONDS", 8 * 3600, minimum=60)
# A partner's intake session ends after this long without a request; their link resumes it.
ATTUNE_INTAKE_IDLE_SECONDS = env_int("ATTUNE_INTAKE_IDLE_SECONDS", 45 * 60, minimum=60)
# How long before either idle limit a page warns, with a "Keep working" control (WCAG 2.2.1); at most half the limit.
ATTUNE_IDLE_WARNING_SECONDS = env_int("ATTUNE_IDLE_WARNING_SECONDS", 120, minimum=10)
# A therapist's unsaved typing, kept before a time limit (clinic/drafts.py), is removed after this many days.
ATTUNE_FORM_DRAFT_DAYS = env_int("ATTUNE_FORM_DRAFT_DAYS", 14, minimum=1)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = env_int("ATTUNE_SESSION_AGE_SECONDS", 8 * 3600, minimum=60)
# In the database, with updates that a read-only or full database skips rather than fail (clinic/sessions.py).
SESSION_ENGINE = "clinic.sessions"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Never leak a URL to another site through Referer. Not "no-referrer" site-wide: with it,
# browsers send "Origin: null" on form posts and Django's CSRF check refuses them. The
# intake-link responses, whose URL carries the token, send "no-referrer" themselves.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Enforced: only our own scripts and styles, no inline code without the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],  # Bootstrap draws form controls with data: SVGs
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The proxies in front of Attune: a count ("1") or their addresses and networks ("10.0.0.5,10.1.0.0/16").
# X-Forwarded-For is believed only through them (intake/addresses.py); empty trusts no one.
ATTUNE_TRUSTED_PROXIES = env_proxies("ATTUNE_TRUSTED_PROXIES")
if env_bool("ATTUNE_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("ATTUNE_SSL_REDIRECT", not DEBUG)
# /healthz answers over plain HTTP for the load balancer even when HTTPS is enforced.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("ATTUNE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Every request body, file parts included (clinic/limits.py); Attune takes no files at all.
ATTUNE_MAX_REQUEST_BYTES = env_int("ATTUNE_MAX_REQUEST_BYTES", 256 * 1024, minimum=16 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTUNE_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300
DATA_UPLOAD_MAX_NUMBER_FILES = 0

# Each language named in itself, as a language switcher shows it.
LANGUAGES = [("en", "English"), ("ar", "العربية")]
# The practice's language: the default of each partner's and each therapist's own choice, and of pages
# before anyone is known (sign-in, the help page).
ATTUNE_LANGUAGE = os.environ.get("ATTUNE_LANGUAGE", "en").strip().lower()
if ATTUNE_LANGUAGE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"ATTUNE_LANGUAGE must be one of {', '.join(dict(LANGUAGES))}, not {ATTUNE_LANGUAGE!r}")
LANGUAGE_CODE = ATTUNE_LANGUAGE
# Arabic pages print Western digits (0-9) unless the practice asks for Arabic-Indic ones (٠-٩).
ATTUNE_ARABIC_DIGITS = env_bool("ATTUNE_ARABIC_DIGITS", False)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("ATTUNE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# build/static/ holds what `make setup` builds from packages (only the Bootstrap CSS Attune uses, under Bootstrap's
# own file names); found first, it stands in for the full files of django-bootstrap-static, which are served only
# where it was not built (no npm).
STATICFILES_DIRS = [path for path in (BASE_DIR / "build" / "static", BASE_DIR / "static") if path.is_dir()]
# `manage.py collectstatic` writes every file under a name with its content's hash, with gzip and brotli copies
# beside it; WhiteNoise serves those with a far-future, immutable cache lifetime, compressed for a browser that
# accepts it. Development (ATTUNE_DEBUG=1) serves the files as they are, from the folders above.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Attune's own template pack (templates/attune/): crispy lays a form out, intake.controls writes every field.
CRISPY_ALLOWED_TEMPLATE_PACKS: tuple[str, ...] = ("attune",)
CRISPY_TEMPLATE_PACK = "attune"

# Attune's own settings.
ATTUNE_INVITATION_DAYS = env_int("ATTUNE_INVITATION_DAYS", 14, minimum=1)
# Failed link attempts are counted per client address and link prefix (one mistyped link locks only
# itself), and per client address across all links (spraying guesses locks the address).
ATTUNE_TOKEN_FAILURE_LIMIT = env_int("ATTUNE_TOKEN_FAILURE_LIMIT", 10, minimum=1)
ATTUNE_TOKEN_ADDRESS_FAILURE_LIMIT = env_int("ATTUNE_TOKEN_ADDRESS_FAILURE_LIMIT", 100, minimum=1)
ATTUNE_TOKEN_FAILURE_WINDOW = env_int("ATTUNE_TOKEN_FAILURE_WINDOW_SECONDS", 15 * 60, minimum=1)
# Reliable change on the CSI-4 (Jacobson & Truax 1991; docs/clinical.md, "Change over time"). The reliability is
# the CSI-4's internal consistency as published (alpha .94, Funk & Rogge 2007). No published standard deviation of
# CSI-4 totals fits a clinical sample, so the SD is provisional: every page that shows the band says so. A practice
# may set the SD of its own clients' first CSI-4 totals instead.
ATTUNE_CSI4_SD = env_float("ATTUNE_CSI4_SD", 4.5, above=0, below=21)
ATTUNE_CSI4_RELIABILITY = env_float("ATTUNE_CSI4_RELIABILITY", 0.94, above=0, below=1)
# Points apart on the 5-point scale that make a perception gap: a clinical convention, not a normed cut-off.
ATTUNE_GAP_THRESHOLD = env_int("ATTUNE_GAP_THRESHOLD", 2, minimum=1, maximum=4)
ATTUNE_PAPER = os.environ.get("ATTUNE_PAPER", "a4")  # default paper for PDFs: a4 or letter
# A PDF render is stopped after this many seconds (0: render in the request's own process).
ATTUNE_PDF_TIME_LIMIT_SECONDS = env_int("ATTUNE_PDF_TIME_LIMIT_SECONDS", 60, minimum=0)
ATTUNE_PDF_CACHE_SECONDS = env_int("ATTUNE_PDF_CACHE_SECONDS", 7 * 24 * 3600, minimum=0)
# Ten cards a page: on a phone a page of 25 couples was some twenty screens long; the couples with an open safety
# alert come first whatever the size (bench/README.md, "The page targets (issue 18, fourth part)").
ATTUNE_COUPLES_PER_PAGE = env_int("ATTUNE_COUPLES_PER_PAGE", 10, minimum=1)
# Printed at the top of the couple's handout; empty prints no practice line.
ATTUNE_PRACTICE_NAME = os.environ.get("ATTUNE_PRACTICE_NAME", "").strip()
# A session's length in minutes; a draft fits each session's exercises into it after a 10-minute check-in.
ATTUNE_SESSION_MINUTES = env_int("ATTUNE_SESSION_MINUTES", 50, minimum=30, maximum=180)
# Where partners reach Attune; used for links printed outside a request (manage.py demo).
ATTUNE_BASE_URL = os.environ.get("ATTUNE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Fernet keys (comma-separated, newest first) sealing free text and safety answers at rest.
# Generate one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
ATTUNE_ENCRYPTION_KEYS = env_list("ATTUNE_ENCRYPTION_KEYS", [])
# Told to partners on the consent page; the practice's records policy decides the number.
ATTUNE_RETENTION_YEARS = env_int("ATTUNE_RETENTION_YEARS", 7, minimum=1)
# The safety page's "leave quickly" control goes here: an everyday site that draws no attention.
ATTUNE_QUICK_EXIT_URL = os.environ.get("ATTUNE_QUICK_EXIT_URL", "https://www.bbc.com/weather")
# Helplines on the partner's safety pages: region codes (us, uk, ie) or JSON files of the practice's own lines.
try:
    ATTUNE_HELPLINES = helplines.load(os.environ.get("ATTUNE_HELPLINES", ""))
except helplines.HelplineError as error:
    raise ImproperlyConfigured(str(error)) from None
# Only a practice that has committed to calling back the same day may promise it to a partner in crisis.
ATTUNE_SAME_DAY_FOLLOW_UP = env_bool("ATTUNE_SAME_DAY_FOLLOW_UP", False)
ATTUNE_DEMO_PASSWORD = os.environ.get("ATTUNE_DEMO_PASSWORD", "attune-demo-2026")


def mail_config(host: str, var_dir: Path) -> dict[str, Any]:
    """The one mailer: SMTP when ATTUNE_EMAIL_HOST names a server, else .eml files under var/mail/ (nothing sent)."""
    if not host:
        return {"BACKEND": "clinic.messaging.mailfiles.EmlFileBackend", "OPTIONS": {"file_path": str(var_dir / "mail")}}
    security = os.environ.get("ATTUNE_EMAIL_TLS", "starttls").strip().lower()
    if security not in {"starttls", "ssl", *_TRUE, *_FALSE}:
        raise ImproperlyConfigured(f"ATTUNE_EMAIL_TLS must be starttls (or 1), ssl, or 0; got {security!r}.")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": host,
            "port": env_int("ATTUNE_EMAIL_PORT", 465 if security == "ssl" else 587, minimum=1, maximum=65535),
            "username": os.environ.get("ATTUNE_EMAIL_USER", ""),
            "password": os.environ.get("ATTUNE_EMAIL_PASSWORD", ""),
            "use_tls": security == "starttls" or security in _TRUE,
            "use_ssl": security == "ssl",
            # A mail server that hangs must not hold the worker: the task fails and is tried again later.
            "timeout": 30,
        },
    }


def invitation_template(path: str) -> tuple[str, str] | None:
    """(subject, message) from the practice's template file; None for Attune's own."""
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(f"ATTUNE_INVITATION_TEMPLATE: cannot read {path}: {error}") from None
    first, _blank, message = text.partition("\n")
    if not first.lower().startswith("subject:") or not first[8:].strip() or not message.strip():
        raise ImproperlyConfigured(
            "ATTUNE_INVITATION_TEMPLATE must start with a line 'Subject: …', then the message after a blank line."
        )
    return first[8:].strip(), message.strip()


# Invitations, reminders and the therapist's notifications (clinic/messaging/), sent by the worker.
MAILERS = {"default": mail_config(os.environ.get("ATTUNE_EMAIL_HOST", "").strip(), VAR_DIR)}
DEFAULT_FROM_EMAIL = os.environ.get("ATTUNE_EMAIL_FROM", "Attune <attune@localhost>").strip()
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Queued work lives in the database; `manage.py db_worker` (started by `make run`) runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A partner whose link is not submitted gets a reminder this many days after the invitation, and a last one
# two days before the link expires: never more than two (clinic/messaging/reminders.py).
ATTUNE_REMINDER_DAYS = env_int("ATTUNE_REMINDER_DAYS", 3, minimum=1)
# The practice's invitation template: a text file whose first line is "Subject: …", then a blank line and the
# message a therapist starts from and may edit before sending. Unset: Attune's own, which names no therapy.
ATTUNE_INVITATION_TEMPLATE = invitation_template(os.environ.get("ATTUNE_INVITATION_TEMPLATE", "").strip())

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_tokens": {"()": "intake.logging.RedactIntakeTokens"},
        "refusals_are_warnings": {"()": "clinic.printing.pdf.RefusalsAreWarnings"},
    },
    # Every line leaves through this handler, so the redaction covers every logger (the CSRF warning's too).
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # These log request paths, and an intake path carries the partner's secret token: redacted at the
        # source as well, so no other handler (a test's, an error mailer's) ever holds it.
        "django.request": {"filters": ["redact_tokens"], "level": "INFO"},
        "django.server": {"filters": ["redact_tokens"], "level": "INFO"},
        "django.security": {"filters": ["redact_tokens"]},
        "django.security.csrf": {"filters": ["redact_tokens"]},
        "attune": {"level": "INFO"},
        # The worker logs each task it runs by its id and function: never a message, an address or a link.
        "django_tasks_db": {"level": "INFO"},
        "weasyprint": {"filters": ["refusals_are_warnings"], "level": "WARNING"},
    },
}
