"""Seed a benchmark database: 1,000 couples for one therapist, one answered couple with a plan,
one partner part-way through the intake, and ready-made sessions for both sides.

Prints one JSON object with the cookies and URLs the HTTP benchmark needs.
"""

import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

COUPLES = int(os.environ.get("BENCH_COUPLES", "1000"))


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction

    from clinic.accounts.timeouts import SEEN, STARTED
    from clinic.management.commands.demo import demo_couples
    from clinic.plans.versions import draft_version
    from intake.models import Couple, Invitation, Partner
    from intake.views import SEEN_KEY
    from intake.views import SESSION_KEY as INTAKE_KEY

    call_command("loadexercises", stdout=io.StringIO())
    therapist = get_user_model().objects.create_user("bench", password="bench-password-not-secret")
    demo = demo_couples(therapist)  # the demo's answers, reused for the answered couple (no demo login)
    answered = Couple.objects.prefetch_related("partners").get(name="Sam & Alex")
    with transaction.atomic():
        couples = Couple.objects.bulk_create(
            Couple(therapist=therapist, name=f"Couple {n:04d}") for n in range(max(COUPLES - len(demo), 1))
        )
        Partner.objects.bulk_create(
            Partner(couple=c, role=role, display_name=f"{role.upper()}{i}")
            for i, c in enumerate(couples)
            for role in ("a", "b")
        )
    answered.therapist = therapist
    draft_version(answered, therapist)

    walker = couples[0].partner_a
    walker.consent()
    invitation, _token = Invitation.issue(walker, by=therapist)

    therapist_session = SessionStore()
    therapist_session.update(
        {
            SESSION_KEY: str(therapist.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[-1],
            HASH_SESSION_KEY: therapist.get_session_auth_hash(),
            STARTED: time.time(),
            SEEN: time.time(),
        }
    )
    therapist_session.create()
    partner_session = SessionStore()
    partner_session.update({INTAKE_KEY: invitation.pk, SEEN_KEY: time.time() + 3600})
    partner_session.create()
    print(
        json.dumps(
            {
                "therapist_cookie": therapist_session.session_key,
                "partner_cookie": partner_session.session_key,
                "answered": str(answered.pk),
                "couples": Couple.objects.filter(therapist=therapist).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
