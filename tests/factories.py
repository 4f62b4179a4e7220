"""A tiny hand-written factory for the test suite."""

from collections.abc import Mapping
from functools import lru_cache
from io import StringIO
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.test import override_settings

from intake.models import Couple, Invitation, Partner

PASSWORD = "correct horse battery staple"


@lru_cache(maxsize=1)
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once, not for every persona.
    return make_password(PASSWORD)


def make_therapist(username: str) -> Any:
    user = get_user_model()(username=username, password=_password_hash())
    user.save()
    return user


def make_couple(therapist: Any, a: str = "Sam", b: str = "Alex", name: str | None = None) -> Couple:
    couple = Couple.objects.create(therapist=therapist, name=name or f"{a} & {b}")
    Partner.objects.create(couple=couple, role=Partner.Role.A, display_name=a)
    Partner.objects.create(couple=couple, role=Partner.Role.B, display_name=b)
    return couple


def issue_link(partner: Partner) -> str:
    """The raw token of a fresh link for `partner`."""
    _invitation, token = Invitation.issue(partner, by=partner.couple.therapist)
    return token


def make_exercise(
    key: str,
    approach: str = "gottman",
    targets: tuple[str, ...] = ("P3",),
    joint: bool = True,
    paused: bool = True,
    homework: str = "Practise at home.",
) -> Any:
    from clinic.models import Exercise

    return Exercise.objects.create(
        key=key,
        name=key.replace("-", " ").title(),
        approach=approach,
        stage="Stage",
        purpose="Purpose.",
        targets=list(targets),
        steps="1. Step.",
        homework=homework,
        handout_summary=f"About {key}.",
        duration_minutes=30,
        contraindications="",
        joint=joint,
        paused_by_safety=paused,
        source="A source (2015).",
    )


def make_library() -> None:
    """A small library covering every area, with the individual options the recommender reaches for."""
    make_exercise("gottman-love-maps", targets=("P2", "P3", "P6", "O6"))
    make_exercise("gottman-turning-toward-bids", targets=("P7", "P2", "P4", "bids"))
    make_exercise("gottman-rituals-of-connection", targets=("P5", "P7", "rituals"))
    make_exercise("gottman-state-of-the-union", targets=("P2", "O8", "rituals"))
    make_exercise("eft-de-escalation-cycle", approach="eft", targets=("P8", "P1", "O8"))
    make_exercise("eft-access-attachment-emotions", approach="eft", targets=("O1", "O2", "O3", "O4", "O5", "P4"))
    make_exercise("eft-consolidation", approach="eft", targets=("P2", "O8"))
    for key, targets in (
        ("individual-safety-assessment", ("safety",)),
        ("individual-safety-planning", ("safety",)),
        ("individual-therapy-referral", ("context", "safety")),
        ("individual-discernment-counselling", ("stance", "readiness")),
    ):
        make_exercise(key, approach="individual", targets=targets, joint=False, paused=False, homework="")


def submit_intake(partner: Partner, pick: int = 0, words: str = "", safety: dict[str, int] | None = None) -> None:
    """Consent, answer every item (choice number `pick` of each scale, nothing endorsed on the safety
    step unless `safety` says so, `words` as free text) and submit, straight through the model."""
    from intake.questionnaire import QUESTIONNAIRE, Kind

    answers: dict[str, int | str] = {}
    for item in QUESTIONNAIRE.items:
        if item.kind == Kind.TEXT:
            if words:
                answers[item.key] = words
        elif item.safety:
            answers[item.key] = (safety or {}).get(item.key, 0)
        else:
            answers[item.key] = item.choices[pick % len(item.choices)].value
    partner.consent()
    assert partner.save_answers(dict(answers), step_done=QUESTIONNAIRE.step_count)
    assert partner.submit()


def submitted_couple(
    therapist: Any,
    answers_a: Mapping[str, int | str],
    answers_b: Mapping[str, int | str],
    names: tuple[str, str] = ("Sam", "Alex"),
    pronouns: tuple[str, str] = ("he", "she"),
) -> Couple:
    """A couple whose two intakes hold these answers and are submitted, as the intake pages would leave them."""
    couple = Couple.objects.create(therapist=therapist, name=f"{names[0]} & {names[1]}")
    for role, name, chosen, answers in zip(Partner.Role, names, pronouns, (answers_a, answers_b), strict=True):
        partner = Partner.objects.create(couple=couple, role=role, display_name=name, pronouns=chosen)
        partner.consent()
        partner.save_answers(dict(answers), step_done=partner.questionnaire.step_count)
        partner.submit()
    return Couple.objects.prefetch_related("partners").get(pk=couple.pk)


def confirmed_device(user: Any) -> Any:
    """A confirmed TOTP device (an authenticator app) for `user`."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device: Any) -> str:
    """The device's code for now, usable even if a test already used this time step's code."""
    from django_otp.oath import totp

    type(device).objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def verified_client(user: Any, device: Any = None) -> Any:
    """A browser signed in as `user` and verified with a code from `device` (made if not given)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    device = device or confirmed_device(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def demo_couples() -> dict[str, Couple]:
    """The exercise library and `manage.py demo`'s couples, by name, as a developer gets them."""
    call_command("loadexercises", stdout=StringIO())
    with override_settings(DEBUG=True):  # the demo runs only in development
        call_command("demo", stdout=StringIO())
    return {couple.name: couple for couple in Couple.objects.prefetch_related("partners")}
