"""Seed a benchmark database at platform scale: 10,000 couples across 20 therapists, each couple with both
intakes answered and submitted, a drafted plan and five answered check-ins (`BENCH_COUPLES`, `BENCH_THERAPISTS`).

`python bench/seed.py data` writes the data in bulk, sealing every sealed field through `intake.crypto` as the app
does; the answers, plan and check-ins are the demo's Sam & Alex, copied. `http_bench.py` saves the result under
`var/bench-seed/` and re-uses it. `python bench/seed.py sessions` makes what each run needs fresh (a therapist
session, a partner part-way through an intake, a partner with a check-in open) and prints it as JSON; with no
argument it does both. `python bench/seed.py versions N` saves N more versions of the measured couple's plan.
"""

import io
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

COUPLES = int(os.environ.get("BENCH_COUPLES", "10000"))
THERAPISTS = int(os.environ.get("BENCH_THERAPISTS", "20"))
CHUNK = 250  # couples per bulk write: a few thousand rows per statement, bounded memory
ANSWERED = "Sam & Alex"  # the demo couple every page is measured on (the first therapist's)


def _pattern() -> dict[str, Any]:
    """The demo's Sam & Alex as plain values: both intakes, the check-ins' answers and totals, the drafted plan."""
    from django.utils.timezone import localdate

    from intake.models import Couple

    couple = Couple.objects.prefetch_related("partners").get(name=ANSWERED)
    version = couple.plan.latest()
    check_ins = []
    for check_in in couple.check_ins.order_by("opens_on"):
        responses = {r.partner.role: r for r in check_in.responses.select_related("partner")}
        check_ins.append(
            {
                "session_number": check_in.session_number,
                "days_ago": (localdate() - check_in.opens_on).days,
                "responses": {role: (r.answer_dict(), r.csi4_total) for role, r in responses.items()},
            }
        )
    return {
        "answers": {p.role: p.answer_dict() for p in couple.partners.all()},
        "version": (version.content, version.comparison_record),
        "check_ins": check_ins,
    }


def _write_couples(therapists: list[Any], first: int, count: int, pattern: dict[str, Any]) -> None:
    from django.db import transaction
    from django.utils import timezone

    from clinic.models import PlanVersion, SessionPlan
    from intake.checkins import CheckIn, CheckInAnswer, CheckInResponse
    from intake.crypto import seal
    from intake.models import Answer, Couple, Partner
    from intake.questionnaire import VERSION

    now = timezone.now()
    content, record = pattern["version"]
    with transaction.atomic():
        couples = Couple.objects.bulk_create(
            Couple(therapist=therapists[n % len(therapists)], name=f"Couple {n:05d}")
            for n in range(first, first + count)
        )
        partners = Partner.objects.bulk_create(
            Partner(
                couple=c,
                role=role,
                display_name=f"{role.upper()}{first + i}",
                started_at=now - timedelta(days=45),
                submitted_at=now - timedelta(days=42),
                last_activity_at=now - timedelta(days=42),
                questionnaire_version=VERSION,
                step_reached=99,
            )
            for i, c in enumerate(couples)
            for role in ("a", "b")
        )
        _insert(
            Answer,
            ("partner", "item_key", "value_int", "sealed", "updated_at"),
            (
                (p.pk, *_answer_fields(key, value), now)
                for p in partners
                for key, value in pattern["answers"][p.role].items()
            ),
        )
        plans = SessionPlan.objects.bulk_create(SessionPlan(couple=c) for c in couples)
        comparison = json.dumps(record) if record else ""
        PlanVersion.objects.bulk_create(
            PlanVersion.of(plan, 1, plan.couple.therapist, content, seal(comparison) if comparison else "")
            for plan in plans
        )
        by_couple: dict[Any, list[Partner]] = {}
        for p in partners:
            by_couple.setdefault(p.couple_id, []).append(p)
        check_ins = CheckIn.objects.bulk_create(
            CheckIn(
                couple=c,
                kind=CheckIn.Kind.SESSION,
                session_number=spec["session_number"],
                opens_on=(now - timedelta(days=spec["days_ago"])).date(),
                created_by=c.therapist,
            )
            for c in couples
            for spec in pattern["check_ins"]
        )
        specs = pattern["check_ins"] * len(couples)
        responses, answers = [], []
        for check_in, spec in zip(check_ins, specs, strict=True):
            for partner in by_couple[check_in.couple_id]:
                values, total = spec["responses"][partner.role]
                opened = now - timedelta(days=spec["days_ago"])
                responses.append(
                    CheckInResponse(
                        check_in=check_in,
                        partner=partner,
                        questionnaire_version=VERSION,
                        started_at=opened,
                        submitted_at=opened,
                        last_activity_at=opened,
                        csi4_total=total,
                    )
                )
                answers.append(values)
        responses = CheckInResponse.objects.bulk_create(responses)
        _insert(
            CheckInAnswer,
            ("response", "item_key", "value_int", "sealed", "updated_at"),
            (
                (r.pk, *_answer_fields(key, value), now)
                for r, values in zip(responses, answers, strict=True)
                for key, value in values.items()
            ),
        )


def _answer_fields(key: str, value: int | str) -> tuple[str, int | None, str]:
    """An answer's stored columns, sealed as `Answer.of` seals them (each value on its own)."""
    from intake.crypto import seal
    from intake.models import SEALED_KEYS

    if key in SEALED_KEYS:
        return key, None, seal(str(value))
    return key, int(value), ""


def _insert(model: Any, names: tuple[str, ...], rows: Any) -> None:
    """Plain INSERTs through the driver's executemany for the two big answer tables: the ORM's bulk_create spends
    most of a 10,000-couple seed building statements; the model's own fields adapt the values, so they are stored
    as the app stores them."""
    from django.db import connection

    fields = [model._meta.get_field(name) for name in names]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table, marks = connection.ops.quote_name(model._meta.db_table), ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  (names from the model, values bound)
    prepared = ([f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)] for row in rows)
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(prepared))


def data() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from clinic.management.commands.demo import demo_couples
    from clinic.plans.versions import draft_version
    from intake.models import Couple

    call_command("loadexercises", stdout=io.StringIO())
    users = get_user_model().objects
    # The first signs in by password too (tests/test_scaling.py); the others own their share of the couples.
    therapists = [users.create_user("bench", password="bench-password-not-secret")]
    therapists += [users.create_user(f"bench{n:02d}", password=None) for n in range(1, THERAPISTS)]
    demo = demo_couples(therapists[0])  # the demo's answers and check-ins (no demo login)
    draft_version(Couple.objects.prefetch_related("partners").get(name=ANSWERED), therapists[0])
    pattern = _pattern()
    total = COUPLES - len(demo)
    start = time.monotonic()
    for first in range(0, total, CHUNK):
        _write_couples(therapists, first, min(CHUNK, total - first), pattern)
    print(f"seeded {COUPLES} couples in {time.monotonic() - start:.0f} s", file=sys.stderr)


def sessions() -> None:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from clinic.accounts.timeouts import SEEN, STARTED
    from clinic.outcomes.checkins import open_check_in
    from intake.models import Couple, Invitation, Partner
    from intake.views import SEEN_KEY
    from intake.views import SESSION_KEY as INTAKE_KEY

    therapist = get_user_model().objects.get(username="bench")
    answered = Couple.objects.prefetch_related("partners").get(name=ANSWERED, therapist=therapist)
    walking = Couple.objects.create(therapist=therapist, name=f"Walker {time.time():.0f}")
    walker = Partner.objects.create(couple=walking, role="a", display_name="Walker")
    Partner.objects.create(couple=walking, role="b", display_name="Waiting")
    walker.consent()
    invitation, _token = Invitation.issue(walker, by=therapist)
    check_in = answered.check_ins.filter(session_number=40).first()  # open already in this database
    if check_in is None:
        check_in, _tokens = open_check_in(answered, therapist, session_number=40)
    check_in_link, _token = Invitation.issue(answered.partner_a, therapist, check_in=check_in)

    def session(values: dict[str, Any]) -> str:
        store = SessionStore()
        store.update(values)
        store.create()
        return str(store.session_key)

    therapist_values = {
        SESSION_KEY: str(therapist.pk),
        BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[-1],
        HASH_SESSION_KEY: therapist.get_session_auth_hash(),
        STARTED: time.time(),
        SEEN: time.time(),
    }
    print(
        json.dumps(
            {
                "therapist_cookie": session(therapist_values),
                "partner_cookie": session({INTAKE_KEY: invitation.pk, SEEN_KEY: time.time() + 3600}),
                "check_in_cookie": session({INTAKE_KEY: check_in_link.pk, SEEN_KEY: time.time() + 3600}),
                "answered": str(answered.pk),
                "version": answered.plan.latest().pk,
                "couples": Couple.objects.count(),
                "therapists": get_user_model().objects.count(),
                "shown": Couple.objects.filter(therapist=therapist).count(),
            }
        )
    )


def versions(count: int) -> None:
    """`count` new versions of the answered couple's plan, as edits save them: each queues its two PDFs."""
    from clinic.plans.versions import save_version
    from intake.models import Couple

    couple = Couple.objects.get(name=ANSWERED, therapist__username="bench")
    for _ in range(count):
        latest = couple.plan.latest()
        save_version(couple, latest.content, couple.therapist, latest.number)


if __name__ == "__main__":
    import django

    django.setup()
    step = sys.argv[1] if len(sys.argv) > 1 else ""
    if step == "versions":
        versions(int(sys.argv[2]))
    else:  # both by default: a small seed made and used at once (tests/test_scaling.py)
        for wanted in [step] if step else ["data", "sessions"]:
            {"data": data, "sessions": sessions}[wanted]()
