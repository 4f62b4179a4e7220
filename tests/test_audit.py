"""The access log written by therapist_required: one entry per couple shown, nothing for a refusal."""

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from clinic.accounts.signin import TherapistRequest, therapist_required
from clinic.audit import Audit
from clinic.models import WRITE_BATCH, AccessLog
from intake.models import Couple
from tests.factories import make_couple, submit_intake


def _entries(**filters: Any) -> list[tuple[str, str]]:
    return [(e.action, e.detail) for e in AccessLog.objects.filter(**filters).order_by("pk")]


def test_the_dashboard_logs_each_couple_it_lists(therapist_client: Client, therapist: Any, settings: Any) -> None:
    settings.ATTUNE_COUPLES_PER_PAGE = 2
    first, second, third = (make_couple(therapist, a, b) for a, b in (("A", "B"), ("C", "D"), ("E", "F")))
    assert therapist_client.get("/couples/").status_code == 200
    # Newest first: the first page lists the two couples created last.
    assert _entries(couple_id=third.pk) == [("view_dashboard", "page 1")]
    assert _entries(couple_id=second.pk) == [("view_dashboard", "page 1")]
    assert _entries(couple_id=first.pk) == []
    therapist_client.get("/couples/?page=2")
    assert _entries(couple_id=first.pk) == [("view_dashboard", "page 2")]


def test_an_empty_dashboard_logs_nothing(therapist_client: Client) -> None:
    assert therapist_client.get("/couples/").status_code == 200
    assert not AccessLog.objects.exists()


def test_the_couple_page_is_logged(therapist_client: Client, therapist: Any, couple: Couple) -> None:
    therapist_client.get(f"/couples/{couple.pk}/")
    entry = AccessLog.objects.get()
    assert (entry.action, entry.couple_id, entry.user, entry.username) == (
        "view_couple",
        couple.pk,
        therapist,
        "therapist",
    )
    assert entry.address == "127.0.0.1"


def test_creating_a_couple_is_logged_against_the_new_couple(therapist_client: Client) -> None:
    data = {"partner_a_name": "Sam", "partner_b_name": "Alex", "partner_a_pronouns": "he", "partner_b_pronouns": "she"}
    assert therapist_client.get("/couples/new/").status_code == 200
    assert not AccessLog.objects.exists()
    therapist_client.post("/couples/new/", data)
    couple = Couple.objects.get()
    assert _entries(couple_id=couple.pk) == [("create_couple", "")]


def test_seeing_safety_findings_is_its_own_entry(therapist_client: Client, couple: Couple) -> None:
    submit_intake(couple.partner_a, safety={"safety_afraid": 1})
    submit_intake(couple.partner_b)
    therapist_client.get(f"/couples/{couple.pk}/comparison/")
    assert _entries(couple_id=couple.pk) == [("view_comparison", ""), ("view_safety", "")]


def test_a_comparison_without_safety_findings_logs_only_the_view(therapist_client: Client, couple: Couple) -> None:
    therapist_client.get(f"/couples/{couple.pk}/comparison/")
    assert _entries(couple_id=couple.pk) == [("view_comparison", "")]


def test_refused_requests_log_nothing(
    therapist_client: Client, other_client: Client, client: Client, couple: Couple
) -> None:
    assert other_client.get(f"/couples/{couple.pk}/").status_code == 404
    assert client.get(f"/couples/{couple.pk}/").status_code == 302
    assert therapist_client.post(f"/couples/{couple.pk}/comparison/").status_code == 405
    assert therapist_client.get(f"/couples/{couple.pk}/plan.pdf?paper=a5").status_code == 400
    assert therapist_client.get(f"/couples/{couple.pk}/plan.pdf").status_code == 404  # no plan yet
    assert not AccessLog.objects.exists()


def test_reopening_nothing_says_so(therapist_client: Client, couple: Couple) -> None:
    therapist_client.post(f"/couples/{couple.pk}/partners/{couple.partner_a.pk}/reopen/")
    assert _entries(couple_id=couple.pk) == [("reopen_intake", "partner a: not submitted, nothing reopened")]


def _request(therapist: Any) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = therapist
    request.user.is_verified = lambda: True  # type: ignore[union-attr]  # what django_otp's middleware adds
    request.session = {}  # type: ignore[assignment]
    return request


def test_a_bare_decorator_is_refused_at_import_time() -> None:
    with pytest.raises(TypeError, match=r"name the AccessLog\.Action"):
        therapist_required(lambda request: HttpResponse())  # type: ignore[arg-type]


def test_a_page_without_an_action_may_not_show_a_couple(therapist: Any, couple: Couple) -> None:
    @therapist_required(None)
    def account(request: TherapistRequest, couple_id: Any) -> HttpResponse:
        return HttpResponse("ok")

    with pytest.raises(ImproperlyConfigured):
        account(_request(therapist), couple_id=couple.pk)


def test_a_page_without_an_action_and_without_a_couple_logs_nothing(therapist: Any) -> None:
    @therapist_required(None)
    def account(request: TherapistRequest) -> HttpResponse:
        return HttpResponse("ok")

    response = account(_request(therapist))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert not AccessLog.objects.exists()


def test_an_audit_is_written_once(therapist: Any, couple: Couple) -> None:
    audit = Audit(_request(therapist), AccessLog.Action.EXPORT, [couple.pk])
    audit.also(AccessLog.Action.VIEW_SAFETY, "extra")
    audit.write()
    audit.write()
    assert _entries() == [("export", ""), ("view_safety", "extra")]


@pytest.mark.django_db(transaction=True)  # the refused batch must roll back a real transaction, not the test's
def test_many_entries_are_written_whole_in_batches_or_not_at_all(therapist: Any) -> None:
    couples = [make_couple(therapist, f"A{n}", f"B{n}") for n in range(3)]
    entries = [(AccessLog.Action.VIEW_DASHBOARD, couples[n % 3].pk, f"row {n}") for n in range(WRITE_BATCH * 2 + 5)]
    AccessLog.write_many(_request(therapist), entries)
    written = list(AccessLog.objects.order_by("pk").values_list("couple_id", "detail", "username"))
    assert written == [(couple_id, detail, therapist.username) for _action, couple_id, detail in entries]
    # A batch the database refuses (an entry without an action) leaves none of the request's entries behind.
    refused = (None, couples[0].pk, "")
    with pytest.raises(IntegrityError):
        AccessLog.write_many(_request(therapist), [*entries[: WRITE_BATCH + 1], refused])  # type: ignore[list-item]
    assert AccessLog.objects.count() == len(entries)
