"""A tiny hand-written factory for the test suite."""

from typing import Any

from django.contrib.auth import get_user_model

from intake.models import Couple, Invitation, Partner

PASSWORD = "correct horse battery staple"


def make_therapist(username: str) -> Any:
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


def make_couple(therapist: Any, a: str = "Sam", b: str = "Alex", name: str | None = None) -> Couple:
    couple = Couple.objects.create(therapist=therapist, name=name or f"{a} & {b}")
    Partner.objects.create(couple=couple, role=Partner.Role.A, display_name=a)
    Partner.objects.create(couple=couple, role=Partner.Role.B, display_name=b)
    return couple


def issue_link(partner: Partner) -> str:
    """The raw token of a fresh link for `partner`."""
    _invitation, token = Invitation.issue(partner, by=partner.couple.therapist)
    return token
