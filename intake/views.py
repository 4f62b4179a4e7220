"""The partner's side: the private link, exchanged once for a session.

A partner has no account. `/i/<token>/` checks the token, stores the invitation
in the session and redirects to a URL without the token; every later page finds
the partner through that session and re-checks that the link is still live.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from intake.models import Invitation, Partner

SESSION_KEY = "intake_invitation"


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _failure_key(request: HttpRequest) -> str:
    return f"intake-token-failures:{_client_address(request)}"


def _too_many_failures(request: HttpRequest) -> bool:
    return cache.get(_failure_key(request), 0) >= settings.ATTUNE_TOKEN_FAILURE_LIMIT


def _record_failure(request: HttpRequest) -> None:
    key = _failure_key(request)
    if not cache.add(key, 1, timeout=settings.ATTUNE_TOKEN_FAILURE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=settings.ATTUNE_TOKEN_FAILURE_WINDOW)


def invalid_link(request: HttpRequest) -> HttpResponse:
    # One page, one status for unknown, expired and revoked links: no hint which.
    return render(request, "intake/invalid_link.html", status=404)


def _session_partner(request: HttpRequest) -> Partner | None:
    invitation_id = request.session.get(SESSION_KEY)
    if invitation_id is None:
        return None
    invitation = Invitation.objects.live().select_related("partner__couple__therapist").filter(pk=invitation_id).first()
    if invitation is None:
        request.session.pop(SESSION_KEY, None)
        return None
    return invitation.partner


@never_cache
def enter(request: HttpRequest, token: str) -> HttpResponse:
    if _too_many_failures(request):
        return render(request, "intake/too_many_attempts.html", status=429)
    invitation = Invitation.find_live(token)
    if invitation is None:
        _record_failure(request)
        return invalid_link(request)
    request.session.cycle_key()
    request.session[SESSION_KEY] = invitation.pk
    now = timezone.now()
    if invitation.first_used_at is None:
        invitation.first_used_at = now
        invitation.save(update_fields=["first_used_at"])
    Partner.objects.filter(pk=invitation.partner_id).update(last_activity_at=now)
    return _see_other(reverse("intake:home"))


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@never_cache
def home(request: HttpRequest) -> HttpResponse:
    partner = _session_partner(request)
    if partner is None:
        return invalid_link(request)
    return render(request, "intake/home.html", {"partner": partner})
