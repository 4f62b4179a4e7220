"""Every URL pattern, walked with every persona: the guarantees hold per page, not per view.

The patterns come from the URLconf itself, so a new view is walked the day it is added: a therapist
page must send anonymous visitors and partners to sign-in, answer 404 for another therapist's
couple, send `Cache-Control: no-store` and leave an access-log entry for every couple it shows; a
partner page must answer the invalid-link page without a partner session and `no-store` with one.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from clinic import urls
from clinic.models import AccessLog
from clinic.outcomes.checkins import open_check_in
from intake.models import Couple, Invitation, Partner
from tests.conftest import partner_client
from tests.factories import make_couple, make_library, submit_intake, verified_client
from tests.intake_steps import consent

# Pages anyone may open: they show no client data. Adding one here is a decision, not a formality.
PUBLIC = {
    "healthz",
    "readyz",  # readiness for the load balancer: the database and the key canary, no client data
    "favicon",  # the icon, for browsers that ask /favicon.ico
    "index",
    "login",
    "logout",
    "two_factor_verify",  # signed in but not yet verified: guarded by login_required, shows no couple
    "two_factor_setup",
    "intake:enter",  # the private link itself: exchanged for a session, covered by tests/test_invitations.py
    "intake:leave",  # the quick exit: ends the session and leaves
    "stop_reminders",  # one click from a reminder, no sign-in; shows nothing about anyone (tests/test_stop_reminders.py)
}
CANARY = "WALK-CANARY-partner-b-words"


def url_patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    """(qualified name, pattern) of every view in the URLconf; the admin keeps its own guard."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from url_patterns(entry.url_patterns, f"{entry.namespace}:" if entry.namespace else namespace)
        else:
            yield f"{namespace}{entry.name}", entry


ALL = sorted(url_patterns(urls.urlpatterns), key=lambda found: found[0])
THERAPIST = [name for name, _pattern in ALL if name not in PUBLIC and not name.startswith("intake:")]
PARTNER = [name for name, _pattern in ALL if name not in PUBLIC and name.startswith("intake:")]


def url_for(name: str, values: dict[str, Any]) -> str:
    pattern = dict(ALL)[name]
    wanted = list(pattern.pattern.regex.groupindex)
    missing = [param for param in wanted if param not in values]
    assert not missing, f"{name}: teach this walk a value for {missing}"
    return reverse(name, kwargs={param: values[param] for param in wanted})


def visit(client: Client, url: str) -> Any:
    """GET the page; a POST-only action is posted (empty: what a bare button sends)."""
    response = client.get(url)
    return client.post(url) if response.status_code == 405 else response


@pytest.fixture
def walked(therapist: Any) -> dict[str, Any]:
    """A couple with both intakes submitted and a drafted plan, and another with partner A half-way."""
    make_library()
    planned = make_couple(therapist, "Sam", "Alex")
    submit_intake(planned.partner_a, pick=4)
    submit_intake(planned.partner_b, pick=0, words=CANARY)
    owner = Client()
    owner.force_login(therapist)
    assert owner.post(f"/couples/{planned.pk}/plan/", {"action": "draft"}).status_code == 302
    midway = make_couple(therapist, "Kim", "Lee")
    submit_intake(midway.partner_b, words=CANARY)
    # A check-in each couple: the planned couple's for the check-in pages, the midway one for a partner's link.
    check_in, _tokens = open_check_in(planned, therapist)
    open_check_in(midway, therapist)
    return {"planned": planned, "midway": midway, "owner": owner, "check_in": check_in}


def test_the_walk_covers_every_page() -> None:
    assert len(THERAPIST) >= 14 and len(PARTNER) >= 6
    assert set(THERAPIST) | set(PARTNER) | PUBLIC == {name for name, _pattern in ALL}


@pytest.mark.parametrize("name", THERAPIST)
def test_therapist_page_guards(name: str, walked: dict[str, Any], other_client: Client, client: Client) -> None:
    couple: Couple = walked["planned"]
    url = url_for(
        name, {"couple_id": couple.pk, "partner_id": couple.partner_a.pk, "check_in_id": walked["check_in"].pk}
    )
    for outsider in (client, partner_client(walked["midway"].partner_a)):
        for response in (outsider.get(url), outsider.post(url)):
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), name
            assert "no-store" in response["Cache-Control"], name
    other = visit(other_client, url)
    if "couple_id" in dict(ALL)[name].pattern.regex.groupindex:
        assert other.status_code == 404, name
    assert couple.name.encode() not in other.content, name


@pytest.mark.parametrize("name", THERAPIST)
def test_therapist_page_is_no_store_and_logged(name: str, walked: dict[str, Any], therapist: Any) -> None:
    couple: Couple = walked["planned"]
    url = url_for(
        name, {"couple_id": couple.pk, "partner_id": couple.partner_a.pk, "check_in_id": walked["check_in"].pk}
    )
    before = AccessLog.objects.filter(couple_id=couple.pk, user=therapist).count()
    response = visit(walked["owner"], url)
    assert response.status_code < 400, name
    assert "no-store" in response["Cache-Control"], name
    shown = couple.name.encode() in response.content or "couple_id" in dict(ALL)[name].pattern.regex.groupindex
    if shown:
        assert AccessLog.objects.filter(couple_id=couple.pk, user=therapist).count() > before, name


@pytest.mark.parametrize("name", PARTNER)
def test_partner_page_guards(name: str, walked: dict[str, Any], client: Client, therapist_client: Client) -> None:
    url = url_for(name, {"number": 1})
    for outsider in (client, therapist_client):
        response = outsider.get(url)
        assert response.status_code == 404 and b"open the link from your therapist" in response.content, name
        assert "no-store" in response["Cache-Control"], name


@pytest.mark.parametrize("name", PARTNER)
@pytest.mark.parametrize("state", ["started", "submitted", "check-in"])
def test_partner_page_is_no_store_and_private(name: str, state: str, walked: dict[str, Any]) -> None:
    partner: Partner = walked["midway"].partner_a
    if state == "submitted":
        submit_intake(partner)
        browser = partner_client(partner)
    elif state == "check-in":
        check_in = walked["midway"].check_ins.get()
        browser = Client()
        assert browser.get(f"/i/{Invitation.issue(partner, None, check_in=check_in)[1]}/").status_code == 303
    else:
        browser = partner_client(partner)
        consent(browser)
    response = browser.get(url_for(name, {"number": 1}))
    assert response.status_code < 400, name
    assert "no-store" in response["Cache-Control"], name
    assert CANARY.encode() not in response.content, name


def test_the_admin_keeps_its_own_no_store(db: None) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("practice-admin", password="x" * 12)
    browser = verified_client(admin)  # the admin opens only after a two-step code
    for path in ("/admin/", "/admin/clinic/accesslog/", "/admin/clinic/exercise/"):
        response = browser.get(path)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], path


@pytest.mark.parametrize("name", THERAPIST)
def test_every_therapist_page_speaks_the_therapists_language(name: str, walked: dict[str, Any], therapist: Any) -> None:
    """Whatever the browser asks for and whatever the practice's language, a therapist reads their own."""
    from clinic.models import TherapistProfile

    TherapistProfile.objects.update_or_create(user=therapist, defaults={"language": "ar"})
    couple: Couple = walked["planned"]
    url = url_for(
        name, {"couple_id": couple.pk, "partner_id": couple.partner_a.pk, "check_in_id": walked["check_in"].pk}
    )
    reader = Client(headers={"accept-language": "en"})
    reader.force_login(therapist)
    response = visit(reader, url)
    assert response["Content-Language"] == "ar", name
    if response["Content-Type"].startswith("text/html") and response.status_code == 200:
        assert b'<html lang="ar" dir="rtl">' in response.content, name


@pytest.mark.parametrize("name", PARTNER)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_partner_page_speaks_the_partners_language(
    name: str, language: str, walked: dict[str, Any], settings: Any
) -> None:
    settings.ATTUNE_LANGUAGE = "en" if language == "ar" else "ar"  # never the practice's, nor the browser's
    partner: Partner = walked["midway"].partner_a
    Partner.objects.filter(pk=partner.pk).update(language=language)
    browser = partner_client(partner)
    consent(browser)
    response = browser.get(url_for(name, {"number": 1}), headers={"accept-language": settings.ATTUNE_LANGUAGE})
    if response.status_code in (301, 302, 303):
        response = browser.get(response["Location"])
    assert response["Content-Language"] == language, name


@pytest.mark.parametrize("name", sorted(PUBLIC - {"intake:leave", "favicon"}))
def test_pages_before_anyone_is_known_speak_the_practices_language(name: str, db: None, settings: Any) -> None:
    settings.ATTUNE_LANGUAGE = "ar"
    response = Client(headers={"accept-language": "en"}).get(url_for(name, {"token": "x" * 43}))
    assert response["Content-Language"] == "ar", name
