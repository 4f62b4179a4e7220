"""Automatic sign-out: therapists after a stretch without requests, and after a fixed lifetime.

Timestamps live in the session (the database), so every app server enforces the same
limits. The last-seen time is written at most once a minute to spare the database. Every signed-in page carries
the warning before whichever limit ends the session first (`idle_warning`, templates/_idle_warning.html): before
the idle limit with "Keep working", which posts to `still_here` (asking how long is left, a GET there, is not
activity); before the fixed lifetime with the time the session ends and, on the plan editor, "Save now", since
nothing can extend it. A draft posted with `extend=0` (static/attune/idle.js, just before a limit or as the page
is hidden) is not activity either, or an open editor would never be signed out.

Without JavaScript, a form posted after the sign-out on a page marked `keeps_late_posts` (the plan editor) is not
lost: its fields are sealed into the new, signed-out session with the page they belong to, and after the same
therapist signs in again in that browser the page takes them back (`late_post`); anyone else signing in there
drops them unread.
"""

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clinic.accounts.signin import therapist_required
from intake.crypto import seal, unseal
from intake.idle import IdleWarning, touch_interval
from intake.idle import idle_warning as make_warning

STARTED, SEEN = "attune_signed_in_at", "attune_seen_at"
LATE_POST = "attune_late_post"  # a form posted after the sign-out, sealed: {"path", "user", "at", "fields"}


def keeps_late_posts[V: Callable[..., HttpResponse]](view: V) -> V:
    """Mark a therapist view whose form, posted just after a sign-out, is kept for after signing in again."""
    view.keeps_late_posts = True  # type: ignore[attr-defined]
    return view


class SessionTimeouts:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._check(request)
            if expired:
                late = _sealed_late_post(request)
                logout(request)
                if late:
                    request.session[LATE_POST] = late
                    expired += " " + _("What you had typed on the page you sent is kept: sign in to go on with it.")
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
        if now - seen > min(60, touch_interval(settings.ATTUNE_IDLE_TIMEOUT_SECONDS)) and not _not_activity(request):
            session[SEEN] = now
        return ""


def _not_activity(request: HttpRequest) -> bool:
    """A page's question how long is left, or a draft kept without keeping working (`extend=0`): neither is
    activity, or every open tab (every open editor) would keep the session alive."""
    if request.method == "GET":
        return request.path == reverse("still_here")
    return request.method == "POST" and request.POST.get("extend") == "0"


def _sealed_late_post(request: HttpRequest) -> str:
    """The fields of a form posted after the limit, sealed with its page and its author; "" when there is none to
    keep (not a post, a page that keeps none, or a post that fails the CSRF check: nobody else's words get in)."""
    if request.method != "POST":
        return ""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    if not getattr(match.func, "keeps_late_posts", False):
        return ""
    if CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, match.func, match.args, match.kwargs):
        return ""
    fields = {key: value for key, value in request.POST.items() if key not in ("csrfmiddlewaretoken", "action")}
    kept = {"path": request.path, "user": request.user.pk, "at": time.time(), "fields": fields}
    return seal(json.dumps(kept))


def _opened_late_post(request: HttpRequest) -> dict[str, Any] | None:
    sealed = request.session.get(LATE_POST)
    if not sealed:
        return None
    try:
        return json.loads(unseal(sealed))
    except (InvalidToken, ValueError):  # a key rotated away meanwhile: nothing to restore
        request.session.pop(LATE_POST, None)
        return None


def late_post(request: HttpRequest) -> tuple[dict[str, str], datetime] | None:
    """The fields this page's form had when it was posted after the sign-out, and when, if this therapist posted
    them; taken out of the session either way once this page asks."""
    kept = _opened_late_post(request)
    if kept is None or kept["path"] != request.path:
        return None
    request.session.pop(LATE_POST, None)
    if kept["user"] != request.user.pk:
        return None
    return kept["fields"], datetime.fromtimestamp(kept["at"], tz=UTC)


def _limits(session: Any, now: float) -> tuple[float, float]:
    """Seconds left before the idle limit, and before the fixed lifetime."""
    idle = session[SEEN] + settings.ATTUNE_IDLE_TIMEOUT_SECONDS - now
    final = session.get(STARTED, now) + settings.ATTUNE_SESSION_MAX_SECONDS - now
    return idle, final


@require_http_methods(["GET", "POST"])
@therapist_required(None)
def still_here(request: HttpRequest) -> JsonResponse:
    """GET: the seconds left before the session ends, whichever limit comes first (another tab may have kept
    working), and whether that is the fixed lifetime, which nothing extends (`final`). POST: keep working."""
    if request.method == "POST":
        request.session[SEEN] = time.time()
    idle, final = _limits(request.session, time.time())
    return JsonResponse({"remaining": max(0, int(min(idle, final))), "final": final <= idle})


def idle_warning(request: HttpRequest) -> dict[str, IdleWarning | None]:
    """Context processor: the warning before the sign-out on every signed-in page (intake pages set their own)."""
    seen = request.session.get(SEEN) if hasattr(request, "session") else None
    if seen is None or not request.user.is_authenticated:
        return {"idle_warning": None}
    now = time.time()
    ends = request.session.get(STARTED, now) + settings.ATTUNE_SESSION_MAX_SECONDS
    warning = make_warning(
        seen, settings.ATTUNE_IDLE_TIMEOUT_SECONDS, reverse("still_here"), now, partner=False, session_ends=ends
    )
    return {"idle_warning": warning}


def start_timers(sender: object, request: HttpRequest, user: Any, **kwargs: object) -> None:
    """Connected to user_logged_in: the clocks start at sign-in, and a form someone else posted after their
    sign-out in this browser is dropped unread."""
    request.session[STARTED] = request.session[SEEN] = time.time()
    kept = _opened_late_post(request)
    if kept is not None and kept["user"] != user.pk:
        request.session.pop(LATE_POST, None)
