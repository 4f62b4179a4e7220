"""Therapists create couples, see only their own, and the dashboard stays cheap."""

from typing import Any

import pytest
from django.test import Client

from intake.models import Couple, Invitation
from tests.factories import make_couple


def test_creating_a_couple_makes_two_partners_with_live_links(therapist_client: Client, therapist: Any) -> None:
    response = therapist_client.post(
        "/couples/new/",
        {
            "name": "",
            "partner_a_name": "Sam",
            "partner_a_email": "sam@example.org",
            "partner_b_name": "Alex",
            "partner_a_pronouns": "he",
            "partner_b_pronouns": "she",
        },
    )
    couple = Couple.objects.get(therapist=therapist)
    assert response.status_code == 302
    assert response["Location"] == f"/couples/{couple.pk}/"
    assert couple.name == "Sam & Alex"
    assert [(p.role, p.display_name, p.email) for p in couple.partners.all()] == [
        ("a", "Sam", "sam@example.org"),
        ("b", "Alex", ""),
    ]
    assert Invitation.objects.live().filter(partner__couple=couple).count() == 2


def test_new_links_are_shown_once_on_the_couple_page(therapist_client: Client, therapist: Any) -> None:
    therapist_client.post(
        "/couples/new/",
        {"partner_a_name": "Sam", "partner_b_name": "Alex", "partner_a_pronouns": "he", "partner_b_pronouns": "she"},
    )
    couple = Couple.objects.get(therapist=therapist)
    first = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert first.count("http://testserver/i/") == 2
    again = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert "http://testserver/i/" not in again


def test_couple_ids_are_not_sequential(therapist_client: Client, therapist: Any) -> None:
    first, second = make_couple(therapist), make_couple(therapist, "Kim", "Lee")
    assert len(str(first.pk)) == 36 and first.pk != second.pk


@pytest.mark.parametrize(
    "data, field",
    [
        ({"partner_a_name": "", "partner_b_name": "Alex"}, "partner_a_name"),
        ({"partner_a_name": "Sam", "partner_b_name": "sam"}, "partner_b_name"),
        ({"partner_a_name": "Sam", "partner_b_name": "Alex", "partner_a_email": "not-an-email"}, "partner_a_email"),
        ({"partner_a_name": "S" * 61, "partner_b_name": "Alex"}, "partner_a_name"),
    ],
)
def test_bad_input_shows_an_error_and_creates_nothing(
    therapist_client: Client, data: dict[str, str], field: str
) -> None:
    response = therapist_client.post("/couples/new/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert not Couple.objects.exists()


def test_dashboard_lists_only_my_couples(therapist_client: Client, therapist: Any, other_therapist: Any) -> None:
    make_couple(therapist, "Sam", "Alex")
    make_couple(other_therapist, "Kim", "Lee")
    html = therapist_client.get("/couples/").content.decode()
    assert "Sam &amp; Alex" in html
    assert "Kim" not in html


def test_dashboard_shows_intake_status(therapist_client: Client, couple: Couple) -> None:
    from django.utils import timezone

    couple.partners.filter(role="a").update(started_at=timezone.now(), last_activity_at=timezone.now())
    html = therapist_client.get("/couples/").content.decode()
    assert "Started" in html and "Invited" in html


@pytest.mark.parametrize("count", [1, 50])
def test_dashboard_query_count_does_not_grow_with_couples(
    therapist_client: Client, therapist: Any, django_assert_max_num_queries: Any, count: int
) -> None:
    for i in range(count):
        make_couple(therapist, f"A{i}", f"B{i}")
    therapist_client.get("/couples/")  # the session's first page notes whether a two-factor device exists
    # Seven for the couples, four for the outcome columns (latest CSI-4, check-ins waiting: clinic.outcomes).
    with django_assert_max_num_queries(11):
        response = therapist_client.get("/couples/")
    assert response.status_code == 200


def test_dashboard_is_paginated(therapist_client: Client, therapist: Any, settings: Any) -> None:
    settings.ATTUNE_COUPLES_PER_PAGE = 2
    for i in range(5):
        make_couple(therapist, f"A{i}", f"B{i}")
    page = therapist_client.get("/couples/?page=3").context["page"]
    assert (page.number, len(page.object_list), page.paginator.num_pages) == (3, 1, 3)
    assert therapist_client.get("/couples/?page=banana").status_code == 200


def test_revoke_then_reissue(therapist_client: Client, couple: Couple) -> None:
    partner = couple.partner_a
    Invitation.issue(partner, by=couple.therapist)
    therapist_client.post(f"/couples/{couple.pk}/partners/{partner.pk}/revoke/")
    assert not partner.invitations.live().exists()
    therapist_client.post(f"/couples/{couple.pk}/partners/{partner.pk}/link/")
    assert partner.invitations.live().count() == 1
    html = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert html.count("http://testserver/i/") == 1
