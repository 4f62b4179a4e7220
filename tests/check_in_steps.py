"""Helpers that open check-ins and answer them the way a browser would, or straight through the models."""

from typing import Any

from django.test import Client

from clinic.outcomes.checkins import open_check_in
from intake.checkin_questionnaire import CHECK_IN
from intake.checkins import CheckIn, CheckInResponse
from intake.models import Couple, Invitation, Partner

CSI4 = ("csi4_1", "csi4_2", "csi4_3", "csi4_4")


def csi4_answers(total: int) -> dict[str, int]:
    """CSI-4 answers adding up to `total` (0-21): the first item takes up to 6, the others up to 5 each."""
    values, left = [], total
    for top in (6, 5, 5, 5):
        values.append(min(top, left))
        left -= values[-1]
    assert left == 0, total
    return dict(zip(CSI4, values, strict=True))


def check_in_data(total: int = 12, action: str = "next", **overrides: Any) -> dict[str, str]:
    """A full check-in as posted: CSI-4 adding up to `total`, nothing endorsed on the safety questions."""
    data = {key: str(value) for key, value in csi4_answers(total).items()}
    data.update({"checkin_helpful": "2", "checkin_practice": "1", "checkin_note": ""})
    data.update({item.key: "0" for item in CHECK_IN.items if item.safety})
    data.update({key: str(value) for key, value in overrides.items()})
    data["action"] = action
    return data


def check_in_client(partner: Partner, check_in: CheckIn) -> Client:
    """A browser that has opened `partner`'s link to `check_in`."""
    client = Client()
    _invitation, token = Invitation.issue(partner, partner.couple.therapist, check_in=check_in)
    response = client.get(f"/i/{token}/")
    assert response.status_code == 303
    return client


def answered_check_in(couple: Couple, totals: tuple[int | None, int | None], **kwargs: Any) -> CheckIn:
    """A check-in both partners answered (None: that partner did not), straight through the models."""
    check_in, _tokens = open_check_in(couple, couple.therapist, **kwargs)
    for partner, total in zip(couple.partners.all(), totals, strict=True):
        if total is None:
            continue
        response = CheckInResponse.of(check_in, partner)
        response.consent()
        answers: dict[str, int | str] = {**csi4_answers(total), "checkin_helpful": 2, "checkin_practice": 1}
        answers.update({item.key: 0 for item in CHECK_IN.items if item.safety})
        assert response.save_answers(answers)
        assert response.submit()
    return check_in
