"""Seed a database for the kill -9 test: couples whose partner A has a fresh link. Prints the links' tokens
as JSON. Run with the server's environment (it is the server's database)."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")


def main(count: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from intake.models import Couple, Invitation, Partner

    therapist = get_user_model().objects.create_user("faults", password="a long test password")
    tokens = []
    for number in range(count):
        couple = Couple.objects.create(therapist=therapist, name=f"Couple {number}")
        partner = Partner.objects.create(couple=couple, role="a", display_name=f"A{number}")
        Partner.objects.create(couple=couple, role="b", display_name=f"B{number}")
        tokens.append({"partner": str(partner.pk), "token": Invitation.issue(partner, by=therapist)[1]})
    print(json.dumps(tokens))


if __name__ == "__main__":
    main(int(sys.argv[1]))
