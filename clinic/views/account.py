"""The therapist's own account page: the name and contact line the couple's handout prints."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.forms import ProfileForm
from clinic.models import TherapistProfile


@therapist_required(None)
def profile(request: TherapistRequest) -> HttpResponse:
    user = request.user
    saved, _created = TherapistProfile.objects.get_or_create(user=user)
    initial = {"first_name": user.first_name, "last_name": user.last_name, "contact_line": saved.contact_line}
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user.first_name, user.last_name = form.cleaned_data["first_name"], form.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        saved.contact_line = form.cleaned_data["contact_line"]
        saved.save(update_fields=["contact_line"])
        messages.success(request, _("Your profile was saved. New handouts print it."))
        return redirect("profile")
    context = {"form": form, "practice_name": settings.ATTUNE_PRACTICE_NAME}
    return render(request, "clinic/profile.html", context)
