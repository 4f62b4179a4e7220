"""The admin site: django-otp's OTPAdminSite, reached only by a staff account verified with a code.

A password alone never opens it. Signing in goes through Attune's own pages (password, then the
authenticator code, or setting one up first), which count failures towards the lockout; the admin's
own password-only login form is never shown.
"""

from typing import Any

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice


class AttuneAdminSite(OTPAdminSite):
    site_header = _("Attune administration")
    site_title = _("Attune administration")
    index_title = _("Therapist accounts and the exercise library")

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
            target = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(target, reverse("login"))
        if not request.user.is_verified():  # type: ignore[attr-defined]  # django-otp's middleware adds it
            has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
            return redirect_to_login(target, reverse("two_factor_verify" if has_device else "two_factor_setup"))
        raise PermissionDenied  # signed in with a code, but not staff
