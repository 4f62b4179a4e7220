"""Both partners at the same moment: everything saved, nothing partial (SQLite file and PostgreSQL)."""

from functools import partial

import pytest
from django.db import connection
from django.test import Client

from intake.models import Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.factories import make_couple, make_therapist
from tests.intake_steps import answer_steps, consent, step_data
from tests.together import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def _status(client: Client, path: str, data: dict[str, str]) -> int:
    return client.post(path, data).status_code


def test_database_is_a_file_not_memory() -> None:
    if connection.vendor == "sqlite":
        assert "memory" not in str(connection.settings_dict["NAME"])


def test_both_partners_submitting_at_once_are_both_saved() -> None:
    couple = make_couple(make_therapist("t"))
    clients = [partner_client(couple.partner_a), partner_client(couple.partner_b)]
    for pick, client in enumerate(clients):
        consent(client)
        answer_steps(client, pick=pick)
    statuses = run_together([partial(_status, client, "/i/review/", {}) for client in clients])
    assert statuses == [303, 303]
    for partner in couple.partners.all():
        assert partner.submitted_at is not None
        # Every item the steps answered: all but the optional private items, which step_data leaves alone.
        answered = [item for item in QUESTIONNAIRE.items if item.section != "private" and item.key != "contact_avoid"]
        assert set(partner.answer_dict()) == {item.key for item in answered}


def test_concurrent_step_saves_all_commit_whole() -> None:
    therapist = make_therapist("t")
    couples = [make_couple(therapist, f"A{i}", f"B{i}") for i in range(5)]
    partners = [p for couple in couples for p in couple.partners.all()]
    clients = [partner_client(p) for p in partners]
    for client in clients:
        consent(client)
    section = QUESTIONNAIRE.sections[0]
    jobs = [partial(_status, client, "/i/step/1/", step_data(section, pick=i)) for i, client in enumerate(clients)]
    statuses = run_together(jobs)
    assert statuses == [303] * len(clients)
    for i, partner in enumerate(partners):
        expected = {item.key: item.choices[i % 5].value for item in section.items}
        assert partner.answer_dict() == expected


def test_save_racing_submit_never_changes_a_submitted_intake() -> None:
    couple = make_couple(make_therapist("t"))
    partner: Partner = couple.partner_a
    tab_one, tab_two = partner_client(partner), Client()
    consent(tab_one)
    answer_steps(tab_one)
    tab_two.cookies = tab_one.cookies  # two tabs of one browser share the session
    before = partner.answer_dict()
    change = step_data(QUESTIONNAIRE.sections[0], pick=4)
    run_together(
        [lambda: tab_one.post("/i/review/").status_code, lambda: tab_two.post("/i/step/1/", change).status_code]
    )
    partner.refresh_from_db()
    assert partner.submitted_at is not None
    after = partner.answer_dict()
    # Either the whole change landed before the submit, or none of it did: never half of a step.
    keys = [item.key for item in QUESTIONNAIRE.sections[0].items]
    assert all(after[k] == before[k] for k in keys) or all(after[k] == int(change[k]) for k in keys)
