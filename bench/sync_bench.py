"""What `PRAGMA synchronous=FULL` costs a partner's save on SQLite, against NORMAL, side by side.

FULL makes every commit wait for the write-ahead log to reach the disk, so a save a partner was told
about survives a power cut; NORMAL (SQLite's usual choice in WAL mode) may lose the last commits.
The same partner saves the same step through Django's test client, in alternating blocks of each
setting on one connection to one database file, and the median time of a save is compared.
Run by `make bench` against a throwaway database (ATTUNE_VAR_DIR).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
os.environ.setdefault("ATTUNE_DEBUG", "0")  # production's request path, without debug's query log
os.environ.setdefault("ATTUNE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP

BLOCKS = 6
SAVES_PER_BLOCK = int(os.environ.get("BENCH_SYNC_SAVES", "150"))


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from intake.models import Couple, Invitation, Partner
    from intake.questionnaire import QUESTIONNAIRE

    if connection.vendor != "sqlite":
        print("sync_bench: SQLite only; skipped")
        return
    settings.ALLOWED_HOSTS = ["testserver"]
    therapist = get_user_model().objects.create_user("sync-bench", password="sync-bench-password")
    couple = Couple.objects.create(therapist=therapist, name="Sync")
    partner = Partner.objects.create(couple=couple, role="a", display_name="A")
    Partner.objects.create(couple=couple, role="b", display_name="B")
    client = Client()
    client.get(f"/i/{Invitation.issue(partner, by=therapist)[1]}/")
    client.post("/i/welcome/", {"agree": "on"})
    section = QUESTIONNAIRE.sections[2]
    timings: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
    for block in range(BLOCKS):
        mode = ("NORMAL", "FULL")[block % 2]
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {mode}")
        for n in range(SAVES_PER_BLOCK):
            data = {item.key: str(item.choices[(n + block) % len(item.choices)].value) for item in section.items}
            started = time.perf_counter()
            response = client.post("/i/step/3/", {**data, "action": "save"})
            timings[mode].append(time.perf_counter() - started)
            assert response.status_code == 303, response.status_code
    normal, full = (statistics.median(timings[m]) * 1000 for m in ("NORMAL", "FULL"))
    print(
        f"\nSQLite save (intake step POST, in process), median of {len(timings['FULL'])} each: "
        f"synchronous=NORMAL {normal:.2f} ms, FULL {full:.2f} ms (FULL/NORMAL {full / normal:.2f})"
    )


if __name__ == "__main__":
    main()
