"""Keeping a partner's session, and their typing, across the idle limit.

intake.js (through static/attune/idle.js) asks here how long the session has left (GET, which is not activity)
and posts the page's form here when the partner presses "Keep working", when they leave the page, and just before
the limit would end the session; without JavaScript, a step or check-in posted just after the limit is kept the
same way (`keep_late_step`, `keep_late_check_in`, named by partner_required's `late`). The answers go through the page's own save path, exactly as "Save and finish
later" (validation, sealing, safety alerts, the access log), so nothing typed is lost to a time limit; nothing is
ever sent to the therapist from here, and a step does not count as done.
"""

import time

from django.conf import settings
from django.http import HttpRequest, JsonResponse, QueryDict
from django.views.decorators.http import require_http_methods

from intake.checkin_forms import CheckInForm
from intake.checkin_questionnaire import CHECK_IN, SAFETY
from intake.checkins import CheckInResponse
from intake.forms import StepForm
from intake.models import Invitation, Partner
from intake.signals import PartnerEvent, partner_activity
from intake.views import SAVE_FAULTS, SEEN_KEY, Respondent, _save_step, logger, partner_required

# What intake.js adds to the page's own fields: which page the draft is of, and whether to keep working.
DRAFT_FIELDS = ("step", "page", "extend")


def _answers_posted(request: HttpRequest) -> QueryDict:
    """The post without the draft's own fields: the form refuses any key a page would not send."""
    data = request.POST.copy()
    for key in DRAFT_FIELDS:
        data.pop(key, None)
    return data


@require_http_methods(["GET", "POST"])
@partner_required(flow=None, touch=False)
def still_here(request: HttpRequest, partner: Respondent) -> JsonResponse:
    """GET: the seconds left. POST: keep the draft the form carries (if any) and, unless `extend=0`, keep working.

    A draft that does not validate is not kept, as with "Save and finish later"; the answer says so."""
    if request.method == "POST":
        saved = _keep_draft(request, partner)
        if request.POST.get("extend") != "0":
            request.session[SEEN_KEY] = time.time()
    else:
        saved = None
    left = request.session[SEEN_KEY] + settings.ATTUNE_INTAKE_IDLE_SECONDS - time.time()
    return JsonResponse({"remaining": max(0, int(left)), "saved": saved})


def _keep_draft(request: HttpRequest, partner: Respondent) -> bool | None:
    """Store the posted page as a draft: True when stored, False when it could not be, None when none was posted."""
    if partner.started_at is None or partner.submitted_at is not None:
        return None
    try:
        if isinstance(partner, CheckInResponse) and partner.flow == "check_in":
            return _check_in_draft(request, partner) if request.POST.get("page") == "check-in" else None
        number = int(request.POST.get("step", ""))
    except ValueError:
        return None
    except SAVE_FAULTS as fault:
        logger.warning("A partner's check-in draft could not be saved: %s: %s", type(fault).__name__, fault)
        return False
    return _step_draft(request, partner, number)


def _step_draft(request: HttpRequest, partner: Respondent, number: int) -> bool | None:
    questionnaire = partner.questionnaire
    if not 1 <= number <= questionnaire.step_count:
        return None
    section = questionnaire.sections[number - 1]
    kept = partner.answered_keys(section) if section.private else frozenset()
    form = StepForm(section, _answers_posted(request), action="save", kept=kept)
    if not (form.is_valid() or form.only_missing_answers):
        return False
    try:
        return _save_step(request, partner, form, number, done=0)
    except SAVE_FAULTS as fault:
        logger.warning("A partner's draft of step %d could not be saved: %s: %s", number, type(fault).__name__, fault)
        return False


def _check_in_draft(request: HttpRequest, response: CheckInResponse) -> bool:
    if not response.check_in.has_opened():
        return False
    form = CheckInForm(CHECK_IN, _answers_posted(request), action="save", kept=response.answered_keys(SAFETY))
    if not (form.is_valid() or form.only_missing_answers):
        return False
    if not response.save_answers(form.answers(), form.cleared()):
        return False
    partner_activity.send(
        Partner,
        request=request,
        partner=response.partner,
        event=PartnerEvent.SAVE_CHECK_IN,
        detail=response.check_in.log_label,
    )
    return True


def _late(invitation_id: int) -> Respondent | None:
    """Who answered on the link whose session has just closed, while the link itself still works."""
    invitation = Invitation.objects.live().select_related("partner__couple", "check_in").filter(pk=invitation_id)
    found = invitation.first()
    respondent = found.respondent() if found else None
    if respondent is None or respondent.started_at is None or respondent.submitted_at is not None:
        return None
    return respondent


def keep_late_step(request: HttpRequest, invitation_id: int, number: int) -> bool:
    """A step posted after the idle limit: kept as a draft (the partner presses Next again when they come back)."""
    respondent = _late(invitation_id)
    if respondent is None or respondent.flow != "intake":
        return False
    return bool(_step_draft(request, respondent, number))


def keep_late_check_in(request: HttpRequest, invitation_id: int) -> bool:
    """A check-in posted after the idle limit: kept, not sent."""
    respondent = _late(invitation_id)
    if not isinstance(respondent, CheckInResponse) or respondent.flow != "check_in":
        return False
    try:
        return _check_in_draft(request, respondent)
    except SAVE_FAULTS as fault:
        logger.warning("A partner's late check-in could not be saved: %s: %s", type(fault).__name__, fault)
        return False
