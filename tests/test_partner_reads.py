"""What a partner's page reads of who answers, on every request: the link with its partner and the check-in it opens,
and a check-in's response with its link (intake.checkins: `live_invitation`, `CheckInResponse.opened_by`). Both
are written once per process, not through the ORM (bench/README.md, sixth part): they must read exactly what the ORM
reads, and nothing once the link is revoked or expired, or belongs to someone else."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from intake.checkins import CheckIn, CheckInResponse, live_invitation
from intake.models import Invitation, Partner
from intake.views import RESPONSE_KEY, SESSION_KEY
from tests.check_in_steps import check_in_client, check_in_data


def test_a_revoked_check_in_link_ends_the_page_whatever_the_session_kept(partner_a: Partner, check_in: CheckIn) -> None:
    client = check_in_client(partner_a, check_in)
    assert client.get("/i/check-in/").status_code == 200
    Invitation.objects.filter(check_in=check_in).update(revoked_at=timezone.now())
    page = client.get("/i/check-in/")
    assert page.status_code == 404 and "Hello" not in page.content.decode()
    assert RESPONSE_KEY not in client.session and SESSION_KEY not in client.session


def _fields(instance: Any) -> dict[str, Any]:
    return {key: (value, type(value)) for key, value in vars(instance).items() if key != "_state"}


def test_the_response_read_with_its_link_is_the_one_the_orm_reads(
    partner_a: Partner, partner_b: Partner, check_in: CheckIn
) -> None:
    client = check_in_client(partner_a, check_in)
    client.post("/i/check-in/", check_in_data(total=14, action="save"))
    link = Invitation.objects.live().get(check_in=check_in, partner=partner_a)
    others_link = Invitation.objects.live().get(check_in=check_in, partner=partner_b)
    expected = CheckInResponse.objects.select_related("check_in", "partner").get(partner=partner_a)
    read = CheckInResponse.opened_by(expected.pk, link.pk)
    assert read is not None and _fields(read) == _fields(expected)
    assert _fields(read.check_in) == _fields(expected.check_in) and _fields(read.partner) == _fields(expected.partner)
    assert read._state.adding is False and read._state.db == expected._state.db
    assert CheckInResponse.opened_by(expected.pk, others_link.pk) is None  # the other partner's link
    intake_link, _token = Invitation.issue(partner_a, None)
    assert CheckInResponse.opened_by(expected.pk, intake_link.pk) is None  # a live link, but to the intake


def test_a_partners_link_is_read_as_the_orm_reads_it_and_only_while_live(partner_a: Partner, check_in: CheckIn) -> None:
    intake_link, _token = Invitation.issue(partner_a, None)
    check_in_link = Invitation.objects.live().get(check_in=check_in, partner=partner_a)
    for link in (intake_link, check_in_link):
        expected = Invitation.objects.select_related("partner", "check_in").get(pk=link.pk)
        read = live_invitation(link.pk)
        assert read is not None and _fields(read) == _fields(expected)
        assert _fields(read.partner) == _fields(expected.partner) and read._state.db == expected._state.db
        assert (
            read.check_in is None if expected.check_in is None else _fields(read.check_in) == _fields(expected.check_in)
        )
    Invitation.objects.filter(pk=intake_link.pk).update(revoked_at=timezone.now())
    Invitation.objects.filter(pk=check_in_link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert live_invitation(intake_link.pk) is None and live_invitation(check_in_link.pk) is None
