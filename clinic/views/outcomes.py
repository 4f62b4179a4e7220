"""Check-ins on the therapist's side: the check-ins page (every check-in with its answers, and the forms that open
them), a new link for one partner, closing a check-in, and the couple's "how we are doing" handout."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.accounts.timeouts import keeps_late_posts
from clinic.drafts import discard_draft
from clinic.forms import PrintForm, draft_problem, restore_draft
from clinic.messaging import compose, outbox, reminders
from clinic.messaging.links import CHECK_IN
from clinic.messaging.models import OutboxMessage
from clinic.messaging.panel import blocked
from clinic.models import AccessLog, FormDraft
from clinic.outcomes.checkins import (
    AlreadyOpen,
    add_months,
    check_in_rows,
    due_session,
    next_session_number,
    open_check_in,
    settings_for,
)
from clinic.outcomes.forms import OpenCheckInForm, ProgressForm, ReassessmentForm, ScheduleForm
from clinic.outcomes.trend import FOLLOW_UP_SOURCE, couple_trend, trend_context
from clinic.plans.printouts import print_language
from clinic.plans.printouts import progress_pdf as make_progress_pdf
from clinic.printing.pdf import PdfTooSlow
from clinic.views.access import couple_for_therapist, partner_for_therapist
from clinic.views.drafts import discard, draft_to_restore, keep_posted
from clinic.views.plans import print_choices
from intake.checkins import CheckIn, csi4_translated
from intake.models import Couple, Invitation, Partner

NEW_CHECK_IN_LINKS_KEY = "new_check_in_links"
PROGRESS = FormDraft.Page.PROGRESS


def remember_links(request: HttpRequest, check_in: CheckIn, tokens: dict[Any, str]) -> None:
    """Keep the raw links until the therapist has seen them once, on the couple page."""
    links = request.session.get(NEW_CHECK_IN_LINKS_KEY, {})
    found = links.setdefault(str(check_in.pk), {})
    for partner_id, token in tokens.items():
        found[str(partner_id)] = request.build_absolute_uri(reverse("intake:enter", args=[token]))
    request.session[NEW_CHECK_IN_LINKS_KEY] = links


def _check_in_for(couple: Couple, check_in_id: UUID) -> CheckIn:
    return get_object_or_404(CheckIn, pk=check_in_id, couple=couple)


@therapist_required(AccessLog.Action.VIEW_CHECK_INS)
def check_ins(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    action = request.POST.get("action") if request.method == "POST" else None
    forms: dict[str, Any] = {
        "open_form": OpenCheckInForm(couple, request.POST if action == "open" else None),
        "reassess_form": ReassessmentForm(couple, request.POST if action == "reassess" else None),
        "schedule_form": _schedule_form(couple, request.POST if action == "plan" else None),
    }
    if action == "plan" and forms["schedule_form"].is_valid():
        return _plan(request, couple, forms["schedule_form"])
    chosen = {"open": forms["open_form"], "reassess": forms["reassess_form"]}.get(action or "")
    if chosen is not None and chosen.is_valid():
        return _open(request, couple, action or "", chosen.cleaned_data)
    if action in ("open", "reassess", "plan"):
        # Nothing changed; the page comes back with the errors next to their fields, and shows the answers.
        request.audit.note(AccessLog.Action.PLAN_CHECK_INS if action == "plan" else AccessLog.Action.OPEN_CHECK_IN)
        request.audit.note(detail="not saved: the form had errors")
        request.audit.also(AccessLog.Action.VIEW_CHECK_INS)
    if not forms["open_form"].is_bound:
        forms["open_form"].initial = {"session": next_session_number(couple)}
    rows = check_in_rows(couple, with_answers=True)
    context = {
        "couple": couple,
        "rows": rows,
        "follow_up_source": FOLLOW_UP_SOURCE,
        "has_follow_up": any(row.check_in.kind == CheckIn.Kind.FOLLOW_UP for row in rows),
        "csi4_translated": csi4_translated(couple),
        **forms,
    }
    return render(request, "clinic/check_ins.html", context)


def _schedule_form(couple: Couple, posted: Any) -> ScheduleForm:
    choices = settings_for(couple)
    months = set(couple.check_ins.filter(kind=CheckIn.Kind.FOLLOW_UP).values_list("months", flat=True))
    initial = {
        "every_session": choices.every_session,
        "last_session_on": choices.last_session_on,
        "follow_up_3": 3 in months,
        "follow_up_6": 6 in months,
    }
    return ScheduleForm(posted, initial=initial)


def _open(request: TherapistRequest, couple: Couple, action: str, data: dict[str, Any]) -> HttpResponse:
    if action == "open":
        kind, number = CheckIn.Kind.SESSION, data["session"]
    else:
        kind, number = CheckIn.Kind.REASSESSMENT, data.get("reassess_session")
    try:
        check_in, tokens = open_check_in(couple, request.user, kind=kind, session_number=number)
    except AlreadyOpen:  # opened by another request since the form was checked
        messages.info(request, _("That check-in was opened a moment ago; its links are below."))
        return redirect(reverse("couple_detail", args=[couple.pk]) + "#check-ins")
    remember_links(request, check_in, tokens)
    request.audit.note(AccessLog.Action.OPEN_CHECK_IN, check_in.log_label)
    messages.success(request, _("%(label)s is open. Give each partner their own link.") % {"label": check_in.label})
    return redirect(reverse("couple_detail", args=[couple.pk]) + "#check-ins")


def _plan(request: TherapistRequest, couple: Couple, form: ScheduleForm) -> HttpResponse:
    """Save when check-ins open; a follow-up chosen with a last session is made now and opens on its day."""
    choices = settings_for(couple)
    choices.every_session = form.cleaned_data["every_session"]
    choices.last_session_on = form.cleaned_data["last_session_on"]
    choices.save()
    wanted = form.follow_ups()
    for follow_up in couple.check_ins.filter(kind=CheckIn.Kind.FOLLOW_UP, closed_at__isnull=True):
        unanswered = not follow_up.responses.filter(started_at__isnull=False).exists()
        if follow_up.months not in wanted and unanswered:
            follow_up.delete()  # never opened by anyone: nothing to keep
        elif choices.last_session_on and unanswered and follow_up.months:
            CheckIn.objects.filter(pk=follow_up.pk).update(
                opens_on=add_months(choices.last_session_on, follow_up.months)
            )
    existing = set(couple.check_ins.filter(kind=CheckIn.Kind.FOLLOW_UP).values_list("months", flat=True))
    for months in wanted:
        if months not in existing and choices.last_session_on:
            opens_on = add_months(choices.last_session_on, months)
            check_in, tokens = open_check_in(
                couple, request.user, CheckIn.Kind.FOLLOW_UP, months=months, opens_on=opens_on
            )
            remember_links(request, check_in, tokens)
    request.audit.note(AccessLog.Action.PLAN_CHECK_INS, _schedule_detail(form))
    messages.success(request, _("Saved. The check-ins below follow these choices."))
    return redirect(reverse("couple_detail", args=[couple.pk]) + "#check-ins")


def _schedule_detail(form: ScheduleForm) -> str:
    data = form.cleaned_data
    parts = [f"every session: {'yes' if data['every_session'] else 'no'}"]
    if data["last_session_on"]:
        parts.append(f"last session {data['last_session_on']:%Y-%m-%d}")
    parts.append("follow-ups: " + (", ".join(f"{m} months" for m in form.follow_ups()) or "none"))
    return "; ".join(parts)


@therapist_required(AccessLog.Action.ISSUE_LINK)
@require_POST
def check_in_link(request: TherapistRequest, couple_id: UUID, check_in_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    check_in = _check_in_for(partner.couple, check_in_id)
    request.audit.note(detail=f"partner {partner.role}: {check_in.log_label}")
    if check_in.closed_at is not None:
        messages.info(request, _("This check-in is closed: open a new one instead."))
    elif request.POST.get("send") == "email":
        _email_check_in_link(request, partner, check_in)
    else:
        _invitation, token = Invitation.issue(partner, request.user, check_in=check_in)
        remember_links(request, check_in, {partner.pk: token})
        messages.success(
            request,
            _("A new check-in link for %(name)s is ready; the earlier one no longer works.") % {"name": partner},
        )
    return redirect(reverse("couple_detail", args=[couple_id]) + "#check-ins")


def _email_check_in_link(request: TherapistRequest, partner: Partner, check_in: CheckIn) -> None:
    """A fresh check-in link emailed to the partner's address, with up to two reminders while it waits: never to a
    partner who said email is not safe, nor without an address (the link is then not issued at all)."""
    why_not = blocked(partner) or ("" if partner.email else _("%(name)s has no email address.") % {"name": partner})
    if why_not:
        request.audit.note(detail=f"partner {partner.role}: {check_in.log_label}, not emailed")
        messages.error(request, why_not)
        return
    with transaction.atomic():
        invitation, token = Invitation.issue(partner, request.user, check_in=check_in)
        url = compose.absolute(reverse("intake:enter", args=[token]))
        subject, words = compose.check_in_invitation(request.user, partner.language)
        mail = compose.invitation(partner, url, invitation.expires_at, subject, words)
        outbox.queue(mail, OutboxMessage.Kind.INVITATION, partner.email, partner=partner, by=request.user)
        reminders.schedule(CHECK_IN, invitation, url)
    messages.success(
        request,
        _("A new check-in link for %(name)s is queued by email; the earlier one no longer works.") % {"name": partner},
    )


@therapist_required(AccessLog.Action.CLOSE_CHECK_IN)
@require_POST
def check_in_close(request: TherapistRequest, couple_id: UUID, check_in_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    check_in = _check_in_for(couple, check_in_id)
    check_in.close()
    request.audit.note(detail=check_in.log_label)
    messages.success(request, _("%(label)s is closed; its links no longer work.") % {"label": check_in.label})
    return redirect(reverse("couple_detail", args=[couple_id]) + "#check-ins")


@keeps_late_posts
@therapist_required(AccessLog.Action.PROGRESS_HANDOUT)
def progress(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    """The progress handout's choices and the therapist's note. Typing not yet saved comes back as a draft
    (clinic/drafts.py), kept before a time limit or posted after the sign-out."""
    couple = couple_for_therapist(request, couple_id)
    if request.method == "POST" and request.POST.get("action") == "discard":
        return discard(request, couple, PROGRESS, reverse("progress", args=[couple.pk]))
    choices = settings_for(couple)
    form = _progress_form(couple, choices, request.POST if request.method == "POST" else None)
    draft = None
    if request.method == "GET":
        draft = draft_to_restore(request, couple, PROGRESS, lambda fields: _late_problem(form, fields))
        if draft is not None:
            restore_draft(form, draft.fields)
            request.audit.note(detail="unsaved draft restored")
    if request.method == "POST" and form.is_valid():
        choices.note = form.cleaned_data["note"]
        choices.handout_shows = form.shows()
        choices.save()
        discard_draft(couple, request.user, PROGRESS)
        shown = [f"{role}: {', '.join(what) or 'nothing individual'}" for role, what in choices.handout_shows.items()]
        request.audit.note(detail="saved; " + "; ".join(shown))
        messages.success(request, _("Saved. The handout below prints these choices."))
        return redirect("progress", couple_id=couple.pk)
    context = {
        "couple": couple,
        "form": form,
        "print_form": PrintForm(
            initial={"paper": settings.ATTUNE_PAPER, "lang": print_language(couple)}, auto_id="progress_pdf_%s"
        ),
        "restored": draft,
        "idle_draft": True,
        "idle_save_form": "progress-form",
        "idle_save_label": _("Save now"),
    }
    return render(request, "clinic/progress.html", context)


def _progress_form(couple: Couple, choices: Any, data: Any = None) -> ProgressForm:
    names = {partner.role: partner.display_name for partner in couple.partners.all()}
    initial: dict[str, Any] = {"note": choices.note}
    for role, shown in choices.handout_shows.items():
        initial.update({f"{what}_{role}": True for what in shown})
    return ProgressForm(names, data, initial=initial)


def _late_problem(form: ProgressForm, fields: dict[str, str]) -> int | None:
    """0 (keep it) when a form posted after the sign-out fits the progress form; None otherwise."""
    return None if draft_problem(form, {name: [value] for name, value in fields.items()}) else 0


@therapist_required(AccessLog.Action.KEEP_DRAFT)
@require_POST
def progress_draft(request: TherapistRequest, couple_id: UUID) -> JsonResponse:
    """Keep the progress handout's typing as this therapist's draft (static/attune/idle.js)."""
    couple = couple_for_therapist(request, couple_id)
    form = _progress_form(couple, settings_for(couple))
    return keep_posted(request, couple, PROGRESS, lambda posted: draft_problem(form, posted))


@therapist_required(AccessLog.Action.DOWNLOAD_PROGRESS_PDF)
@require_GET
def progress_pdf(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    choices = print_choices(request, couple)
    if isinstance(choices, HttpResponse):
        return choices
    paper, language = choices
    request.audit.note(detail=f"{paper}, {language}")
    try:
        pdf = make_progress_pdf(couple, paper, language)
    except PdfTooSlow:
        context = {"seconds": settings.ATTUNE_PDF_TIME_LIMIT_SECONDS}
        return render(request, "clinic/pdf_too_slow.html", context, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="attune-progress-{paper}-{language}.pdf"'
    return response


def couple_outcomes(request: TherapistRequest, couple: Couple) -> dict[str, Any]:
    """The couple page's "Change over time" section: the trend with the off-track mark, the check-ins waiting or
    scheduled (with links made since the page was last shown, shown once), and what is due."""
    new_links = request.session.pop(NEW_CHECK_IN_LINKS_KEY, {})
    rows = check_in_rows(couple, new_links=new_links)
    trend = trend_context(couple_trend(couple))
    if trend["trend"] is not None:
        request.audit.also(AccessLog.Action.VIEW_CHECK_INS, "couple page: trend")
    choices = settings_for(couple)
    return {
        **trend,
        "current_check_ins": [row for row in rows if row.waiting or row.scheduled or row.new_links],
        "check_in_count": len(rows),
        "due_session": due_session(couple, rows, choices),
        "open_form": OpenCheckInForm(couple, initial={"session": next_session_number(couple)}),
        "csi4_translated": csi4_translated(couple),
    }
