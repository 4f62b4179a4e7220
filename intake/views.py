"""The partner's side: the private link, exchanged once for a session.

A partner has no account. `/i/<token>/` checks the token, stores the invitation
in the session and redirects to a URL without the token; every later page finds
the partner through that session and re-checks that the link is still live.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import InternalError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from intake.addresses import client_address
from intake.checkins import CheckInResponse, live_invitation
from intake.crypto import SealingRefused
from intake.forms import ACTIONS, ConsentForm, StepForm
from intake.idle import IdleWarning, idle_warning, touch_interval
from intake.language import asked_for, speak
from intake.models import Invitation, Partner, SafetyAlert
from intake.questionnaire import SAFETY_SELF_HARM_KEY, Questionnaire, SafetyTier, Section
from intake.review import review_rows
from intake.signals import PartnerEvent, partner_activity

logger = logging.getLogger("attune")

# Who answers on a partner's page: their own intake, or their response to a check-in or re-assessment.
Respondent = Partner | CheckInResponse

SESSION_KEY = "intake_invitation"
# A check-in link's response, once known: the pages then read it and the link's liveness in one query.
RESPONSE_KEY = "intake_check_in_response"
SEEN_KEY = "intake_seen_at"
ENDED_KEY = "intake_session_ended"


# Failed attempts at one link are counted under its first characters: a partner's mistyped or truncated
# link keeps its prefix, while junk from someone else at the same address falls into other counters.
TOKEN_PREFIX_LENGTH = 8


def _failure_keys(request: HttpRequest, token: str) -> dict[str, int]:
    """The failure counters a link attempt touches, each with its limit."""
    address = client_address(request) or "unknown"
    prefix = hashlib.sha256(token[:TOKEN_PREFIX_LENGTH].encode()).hexdigest()[:16]
    return {
        f"intake-token-failures:{address}:{prefix}": settings.ATTUNE_TOKEN_FAILURE_LIMIT,
        f"intake-token-failures:{address}": settings.ATTUNE_TOKEN_ADDRESS_FAILURE_LIMIT,
    }


def _too_many_failures(counters: dict[str, int]) -> bool:
    counts = cache.get_many(list(counters))
    return any(counts.get(key, 0) >= limit for key, limit in counters.items())


def _record_failure(counters: dict[str, int]) -> None:
    for key in counters:
        if not cache.add(key, 1, timeout=settings.ATTUNE_TOKEN_FAILURE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, timeout=settings.ATTUNE_TOKEN_FAILURE_WINDOW)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "quick_exit_url": reverse("intake:leave"),
        "self_harm_key": SAFETY_SELF_HARM_KEY,
        "helplines": settings.ATTUNE_HELPLINES,
        "same_day_follow_up": settings.ATTUNE_SAME_DAY_FOLLOW_UP,
        "idle_warning": _idle_warning(request),
        **(context or {}),
    }
    return render(request, template, context, status=status)


def _idle_warning(request: HttpRequest) -> IdleWarning | None:
    """The idle limit's warning, on a page of a live session (none on the pages that say a session ended)."""
    if SESSION_KEY not in request.session:
        return None
    limit = settings.ATTUNE_INTAKE_IDLE_SECONDS
    return idle_warning(request.session.get(SEEN_KEY, 0), limit, reverse("intake:still_here"), time.time())


def invalid_link(request: HttpRequest) -> HttpResponse:
    # One page, one status for unknown, expired and revoked links: no hint which.
    return _render(request, "intake/invalid_link.html", status=404)


def _session_partner(request: HttpRequest, touch: bool = True) -> "Respondent | None":
    """Who answers in this session: the partner's intake (a Partner), or their response to the check-in or
    re-assessment the link opened (intake.checkins.CheckInResponse), which answers to the same calls.

    `touch=False` leaves the last-seen time alone: asking how long is left is not activity."""
    invitation_id = request.session.get(SESSION_KEY)
    if invitation_id is None:
        return None
    now = time.time()
    if now - request.session.get(SEEN_KEY, 0) > settings.ATTUNE_INTAKE_IDLE_SECONDS:
        # Saved answers stay; opening the link again starts a new session where the partner stopped. The link is
        # remembered for this one request, so a page sent just too late is still kept (partner_required's `late`).
        request.session[ENDED_KEY] = request.session.pop(SESSION_KEY)
        request.session.pop(RESPONSE_KEY, None)
        return None
    if touch and now - request.session.get(SEEN_KEY, 0) > touch_interval(settings.ATTUNE_INTAKE_IDLE_SECONDS):
        request.session[SEEN_KEY] = now
    response_id = request.session.get(RESPONSE_KEY)
    if response_id is not None:
        # A check-in's page: its response and the link's liveness in one read. No row (the link revoked or
        # expired since, or the key left from another link) goes the long way below, which says which.
        response = CheckInResponse.opened_by(response_id, invitation_id)
        if response is not None:
            return response
    # Not the therapist's account: no partner's page shows it, and the few notices that need it (a check-in sent)
    # read it then. Nor the couple: a partner's pages need only its id, and on PostgreSQL each table joined here
    # costs planning time on every page (bench/README.md, sixth part).
    invitation = live_invitation(invitation_id)
    if invitation is None:
        request.session.pop(SESSION_KEY, None)
        request.session.pop(RESPONSE_KEY, None)
        return None
    return _remembered(request, invitation.respondent())


def _remembered(request: HttpRequest, respondent: "Respondent") -> "Respondent":
    """Who answers, with a check-in's response kept in the session for the next pages (`RESPONSE_KEY`)."""
    if isinstance(respondent, CheckInResponse) and request.session.get(RESPONSE_KEY) != respondent.pk:
        request.session[RESPONSE_KEY] = respondent.pk
    return respondent


def _no_referrer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The page's URL holds a partner's token: no request it leads to may carry it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


@never_cache
@_no_referrer
def enter(request: HttpRequest, token: str) -> HttpResponse:
    counters = _failure_keys(request, token)
    if _too_many_failures(counters):
        return _render(request, "intake/too_many_attempts.html", status=429)
    invitation = Invitation.find_live(token)
    if invitation is None:
        _record_failure(counters)
        return invalid_link(request)
    request.session.cycle_key()
    request.session[SESSION_KEY] = invitation.pk
    request.session[SEEN_KEY] = time.time()
    request.session.pop(ENDED_KEY, None)
    request.session.pop(RESPONSE_KEY, None)
    _remembered(request, invitation.respondent())
    now = timezone.now()
    if invitation.first_used_at is None:
        invitation.first_used_at = now
        invitation.save(update_fields=["first_used_at"])
    Partner.objects.filter(pk=invitation.partner_id).update(last_activity_at=now)
    detail = invitation.check_in.log_label if invitation.check_in else ""
    partner_activity.send(
        Partner, request=request, partner=invitation.partner, event=PartnerEvent.OPEN_LINK, detail=detail
    )
    return _see_other(reverse("intake:home"))


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


View = Callable[..., HttpResponse]


def partner_required(
    *,
    started: bool | None = None,
    submitted: bool | None = None,
    flow: str | None = "intake",
    touch: bool = True,
    late: str = "",
) -> Callable[[View], View]:
    """The one decorator of a partner's page: the session's partner is passed to the view.

    Anyone without a live link gets the invalid-link page, a session closed for inactivity its own
    page, and every response is `Cache-Control: no-store`. The intake's state decides the rest:
    `started=True` pages need consent first (else the consent page); `submitted=False` pages are for
    an open intake (else the thank-you page); `submitted=True` ones for a submitted intake (else
    wherever the partner stands). What the link opened decides too: `flow="intake"` pages serve an
    intake or a re-assessment, `flow="check_in"` ones a check-in (intake.checkin_views), `None` any link;
    a link on the wrong page is sent to its own. `touch=False` is for the idle check (intake.drafts), which must not
    count as activity by itself. `late` names a function (a dotted path: intake.drafts imports this module) that
    keeps a page posted after the idle limit closed the session, so typing sent a moment too late, without
    JavaScript, is not lost; the partner sees the closed page, told that it was kept.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            had_link = SESSION_KEY in request.session
            partner = _session_partner(request, touch)
            if partner is None:
                return _no_partner(request, had_link, late, kwargs)
            if flow is not None and partner.flow != flow:
                return redirect("intake:check_in" if partner.flow == "check_in" else "intake:home")
            elsewhere = _elsewhere(partner, started, submitted)
            if elsewhere:
                return redirect(elsewhere)
            speak(partner.answering.language)
            return view(request, partner, *args, **kwargs)

        return never_cache(wrapper)

    return decorate


def _no_partner(request: HttpRequest, had_link: bool, late: str = "", kwargs: dict | None = None) -> HttpResponse:
    """A page of the intake without a live link behind it, said as it is.

    A session closed for inactivity, or none at all (a bookmark of a step, the address typed again, Back after
    "Leave this page quickly"): the partner's own link still works and resumes where they stopped. Only a session
    whose link was revoked or expired since gets "ask your therapist for a new one".
    """
    ended = request.session.pop(ENDED_KEY, None)
    if ended:
        kept = bool(late and request.method == "POST" and import_string(late)(request, ended, **(kwargs or {})))
        return _render(request, "intake/session_ended.html", {"idle": True, "kept": kept})
    if had_link:
        return invalid_link(request)
    # Still a 404: without a live session this address opens nothing, whoever asks.
    return _render(request, "intake/session_ended.html", {"idle": False, "kept": False}, status=404)


def _elsewhere(partner: "Respondent", started: bool | None, submitted: bool | None) -> str:
    """The page a partner in this state belongs on instead; "" when this page is theirs."""
    is_submitted = partner.submitted_at is not None
    if submitted is not None and is_submitted != submitted:
        return "intake:done" if is_submitted else "intake:home"
    if started and partner.started_at is None:
        return "intake:consent"
    return ""


def _step_url(number: int) -> str:
    return reverse("intake:step", args=[number])


@partner_required(started=True, submitted=False)
def home(request: HttpRequest, partner: Respondent) -> HttpResponse:
    """Where the partner stands: the first step not yet done, or the review once every step is."""
    if partner.step_reached > partner.questionnaire.step_count:
        return redirect("intake:review")
    return redirect(_step_url(partner.step_reached))


def switch_language(request: HttpRequest, partner: Respondent, language: str) -> None:
    """The partner's own choice: kept for every later page and email (intake.language), and logged."""
    person = partner.answering
    if person.language != language:
        Partner.objects.filter(pk=person.pk).update(language=language)
        person.language = language
        partner_activity.send(
            Partner, request=request, partner=person, event=PartnerEvent.CHANGE_LANGUAGE, detail=language
        )
    speak(language)


@partner_required(submitted=False)
def consent(request: HttpRequest, partner: Respondent) -> HttpResponse:
    language = asked_for(request)
    if language:
        switch_language(request, partner, language)
        # The same page in the other language, the box still as the partner left it; nothing is agreed yet.
        form = ConsentForm(initial={"agree": bool(request.POST.get("agree"))})
    else:
        form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not language and form.is_valid():
        partner.consent()
        return _see_other(reverse("intake:home"))
    context = {
        "partner": partner,
        "form": form,
        "steps": partner.questionnaire.step_count,
        "retention_years": settings.ATTUNE_RETENTION_YEARS,
        "idle_minutes": max(1, round(settings.ATTUNE_INTAKE_IDLE_SECONDS / 60)),
        "again": partner.answering is not partner,  # a re-assessment: the questionnaire once more
    }
    return _render(request, "intake/consent.html", context)


@partner_required(started=True, submitted=False, late="intake.drafts.keep_late_step")
def step(request: HttpRequest, partner: Respondent, number: int) -> HttpResponse:
    questionnaire = partner.questionnaire
    if not 1 <= number <= questionnaire.step_count:
        raise Http404
    section = questionnaire.sections[number - 1]
    # Which private items already have an answer, without opening any: a save must not depend on the keys.
    kept = partner.answered_keys(section) if section.private else frozenset()
    if request.method == "POST":
        language = asked_for(request)
        # A language button keeps the page as "Save and finish later" does, then shows the same step again.
        action = "save" if language else request.POST.get("action", "save")
        form = StepForm(section, request.POST, action=action if action in ACTIONS else "save", kept=kept)
        valid = form.is_valid()
        if valid or form.only_missing_answers:
            done = number if valid and action in MOVING_ON else 0
            try:
                stored = _save_step(request, partner, form, number, done)
            except SAVE_FAULTS as fault:
                return _save_failed(request, partner, form, number, fault)
            if not stored:
                return redirect("intake:done")
        if language:
            switch_language(request, partner, language)
            if valid or form.only_missing_answers:
                return _after_step(request, questionnaire, section, number, "save", form.answers())
            # Not storable as it stands (an answer too long): the page again, everything typed still there.
            form = StepForm(section, request.POST, action="save", kept=kept)
            form.is_valid()
        elif valid:
            return _after_step(request, questionnaire, section, number, action, form.answers())
    elif section.private:
        # A saved private answer is never shown again, not even to the partner who gave it: the phone may be
        # shared (docs/clinical.md, safety screening and tiers). The therapist has it.
        form = StepForm(section, kept=kept)
    else:
        saved = partner.answer_dict(item.key for item in section.items)
        form = StepForm(section, initial={item.key: saved.get(item.key) for item in section.items})
    return _render(request, "intake/step.html", _step_context(request, partner, form, number))


# The buttons that finish a step: the answers it requires must be there, and the step counts as done.
MOVING_ON = ("next", "review")


def _step_context(request: HttpRequest, partner: Respondent, form: StepForm, number: int) -> dict[str, Any]:
    return {
        "partner": partner,
        "form": form,
        "section": form.section,
        "number": number,
        "steps": partner.questionnaire.step_count,
        "kept": bool(form.kept) and form.section.private,
        # Opened from the review page (its "Change" links add ?from=review, and the form posts back to the same
        # address): one button saves and goes straight back there, rather than Next through every later step.
        "from_review": request.GET.get("from") == "review",
        "declinable": any(item.decline for item in form.section.items) and not form.section.private,
    }


# What a locked, read-only or full database raises during a save, and a key the canary refused.
SAVE_FAULTS = (OperationalError, InternalError, SealingRefused)


def _save_step(request: HttpRequest, partner: Respondent, form: StepForm, number: int, done: int) -> bool:
    if not partner.save_answers(form.answers(), form.cleared(), step_done=done):
        return False
    # Should the access-log entry fail after the answers were stored, the partner is asked to press again,
    # which stores the same answers again: nothing is lost, and the entry is written then.
    partner_activity.send(
        Partner,
        request=request,
        partner=partner.answering,
        event=PartnerEvent.SAVE_STEP,
        detail=partner.log_detail(f"step {number}"),
    )
    return True


def _save_failed(
    request: HttpRequest, partner: Respondent, form: StepForm, number: int, fault: Exception
) -> HttpResponse:
    """Nothing was saved: the same page again with everything the partner typed, and a 503 to try again."""
    logger.warning("A partner's step %d could not be saved: %s: %s", number, type(fault).__name__, fault)
    request.session.modified = False  # the session lives in the same database, which just refused a write
    context = {**_step_context(request, partner, form, number), "save_failed": True}
    response = _render(request, "intake/step.html", context, 503)
    response["Retry-After"] = "30"
    return response


def _after_step(
    request: HttpRequest, questionnaire: Questionnaire, section: Section, number: int, action: str, answers: dict
) -> HttpResponse:
    if action == "back":
        following = _step_url(number - 1) if number > 1 else reverse("intake:consent")
    elif action == "review":
        following = f"{reverse('intake:review')}#review-{number}"
    elif action != "next":
        messages.success(
            request,
            _("Your answers on this page are saved. You can close this page and come back later with the same link."),
        )
        following = _step_url(number)
    else:
        following = _step_url(number + 1) if number < questionnaire.step_count else reverse("intake:review")
    if _needs_help_now(section, answers):
        # Help comes at once, before anything else, whichever button was pressed.
        return _see_other(reverse("intake:support") + "?next=" + following)
    return _see_other(following)


def _needs_help_now(section: Section, answers: dict) -> bool:
    """A "yes" to self-harm or to a tier A item (fear, violence, strangulation, threats, coercion, control)."""
    urgent = (SafetyTier.A, SafetyTier.SELF_HARM)
    return any(
        item.key in answers and SafetyAlert.tier_of(item, answers[item.key]) in urgent
        for item in section.items
        if item.safety
    )


@never_cache
def leave(request: HttpRequest) -> HttpResponse:
    """ "Leave this page quickly": end the session, so Back shows nothing, and go somewhere ordinary."""
    request.session.flush()
    response = HttpResponseRedirect(settings.ATTUNE_QUICK_EXIT_URL)
    response["Referrer-Policy"] = "no-referrer"
    return response


@partner_required(flow=None)
def support(request: HttpRequest, partner: Respondent) -> HttpResponse:
    following = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(following, allowed_hosts=None) or not following.startswith("/i/"):
        following = reverse("intake:home")
    return _render(request, "intake/support.html", {"next": following})


@partner_required(started=True, submitted=False)
def review(request: HttpRequest, partner: Respondent) -> HttpResponse:
    questionnaire = partner.questionnaire
    saved = partner.answer_dict()
    missing = [item for item in questionnaire.items if item.required and item.key not in saved]
    language = asked_for(request)
    if language:
        switch_language(request, partner, language)
        return _see_other(reverse("intake:review"))
    if request.method == "POST" and not missing:
        if partner.submit():
            partner_activity.send(
                Partner,
                request=request,
                partner=partner.answering,
                event=PartnerEvent.SUBMIT,
                detail=partner.log_detail(""),
            )
        return _see_other(reverse("intake:done"))
    context = {
        "partner": partner,
        "sections": review_rows(questionnaire, saved),
        "missing": [(item, questionnaire.sections.index(questionnaire.section(item.section)) + 1) for item in missing],
        "tried_submit": request.method == "POST",
    }
    return _render(request, "intake/review.html", context)


@partner_required(submitted=True)
def done(request: HttpRequest, partner: Respondent) -> HttpResponse:
    return _render(request, "intake/done.html", {"partner": partner, "again": partner.answering is not partner})
