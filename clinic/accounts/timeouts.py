"""Automatic sign-out: therapists after a stretch without requests, and after a fixed lifetime.

Timestamps live in the session (the database), so every app server enforces the same
limits. The last-seen time is written at most once a minute to spare the database. Every signed-in page carries
the warning before the idle limit (`idle_warning`, templates/_idle_warning.html) and "Keep working" posts to
`still_here`, which asking how long is left (a GET there) does not count as activity.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clinic.accounts.signin import therapist_required
from intake.idle import IdleWarning, touch_interval
from intake.idle import idle_warning as make_warning

STARTED, SEEN = "attune_signed_in_at", "attune_seen_at"


class SessionTimeouts:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._check(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> str:
        now, session = time.time(), request.session
        started, seen = session.get(STARTED), session.get(SEEN)
        if started is None or seen is None:
            session[STARTED] = session[SEEN] = now
            return ""
        if now - seen > settings.ATTUNE_IDLE_TIMEOUT_SECONDS:
            return _("You were signed out after a period without activity. Please sign in again.")
        if now - started > settings.ATTUNE_SESSION_MAX_SECONDS:
            return _("Your session reached its maximum length. Please sign in again.")
        if now - seen > min(60, touch_interval(settings.ATTUNE_IDLE_TIMEOUT_SECONDS)) and not _asks_only(request):
            session[SEEN] = now
        return ""


def _asks_only(request: HttpRequest) -> bool:
    """A page's question how long is left: not activity, or every open tab would keep the session alive."""
    return request.method == "GET" and request.path == reverse("still_here")


@require_http_methods(["GET", "POST"])
@therapist_required(None)
def still_here(request: HttpRequest) -> JsonResponse:
    """GET: the seconds left before the idle sign-out (another tab may have kept working). POST: keep working."""
    if request.method == "POST":
        request.session[SEEN] = time.time()
    left = request.session[SEEN] + settings.ATTUNE_IDLE_TIMEOUT_SECONDS - time.time()
    return JsonResponse({"remaining": max(0, int(left))})


def idle_warning(request: HttpRequest) -> dict[str, IdleWarning | None]:
    """Context processor: the warning before the idle sign-out on every signed-in page (intake pages set their own)."""
    seen = request.session.get(SEEN) if hasattr(request, "session") else None
    if seen is None or not request.user.is_authenticated:
        return {"idle_warning": None}
    limit = settings.ATTUNE_IDLE_TIMEOUT_SECONDS
    return {"idle_warning": make_warning(seen, limit, reverse("still_here"), time.time(), partner=False)}


def start_timers(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """Connected to user_logged_in: the clocks start at sign-in."""
    request.session[STARTED] = request.session[SEEN] = time.time()
