"""The one way a therapist view reaches a couple or a partner: the owner's, or 404."""

from uuid import UUID

from django.shortcuts import get_object_or_404

from clinic.accounts.signin import TherapistRequest
from clinic.models import PlanVersion
from intake.models import Couple, Partner


def couple_for_therapist(request: TherapistRequest, couple_id: UUID, partners: bool = True) -> Couple:
    """The couple with its two partners read (`partners=False` for a page that shows neither: one query less)."""
    queryset = Couple.objects.filter(therapist=request.user)
    return get_object_or_404(queryset.prefetch_related("partners") if partners else queryset, pk=couple_id)


def latest_version_for_therapist(request: TherapistRequest, couple_id: UUID) -> PlanVersion | None:
    """The latest version of the couple's plan, whole, with its couple (`version.plan.couple`, partners not read)
    and author, if the couple is this therapist's; None if it is not, or has no plan yet (the caller then asks
    `couple_for_therapist`, which tells the two apart with a 404). The plan editor's one query for all three."""
    versions = PlanVersion.objects.filter(plan__couple_id=couple_id, plan__couple__therapist=request.user)
    return versions.select_related("created_by", "plan__couple").order_by("-number").first()


def partner_for_therapist(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> Partner:
    queryset = Partner.objects.filter(couple__therapist=request.user).select_related("couple")
    return get_object_or_404(queryset, pk=partner_id, couple_id=couple_id)
