"""Confirm who you are again before an action that takes a couple's whole record out or away.

A session left open on a shared computer must not be enough to export or delete a couple: the
therapist types their password again and, when they have set up two-step sign-in, a current code.
Wrong passwords count towards the sign-in lockout like any other (django-axes).
"""

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts.signin import verify_code


class ConfirmIdentityForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-control"}
        ),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        if self.device is None:
            del self.fields["token"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        confirmed = authenticate(self.request, username=user.get_username(), password=password)
        if confirmed is None or confirmed.pk != user.pk:
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password

    def clean_token(self) -> str:
        return verify_code(self.device, self.cleaned_data["token"])
