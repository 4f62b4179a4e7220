"""Check-ins on the therapist's side: opened from the couple page with a private link per partner shown once,
re-issued or closed without touching the intake link, refused clearly on bad input, and only for the owner."""

from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog
from intake.checkins import CheckIn
from intake.models import Couple, Invitation, Partner
from tests.check_in_steps import check_in_client
from tests.conftest import partner_client
from tests.factories import issue_link


def _open(client: Client, couple: Couple, **data: str) -> Any:
    return client.post(f"/couples/{couple.pk}/check-ins/", {"action": "open", **data})


def test_opening_a_check_in_shows_each_partner_link_once(therapist_client: Client, couple: Couple) -> None:
    response = _open(therapist_client, couple, session="3")
    assert response.status_code == 302 and response["Location"] == f"/couples/{couple.pk}/#check-ins"
    check_in = couple.check_ins.get()
    assert (check_in.kind, check_in.session_number) == ("session", 3)
    page = therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert "Check-in before session 3" in page and page.count("/i/") >= 2
    assert 'id="checkin-link-' in page
    assert 'id="checkin-link-' not in therapist_client.get(f"/couples/{couple.pk}/").content.decode()
    assert Invitation.objects.filter(check_in=check_in).live().count() == 2
    logged = AccessLog.objects.filter(couple_id=couple.pk, action="open_check_in").values_list("detail", flat=True)
    assert list(logged) == ["check-in before session 3"]


def test_the_couple_page_offers_the_next_session(therapist_client: Client, couple: Couple) -> None:
    assert therapist_client.get(f"/couples/{couple.pk}/").context["open_form"].initial == {"session": 2}
    _open(therapist_client, couple, session="4")
    assert therapist_client.get(f"/couples/{couple.pk}/").context["open_form"].initial == {"session": 5}


@pytest.mark.parametrize(
    ("session", "message"),
    [
        ("", "Give the number of the session this check-in comes before."),
        ("four", "Give the session as a whole number, for example 4."),
        ("1", "Check-ins start before session 2: the intake comes before the first."),
        ("999", "Give a session number up to 60."),
    ],
)
def test_bad_input_is_refused_next_to_the_field(
    therapist_client: Client, couple: Couple, session: str, message: str
) -> None:
    page = _open(therapist_client, couple, session=session)
    assert page.status_code == 200 and message in page.content.decode()
    assert 'aria-invalid="true"' in page.content.decode()
    assert not CheckIn.objects.exists()


def test_a_second_check_in_for_the_same_session_is_refused(therapist_client: Client, couple: Couple) -> None:
    _open(therapist_client, couple, session="3")
    page = _open(therapist_client, couple, session="3")
    assert "There is already a check-in before session 3." in page.content.decode()
    assert CheckIn.objects.count() == 1


def test_a_check_in_link_never_ends_the_intake_link_nor_the_reverse(
    therapist_client: Client, couple: Couple, partner_a: Partner
) -> None:
    intake = partner_client(partner_a)
    _open(therapist_client, couple, session="2")
    check_in = couple.check_ins.get()
    checking = check_in_client(partner_a, check_in)  # a second check-in link: the first one stops
    assert intake.get("/i/", follow=True).status_code == 200
    issue_link(partner_a)  # a new intake link: the check-in link goes on working
    assert checking.get("/i/check-in/").status_code == 200
    therapist_client.post(f"/couples/{couple.pk}/partners/{partner_a.pk}/revoke/")
    assert checking.get("/i/check-in/").status_code == 200
    assert Invitation.objects.filter(partner=partner_a, check_in=check_in).live().count() == 1


def test_a_new_check_in_link_replaces_only_that_partners_link(
    therapist_client: Client, couple: Couple, partner_a: Partner, partner_b: Partner
) -> None:
    _open(therapist_client, couple, session="2")
    check_in = couple.check_ins.get()
    old_a, old_b = check_in_client(partner_a, check_in), check_in_client(partner_b, check_in)
    response = therapist_client.post(f"/couples/{couple.pk}/check-ins/{check_in.pk}/partners/{partner_a.pk}/link/")
    assert response.status_code == 302
    assert old_a.get("/i/check-in/").status_code == 404 and old_b.get("/i/check-in/").status_code == 200
    assert "Check-in link for <bdi>Sam</bdi>" in therapist_client.get(f"/couples/{couple.pk}/").content.decode()


def test_closing_a_check_in_ends_its_links(therapist_client: Client, couple: Couple, partner_a: Partner) -> None:
    _open(therapist_client, couple, session="2")
    check_in = couple.check_ins.get()
    browser = check_in_client(partner_a, check_in)
    assert therapist_client.post(f"/couples/{couple.pk}/check-ins/{check_in.pk}/close/").status_code == 302
    assert browser.get("/i/check-in/").status_code == 404
    page = therapist_client.get(f"/couples/{couple.pk}/check-ins/").content.decode()
    assert "Closed" in page


def test_other_therapists_and_partners_reach_nothing(
    other_client: Client, client: Client, couple: Couple, partner_a: Partner
) -> None:
    check_in = CheckIn.objects.create(couple=couple, kind="session", session_number=2, opens_on="2026-01-01")
    urls = [
        f"/couples/{couple.pk}/check-ins/",
        f"/couples/{couple.pk}/check-ins/{check_in.pk}/close/",
        f"/couples/{couple.pk}/check-ins/{check_in.pk}/partners/{partner_a.pk}/link/",
        f"/couples/{couple.pk}/progress/",
        f"/couples/{couple.pk}/progress.pdf",
    ]
    for url in urls:
        assert other_client.post(url).status_code in (404, 405), url
        assert client.get(url).status_code == 302, url
        assert partner_client(partner_a).post(url)["Location"].startswith("/accounts/login/"), url
    assert _open(other_client, couple, session="3").status_code == 404
    assert CheckIn.objects.get().closed_at is None and CheckIn.objects.count() == 1


def test_another_couples_check_in_is_not_found_through_this_couple(
    therapist_client: Client, therapist: Any, couple: Couple
) -> None:
    from tests.factories import make_couple

    elsewhere = make_couple(therapist, "Kim", "Lee")
    theirs = CheckIn.objects.create(couple=elsewhere, kind="session", session_number=2, opens_on="2026-01-01")
    assert therapist_client.post(f"/couples/{couple.pk}/check-ins/{theirs.pk}/close/").status_code == 404
    link = f"/couples/{couple.pk}/check-ins/{theirs.pk}/partners/{couple.partner_a.pk}/link/"
    assert therapist_client.post(link).status_code == 404
