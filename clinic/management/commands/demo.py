"""`manage.py demo`: a demo therapist and couples to look around with (idempotent).

Raw link tokens are never stored, so each run issues fresh links for the demo
partners who have not submitted yet and prints them; earlier demo links stop working.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from intake.models import Couple, Invitation, Partner

DEMO_USERNAME = "demo"
FRESH_COUPLE = ("Jordan & Riley", "Jordan", "Riley")


class Command(BaseCommand):
    help = "Create (or refresh) the demo therapist and demo couples, and print how to get in."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            therapist = self._therapist()
            couples = [self._couple(therapist, *FRESH_COUPLE)]
        self.stdout.write(f"login: {DEMO_USERNAME} / {settings.ATTUNE_DEMO_PASSWORD}")
        for couple in couples:
            for partner in couple.partners.all():
                if partner.submitted_at:
                    continue
                _invitation, token = Invitation.issue(partner, by=therapist)
                url = settings.ATTUNE_BASE_URL + reverse("intake:enter", args=[token])
                self.stdout.write(f"intake link ({couple.name}, {partner.display_name}): {url}")

    def _therapist(self) -> Any:
        User = get_user_model()
        user, _created = User.objects.get_or_create(username=DEMO_USERNAME, defaults={"first_name": "Demo"})
        user.set_password(settings.ATTUNE_DEMO_PASSWORD)
        user.save()
        return user

    def _couple(self, therapist: Any, name: str, a_name: str, b_name: str) -> Couple:
        couple, _created = Couple.objects.get_or_create(therapist=therapist, name=name)
        for role, display_name in ((Partner.Role.A, a_name), (Partner.Role.B, b_name)):
            Partner.objects.get_or_create(couple=couple, role=role, defaults={"display_name": display_name})
        return couple
