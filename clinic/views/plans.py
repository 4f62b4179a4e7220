"""Session plans: the plan page (drafting, reading versions, the next session's date), the edit page, and the
two PDFs."""

from functools import cache, lru_cache
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.accounts.timeouts import keeps_late_posts
from clinic.drafts import discard_draft
from clinic.forms import DownloadForm, DraftForm, NextSessionForm, PlanForm, draft_problem, restore_draft
from clinic.models import AccessLog, Approach, FormDraft, PdfRender, PlanVersion, SessionPlan
from clinic.plans.prerender import failed_renders, rendered_in_request
from clinic.plans.printouts import drafted_themes, print_language
from clinic.plans.printouts import handout_pdf as make_handout_pdf
from clinic.plans.printouts import plan_pdf as make_plan_pdf
from clinic.plans.versions import (
    APPROACH_LABELS,
    PAGE_FIELDS,
    VersionConflict,
    answers_changed,
    draft_version,
    library,
    page_versions,
    plan_library,
    save_version,
    shown_content,
    shown_sessions,
)
from clinic.printing.pdf import PAPERS, PdfTooSlow
from clinic.views.access import (
    couple_and_partners_for_therapist,
    couple_for_therapist,
    latest_version_for_therapist,
)
from clinic.views.drafts import discard, draft_to_restore, keep_posted, refused
from intake.models import Couple, Language


def _plan_versions(couple: Couple) -> list[PlanVersion]:
    versions = PlanVersion.objects.filter(plan__couple=couple).select_related("created_by", "plan")
    return list(versions.defer("sealed", "sealed_comparison"))


def _submitted(couple: Couple) -> bool:
    return bool(couple.partner_a.submitted_at and couple.partner_b.submitted_at)


@therapist_required(AccessLog.Action.VIEW_PLAN)
def plan(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    """The plan as a therapist reads it, any version; drafting and the next session's date are posted here."""
    couple = couple_and_partners_for_therapist(request, couple_id)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "draft":
        return _draft(request, couple)
    if action == "next_session":
        return _next_session(request, couple)
    return _read_page(request, couple)


def _read_page(
    request: TherapistRequest,
    couple: Couple,
    draft_form: DraftForm | None = None,
    next_form: NextSessionForm | None = None,
) -> HttpResponse:
    versions, version, any_failed = page_versions(couple.pk, request.GET.get("version", ""))
    ready = _submitted(couple)
    if version is None:
        request.audit.note(detail="no plan yet")
        context = {"couple": couple, "ready": ready, "draft_form": draft_form or DraftForm()}
        return render(request, "clinic/plan_empty.html", context)
    request.audit.note(detail=f"version {version.number}")
    content = shown_content(version.content)
    exercises = plan_library(version.content)
    context = {
        "couple": couple,
        "version": version,
        "versions": versions,
        "latest": versions[0].number == version.number,
        "sessions": _worded_rows(_worded_times(shown_sessions(content, exercises))),
        "plan": content,
        "approach_label": APPROACH_LABELS.get(content["approach"], content["approach"]),
        "changed": answers_changed(version, couple),
        "stored_comparison": bool(version.sealed_comparison),
        "ready": ready,
        "draft_form": draft_form or DraftForm(),
        "next_form": next_form or NextSessionForm(initial={"next_session_on": versions[0].plan.next_session_on}),
        "downloads": _downloads(version, print_language(couple)),
        "failed_renders": _failed_renders(version) if any_failed else [],
    }
    return render(request, "clinic/plan.html", context)


# A session's kind as its badge says it (a joint session has none).
SESSION_BADGES = {"individual": gettext_lazy("One partner"), "open": gettext_lazy("Open")}
SESSION_BADGES |= {"discernment": gettext_lazy("Discernment")}


def _worded_times(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each session's badge and minutes in words (the session time paragraph of both plan pages), worded here: the same sentences the
    template translated, once per session, for both plan pages."""
    for session in sessions:
        badge = SESSION_BADGES.get(session["kind"])
        session["badge"] = str(badge) if badge else ""
        m = session["length"]
        if session["kind"] == "open":
            words = ngettext("%(m)s minute, left open", "%(m)s minutes, left open", m) % {"m": m}
        else:
            words = ngettext(
                "%(total)s of %(m)s minute: check-in and review %(c)s, the rest below",
                "%(total)s of %(m)s minutes: check-in and review %(c)s, the rest below",
                m,
            ) % {"total": session["total"], "m": m, "c": session["check_in"]}
        session["time_words"] = words
    return sessions


def _worded_rows(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each session's heading, and each exercise's approach and minutes, as the plan page says them (the same
    catalogue entries its template translated per session), each approach's name translated once."""
    approaches = {key: str(label) for key, label in Approach.choices}
    at_home = _("at home, set in the review")
    heading = _("Session %(n)s: %(focus)s")
    for session in sessions:
        session["heading"] = heading % {"n": session["number"], "focus": session["focus"]}
        for row in session["exercises"]:
            m = row["minutes"]
            when = at_home if row["at_home"] else ngettext("%(m)s min", "%(m)s min", m) % {"m": m}
            row["about"] = f"{approaches.get(row['exercise'].approach, row['exercise'].approach)}, {when}"
    return sessions


def _failed_renders(version: PlanVersion) -> list[str]:
    """What the worker could not prepare ahead, in words: downloading still renders it then and there."""
    names = {"plan": _("The therapist plan PDF"), "handout": _("The couple handout PDF")}
    slow = _("%(what)s (%(paper)s) could not be prepared in advance: it took longer than the time allowed, twice.")
    failed = _("%(what)s (%(paper)s) could not be prepared in advance: rendering it failed twice.")
    return [
        (slow if render.problem == PdfRender.Problem.TOO_SLOW else failed)
        % {"what": names[render.kind], "paper": PAPERS.get(render.paper, render.paper)}
        for render in failed_renders(version)
    ]


def _downloads(version: PlanVersion, language: str) -> list[tuple[str, str, DownloadForm]]:
    """One download control per PDF: the address, what it is, and the paper and language to choose (the practice's
    paper and the couple's print language first)."""
    initial = {"version": version.number, "paper": settings.ATTUNE_PAPER, "lang": language}
    return [
        ("plan_pdf", _("Therapist plan (confidential)"), DownloadForm(initial=initial, auto_id="plan_pdf_%s")),
        ("handout_pdf", _("Couple handout"), DownloadForm(initial=initial, auto_id="handout_pdf_%s")),
    ]


PAGE = FormDraft.Page.PLAN


@keeps_late_posts
@therapist_required(AccessLog.Action.VIEW_PLAN)
def plan_edit(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    """Edit the latest version into a new one. A save that started from an older version than the latest is
    refused at the top of the page, with the therapist's changes kept in the form. Typing not yet saved comes
    back as a draft (clinic/drafts.py): kept by idle.js before a time limit, or posted after the sign-out."""
    latest = latest_version_for_therapist(request, couple_id)
    if latest is None:
        couple = couple_for_therapist(request, couple_id, partners=False)  # 404 unless this therapist's
        request.audit.note(detail="no plan yet")
        return redirect("plan", couple_id=couple.pk)
    couple = latest.plan.couple  # the editor names neither partner
    if request.method == "POST" and request.POST.get("action") == "discard":
        return discard(request, couple, PAGE, reverse("plan_edit", args=[couple.pk]))
    posted = request.POST if request.method == "POST" else None
    # The version numbers are read at most once, and only when a save or a kept draft asks which version it was.
    version_numbers = cache(lambda: _version_numbers(couple))
    draft = None
    if posted is None:
        draft = draft_to_restore(request, couple, PAGE, lambda fields: _late_base(version_numbers(), fields))
    if posted is None and draft is None:
        base = latest  # the page as first shown edits the latest version
    else:
        versions = version_numbers()
        if draft is not None and _version_numbered(versions, str(draft.base_version)) is None:
            draft = None
        wanted = posted if draft is None else {"base_version": str(draft.base_version)}
        base = _base_version(versions, wanted, latest)
    exercises = library(*PAGE_FIELDS)
    form = PlanForm(base.content, exercises, posted, initial={"base_version": base.number}, themes=drafted_themes(base))
    if draft is not None:
        restore_draft(form, draft.fields)
    conflict = None
    if posted is not None and form.is_valid():
        try:
            saved = save_version(couple, form.edited_content(), request.user, form.cleaned_data["base_version"])
        except VersionConflict as found:
            conflict = found.latest
        else:
            discard_draft(couple, request.user, PAGE)  # the typing is in the plan now
            request.audit.note(AccessLog.Action.SAVE_PLAN, f"version {saved.number}")
            messages.success(request, _("Saved as version %(n)d.") % {"n": saved.number})
            return redirect("plan", couple_id=couple.pk)
    request.audit.note(detail=f"editing version {base.number}" + (", unsaved draft restored" if draft else ""))
    return _edit_page(request, couple, latest, base, form, exercises, conflict, draft)


def _version_numbers(couple: Couple) -> list[PlanVersion]:
    """The plan's versions, newest first, with their numbers only: what a save or a kept draft started from is
    looked up among them (`_base_version`), and none of the others' authors is read."""
    return list(PlanVersion.objects.filter(plan__couple=couple).only("pk", "number", "plan_id"))


def _version_numbered(versions: list[PlanVersion], number: str) -> PlanVersion | None:
    return next((v for v in versions if str(v.number) == number), None)


def _problem(base: PlanVersion, posted: dict[str, list[str]]) -> str:
    full = PlanVersion.objects.get(pk=base.pk)
    return draft_problem(PlanForm(full.content, library(*PAGE_FIELDS)), posted)


def _late_base(versions: list[PlanVersion], fields: dict[str, str]) -> int | None:
    """The version an edit posted after the sign-out started from, if it is one of the plan's and fits its editor."""
    base = _version_numbered(versions, fields.get("base_version", ""))
    if base is None or _problem(base, {name: [value] for name, value in fields.items()}):
        return None
    return base.number


@therapist_required(AccessLog.Action.KEEP_DRAFT)
@require_POST
def plan_draft(request: TherapistRequest, couple_id: UUID) -> JsonResponse:
    """Keep the plan editor's typing as this therapist's draft (static/attune/idle.js posts it before a time limit
    and when the page is hidden or left). Never a version. Fields that are not this editor's, repeated or too
    long, or a version that is not this couple's, are refused with 400 and a sentence saying why."""
    couple = couple_for_therapist(request, couple_id)
    number = "".join(request.POST.getlist("base_version"))
    base = _version_numbered(_plan_versions(couple), number)
    if base is None and number:
        return refused(_("This draft does not belong to a version of this couple's plan."))
    if base is None:
        return keep_posted(request, couple, PAGE, lambda posted: _("A plan draft names the version it started from."))
    return keep_posted(request, couple, PAGE, lambda posted: _problem(base, posted), base_version=base.number)


def _base_version(versions: list[PlanVersion], posted: Any, latest: PlanVersion) -> PlanVersion:
    """The version an edit starts from: the latest, or for a save the one the form was made from (a posted
    number no version has falls back to the latest, whose check then refuses the save)."""
    wanted = posted.get("base_version", "") if posted is not None else ""
    chosen = next((v for v in versions if str(v.number) == wanted), versions[0])
    if chosen.pk == latest.pk:
        return latest
    return PlanVersion.objects.select_related("created_by", "plan").get(pk=chosen.pk)


# The editor's fields about the plan as a whole (the rest are per session, from PlanForm.sessions).
PLAN_FIELDS = (
    "base_version",
    "approach",
    "approach_reason",
    "strengths",
    "session_count",
    "safety_hold",
    "handout_themes",
    "handout_note",
)


def _edit_page(
    request: TherapistRequest,
    couple: Couple,
    latest: PlanVersion,
    base: PlanVersion,
    form: PlanForm,
    exercises: dict[str, Any],
    conflict: PlanVersion | None,
    draft: FormDraft | None = None,
) -> HttpResponse:
    context = {
        "couple": couple,
        "restored": draft,
        "idle_draft": True,  # the warning before a time limit says the typing is kept
        "idle_save_form": "plan-edit",  # and before the session's fixed end offers to save this form
        "idle_save_label": _("Save as a new version now"),
        "version": base,
        "latest": latest,
        "form": form,
        "conflict": _conflict_message(conflict) if conflict else "",
        "guide": exercise_guide(form.guide),
        "form_sessions": form.sessions(_worded_times(shown_sessions(base.content, exercises))),
        "fields": {name: form.control(name) for name in PLAN_FIELDS if name in form.fields},
        "hold": "safety_hold" in form.fields,
    }
    return render(request, "clinic/plan_edit.html", context)


@lru_cache(maxsize=16)
def exercise_guide(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> SafeString:
    """The editor's guide to the library (PlanForm.guide), written once per process for each wording of it: it holds
    the library's own words in one language, never a couple's, and writing it on every view was a twentieth of the
    editor (bench/README.md, seventh part). A library edited, another language or a hold is another wording."""
    return render_to_string("clinic/_exercise_guide.html", {"guide": groups})


def _conflict_message(latest: PlanVersion) -> str:
    return _(
        "Not saved: version %(n)d was saved by %(who)s at %(when)s while you were editing. Nothing was "
        "overwritten, and your changes are still in the form below."
    ) % {
        "n": latest.number,
        "who": latest.created_by or _("someone"),
        "when": date_format(localtime(latest.created_at), "j M Y, H:i"),
    }


def _draft(request: TherapistRequest, couple: Couple) -> HttpResponse:
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _read_page(request, couple, draft_form=form)
    if not _submitted(couple):
        messages.error(request, _("Both partners need to submit their intake before a plan can be drafted."))
        return redirect("plan", couple_id=couple.pk)
    saved = draft_version(couple, request.user, form.cleaned_data["sessions"])
    request.audit.note(AccessLog.Action.SAVE_PLAN, f"draft, version {saved.number}")
    messages.success(request, _("A draft plan was made from the comparison (version %(n)d).") % {"n": saved.number})
    return redirect("plan", couple_id=couple.pk)


def _next_session(request: TherapistRequest, couple: Couple) -> HttpResponse:
    form = NextSessionForm(request.POST)
    plan_record = SessionPlan.objects.filter(couple=couple).first()
    if plan_record is None:
        raise Http404
    if not form.is_valid():
        return _read_page(request, couple, next_form=form)
    plan_record.next_session_on = form.cleaned_data["next_session_on"]
    plan_record.save(update_fields=["next_session_on"])
    request.audit.note(AccessLog.Action.SAVE_PLAN, "next session date")
    messages.success(request, _("The next session date was saved; the handout prints it."))
    return redirect("plan", couple_id=couple.pk)


def _pdf_version(request: TherapistRequest, couple: Couple) -> PlanVersion:
    versions = PlanVersion.objects.filter(plan__couple=couple).select_related("created_by", "plan")
    wanted = request.GET.get("version")
    version = versions.filter(number=wanted).first() if wanted and wanted.isdigit() else versions.first()
    if version is None:
        raise Http404
    version.plan.couple = couple  # the couple already fetched, with its partners
    return version


def print_choices(request: TherapistRequest, couple: Couple) -> tuple[str, str] | HttpResponseBadRequest:
    """The paper and the language a printout is asked in (`?paper=`, `?lang=`; by default the practice's paper and
    `print_language`), or a 400 that says what is wrong."""
    paper = request.GET.get("paper", settings.ATTUNE_PAPER)
    if paper not in PAPERS:
        return HttpResponseBadRequest(_("Paper must be a4 or letter."), content_type="text/plain; charset=utf-8")
    language = request.GET.get("lang") or print_language(couple)
    if language not in Language.values:
        return HttpResponseBadRequest(_("Language must be ar or en."), content_type="text/plain; charset=utf-8")
    return paper, language


def _pdf_download(request: TherapistRequest, couple_id: UUID, kind: str) -> HttpResponse:
    """The therapist plan or the couple handout of a plan version, in the paper and language asked for."""
    couple = couple_for_therapist(request, couple_id)
    choices = print_choices(request, couple)
    if isinstance(choices, HttpResponse):
        return choices
    paper, language = choices
    version = _pdf_version(request, couple)
    make = {"plan": make_plan_pdf, "handout": make_handout_pdf}[kind]
    request.audit.note(detail=f"version {version.number}, {paper}, {language}")
    try:
        pdf = make(version, paper, language)
    except PdfTooSlow:
        context = {"seconds": settings.ATTUNE_PDF_TIME_LIMIT_SECONDS}
        return render(request, "clinic/pdf_too_slow.html", context, status=503)
    except RuntimeError:  # the renderer failed (html_to_pdf): a page that says so, never a 500
        return render(request, "clinic/pdf_failed.html", status=503)
    if language == print_language(couple):  # the worker prepares the default language only
        rendered_in_request(version, kind, paper)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="attune-{kind}-v{version.number}-{paper}-{language}.pdf"'
    return response


@therapist_required(AccessLog.Action.DOWNLOAD_PLAN_PDF)
@require_GET
def plan_pdf(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    return _pdf_download(request, couple_id, "plan")


@therapist_required(AccessLog.Action.DOWNLOAD_HANDOUT_PDF)
@require_GET
def handout_pdf(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    return _pdf_download(request, couple_id, "handout")
