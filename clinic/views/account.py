"""The therapist's own account page: the name and contact line the couple's handout prints, and their notices."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clinic.accounts.signin import LANGUAGE_KEY, TherapistRequest, therapist_required
from clinic.forms import ProfileForm
from clinic.models import TherapistProfile
from intake.language import speak

PROFILE_FIELDS = ["contact_line", "language", "notify_both_submitted", "notify_check_in", "notify_urgent"]


@therapist_required(None)
def profile(request: TherapistRequest) -> HttpResponse:
    user = request.user
    saved, _created = TherapistProfile.objects.get_or_create(user=user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        **{name: getattr(saved, name) for name in PROFILE_FIELDS},
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user.first_name, user.last_name, user.email = data["first_name"], data["last_name"], data["email"]
        user.save(update_fields=["first_name", "last_name", "email"])
        for name in PROFILE_FIELDS:
            setattr(saved, name, data[name])
        saved.save(update_fields=PROFILE_FIELDS)
        request.session[LANGUAGE_KEY] = saved.language  # the next page speaks it (therapist_required)
        speak(saved.language)  # and so does the message below
        messages.success(request, _("Your profile was saved. New handouts print it."))
        return redirect("profile")
    context = {"form": form, "practice_name": settings.ATTUNE_PRACTICE_NAME}
    return render(request, "clinic/profile.html", context)
