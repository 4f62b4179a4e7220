"""Who may open which therapist page: anonymous → login, another therapist → 404, owner → allowed."""

from typing import Any

import pytest
from django.test import Client

from intake.models import Couple, Invitation


def _urls(couple: Couple) -> list[tuple[str, str]]:
    a = couple.partner_a
    return [
        ("get", f"/couples/{couple.pk}/"),
        ("post", f"/couples/{couple.pk}/partners/{a.pk}/link/"),
        ("post", f"/couples/{couple.pk}/partners/{a.pk}/revoke/"),
    ]


@pytest.mark.parametrize("path", ["/couples/", "/couples/new/"])
def test_anonymous_is_sent_to_login_for_lists(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_anonymous_is_sent_to_login_for_couple_pages(client: Client, couple: Couple) -> None:
    for method, path in _urls(couple):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path


def test_other_therapist_gets_404(other_client: Client, couple: Couple) -> None:
    before = couple.partner_a.invitations.count()
    for method, path in _urls(couple):
        assert getattr(other_client, method)(path).status_code == 404, path
    assert couple.partner_a.invitations.count() == before


def test_owner_is_allowed(therapist_client: Client, couple: Couple) -> None:
    for method, path in _urls(couple):
        response = getattr(therapist_client, method)(path)
        assert response.status_code in (200, 302), path
        if response.status_code == 302:
            assert response["Location"] == f"/couples/{couple.pk}/"


def test_partner_of_another_couple_gets_404(therapist_client: Client, therapist: Any, couple: Couple) -> None:
    from tests.factories import make_couple

    other_couple = make_couple(therapist, "Kim", "Lee")
    path = f"/couples/{couple.pk}/partners/{other_couple.partner_a.pk}/link/"
    assert therapist_client.post(path).status_code == 404


def test_unknown_couple_id_is_404_not_500(therapist_client: Client) -> None:
    assert therapist_client.get("/couples/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert therapist_client.get("/couples/12/").status_code == 404


def test_link_actions_ask_first_and_a_get_changes_nothing(therapist_client: Client, couple: Couple) -> None:
    Invitation.issue(couple.partner_a, by=couple.therapist)
    before = list(Invitation.objects.values_list("pk", "revoked_at"))
    for action in ("link", "revoke"):
        path = f"/couples/{couple.pk}/partners/{couple.partner_a.pk}/{action}/"
        assert therapist_client.get(path).status_code == 200
        assert therapist_client.put(path).status_code == 405
    assert list(Invitation.objects.values_list("pk", "revoked_at")) == before
