"""The one way a therapist view reaches a couple or a partner: the owner's, or 404."""

from uuid import UUID

from django.shortcuts import get_object_or_404

from clinic.accounts.signin import TherapistRequest
from intake.models import Couple, Partner


def couple_for_therapist(request: TherapistRequest, couple_id: UUID) -> Couple:
    queryset = Couple.objects.filter(therapist=request.user).prefetch_related("partners")
    return get_object_or_404(queryset, pk=couple_id)


def partner_for_therapist(request: TherapistRequest, couple_id: UUID, partner_id: UUID) -> Partner:
    queryset = Partner.objects.filter(couple__therapist=request.user).select_related("couple")
    return get_object_or_404(queryset, pk=partner_id, couple_id=couple_id)
