"""The therapist's workspace: the dashboard, couples, and the partners' private links (asked before one stops working)."""

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic import statements
from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.forms import CoupleForm, CoupleSearchForm
from clinic.messaging import reminders
from clinic.messaging.panel import couple_messaging
from clinic.models import AccessLog, LatestOutcome, OutcomeSettings, PlanVersion, SessionPlan
from clinic.outcomes.dashboard import ROW_VALUES, dashboard_outcomes
from clinic.outcomes.latest import KEPT_FIGURES, store_for
from clinic.safety import OpenAlerts, contact_answers, mark_label, open_alerts, partner_alerts, urgency
from clinic.views.access import couple_for_therapist, partner_for_therapist
from clinic.views.outcomes import couple_outcomes
from intake.controls import with_isolated
from intake.models import Couple, Invitation, Partner, SafetyAlert, questionnaire_for

NEW_LINKS_KEY = "new_intake_links"


def _remember_link(request: HttpRequest, partner: Partner, token: str) -> None:
    # The raw token exists only until the therapist has seen it once.
    links = request.session.get(NEW_LINKS_KEY, {})
    links[str(partner.pk)] = request.build_absolute_uri(reverse("intake:enter", args=[token]))
    request.session[NEW_LINKS_KEY] = links


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ask /favicon.ico without reading the page's icon links get the same icon. Not a permanent
    redirect: its target's name carries the icon's hash, and a new icon gets a new name."""
    return HttpResponseRedirect(static("attune/favicon.png"))


def index(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard")


@therapist_required(AccessLog.Action.VIEW_DASHBOARD)
@require_GET
def dashboard(request: TherapistRequest) -> HttpResponse:
    search = CoupleSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    # The couples a search found, by id as the database stores them; None: not a search.
    found = _search(request.user.pk, query) if query else None
    alerts = open_alerts(request.user.pk, found)
    # Counted without the urgency and the plan versions, which only order and fill the page's rows: counting with
    # them worked out both for every couple of the practice a second time (bench/README.md, "Where the time goes").
    count = _couple_count(request.user.pk) if found is None else len(found)
    paginator = Paginator(range(count), settings.ATTUNE_COUPLES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    places = range((page.number - 1) * paginator.per_page, page.end_index())  # the page's couples among them
    listed_rows, listed_partners = _page_couples(request.user.pk, found, alerts, places)
    # Names, progress and follow-up badges are client data: each couple listed gets its own entry.
    request.audit.about(row["pk"] for row in listed_rows)
    request.audit.note(detail=f"page {page.number}" + (", a search" if query else ""))
    context = {
        "page": page,
        "rows": _dashboard_rows(listed_rows, listed_partners, alerts),
        "search": search,
        "query": query,
    }
    return render(request, "clinic/dashboard.html", context)


BADGES = {Partner.Status.SUBMITTED: "success", Partner.Status.STARTED: "warning", Partner.Status.INVITED: "secondary"}


@dataclass
class PartnerProgress:
    """One partner on a dashboard row: how far their intake is. `notes` take further lines (a check-in waiting)."""

    name: str
    status: str
    badge: str
    progress: str
    submitted: bool
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)  # as DashboardRow's


@dataclass
class DashboardRow:
    """One couple on the dashboard, worked out once: the template only writes it out (it is the busiest page, and
    a template tag per row and per word cost more than the rest of the row: bench/README.md, "Where the time
    goes"). Every text is in the current language already.

    Other features join their own columns by couple through `facts` (label and value, shown in the row's list)
    without changing the template's layout.
    """

    couple_id: UUID
    name: str
    url: str
    comparison_url: str
    plan_url: str
    partners: list[PartnerProgress]
    plan_version: int | None
    alerts: list[tuple[str, str]]  # ("Self-harm (Sam)", Bootstrap's colour for the tier)
    plan: str  # "version 2 drafted", "ready to draft"...
    plan_link: str  # "Plan" or "Draft a plan"
    last: datetime | None
    last_shown: str  # the last activity as the page writes it, or "none yet"
    off_track: str = ""  # "Off track (Sam)"
    outcomes: dict[str, Any] = field(default_factory=dict)
    facts: list[tuple[str, str]] = field(default_factory=list)
    last_iso: str = ""  # the last activity for <time datetime>
    comparison_words: str = ""  # the links' hidden words: "of Sam & Alex", the name isolated
    plan_words: str = ""

    def __getitem__(self, name: str) -> Any:
        # The template engine tries `row[name]` before `row.name`: answering it spares a raised and caught
        # TypeError on each of the row's thirty-odd lookups, 25 rows a page.
        return getattr(self, name)

    @property
    def urgent(self) -> bool:
        return bool(self.alerts)

    @property
    def both_submitted(self) -> bool:
        return all(p.submitted for p in self.partners)


@dataclass(frozen=True)
class ListedPartner:
    """What a dashboard row shows of a partner, read as plain values (`LISTED_PARTNER`)."""

    pk: UUID
    couple_id: UUID
    display_name: str
    started_at: datetime | None
    submitted_at: datetime | None
    last_activity_at: datetime | None
    questionnaire_version: str
    step_reached: int

    @property
    def status(self) -> Partner.Status:
        return Partner.status_of(self.started_at, self.submitted_at)


LISTED_PARTNER = [f.name for f in fields(ListedPartner)]


def _search(therapist_id: int, query: str) -> list[Any]:
    """The therapist's couples whose name or a partner's contains `query`, whatever its case, once each: searched
    once, then the alerts, the count and the page ask for these couples by id (bench/README.md, "Where the time
    goes"). Couples' names and partners' names apart, so that PostgreSQL can use each one's trigram index (intake
    0009): one condition over the join read every partner of the database. The ids stay as the database gives them
    (clinic.statements): the next statements take them as they are."""
    pattern = f"%{connection.ops.prep_for_like_query(query)}%"
    return [pk for (pk,) in statements.execute(search_sql(connection.vendor), [therapist_id, pattern] * 2)]


def name_contains(column: str) -> str:
    """`column` contains the parameter, compared as Django's `icontains` compares it on this database (SQLite's LIKE,
    PostgreSQL's UPPER(...) LIKE UPPER(...), which the trigram indexes of intake 0009 serve)."""
    operators: dict[str, str] = connection.operators  # type: ignore[attr-defined]  # each backend of Django's has them
    return f"{connection.ops.lookup_cast('icontains', 'CharField') % column} {operators['icontains']}"


@lru_cache(maxsize=2)
def search_sql(vendor: str) -> str:
    """The search's statement (`vendor` is part of the key only): each name compared as Django's `icontains` compares
    it on this database (SQLite's LIKE, PostgreSQL's UPPER(...) LIKE UPPER(...), which its indexes serve)."""
    named = statements.names(Couple, Partner)

    return """
        SELECT {Couple}.{Couple_id} FROM {Couple}
        WHERE {Couple}.{Couple_therapist} = %s AND {name}
        UNION
        SELECT {Partner}.{Partner_couple} FROM {Partner}
            INNER JOIN {Couple} ON {Partner}.{Partner_couple} = {Couple}.{Couple_id}
        WHERE {Couple}.{Couple_therapist} = %s AND {display_name}
    """.format(  # noqa: S608
        **named,
        name=name_contains(f"{named['Couple']}.{named['Couple_name']}"),
        display_name=name_contains(f"{named['Partner']}.{named['Partner_display_name']}"),
    )


def _couple_count(therapist_id: int) -> int:
    return int(statements.execute(_count_sql(connection.vendor), [therapist_id])[0][0])


@lru_cache(maxsize=2)
def _count_sql(vendor: str) -> str:
    # `vendor` is part of the key only (clinic.statements).
    return "SELECT COUNT(*) FROM {Couple} WHERE {Couple}.{Couple_therapist} = %s".format(**statements.names(Couple))  # noqa: S608


# What the page's query reads of each couple, as `dashboard_outcomes` reads it (`ROW_VALUES`), then of each partner.
COUPLE_VALUES = ("pk", "name", "plan_version", *ROW_VALUES)
PAGE_PARTNER = (
    "id",
    "display_name",
    "started_at",
    "submitted_at",
    "last_activity_at",
    "questionnaire_version",
    "step_reached",
)


def _page_couples(
    therapist_id: int, found: list[Any] | None, alerts: OpenAlerts, places: range
) -> tuple[list[dict[str, Any]], dict[UUID, list[ListedPartner]]]:
    """The page's couples (`places` among the therapist's, or among those `found`), urgent first then newest, once
    each; and each one's partners in role order (none yet for a couple still being made). One query: the order picks
    the page's couples by id alone, and the rows' columns (a plan version, two joined tables, the partners) are read
    for those couples only (bench/README.md, "fifth part"). Plain values, not model instances: the page shows a few
    fields of each couple, and making a Couple, its outcome figures, its check-in choices and two Partners per row was
    a third of the page's time ("fourth part"). The statement is written once per process and shape
    (clinic.statements): the ORM's building of it, and its converters, cost more than the database's answer
    ("sixth part")."""
    couples: list[dict[str, Any]] = []
    partners: dict[UUID, list[ListedPartner]] = {}
    if not places:
        return couples, partners
    named = statements.names(Couple)
    page_urgency, page_params = urgency(f"page_couple.{named['Couple_id']}", alerts)
    row_urgency, row_params = urgency(f"{named['Couple']}.{named['Couple_id']}", alerts)
    among = found or []
    sql = _page_sql(connection.vendor, len(among) if found is not None else None, page_urgency, row_urgency)
    params = [therapist_id, *among, *page_params, len(places), places.start, *row_params]
    width = len(COUPLE_VALUES)
    for row in statements.execute(sql, params):
        couple_id = statements.read_uuid(row[0])
        if not couples or couples[-1]["pk"] != couple_id:
            couples.append(dict(zip(COUPLE_VALUES, (couple_id, *row[1:width]), strict=True)))
            partners[couple_id] = []
        partner_id, name, started, submitted, last, version, step = row[width:]
        if partner_id is not None:
            partners[couple_id].append(
                ListedPartner(
                    partner_id,  # as the database gives it back, as the open alerts' keys are
                    couple_id,
                    name,
                    statements.read_datetime(started),
                    statements.read_datetime(submitted),
                    statements.read_datetime(last),
                    version,
                    step,
                )
            )
    return couples, partners


@lru_cache(maxsize=128)
def _page_sql(vendor: str, found: int | None, page_urgency: str, row_urgency: str) -> str:
    # `vendor` is part of the key only (clinic.statements); `found` the number of couples a search found (None: not a
    # search); the urgencies name how many couples have an open alert of each rank, never which.
    named = statements.names(Couple, Partner, PlanVersion, SessionPlan, LatestOutcome, OutcomeSettings)
    among = f" AND page_couple.{named['Couple_id']} IN ({statements.placeholders(found)})" if found else ""
    page_urgency, row_urgency = (f"{order} DESC, " if order else "" for order in (page_urgency, row_urgency))
    outcome = ", ".join(f"{{LatestOutcome}}.{{LatestOutcome_{name}}}" for name in KEPT_FIGURES)
    partner = ", ".join(f"{{Partner}}.{{Partner_{name}}}" for name in PAGE_PARTNER)
    return f"""
        SELECT {{Couple}}.{{Couple_id}}, {{Couple}}.{{Couple_name}},
            (SELECT {{PlanVersion}}.{{PlanVersion_number}} FROM {{PlanVersion}} INNER JOIN {{SessionPlan}}
                ON {{PlanVersion}}.{{PlanVersion_plan}} = {{SessionPlan}}.{{SessionPlan_id}}
                WHERE {{SessionPlan}}.{{SessionPlan_couple}} = {{Couple}}.{{Couple_id}}
                ORDER BY {{PlanVersion}}.{{PlanVersion_number}} DESC LIMIT 1),
            {outcome}, {{OutcomeSettings}}.{{OutcomeSettings_every_session}},
            {{OutcomeSettings}}.{{OutcomeSettings_last_session_on}}, {partner}
        FROM {{Couple}}
            LEFT OUTER JOIN {{LatestOutcome}} ON {{LatestOutcome}}.{{LatestOutcome_couple}} = {{Couple}}.{{Couple_id}}
            LEFT OUTER JOIN {{OutcomeSettings}} ON {{OutcomeSettings}}.{{OutcomeSettings_couple}} = {{Couple}}.{{Couple_id}}
            LEFT OUTER JOIN {{Partner}} ON {{Partner}}.{{Partner_couple}} = {{Couple}}.{{Couple_id}}
        WHERE {{Couple}}.{{Couple_id}} IN (
            SELECT page_couple.{{Couple_id}} FROM {{Couple}} page_couple
            WHERE page_couple.{{Couple_therapist}} = %s{among}
            ORDER BY {page_urgency}page_couple.{{Couple_created_at}} DESC LIMIT %s OFFSET %s)
        ORDER BY {row_urgency}{{Couple}}.{{Couple_created_at}} DESC, {{Partner}}.{{Partner_role}} ASC
    """.format(**named)  # noqa: S608


Days = dict[date, str]  # days as a page writes them (`_day`)


def _progress_words() -> dict[str, str]:
    return {
        "not started": _("not started yet"),
        "reviewing": _("reviewing the answers"),
        "step": _("step %(n)d of %(total)d"),
    }


def _progress(partner: Partner | ListedPartner, words: dict[str, str] | None = None, days: Days | None = None) -> str:
    """How far the partner's intake is. A page of them passes the words translated once (`_progress_words`) and the
    days already written (`_day`)."""
    words = words or _progress_words()
    steps = questionnaire_for(partner.questionnaire_version).step_count
    if partner.submitted_at:
        return _day(localtime(partner.submitted_at), {} if days is None else days)
    if partner.started_at is None:
        return words["not started"]
    if partner.step_reached > steps:
        return words["reviewing"]
    return words["step"] % {"n": partner.step_reached, "total": steps}


def _day(moment: datetime, days: Days) -> str:
    """The moment's day as a row writes it ("3 Nov 2026"), written once a page for each day (`days`)."""
    day = moment.date()
    if day not in days:
        days[day] = date_format(moment, "j M Y")
    return days[day]


def _plan_words(version: int | None, both_submitted: bool, words: dict[str, str]) -> tuple[str, str]:
    """What the row says of the plan, and its link's words."""
    if version:
        return words["drafted"] % {"n": version}, words["plan"]
    if both_submitted:
        return words["ready"], words["draft"]
    return words["not drafted"], words["plan"]


def _dashboard_rows(
    couples: list[dict[str, Any]], partners_by_couple: dict[UUID, list[ListedPartner]], alerts: OpenAlerts
) -> list[DashboardRow]:
    """Plain rows, from the page's couples and their partners read as values and its open alerts already read
    (`alerts`, which also ordered the page): the URLs are built from one reversed pattern, and the words every row
    shares are translated once."""
    placeholder = "00000000-0000-0000-0000-000000000000"
    urls = {name: reverse(name, args=[placeholder]) for name in ("couple_detail", "comparison", "plan")}
    words = {"plan": _("Plan"), "draft": _("Draft a plan"), "ready": _("ready to draft")}
    words |= {"not drafted": _("not drafted yet"), "none yet": _("none yet")}
    words |= {"of": _("of %(name)s"), "for": _("for %(name)s")}  # the links' hidden words, as the template's were
    words |= {"drafted": _("version %(n)s drafted"), "alert": _("%(label)s (%(name)s)")}
    words |= {"off track": _("Off track (%(names)s)")}
    progress_words, days = _progress_words(), Days()
    marks = {tier: mark_label(tier) for tier in set(alerts.by_partner.values())}
    badges = {status: (str(status.label), BADGES[status]) for status in Partner.Status}
    tiers = alerts.by_partner
    names = {couple_id: [p.display_name for p in partners] for couple_id, partners in partners_by_couple.items()}
    outcomes = dashboard_outcomes(couples, names)
    rows = []
    for couple in couples:
        couple_id, name = couple["pk"], couple["name"]
        partners = partners_by_couple[couple_id]
        written_id = str(couple_id)
        link = {key: url.replace(placeholder, written_id) for key, url in urls.items()}
        progress = [
            PartnerProgress(p.display_name, *badges[p.status], _progress(p, progress_words, days), bool(p.submitted_at))
            for p in partners
        ]
        version = couple["plan_version"]
        plan, plan_link = _plan_words(version, all(p.submitted for p in progress), words)
        last = max((p.last_activity_at for p in partners if p.last_activity_at), default=None)
        last_local = localtime(last) if last else None
        found = outcomes[couple_id]  # latest CSI-4, off track, check-ins waiting (clinic.outcomes)
        rows.append(
            DashboardRow(
                couple_id=couple_id,
                name=name,
                url=link["couple_detail"],
                comparison_url=link["comparison"],
                plan_url=link["plan"],
                partners=progress,
                plan_version=version,
                alerts=[
                    (
                        words["alert"] % {"label": marks[tiers[p.pk]], "name": p.display_name},
                        "warning" if tiers[p.pk] == "b" else "danger",
                    )
                    for p in partners
                    if p.pk in tiers
                ],
                plan=plan,
                plan_link=plan_link,
                last=last,
                last_shown=date_format(last_local, "j M Y, H:i") if last_local else words["none yet"],
                last_iso=last_local.strftime("%Y-%m-%dT%H:%M:%S%z") if last_local else "",
                off_track=words["off track"] % {"names": " & ".join(found["off_track"])} if found["off_track"] else "",
                outcomes=found,
                comparison_words=with_isolated(words["of"], name=name),
                plan_words=with_isolated(words["for"], name=name),
            )
        )
    return rows


@therapist_required(AccessLog.Action.CREATE_COUPLE)
def couple_new(request: TherapistRequest) -> HttpResponse:
    form = CoupleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            couple = Couple.objects.create(therapist=request.user, name=data["name"])
            for role in Partner.Role:
                partner = Partner.objects.create(
                    couple=couple,
                    role=role,
                    display_name=data[f"partner_{role}_name"].strip(),
                    email=data[f"partner_{role}_email"],
                    pronouns=data[f"partner_{role}_pronouns"],
                    language=data[f"partner_{role}_language"],
                )
                _invitation, token = Invitation.issue(partner, by=request.user)
                _remember_link(request, partner, token)
            store_for([couple.pk])  # its (empty) outcome figures, so the dashboard lists it like any other
        request.audit.about([couple.pk])
        messages.success(request, _("Couple created. Give each partner their own link."))
        return redirect("couple_detail", couple_id=couple.pk)
    return render(request, "clinic/couple_new.html", {"form": form})


@therapist_required(AccessLog.Action.VIEW_COUPLE)
@require_GET
def couple_detail(request: TherapistRequest, couple_id: UUID) -> HttpResponse:
    couple = couple_for_therapist(request, couple_id)
    new_links = request.session.pop(NEW_LINKS_KEY, {})
    live = {
        i.partner_id: i
        for i in Invitation.objects.live().for_intake().filter(partner__couple=couple).order_by("created_at")
    }
    contact = contact_answers(couple)
    partners = [
        {
            "partner": p,
            "new_link": new_links.get(str(p.pk)),
            "link": live.get(p.pk),
            "has_live_link": p.pk in live,
            "progress": _progress(p),
            "contact": contact.get(p.pk, {}),
        }
        for p in couple.partners.all()
    ]
    alerts = [partner_alerts(p) for p in couple.partners.all()]
    if contact or any(found["open"] or found["done"] for found in alerts):
        request.audit.also(AccessLog.Action.VIEW_SAFETY, "couple page")
    context = {
        "couple": couple,
        "partners": partners,
        "alerts": [found for found in alerts if found["open"]],
        "follow_ups": [found for found in alerts if found["done"]],
        **couple_outcomes(request, couple),
        "messaging": couple_messaging(couple),
    }
    return render(request, "clinic/couple_detail.html", context)


def _confirm(request: TherapistRequest, partner: Partner, action: str) -> HttpResponse:
    """The page that asks before a link stops working (a GET never changes anything)."""
    request.audit.note(action=AccessLog.Action.VIEW_COUPLE, detail=f"confirm {action} for partner {partner.role}")
    live = partner.invitations.live().for_intake().first()
    context = {"couple": partner.couple, "partner": partner, "action": action, "live": live}
    return render(request, "clinic/link_confirm.html", context)


@therapist_required(AccessLog.Action.ISSUE_LINK)
@require_http_methods(["GET", "POST"])
def link_issue(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    if request.method == "GET":
        return _confirm(request, partner, "issue")
    _invitation, token = Invitation.issue(partner, by=request.user)
    reminders.cancel_settled(partner)  # the earlier link's reminders: it no longer works
    _remember_link(request, partner, token)
    request.audit.note(detail=f"partner {partner.role}")
    messages.success(
        request, _("A new link for %(name)s is ready; any earlier link no longer works.") % {"name": partner}
    )
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required(AccessLog.Action.REOPEN_INTAKE)
@require_POST
def intake_reopen(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    request.audit.note(detail=f"partner {partner.role}")
    if partner.reopen(by=request.user):
        messages.success(
            request, _("%(name)s's intake is open again; their link shows their saved answers.") % {"name": partner}
        )
    else:
        request.audit.note(detail=f"partner {partner.role}: not submitted, nothing reopened")
        messages.info(
            request, _("%(name)s's intake was not submitted, so there was nothing to reopen.") % {"name": partner}
        )
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required(AccessLog.Action.FOLLOWED_UP)
@require_POST
def followed_up(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    if SafetyAlert.follow_up(partner, by=request.user):
        request.audit.note(detail=f"partner {partner.role}")
        messages.success(request, _("Follow-up with %(name)s recorded.") % {"name": partner})
    else:
        request.audit.note(detail=f"partner {partner.role}: no open alert")
        messages.info(request, _("There was no open alert for %(name)s to follow up.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)


@therapist_required(AccessLog.Action.REVOKE_LINK)
@require_http_methods(["GET", "POST"])
def link_revoke(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> HttpResponse:
    partner = partner_for_therapist(request, couple_id, partner_id)
    if request.method == "GET":
        return _confirm(request, partner, "revoke")
    for invitation in partner.invitations.live().for_intake():  # a check-in's links are closed with the check-in
        invitation.revoke()
    reminders.cancel_settled(partner)
    request.audit.note(detail=f"partner {partner.role}")
    messages.success(request, _("The link for %(name)s no longer works.") % {"name": partner})
    return redirect("couple_detail", couple_id=couple_id)
