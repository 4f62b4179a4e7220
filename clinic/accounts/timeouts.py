"""Automatic sign-out: therapists after a stretch without requests, and after a fixed lifetime.

Timestamps live in the session (the database), so every app server enforces the same
limits. The last-seen time is written at most once a minute to spare the database.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

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
        if now - seen > 60:
            session[SEEN] = now
        return ""


def start_timers(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """Connected to user_logged_in: the clocks start at sign-in."""
    request.session[STARTED] = request.session[SEEN] = time.time()
