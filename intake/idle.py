"""What a page needs to warn before an idle limit ends its session (WCAG 2.2.1): the seconds left, when to warn,
and where "Keep working" posts. Partners' pages (intake.views) and therapists' (clinic.accounts.timeouts) fill
the same template, templates/_idle_warning.html, which static/attune/idle.js brings to life.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings


@dataclass(frozen=True)
class IdleWarning:
    remaining: int  # seconds until the session ends without activity
    warn: int  # seconds before the end at which the warning appears
    keep_alive_url: str  # GET: the seconds left (another tab may have kept working); POST: keep working
    limit: int  # the whole idle limit in seconds, as the warning states it
    partner: bool = True  # a partner's page (the warning speaks of the questionnaire) or a therapist's (signing out)
    # A session with a fixed lifetime (therapists'): when it ends whatever is done, and whether that comes before
    # the idle limit (`remaining` is then the time to it, and the warning offers no "Keep working").
    session_ends: datetime | None = None
    final: bool = False

    @property
    def warn_minutes(self) -> int:
        return round(self.warn / 60)

    @property
    def limit_minutes(self) -> int:
        return round(self.limit / 60)


def idle_warning(
    seen: float, limit: int, keep_alive_url: str, now: float, partner: bool = True, session_ends: float | None = None
) -> IdleWarning:
    """The warning for a session last active at `seen`, ending `limit` seconds after that, or at `session_ends`
    (a time.time()) if that comes first."""
    warn = min(settings.ATTUNE_IDLE_WARNING_SECONDS, limit // 2)
    left = seen + limit - now
    if session_ends is None:
        return IdleWarning(max(0, int(left)), warn, keep_alive_url, limit, partner)
    final = session_ends - now <= left
    remaining = max(0, int(min(left, session_ends - now)))
    ends = datetime.fromtimestamp(session_ends, tz=UTC)
    return IdleWarning(remaining, warn, keep_alive_url, limit, partner, session_ends=ends, final=final)


def touch_interval(limit: int) -> float:
    """How stale the last-seen time may grow before a request rewrites it: at most every 30 seconds, to spare the
    database, but always well inside the limit (tests shorten the limits to seconds)."""
    return min(30.0, limit / 10)
