"""Practice admins manage therapists (Django's user admin) and the exercise library here.

The site itself asks for a second factor (clinic/admin_site.py). Client data (couples, answers,
plans) is deliberately not registered. The access log is readable but can be neither changed nor
deleted. Every change to an account or a two-step sign-in device goes to the access log; a
device's secret key is never shown; only a superuser sets another person's password, and only
after confirming their own password and a current code.
"""

import copy
from functools import partial
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts.reauth import ConfirmIdentityForm
from clinic.models import AccessLog, Exercise

User = get_user_model()


def _describe(message: Any) -> str:
    """Django's change message (a list of added/changed/deleted entries) in a few plain words."""
    if isinstance(message, str):
        return message
    parts = []
    for entry in message or []:
        for kind, details in entry.items():
            fields = details.get("fields") if isinstance(details, dict) else None
            parts.append(f"{kind} {', '.join(fields)}" if fields else kind)
    return "; ".join(parts) or "changed"


class AuditedAdmin(admin.ModelAdmin):
    """Every addition, change and deletion made here is also written to Attune's access log."""

    audit_action: str = ""

    def audit_subject(self, obj: Model) -> str:
        raise NotImplementedError

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        AccessLog.record(request, self.audit_action, detail=f"{self.audit_subject(obj)}: added")
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        AccessLog.record(request, self.audit_action, detail=f"{self.audit_subject(obj)}: {_describe(message)}")
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet) -> Any:
        for obj in queryset:
            AccessLog.record(request, self.audit_action, detail=f"{self.audit_subject(obj)}: deleted")
        return super().log_deletions(request, queryset)


class ReauthAdminPasswordChangeForm(AdminPasswordChangeForm):
    """Setting someone's password: the acting superuser confirms their own password and a current code."""

    your_password = forms.CharField(
        label=_("Your own password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
    your_code = forms.CharField(
        label=_("A current code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, request: HttpRequest, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        identity = {"password": self.data.get("your_password", ""), "token": self.data.get("your_code", "")}
        self.identity = ConfirmIdentityForm(request, identity if self.is_bound else None)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not self.identity.is_valid():
            for name, errors in self.identity.errors.items():
                self.add_error("your_code" if name == "token" else "your_password", errors)
        return cleaned


PRIVILEGES = ["is_staff", "is_superuser", "groups", "user_permissions"]

admin.site.unregister(User)


@admin.register(User)
class AttuneUserAdmin(AuditedAdmin, UserAdmin):
    audit_action = AccessLog.Action.ADMIN_USER

    def audit_subject(self, obj: Any) -> str:
        return f"account {obj.get_username()}"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        # Only a superuser hands out admin rights (a staff member could otherwise make themselves one).
        return fields if request.user.is_superuser else [*fields, *PRIVILEGES]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        # Django's view builds `self.change_password_form(user, data)`; this request's copy of the admin
        # hands the form the request, so it can check who is acting (the shared instance stays untouched).
        for_this_request = copy.copy(self)
        for_this_request.change_password_form = partial(ReauthAdminPasswordChangeForm, request)
        return UserAdmin.user_change_password(for_this_request, request, id, form_url)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class DeviceAdmin(AuditedAdmin, TOTPDeviceAdmin):
    """Devices can be renamed, confirmed or removed (to re-enrol a lost phone); their keys stay hidden."""

    audit_action = AccessLog.Action.ADMIN_DEVICE
    exclude = ["key"]
    readonly_fields = ["created_at", "last_used_at"]

    def audit_subject(self, obj: Any) -> str:
        return f"device {obj.name!r} of {obj.user.get_username()}"

    def get_list_display(self, request: HttpRequest) -> Any:
        return ["user", "name", "created_at", "last_used_at", "confirmed"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (None, {"fields": ["user", "name", "confirmed"]}),
            (_("Use"), {"fields": ["created_at", "last_used_at", "throttling_failure_count"]}),
        ]

    def get_urls(self) -> list[Any]:
        # Without django-otp's extra views, which show the key and its QR code.
        return admin.ModelAdmin.get_urls(self)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A device is set up by its owner on the two-step sign-in page, the only place its key is shown.
        return False


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "approach", "stage", "joint", "paused_by_safety"]
    list_filter = ["approach", "joint", "paused_by_safety"]
    search_fields = ["key", "name", "purpose"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "couple_id", "detail", "address"]
    list_filter = ["action"]
    search_fields = ["username", "couple_id", "detail"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
