"""The one way a therapist view reaches a couple or a partner: the owner's, or 404."""

from uuid import UUID

from django.shortcuts import get_object_or_404

from clinic.accounts.signin import TherapistRequest
from intake.models import Couple, Partner


def couple_for_therapist(request: TherapistRequest, couple_id: UUID, partners: bool = True) -> Couple:
    """The couple with its two partners read (`partners=False` for a page that shows neither: one query less)."""
    queryset = Couple.objects.filter(therapist=request.user)
    return get_object_or_404(queryset.prefetch_related("partners") if partners else queryset, pk=couple_id)


def partner_for_therapist(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> Partner:
    queryset = Partner.objects.filter(couple__therapist=request.user).select_related("couple")
    return get_object_or_404(queryset, pk=partner_id, couple_id=couple_id)
