"""The plan pages' reads written once per process: the plan page's versions (`page_versions`: every version with its
author and date, the one asked for, else the latest, with its content, the next session's date) and the editor's
latest version (`latest_version_for_therapist`), each as the ORM read it, and never another couple's plan."""

import uuid
from typing import Any

import pytest
from django.http import Http404
from django.test import Client

from clinic.drafts import draft_for, keep_draft
from clinic.models import Exercise, FormDraft, PdfRender, PlanVersion, SessionPlan
from clinic.plans.versions import PAGE_FIELDS, library, page_versions, plan_library, save_version
from clinic.views.access import couple_and_partners_for_therapist, couple_for_therapist, latest_version_for_therapist
from intake.models import Couple, Partner
from tests.check_in_steps import csi4_answers
from tests.factories import make_library, make_therapist, submitted_couple


def _with_versions(therapist: Any, names: tuple[str, str], count: int) -> Couple:
    couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(12), names=names)
    client = Client()
    client.force_login(therapist)
    assert client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    for n in range(2, count + 1):
        latest = couple.plan.latest()
        edited = {**latest.content, "approach_reason": f"Reason of version {n} for {names[0]}."}
        save_version(couple, edited, therapist, latest.number)
    return couple


@pytest.fixture
def three(therapist: Any) -> Couple:
    make_library()
    return _with_versions(therapist, ("Sam", "Alex"), 3)


def test_the_versions_read_newest_first_with_the_chosen_ones_content(three: Couple) -> None:
    versions, chosen, any_failed = page_versions(three.pk, "2")
    assert [v.number for v in versions] == [3, 2, 1]
    assert chosen is not None and chosen.number == 2 and not any_failed
    assert chosen.content == PlanVersion.objects.get(plan__couple=three, number=2).content
    assert chosen.comparison_record == PlanVersion.objects.get(plan__couple=three, number=2).comparison_record
    stored = {v.number: v for v in PlanVersion.objects.filter(plan__couple=three)}
    for version in versions:
        assert version.created_at == stored[version.number].created_at
        assert version.created_by == stored[version.number].created_by
        assert version.plan.pk == three.plan.pk


@pytest.mark.parametrize("wanted", ["", "3", "4", "0", "02", "-1", "abc", "9" * 30, " 2"])
def test_a_version_the_plan_does_not_have_shows_the_latest(three: Couple, wanted: str) -> None:
    _versions, chosen, _failed = page_versions(three.pk, wanted)
    assert chosen is not None and chosen.number == 3


def test_the_page_shows_the_version_asked_for_and_the_latest_otherwise(therapist_client: Client, three: Couple) -> None:
    url = f"/couples/{three.pk}/plan/"
    assert "Reason of version 2 for Sam." in therapist_client.get(url + "?version=2").content.decode()
    for wanted in ("", "?version=99", "?version=x", "?version=" + "9" * 30):
        html = therapist_client.get(url + wanted).content.decode()
        assert "Reason of version 3 for Sam." in html and "You are reading version" not in html


def test_the_next_session_date_reads_as_saved(therapist_client: Client, three: Couple) -> None:
    SessionPlan.objects.filter(couple=three).update(next_session_on="2026-12-08")
    versions, _chosen, _failed = page_versions(three.pk, "")
    assert {str(v.plan.next_session_on) for v in versions} == {"2026-12-08"}
    assert 'value="2026-12-08"' in therapist_client.get(f"/couples/{three.pk}/plan/").content.decode()


def test_a_departed_author_reads_as_none(three: Couple) -> None:
    gone = make_therapist("colleague")
    PlanVersion.objects.filter(plan__couple=three, number=1).update(created_by=gone)
    gone.delete()  # the version keeps no author
    versions, _chosen, _failed = page_versions(three.pk, "")
    assert versions[-1].created_by is None
    assert versions[0].created_by is not None and versions[0].created_by.get_username() == "therapist"


def test_only_the_chosen_versions_failed_pdfs_are_reported(three: Couple) -> None:
    first = PlanVersion.objects.get(plan__couple=three, number=1)
    PdfRender.objects.filter(version=first).update(status=PdfRender.Status.FAILED, attempts=2)
    assert page_versions(three.pk, "1").any_failed
    assert not page_versions(three.pk, "3").any_failed


def test_another_couples_plan_never_reaches_the_page(therapist: Any, three: Couple) -> None:
    other = _with_versions(make_therapist("elsewhere"), ("Robin", "Kim"), 2)
    versions, chosen, _failed = page_versions(three.pk, "")
    assert {v.plan.couple_id for v in versions} == {three.pk} and len(versions) == 3
    assert chosen is not None and "Robin" not in str(chosen.content)
    theirs = page_versions(other.pk, "3")
    assert [v.number for v in theirs.versions] == [2, 1] and theirs.chosen is not None
    assert "Reason of version 2 for Robin." in str(theirs.chosen.content)


def test_a_couple_without_a_plan_has_no_versions(therapist: Any) -> None:
    couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(12))
    assert page_versions(couple.pk, "") == ([], None, False)


def _request_of(user: Any) -> Any:
    return type("Request", (), {"user": user})()


def test_the_editors_latest_version_reads_as_the_orm_reads_it(therapist: Any, three: Couple) -> None:
    latest = latest_version_for_therapist(_request_of(therapist), three.pk)
    stored = PlanVersion.objects.select_related("created_by", "plan__couple").get(plan__couple=three, number=3)
    assert latest is not None and latest.number == 3
    for name in ("pk", "number", "created_at", "sealed", "sealed_comparison", "created_by", "plan"):
        assert getattr(latest, name) == getattr(stored, name), name
    assert latest.content == stored.content and latest.plan.next_session_on == stored.plan.next_session_on
    couple = latest.plan.couple
    assert (couple.pk, couple.name, couple.therapist_id, couple.created_at) == (
        three.pk,
        three.name,
        three.therapist_id,
        stored.plan.couple.created_at,
    )


def test_the_editors_latest_version_is_none_for_another_therapist_or_no_plan(
    therapist: Any, other_therapist: Any, three: Couple
) -> None:
    assert latest_version_for_therapist(_request_of(other_therapist), three.pk) is None
    fresh = submitted_couple(therapist, csi4_answers(8), csi4_answers(12))
    assert latest_version_for_therapist(_request_of(therapist), fresh.pk) is None


def test_the_editors_latest_version_without_an_author(therapist: Any, three: Couple) -> None:
    gone = make_therapist("colleague")
    PlanVersion.objects.filter(plan__couple=three, number=3).update(created_by=gone)
    gone.delete()
    latest = latest_version_for_therapist(_request_of(therapist), three.pk)
    assert latest is not None and latest.created_by is None and latest.number == 3


def test_a_kept_draft_is_found_for_its_therapist_couple_and_page_only(
    therapist: Any, other_therapist: Any, three: Couple
) -> None:
    other_couple = submitted_couple(therapist, csi4_answers(8), csi4_answers(12))
    kept = keep_draft(three, therapist, FormDraft.Page.PLAN, {"s1_notes": "Still typing"}, base_version=3)
    found = draft_for(three, therapist, FormDraft.Page.PLAN)
    assert found is not None and (found.pk, found.kept_at, found.base_version) == (kept.pk, kept.kept_at, 3)
    assert found.fields == {"s1_notes": "Still typing"}
    assert draft_for(three, other_therapist, FormDraft.Page.PLAN) is None
    assert draft_for(other_couple, therapist, FormDraft.Page.PLAN) is None
    assert all(draft_for(three, therapist, page) is None for page in FormDraft.Page if page != FormDraft.Page.PLAN)


def test_the_library_reads_as_the_orm_reads_it_in_its_order(three: Couple) -> None:
    read = library(*PAGE_FIELDS)
    stored = list(Exercise.objects.all())
    assert list(read) == [exercise.key for exercise in stored]  # by approach, then key: the editor's order
    for exercise in stored:
        for name in PAGE_FIELDS:  # translations: the reader's language only (test_exercise_languages.py)
            if name != "translations":
                assert getattr(read[exercise.key], name) == getattr(exercise, name), (exercise.key, name)
    assert read[stored[0].key].steps == stored[0].steps  # a field left out is still read when asked for


def test_the_plan_page_reads_only_the_exercises_its_version_names(three: Couple) -> None:
    content = three.plan.latest().content
    named = {row["key"] for session in content["sessions"] for row in session["exercises"]}
    read = plan_library(content)
    assert set(read) == named and len(named) < Exercise.objects.count()
    for key, exercise in read.items():
        assert exercise.localized().name == Exercise.objects.get(key=key).localized().name
        assert exercise.homework == Exercise.objects.get(key=key).homework
    assert plan_library({"sessions": [{"exercises": []}]}) == {}


def test_the_plan_pages_couple_reads_as_the_prefetch_reads_it(
    therapist: Any, other_therapist: Any, three: Couple, django_assert_num_queries: Any
) -> None:
    request = _request_of(therapist)
    read, stored = couple_and_partners_for_therapist(request, three.pk), couple_for_therapist(request, three.pk)
    assert (read.pk, read.name, read.therapist_id, read.created_at) == (
        stored.pk,
        stored.name,
        stored.therapist_id,
        stored.created_at,
    )
    with django_assert_num_queries(0):  # the partners come with the couple, as a prefetch leaves them
        partners = list(read.partners.all())
        assert (read.partner_a.role, read.partner_b.role) == ("a", "b") and read.partner_a.couple is read
    expected = list(stored.partners.all())
    assert [p.pk for p in partners] == [p.pk for p in expected]
    for got, want in zip(partners, expected, strict=True):
        for field in Partner._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname), field.name
    for who, couple_id in ((other_therapist, three.pk), (therapist, uuid.uuid4())):
        with pytest.raises(Http404):
            couple_and_partners_for_therapist(_request_of(who), couple_id)
