"""The one way a therapist view reaches a couple or a partner: the owner's, or 404."""

from functools import lru_cache
from uuid import UUID

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404

from clinic import statements
from clinic.accounts.signin import TherapistRequest
from clinic.models import PlanVersion, SessionPlan
from intake.models import Couple, Partner


def couple_for_therapist(request: TherapistRequest, couple_id: UUID, partners: bool = True) -> Couple:
    """The couple with its two partners read (`partners=False` for a page that shows neither: one query less)."""
    queryset = Couple.objects.filter(therapist=request.user)
    return get_object_or_404(queryset.prefetch_related("partners") if partners else queryset, pk=couple_id)


def couple_and_partners_for_therapist(request: TherapistRequest, couple_id: UUID) -> Couple:
    """`couple_for_therapist` in one statement written once per process (clinic/statements.py) for the plan page, which
    asks on every view: the couple and its partners (`couple.partners.all()` as a prefetch leaves it), or 404."""
    connection = statements.connection_for(Couple)
    keys = [statements.parameter(Couple, "id", couple_id), statements.parameter(Couple, "therapist", request.user.pk)]
    with connection.cursor() as cursor:
        cursor.execute(_couple_sql(connection.vendor), keys)
        found = cursor.fetchall()
    if not found:
        raise Http404
    width = statements.width(Couple)
    couple = statements.instance(Couple, found[0][:width])
    partners = [statements.instance(Partner, row[width:]) for row in found if row[width] is not None]
    for partner in partners:
        partner.couple = couple
    # As prefetch_related("partners") leaves it: the relation's queryset with its rows, never asked again.
    prefetched = couple.partners.all()
    prefetched._result_cache, prefetched._prefetch_done = partners, True  # type: ignore[attr-defined]
    couple._prefetched_objects_cache = {"partners": prefetched}  # type: ignore[attr-defined]
    return couple


@lru_cache(maxsize=4)
def _couple_sql(vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database (clinic.statements.names).
    columns = f"{statements.columns(Couple, 'c')}, {statements.columns(Partner, 'p')}"
    return " ".join(COUPLE_AND_PARTNERS.format(columns=columns, **statements.names(Couple, Partner)).split())


# The partners in Partner.Meta.ordering (by role), as the prefetch read them. Written on one line, as the ORM writes.
COUPLE_AND_PARTNERS = """
SELECT {columns}
FROM {Couple} c
LEFT OUTER JOIN {Partner} p ON p.{Partner_couple} = c.{Couple_id}
WHERE c.{Couple_id} = %s AND c.{Couple_therapist} = %s
ORDER BY p.{Partner_role}
"""


def latest_version_for_therapist(request: TherapistRequest, couple_id: UUID) -> PlanVersion | None:
    """The latest version of the couple's plan, whole, with its couple (`version.plan.couple`, partners not read)
    and author, if the couple is this therapist's; None if it is not, or has no plan yet (the caller then asks
    `couple_for_therapist`, which tells the two apart with a 404). The plan editor's one query for all three,
    written once per process (clinic/statements.py): built through the ORM it cost more than the database's answer."""
    connection = statements.connection_for(PlanVersion)
    couple_key = statements.parameter(SessionPlan, "couple", couple_id)
    therapist_key = statements.parameter(Couple, "therapist", request.user.pk)
    with connection.cursor() as cursor:
        cursor.execute(_latest_version_sql(connection.vendor), [couple_key, therapist_key])
        row = cursor.fetchone()
    if row is None:
        return None
    user_model = get_user_model()
    parts, start = [], 0
    for model in (PlanVersion, SessionPlan, Couple, user_model):
        parts.append(row[start : start + statements.width(model)])
        start += statements.width(model)
    version, plan = statements.instance(PlanVersion, parts[0]), statements.instance(SessionPlan, parts[1])
    plan.couple = statements.instance(Couple, parts[2])
    version.plan = plan
    version.created_by = None if version.created_by_id is None else statements.instance(user_model, parts[3])
    return version


@lru_cache(maxsize=4)
def _latest_version_sql(vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database. Only the models' own names are
    # put into the statement; the couple's and the therapist's keys go as parameters.
    user_model = get_user_model()
    models = ((PlanVersion, "v"), (SessionPlan, "p"), (Couple, "c"), (user_model, "u"))
    columns = ", ".join(statements.columns(model, alias) for model, alias in models)
    named = statements.names(PlanVersion, SessionPlan, Couple, user_model)
    return " ".join(LATEST_VERSION.format(columns=columns, **named).split())


LATEST_VERSION = """
SELECT {columns}
FROM {PlanVersion} v
INNER JOIN {SessionPlan} p ON p.{SessionPlan_id} = v.{PlanVersion_plan}
INNER JOIN {Couple} c ON c.{Couple_id} = p.{SessionPlan_couple}
LEFT OUTER JOIN {User} u ON u.{User_id} = v.{PlanVersion_created_by}
WHERE p.{SessionPlan_couple} = %s AND c.{Couple_therapist} = %s
ORDER BY v.{PlanVersion_number} DESC
LIMIT 1
"""


def partner_for_therapist(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> Partner:
    queryset = Partner.objects.filter(couple__therapist=request.user).select_related("couple")
    return get_object_or_404(queryset, pk=partner_id, couple_id=couple_id)
