"""The one way a therapist view reaches a couple or a partner: the owner's, or 404."""

from functools import lru_cache
from uuid import UUID

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404

from clinic import rows
from clinic.accounts.signin import TherapistRequest
from clinic.models import PlanVersion, SessionPlan
from intake.models import Couple, Partner


def couple_for_therapist(request: TherapistRequest, couple_id: UUID, partners: bool = True) -> Couple:
    """The couple with its two partners read (`partners=False` for a page that shows neither: one query less)."""
    queryset = Couple.objects.filter(therapist=request.user)
    return get_object_or_404(queryset.prefetch_related("partners") if partners else queryset, pk=couple_id)


def latest_version_for_therapist(request: TherapistRequest, couple_id: UUID) -> PlanVersion | None:
    """The latest version of the couple's plan, whole, with its couple (`version.plan.couple`, partners not read)
    and author, if the couple is this therapist's; None if it is not, or has no plan yet (the caller then asks
    `couple_for_therapist`, which tells the two apart with a 404). The plan editor's one query for all three,
    written once per process (clinic/rows.py): built through the ORM it cost more than the database's answer."""
    connection = rows.connection_for(PlanVersion)
    couple_key = rows.parameter(SessionPlan, "couple", couple_id)
    therapist_key = rows.parameter(Couple, "therapist", request.user.pk)
    with connection.cursor() as cursor:
        cursor.execute(_latest_version_sql(connection.vendor), [couple_key, therapist_key])
        row = cursor.fetchone()
    if row is None:
        return None
    user_model = get_user_model()
    parts, start = [], 0
    for model in (PlanVersion, SessionPlan, Couple, user_model):
        parts.append(row[start : start + rows.width(model)])
        start += rows.width(model)
    version, plan = rows.instance(PlanVersion, parts[0]), rows.instance(SessionPlan, parts[1])
    plan.couple = rows.instance(Couple, parts[2])
    version.plan = plan
    version.created_by = None if version.created_by_id is None else rows.instance(user_model, parts[3])
    return version


@lru_cache(maxsize=4)
def _latest_version_sql(vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database. Only the models' own names are
    # put into the statement; the couple's and the therapist's keys go as parameters.
    user_model = get_user_model()
    names = {
        "columns": ", ".join(
            rows.columns(model, alias)
            for model, alias in ((PlanVersion, "v"), (SessionPlan, "p"), (Couple, "c"), (user_model, "u"))
        ),
        "version": rows.table(PlanVersion),
        "plan": rows.table(SessionPlan),
        "couple": rows.table(Couple),
        "user": rows.table(user_model),
        "v_plan": rows.column(PlanVersion, "plan"),
        "v_number": rows.column(PlanVersion, "number"),
        "v_created_by": rows.column(PlanVersion, "created_by"),
        "p_id": rows.column(SessionPlan, "id"),
        "p_couple": rows.column(SessionPlan, "couple"),
        "c_id": rows.column(Couple, "id"),
        "c_therapist": rows.column(Couple, "therapist"),
        "u_id": rows.column(user_model, "id"),
    }
    return " ".join(LATEST_VERSION.format(**names).split())  # one line, as the ORM writes it


LATEST_VERSION = """
SELECT {columns}
FROM {version} v
INNER JOIN {plan} p ON p.{p_id} = v.{v_plan}
INNER JOIN {couple} c ON c.{c_id} = p.{p_couple}
LEFT OUTER JOIN {user} u ON u.{u_id} = v.{v_created_by}
WHERE p.{p_couple} = %s AND c.{c_therapist} = %s
ORDER BY v.{v_number} DESC
LIMIT 1
"""


def partner_for_therapist(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> Partner:
    queryset = Partner.objects.filter(couple__therapist=request.user).select_related("couple")
    return get_object_or_404(queryset, pk=partner_id, couple_id=couple_id)
