"""Mail settings from the environment, and what happens with no mail server: .eml files, said as such."""

import email
import email.policy
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from clinic.messaging import outbox
from clinic.messaging.models import OutboxMessage
from clinic.settings import invitation_template, mail_config
from intake.models import Couple
from tests.test_mail_invitations import invite


def test_no_host_writes_files_under_var_mail(tmp_path: Path) -> None:
    config = mail_config("", tmp_path)
    assert config["BACKEND"] == "clinic.messaging.mailfiles.EmlFileBackend"
    assert config["OPTIONS"]["file_path"] == str(tmp_path / "mail")


def test_a_host_selects_smtp_with_starttls_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ATTUNE_EMAIL_USER", "attune")
    monkeypatch.setenv("ATTUNE_EMAIL_PASSWORD", "s3cret")
    options = mail_config("smtp.example.org", tmp_path)["OPTIONS"]
    assert (options["host"], options["port"], options["use_tls"], options["use_ssl"]) == (
        "smtp.example.org",
        587,
        True,
        False,
    )
    assert (options["username"], options["password"]) == ("attune", "s3cret")
    monkeypatch.setenv("ATTUNE_EMAIL_TLS", "ssl")
    assert mail_config("smtp.example.org", tmp_path)["OPTIONS"]["port"] == 465
    monkeypatch.setenv("ATTUNE_EMAIL_TLS", "0")
    monkeypatch.setenv("ATTUNE_EMAIL_PORT", "2525")
    options = mail_config("127.0.0.1", tmp_path)["OPTIONS"]
    assert (options["port"], options["use_tls"], options["use_ssl"]) == (2525, False, False)


@pytest.mark.parametrize(("name", "value"), [("ATTUNE_EMAIL_TLS", "maybe"), ("ATTUNE_EMAIL_PORT", "smtp")])
def test_bad_values_stop_start_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        mail_config("smtp.example.org", tmp_path)


def test_the_practice_template_file(tmp_path: Path) -> None:
    good = tmp_path / "invitation.txt"
    good.write_text("Subject: Before our next appointment\n\nDear client,\n\nPlease answer.\n")
    assert invitation_template(str(good)) == ("Before our next appointment", "Dear client,\n\nPlease answer.")
    assert invitation_template("") is None
    bad = tmp_path / "bad.txt"
    bad.write_text("Dear client, no subject line\n")
    for path in (bad, tmp_path / "missing.txt"):
        with pytest.raises(ImproperlyConfigured, match="ATTUNE_INVITATION_TEMPLATE"):
            invitation_template(str(path))


def test_with_no_mail_server_the_invitation_is_an_eml_file_and_the_page_says_so(
    settings: Any, tmp_path: Path, therapist_client: Client, couple: Couple
) -> None:
    folder = tmp_path / "mail"
    settings.MAILERS = {"default": mail_config("", tmp_path)}
    response = invite(therapist_client, couple, to="a")
    page = therapist_client.get(response["Location"]).content.decode()
    assert f"it is written to {folder}, not sent" in page and f"written as an .eml file to {folder}" in page
    outbox.deliver(OutboxMessage.objects.get().pk)
    [path] = folder.glob("*.eml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "sam@example.org" and message.get_body(preferencelist=("html",)) is not None
    sent = OutboxMessage.objects.get()
    assert sent.status == "written" and str(path) in sent.result
    assert "Written to a file, not sent" in therapist_client.get(f"/couples/{couple.pk}/").content.decode()


def test_a_waiting_message_and_its_reminders_survive_a_key_rotation(
    settings: Any, tmp_path: Path, therapist_client: Client, couple: Couple, unsealed_database: None
) -> None:
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from clinic.messaging.models import Reminder
    from intake.crypto import unseal

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MAILERS = {"default": mail_config("", tmp_path)}
    settings.ATTUNE_ENCRYPTION_KEYS = [old]
    invite(therapist_client, couple, to="a")
    settings.ATTUNE_ENCRYPTION_KEYS = [new, old]
    call_command("rotatekeys", stdout=StringIO())
    settings.ATTUNE_ENCRYPTION_KEYS = [new]
    assert all(unseal(r.sealed_url).startswith("http") for r in Reminder.objects.all())
    outbox.deliver(OutboxMessage.objects.get().pk)
    assert OutboxMessage.objects.get().status == "written"


def test_the_deploy_check_wants_a_mail_server_and_https_links(settings: Any, tmp_path: Path, db: None) -> None:
    from clinic.checks import check_production_guards

    settings.MAILERS = {"default": mail_config("", tmp_path)}
    settings.ATTUNE_BASE_URL = "http://127.0.0.1:8000"
    found = {warning.id for warning in check_production_guards()}
    assert {"attune.W007", "attune.W008"} <= found
    settings.MAILERS = {"default": mail_config("smtp.example.org", tmp_path)}
    settings.ATTUNE_BASE_URL = "https://attune.example.org"
    assert not {"attune.W007", "attune.W008"} & {warning.id for warning in check_production_guards()}
