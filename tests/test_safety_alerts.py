"""Safety alerts: seen by the therapist the moment a step is saved, never by the other partner."""

import re
from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog
from clinic.outcomes.latest import store_for
from intake.models import Partner, SafetyAlert
from intake.questionnaire import DECLINE_VALUE, QUESTIONNAIRE, SafetyTier
from tests.conftest import partner_client
from tests.factories import make_couple
from tests.intake_steps import consent, step_data

SAFETY = QUESTIONNAIRE.section("safety")
SAFETY_STEP = [s.key for s in QUESTIONNAIRE.sections].index("safety") + 1
SAFETY_ITEMS = [item for item in SAFETY.items if item.safety]
MARKS = {SafetyTier.A: "tier A", SafetyTier.B: "tier B", SafetyTier.SELF_HARM: "self-harm"}

# Every tier A, tier B and self-harm item answered "yes", and each answered "I'd rather tell you in person".
ENDORSEMENTS = [(item.key, "1", item.tier) for item in SAFETY_ITEMS] + [
    (item.key, str(DECLINE_VALUE), SafetyTier.B) for item in SAFETY_ITEMS
]


def save_safety_step(client: Client, action: str = "save", **answers: str) -> Any:
    return client.post(f"/i/step/{SAFETY_STEP}/", {**step_data(SAFETY, action=action), **answers})


def _strip(html: str) -> str:
    """The page without its CSRF token and the seconds its session has left (the idle warning's), which differ
    from one request to the next whatever was answered."""
    html = re.sub(r'data-remaining="\d+"', 'data-remaining=""', html)
    return "\n".join(line for line in html.splitlines() if "csrfmiddlewaretoken" not in line)


def partner_b_pages(client_b: Client) -> list[tuple[int, str, str]]:
    """What partner B can see, from every page of the intake, with the CSRF token left out."""
    paths = ["/i/", "/i/review/", "/i/support/"] + [f"/i/step/{n}/" for n in range(1, QUESTIONNAIRE.step_count + 1)]
    pages = []
    for path in paths:
        response = client_b.get(path)
        pages.append((response.status_code, response.get("Location", ""), _strip(response.content.decode())))
    return pages


@pytest.mark.parametrize("key, value, tier", ENDORSEMENTS)
def test_every_endorsement_alerts_the_therapist_before_submission_and_b_sees_nothing(
    therapist_client: Client, client_a: Client, client_b: Client, partner_a: Partner, key: str, value: str, tier: Any
) -> None:
    consent(client_a)
    consent(client_b)
    before = partner_b_pages(client_b)
    assert save_safety_step(client_a, **{key: value}).status_code == 303
    partner_a.refresh_from_db()
    assert partner_a.submitted_at is None
    [alert] = SafetyAlert.objects.filter(partner=partner_a)
    assert (alert.tier, alert.item_key, alert.value) == (tier.value, key, int(value))
    dashboard = therapist_client.get("/couples/").content.decode()
    assert f"Safety alert: {MARKS[tier]} (Sam)" in dashboard
    couple_page = therapist_client.get(f"/couples/{partner_a.couple_id}/").content.decode()
    assert f"Safety alert: {MARKS[tier]} — <bdi>Sam</bdi>" in couple_page
    assert QUESTIONNAIRE.item(key).text.replace("'", "&#x27;") in couple_page
    expected = "would rather tell you in person" if value == str(DECLINE_VALUE) else "answered yes"
    assert expected in couple_page
    assert partner_b_pages(client_b) == before


def test_no_endorsement_raises_no_alert(therapist_client: Client, client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    save_safety_step(client_a)
    assert not SafetyAlert.objects.exists()
    assert "Safety alert" not in therapist_client.get("/couples/").content.decode()
    assert "Safety alert" not in therapist_client.get(f"/couples/{partner_a.couple_id}/").content.decode()


def test_saving_the_same_answer_again_raises_no_second_alert(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    save_safety_step(client_a, safety_afraid="1")
    save_safety_step(client_a, safety_afraid="1")
    assert SafetyAlert.objects.filter(partner=partner_a).count() == 1


def test_changing_yes_to_no_keeps_the_alert_for_the_therapist(
    therapist_client: Client, client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    save_safety_step(client_a, safety_strangled="1")
    save_safety_step(client_a, safety_strangled="0")
    [alert] = SafetyAlert.objects.filter(partner=partner_a)
    assert alert.withdrawn_at is not None and alert.followed_up_at is None
    assert partner_a.answer_dict()["safety_strangled"] == 0
    page = therapist_client.get(f"/couples/{partner_a.couple_id}/").content.decode()
    assert "Safety alert: tier A — <bdi>Sam</bdi>" in page
    assert "changed to another answer on" in page and "pressured" in page
    assert "Safety alert: tier A (Sam)" in therapist_client.get("/couples/").content.decode()


def test_yes_again_after_a_change_raises_a_new_alert(client_a: Client, partner_a: Partner) -> None:
    consent(client_a)
    save_safety_step(client_a, safety_hurt="1")
    save_safety_step(client_a, safety_hurt="0")
    save_safety_step(client_a, safety_hurt=str(DECLINE_VALUE))
    alerts = list(SafetyAlert.objects.filter(partner=partner_a))
    assert [(a.tier, a.value, a.withdrawn_at is None) for a in alerts] == [("a", 1, False), ("b", DECLINE_VALUE, True)]


def test_recording_the_follow_up_keeps_who_and_when(
    therapist: Any, therapist_client: Client, client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    save_safety_step(client_a, safety_afraid="1", safety_selfharm="1")
    url = f"/couples/{partner_a.couple_id}/partners/{partner_a.pk}/followed-up/"
    response = therapist_client.post(url, follow=True)
    page = response.content.decode()
    assert "Follow-up with Sam recorded." in page
    assert "Safety alert" not in page
    assert page.count("Followed up by therapist on") == 2
    alerts = SafetyAlert.objects.filter(partner=partner_a)
    assert all(a.followed_up_by == therapist and a.followed_up_at is not None for a in alerts)
    assert "Safety alert" not in therapist_client.get("/couples/").content.decode()
    assert AccessLog.objects.filter(action="followed_up").count() == 1
    again = therapist_client.post(url, follow=True).content.decode()
    assert "There was no open alert for Sam to follow up." in again
    # The second press is logged too, as what it was: nothing was open.
    assert [e.detail for e in AccessLog.objects.filter(action="followed_up")] == [
        "partner a: no open alert",
        "partner a",
    ]


def test_follow_up_access_matrix(
    client: Client, other_client: Client, therapist_client: Client, client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    save_safety_step(client_a, safety_afraid="1")
    url = f"/couples/{partner_a.couple_id}/partners/{partner_a.pk}/followed-up/"
    assert client.post(url).status_code == 302 and "/accounts/login/" in client.post(url)["Location"]
    assert client_a.post(url).status_code == 302  # a partner's session is no therapist's
    assert other_client.post(url).status_code == 404
    assert therapist_client.get(url).status_code == 405
    assert SafetyAlert.objects.open().count() == 1
    assert therapist_client.post(url).status_code == 302
    assert SafetyAlert.objects.open().count() == 0


def test_dashboard_puts_self_harm_and_tier_a_first_then_tier_b(therapist: Any, therapist_client: Client) -> None:
    urgent = make_couple(therapist, "Ana", "Ben", name="Urgent couple")
    check_in = make_couple(therapist, "Cai", "Dee", name="Check-in couple")
    make_couple(therapist, "Eli", "Fay", name="Quiet couple")  # newest: first without alerts
    for partner, answers in (
        (urgent.partner_b, {"safety_sexual": "1"}),
        (check_in.partner_a, {"safety_insulted": "1"}),
    ):
        client = partner_client(partner)
        consent(client)
        save_safety_step(client, **answers)
    html = therapist_client.get("/couples/").content.decode()
    order = [html.index(name) for name in ("Urgent couple", "Check-in couple", "Quiet couple")]
    assert order == sorted(order)
    assert html.count("couple-row urgent-couple") == 2
    assert "Safety alert: tier A (Ben)" in html and "Safety alert: tier B (Cai)" in html


def test_a_search_and_its_pages_put_the_urgent_couple_first_and_only_the_therapists_own(
    therapist: Any, therapist_client: Client, other_therapist: Any, settings: Any
) -> None:
    settings.ATTUNE_COUPLES_PER_PAGE = 2
    urgent = make_couple(therapist, "Kim", "Ben", name="Oldest couple")  # oldest: last without its alert
    for n in range(3):
        make_couple(therapist, f"Kim{n}", "Lee", name=f"Couple {n}")
    elsewhere = make_couple(other_therapist, "Kim", "Ola", name="Not yours")
    for partner in (urgent.partner_b, elsewhere.partner_b):
        client = partner_client(partner)
        consent(client)
        save_safety_step(client, safety_sexual="1")
    first = therapist_client.get("/couples/", {"q": "Kim"}).content.decode()
    assert "4 couples match “Kim”." in first and "Page 1 of 2" in first
    assert first.index("Oldest couple") < first.index("Couple 2")  # urgent first, then the newest
    assert first.count("couple-row urgent-couple") == 1 and "Safety alert: tier A (Ben)" in first
    second = therapist_client.get("/couples/", {"q": "Kim", "page": "2"}).content.decode()
    assert second.index("Couple 1") < second.index("Couple 0") and "Oldest couple" not in second
    assert "Not yours" not in first + second and "urgent-couple" not in second


def test_dashboard_query_count_stays_fixed_with_alerts(
    therapist: Any, therapist_client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(4):
        couple = make_couple(therapist, f"A{n}", f"B{n}", name=f"Couple {n}")
        store_for([couple.pk])  # its outcome figures, as the new-couple page gives them (clinic.outcomes.latest)
        client = partner_client(couple.partner_a)
        consent(client)
        save_safety_step(client, safety_afraid="1")
    with django_assert_max_num_queries(16):  # twelve, and four for the outcome columns (clinic.outcomes)
        assert therapist_client.get("/couples/").status_code == 200


def test_couple_page_with_an_alert_is_logged_as_a_safety_view(
    therapist_client: Client, client_a: Client, partner_a: Partner
) -> None:
    consent(client_a)
    save_safety_step(client_a, safety_unsafe_joint="1")
    therapist_client.get(f"/couples/{partner_a.couple_id}/")
    logged = set(AccessLog.objects.filter(partner_role="").values_list("action", "detail"))
    assert logged == {("view_couple", ""), ("view_safety", "couple page")}
