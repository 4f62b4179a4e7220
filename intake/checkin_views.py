"""The partner's check-in: one short page on its own private link, then a thank-you page.

The link is exchanged for a session exactly as an intake link is (intake.views.enter); these pages serve only a
session whose link opened a check-in (`partner_required(flow="check_in")`). A re-assessment's link opens the
intake's own pages instead. Safety answers take the intake's route: an alert the moment they are saved, help at
once after a tier A or self-harm answer, and never shown again.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from intake.checkin_forms import CheckInForm
from intake.checkin_questionnaire import CHECK_IN, CHECK_IN_SELF_HARM_KEY, SAFETY
from intake.checkins import CheckInResponse
from intake.forms import ACTIONS
from intake.language import asked_for
from intake.models import Partner
from intake.signals import PartnerEvent, partner_activity
from intake.views import SAVE_FAULTS, _needs_help_now, _render, _see_other, logger, partner_required, switch_language


@partner_required(flow="check_in", late="intake.drafts.keep_late_check_in")
def check_in(request: HttpRequest, response: CheckInResponse) -> HttpResponse:
    if response.submitted_at is not None:
        return redirect("intake:check_in_done")
    if not response.check_in.has_opened():
        return _render(request, "intake/check_in_later.html", {"response": response})
    if response.started_at is None:
        response.consent()
    if request.method != "POST":
        # Which safety items already have an answer, without opening any (they are never shown again), and the
        # other answers to show, in one read.
        kept, saved = response.answers_to_show(SAFETY)
        initial = {item.key: saved.get(item.key) for item in CHECK_IN.items if item.key not in kept}
        return _page(request, response, CheckInForm(CHECK_IN, initial=initial, kept=kept))
    kept = response.answered_keys(SAFETY)
    language = asked_for(request)
    # A language button keeps the page as "Save and finish later" does, then shows it again in that language.
    action = "save" if language else request.POST.get("action", "save")
    form = CheckInForm(CHECK_IN, request.POST, action=action if action in ACTIONS else "save", kept=kept)
    valid = form.is_valid()
    storable = valid or form.only_missing_answers
    if storable:
        try:
            if not response.save_answers(form.answers(), form.cleared()):
                return redirect("intake:check_in_done")
        except SAVE_FAULTS as fault:
            return _save_failed(request, response, form, fault)
        _announce(request, response, PartnerEvent.SAVE_CHECK_IN)
    if language:
        switch_language(request, response, language)
        if not storable:  # the page again, in the new language, with everything typed still there
            form = CheckInForm(CHECK_IN, request.POST, action="save", kept=kept)
            form.is_valid()
    if not valid and not (language and storable):
        return _page(request, response, form)
    return _after(request, response, form, action)


def _after(request: HttpRequest, response: CheckInResponse, form: CheckInForm, action: str) -> HttpResponse:
    if action == "next" and response.submit():
        _announce(request, response, PartnerEvent.SUBMIT_CHECK_IN)
        following = reverse("intake:check_in_done")
    else:
        messages.success(
            request, _("Your answers are saved. You can close this page and come back later with the same link.")
        )
        following = reverse("intake:check_in")
    if _needs_help_now(SAFETY, form.answers()):
        # Help comes at once, before anything else, whichever button was pressed.
        return _see_other(reverse("intake:support") + "?next=" + following)
    return _see_other(following)


def _announce(request: HttpRequest, response: CheckInResponse, event: PartnerEvent) -> None:
    # Should the access-log entry fail after the answers were stored, pressing again stores the same answers again.
    partner_activity.send(
        Partner, request=request, partner=response.partner, event=event, detail=response.check_in.log_label
    )


def _page(request: HttpRequest, response: CheckInResponse, form: CheckInForm, status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "response": response,
        "form": form,
        "kept": bool(form.kept),
        "safety_key": SAFETY.key,
        "self_harm_key": CHECK_IN_SELF_HARM_KEY,
    }
    if status == 503:
        context["save_failed"] = True
    return _render(request, "intake/check_in.html", context, status)


def _save_failed(request: HttpRequest, response: CheckInResponse, form: CheckInForm, fault: Exception) -> HttpResponse:
    """Nothing was saved: the same page again with everything the partner typed, and a 503 to try again."""
    logger.warning("A partner's check-in could not be saved: %s: %s", type(fault).__name__, fault)
    request.session.modified = False  # the session lives in the same database, which just refused a write
    page = _page(request, response, form, status=503)
    page["Retry-After"] = "30"
    return page


@partner_required(flow="check_in")
def check_in_done(request: HttpRequest, response: CheckInResponse) -> HttpResponse:
    if response.submitted_at is None:
        return redirect("intake:check_in")
    return _render(request, "intake/check_in_done.html", {"response": response})
