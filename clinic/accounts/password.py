"""A therapist changes their own password: the current one first, then the new one twice.

The new password meets the practice's policy (AUTH_PASSWORD_VALIDATORS: at least 12 characters,
not common, not all digits, not like the username). Every other session of the account ends,
because Django ties a session to the password it was opened with.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.models import AccessLog


@sensitive_post_parameters()
@therapist_required(None)  # an account page: the change itself is logged below, under no couple
def password_change(request: TherapistRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    # Django's own help is an HTML list, which Attune's controls (rightly) escape: the same rules as plain sentences.
    form.fields["new_password1"].help_text = " ".join(password_validators_help_texts())
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # this session stays signed in; the others end
        AccessLog.record(request, AccessLog.Action.CHANGE_PASSWORD)
        messages.success(request, _("Your password was changed. Other sessions of your account were signed out."))
        return redirect("dashboard")
    return render(request, "registration/password_change.html", {"form": form})
