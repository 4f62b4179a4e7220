"""`manage.py demo`: a demo therapist and couples to look around with (idempotent).

The couples and their answers come from `fixtures/demo.json`: one couple with
both intakes submitted and five weekly check-ins since (one partner reliably more
satisfied, the other flat, so the couple is off track from the fourth), one where
a partner endorsed safety items, one with no answers yet, and one where a partner answered in Arabic and the
other in English. Raw link tokens are never
stored, so each run issues fresh links for the demo partners who have not submitted
and prints them; older ones stop working.

It refuses to run with ATTUNE_DEBUG off: its login and password are published in the README.
"""

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from clinic.models import AccessLog, TherapistProfile
from intake.checkins import CheckIn, CheckInResponse
from intake.models import Couple, Invitation, Partner

DEMO_USERNAME = "demo"
DEMO_EMAIL = "robin.demo@example.org"
DEMO_CONTACT = "Phone 020 7946 0321 · robin.demo@example.org"  # a number reserved for drama, a reserved domain
DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = "Create (or refresh) the demo therapist and demo couples, and print how to get in."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "manage.py demo makes an account with a published password, so it runs only in development "
                "(ATTUNE_DEBUG=1). Add real therapists with manage.py createtherapist."
            )
        with transaction.atomic():
            therapist = self._therapist()
            couples = demo_couples(therapist)
        self.stdout.write(f"login: {DEMO_USERNAME} / {settings.ATTUNE_DEMO_PASSWORD}")
        for couple in couples:
            for partner in couple.partners.all():
                if partner.submitted_at:
                    continue
                _invitation, token = Invitation.issue(partner, by=therapist)
                _log(AccessLog.Action.ISSUE_LINK, couple, therapist, f"partner {partner.role}")
                url = settings.ATTUNE_BASE_URL + reverse("intake:enter", args=[token])
                self.stdout.write(f"intake link ({couple.name}, {partner.display_name}): {url}")

    def _therapist(self) -> Any:
        User = get_user_model()
        user, _created = User.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"first_name": "Robin", "last_name": "Demo"}
        )
        user.set_password(settings.ATTUNE_DEMO_PASSWORD)
        user.email = user.email or DEMO_EMAIL  # where the demo's notices go (var/mail/ unless a mail server is set)
        user.save()
        TherapistProfile.objects.get_or_create(user=user, defaults={"contact_line": DEMO_CONTACT})
        return user


def demo_couples(therapist: Any) -> list[Couple]:
    """The demo couples and their answers for `therapist` (idempotent); the benchmark seeds from them too."""
    return [_couple(therapist, spec) for spec in json.loads(DEMO_FILE.read_text())["couples"]]


def _log(action: str, couple: Couple, therapist: Any, detail: str = "", role: str = "") -> None:
    """What the demo did, in the couple's access log as the app would have written it (no client address)."""
    user = None if role else therapist
    username = user.get_username() if user else ""
    AccessLog(user=user, username=username, action=action, couple_id=couple.pk, detail=detail, partner_role=role).save()


def _couple(therapist: Any, spec: dict[str, Any]) -> Couple:
    couple, created = Couple.objects.get_or_create(therapist=therapist, name=spec["name"])
    if created:
        _log(AccessLog.Action.CREATE_COUPLE, couple, therapist)
    for role, person in zip(Partner.Role, spec["partners"], strict=True):
        partner, _new = Partner.objects.get_or_create(
            couple=couple,
            role=role,
            defaults={
                "display_name": person["name"],
                "pronouns": person["pronouns"],
                "language": person.get("language", settings.ATTUNE_LANGUAGE),
            },
        )
        if created and person["answers"]:
            partner.consent()
            with translation.override(partner.language):  # answered in the partner's own language
                partner.save_answers(person["answers"], step_done=partner.questionnaire.step_count)
            if person["submitted"]:
                partner.submit()
                _log(AccessLog.Action.SUBMIT_INTAKE, couple, therapist, role=partner.role)
    if created and spec.get("check_ins"):
        _check_ins(couple, therapist, spec)
    return couple


def _check_ins(couple: Couple, therapist: Any, spec: dict[str, Any]) -> None:
    """The intake some weeks ago, then a check-in before each session since, answered by both the next day."""
    now = timezone.now()
    began = now - timedelta(days=spec["intake_days_ago"])
    Partner.objects.filter(couple=couple).update(started_at=began, submitted_at=began, last_activity_at=began)
    for entry in spec["check_ins"]:
        opened = now - timedelta(days=entry["days_ago"])
        check_in = CheckIn.objects.create(
            couple=couple,
            kind=CheckIn.Kind.SESSION,
            session_number=entry["session"],
            opens_on=opened.date(),
            created_by=therapist,
        )
        for partner, answers in zip(couple.partners.all(), entry["answers"], strict=True):
            response = CheckInResponse.of(check_in, partner)
            response.consent()
            response.save_answers(answers)
            response.submit()
            sent = opened + timedelta(days=1)
            CheckInResponse.objects.filter(pk=response.pk).update(
                started_at=sent, submitted_at=sent, last_activity_at=sent
            )
            Partner.objects.filter(pk=partner.pk).update(last_activity_at=sent)
