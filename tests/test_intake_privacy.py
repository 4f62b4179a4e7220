"""Each partner's session reaches only their own answers; nothing about the other leaks."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from intake.models import Answer, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.intake_steps import answer_steps, complete_intake, consent, step_data


def _partner_b_answers(client_b: Client) -> None:
    consent(client_b)
    answer_steps(client_b, pick=4)
    client_b.post(
        f"/i/step/{QUESTIONNAIRE.step_count}/",
        {"free_reason": "B-SECRET-REASON", "free_hope": "B-SECRET-HOPE", "action": "next"},
    )


def test_a_session_never_shows_b_answers(client_a: Client, client_b: Client, partner_b: Partner) -> None:
    _partner_b_answers(client_b)
    consent(client_a)
    pages = ["/i/", "/i/welcome/", "/i/review/", "/i/support/"]
    pages += [f"/i/step/{n}/" for n in range(1, QUESTIONNAIRE.step_count + 1)]
    for path in pages:
        html = client_a.get(path, follow=True).content.decode()
        assert "B-SECRET" not in html, path
        assert partner_b.display_name not in html, path
    complete_intake_html = client_a.get("/i/review/").content.decode()
    assert 'value="5"' not in complete_intake_html


def test_injected_fields_cannot_write_the_other_partners_answers(
    client_a: Client, client_b: Client, partner_a: Partner, partner_b: Partner
) -> None:
    _partner_b_answers(client_b)
    before = partner_b.answer_dict()
    consent(client_a)
    data = step_data(QUESTIONNAIRE.sections[0])
    for injected in ({"partner": str(partner_b.pk)}, {"partner_id": str(partner_b.pk)}, {"free_reason": "x"}):
        response = client_a.post("/i/step/1/", {**data, **injected})
        assert response.status_code == 200
        assert "does not ask for" in response.content.decode()
    assert partner_b.answer_dict() == before
    assert partner_a.answer_dict() == {}


def test_partner_ids_in_urls_lead_nowhere(client_a: Client, partner_b: Partner) -> None:
    consent(client_a)
    for path in (f"/i/{partner_b.pk}/", f"/i/step/{partner_b.pk}/", f"/i/review/{partner_b.pk}/"):
        assert client_a.get(path).status_code == 404, path


def test_b_link_changed_by_a_character_is_dead(client: Client, partner_b: Partner) -> None:
    from tests.factories import issue_link

    token = issue_link(partner_b)
    changed = ("A" if token[0] != "A" else "B") + token[1:]
    assert client.get(f"/i/{changed}/").status_code == 404


def test_the_other_partners_submission_is_invisible(client_a: Client, client_b: Client) -> None:
    consent(client_a)
    before = client_a.get("/i/step/1/").content.decode()
    complete_intake(client_b)
    after = client_a.get("/i/step/1/").content.decode()
    # Without the CSRF token and the seconds the session has left, which differ from one request to the next.
    strip = lambda html: "\n".join(  # noqa: E731
        line for line in re.sub(r'data-remaining="\d+"', "", html).splitlines() if "csrfmiddlewaretoken" not in line
    )
    assert strip(before) == strip(after)


def test_no_partner_page_mentions_safety_status(client_a: Client) -> None:
    complete_intake(client_a)
    html = client_a.get("/i/done/").content.decode().lower()
    assert "safety" not in html and "afraid" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key, value_int, sealed",
    [
        ("p1_partner", 6, ""),
        ("p1_partner", 0, ""),
        ("csi4_1", 7, ""),
        ("stance", 4, ""),
        ("p1_partner", 3, "x"),
        ("safety_afraid", 1, ""),
        ("safety_afraid", None, ""),
        ("free_reason", 3, "x"),
        ("free_reason", None, ""),
        ("not_an_item", 1, ""),
    ],
)
def test_database_refuses_values_off_the_scale_or_unsealed(
    partner_a: Partner, key: str, value_int: int | None, sealed: str
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(partner=partner_a, item_key=key, value_int=value_int, sealed=sealed)


def test_answers_round_trip_through_the_seal(partner_a: Partner) -> None:
    partner_a.save_answers({"csi4_1": 6, "safety_afraid": 1, "free_hope": "closer"})
    assert partner_a.answer_dict() == {"csi4_1": 6, "safety_afraid": 1, "free_hope": "closer"}
