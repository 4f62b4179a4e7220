"""What every page with a kept draft does (clinic/drafts.py): take a draft posted by static/attune/idle.js, give a
kept one back (turning a form posted after the sign-out into one first), and discard it on request.

The plan editor, the invitation email and the progress handout's note use these; each page says which of its
fields a draft may hold (its form) and where discarding leads back to.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from clinic.accounts.signin import TherapistRequest
from clinic.accounts.timeouts import late_post
from clinic.drafts import discard_draft, draft_for, keep_draft
from clinic.models import AccessLog, FormDraft
from intake.models import Couple

# What idle.js adds to a page's own fields, or its form carries besides them.
NOT_DRAFT_FIELDS = ("csrfmiddlewaretoken", "extend", "action")


def posted_fields(request: TherapistRequest) -> dict[str, list[str]]:
    return {name: request.POST.getlist(name) for name in request.POST if name not in NOT_DRAFT_FIELDS}


def refused(problem: str) -> JsonResponse:
    """A draft that cannot be kept: 400, saying why; nothing was stored."""
    # One sentence to translate, not two pieces joined: a language may put the reason elsewhere.
    return JsonResponse(
        {"saved": False, "error": _("%(problem)s Nothing was kept.") % {"problem": problem}}, status=400
    )


def keep_posted(
    request: TherapistRequest,
    couple: Couple,
    page: str,
    problem: Callable[[dict[str, list[str]]], str],
    base_version: int | None = None,
) -> JsonResponse:
    """Keep the posted fields as this therapist's draft of `page`, unless `problem` names something wrong with them.
    An empty post keeps nothing and changes nothing."""
    posted = posted_fields(request)
    if not posted:
        request.audit.note(detail="nothing to keep")
        return JsonResponse({"saved": None})
    found = problem(posted)
    if found:
        return refused(found)
    fields = {name: values[0] for name, values in posted.items()}
    draft = keep_draft(couple, request.user, page, fields, base_version=base_version)
    request.audit.note(detail=f"draft of {page}" + (f", version {base_version}" if base_version else ""))
    return JsonResponse({"saved": True, "kept_at": draft.kept_at.isoformat()})


def draft_to_restore(
    request: TherapistRequest,
    couple: Couple,
    page: str,
    keepable: Callable[[dict[str, str]], int | None],
) -> FormDraft | None:
    """This therapist's kept draft of `page`. A form this therapist posted here after the sign-out (without
    JavaScript) becomes that draft first if `keepable` accepts it: it answers None to refuse it, or the plan's base
    version (0 on a page without versions)."""
    late = late_post(request)
    if late is not None:
        fields, posted_at = late
        base = keepable(fields) if fields else None
        if base is not None:
            keep_draft(couple, request.user, page, fields, base_version=base or None, at=posted_at)
            request.audit.also(AccessLog.Action.KEEP_DRAFT, f"draft of {page}, sent after sign-out")
    return draft_for(couple, request.user, page)


def discard(request: TherapistRequest, couple: Couple, page: str, back_to: str) -> HttpResponse:
    discard_draft(couple, request.user, page)
    request.audit.note(detail="unsaved draft discarded")
    messages.success(request, _("Your unsaved changes were discarded: the form shows what is saved."))
    return redirect(back_to)
