"""Finding 7, audit gaps: a partner opening their link, saving and sending is in the couple's access
log (never their answers), and the log refuses change and deletion in the database itself, not only
in the app. (Admin changes to accounts and devices: test_attack_admin.py.)"""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from clinic import accesslog_guard
from clinic.models import AccessLog
from intake.models import Couple, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.factories import make_therapist
from tests.security.conftest import CANARY, answer_everything


def test_7_a_partner_opening_the_link_saving_and_sending_is_logged(couple: Couple) -> None:
    answer_everything(couple.partner_a, words=CANARY)
    entries = AccessLog.objects.filter(couple_id=couple.pk).order_by("id")
    actions = [e.action for e in entries]
    assert actions[0] == "open_link" and actions[-1] == "submit_intake"
    assert actions.count("save_step") == QUESTIONNAIRE.step_count
    assert {(e.partner_role, e.user, e.username, e.address) for e in entries} == {("a", None, "", "127.0.0.1")}
    assert [e.detail for e in entries if e.action == "save_step"][:2] == ["step 1", "step 2"]
    assert not any(CANARY in e.detail for e in entries)


def test_7_the_couple_log_page_shows_which_partner_acted(therapist_client: Client, couple: Couple) -> None:
    answer_everything(couple.partner_b, submit=False)
    html = therapist_client.get(f"/couples/{couple.pk}/log/").content.decode()
    assert (
        "Alex, through their private link" in html and "Opened their private link" in html and "Saved answers" in html
    )


def test_7_a_partners_step_is_theirs_even_in_a_browser_a_therapist_signed_in_to(
    therapist_client: Client, couple: Couple
) -> None:
    from tests.factories import issue_link

    assert therapist_client.get(f"/i/{issue_link(couple.partner_a)}/").status_code == 303
    entry = AccessLog.objects.get(action="open_link")
    assert (entry.user, entry.username, entry.partner_role) == (None, "", "a")


def test_7_a_partner_cannot_read_the_log(client_a: Client, couple: Couple) -> None:
    response = client_a.get(f"/couples/{couple.pk}/log/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_7_a_failed_link_is_not_logged_as_a_partner(partner_a: Partner) -> None:
    Client().get("/i/not-a-link-at-all/")
    assert not AccessLog.objects.exists()


def _raw(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_7_the_database_refuses_to_change_or_delete_log_entries(therapist_client: Client, couple: Couple) -> None:
    therapist_client.get(f"/couples/{couple.pk}/comparison/")
    statements = [
        "UPDATE clinic_accesslog SET detail = 'edited'",
        "UPDATE clinic_accesslog SET user_id = NULL, username = 'someone else'",
        "DELETE FROM clinic_accesslog",
    ]
    for sql in statements:
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(sql)
    entry = AccessLog.objects.get()
    assert (entry.detail, entry.username) == ("", "therapist")


@pytest.mark.django_db(transaction=True)
def test_7_postgresql_refuses_to_truncate_the_log() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite empties a table with DELETE, refused above")
    AccessLog.objects.create(username="someone", action="view_log")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("TRUNCATE clinic_accesslog")
    assert AccessLog.objects.count() == 1


def test_7_deleting_an_account_keeps_its_entries_and_their_username(db: None) -> None:
    leaving = make_therapist("leaving")
    AccessLog.objects.create(user=leaving, username="leaving", action="view_log", couple_id=None)
    get_user_model().objects.filter(pk=leaving.pk).delete()
    entry = AccessLog.objects.get()
    assert (entry.user, entry.username) == (None, "leaving")


def test_7_migrate_puts_the_triggers_back_after_a_table_rebuild(db: None) -> None:
    accesslog_guard.remove(connection)
    assert not accesslog_guard.installed(connection)
    call_command("migrate", verbosity=0)
    assert accesslog_guard.installed(connection)


def test_7_the_deploy_check_notices_missing_triggers(db: None, settings: Any) -> None:
    from clinic.checks import check_production_guards

    assert "attune.W006" not in [w.id for w in check_production_guards()]
    accesslog_guard.remove(connection)
    assert "attune.W006" in [w.id for w in check_production_guards()]


def test_7_partner_entries_survive_the_partners_deletion(therapist_client: Client, couple: Couple) -> None:
    partner_client(couple.partner_a)
    from clinic.audit import Audit
    from clinic.records import delete_couple

    request = type("Request", (), {"user": couple.therapist, "META": {"REMOTE_ADDR": "127.0.0.1"}})()
    delete_couple(couple, Audit(request, AccessLog.Action.DELETE_COUPLE, [couple.pk]))
    assert list(AccessLog.objects.order_by("id").values_list("action", "partner_role")) == [
        ("open_link", "a"),
        ("delete_couple", ""),
    ]
