"""Therapist sign-in beyond the password, and the guard of every therapist page.

`therapist_required(action)` is the one decorator of a therapist view: signed in, verified with
a code when the therapist has a device or the practice requires one, `Cache-Control: no-store`
on every response, and the visit written to the access log (clinic.audit) once the view answers.
Also here: TOTP two-factor set-up and verification.
"""

import base64
from collections.abc import Callable
from functools import wraps
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.audit import Audit
from clinic.models import TherapistProfile
from intake.controls import trusted_svg
from intake.language import speak


def _confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


HAS_DEVICE = "attune_has_otp_device"
# The therapist's account language, looked up once per session (clinic/views/account.py keeps it current).
LANGUAGE_KEY = "attune_account_language"


def _has_device(request: HttpRequest) -> bool:
    """Whether the therapist has a confirmed device, looked up once per session (every page asks)."""
    if HAS_DEVICE not in request.session:
        request.session[HAS_DEVICE] = _confirmed_device(request.user) is not None
    return request.session[HAS_DEVICE]


def _account_language(request: "TherapistRequest") -> str:
    """The language of the therapist's pages: their account's, or the practice's when they have set none."""
    if LANGUAGE_KEY not in request.session:
        profile = TherapistProfile.objects.filter(user=request.user).only("language").first()
        request.session[LANGUAGE_KEY] = profile.language if profile else settings.ATTUNE_LANGUAGE
    return request.session[LANGUAGE_KEY]


class TherapistRequest(HttpRequest):
    """A request that passed `therapist_required`: a signed-in therapist, and the audit of this visit."""

    user: User
    audit: Audit


View = Callable[..., HttpResponse]


def therapist_required(action: str | None) -> Callable[[View], View]:
    """Guard a therapist view whose visits are logged as `action` (an AccessLog.Action).

    The couple is the URL's `couple_id`; a view whose URL names none says which couples it showed
    with `request.audit.about(...)`, and any view may refine the entry (`note`, `also`). Only answers
    below 400 are logged: a refused or failed request showed nothing. `None` is for a page that shows
    no couple at all (an account page); such a page that names a couple anyway fails loudly.
    """
    if callable(action):
        raise TypeError("therapist_required(action): name the AccessLog.Action that a visit is logged as")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: TherapistRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refusal = _unverified(request)
            if refusal is not None:
                return refusal
            speak(_account_language(request))
            couple_id = kwargs.get("couple_id")
            request.audit = Audit(request, action, [couple_id] if couple_id is not None else [])
            response = view(request, *args, **kwargs)
            if response.status_code < 400:
                request.audit.write()
            return response

        # never_cache outermost: the sign-in redirect is covered too, and no response escapes it.
        return never_cache(login_required(guarded))

    return decorate


def _unverified(request: HttpRequest) -> HttpResponse | None:
    """Where to send a signed-in therapist who still owes a code; None when they may go on."""
    if request.user.is_verified():  # type: ignore[union-attr]  # set by django_otp's OTPMiddleware
        return None
    if _has_device(request):
        return redirect_to_login(request.get_full_path(), login_url=reverse("two_factor_verify"))
    if settings.ATTUNE_REQUIRE_2FA:
        return redirect_to_login(request.get_full_path(), login_url=reverse("two_factor_setup"))
    return None


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, device: TOTPDevice, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        return verify_code(self.device, self.cleaned_data["token"])


def verify_code(device: TOTPDevice, typed: str) -> str:
    """The code without spaces if `device` accepts it now; a ValidationError for the form otherwise."""
    token = typed.replace(" ", "")
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        # django-otp slows guessing down: each wrong code doubles the wait before the next try.
        raise forms.ValidationError(_("Too many wrong codes in a row. Wait a little, then try the current one."))
    if not token.isdigit() or not device.verify_token(token):
        raise forms.ValidationError(_("That code is not right or has expired. Try the current one."))
    return token


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("dashboard")


@login_required
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    device = _confirmed_device(request.user)
    if device is None:
        return redirect("two_factor_setup")
    form = TokenForm(device, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode().split("?>", 1)[-1]  # drop the XML declaration for inline use


@login_required
@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    if _confirmed_device(request.user):
        return redirect("two_factor_verify")
    device, _created = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "Attune"})
    form = TokenForm(device, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        request.session[HAS_DEVICE] = True
        return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": base64.b32encode(device.bin_key).decode(),
        "qr": trusted_svg(_qr_svg(device.config_url)),
    }
    return render(request, "registration/two_factor_setup.html", context)
