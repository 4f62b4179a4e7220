"""/healthz says the process is up; /readyz says whether it can serve: 503 when the database does not
answer or the keys do not open the key canary. And a wrong key at start-up stops the web server."""

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client, override_settings

from tests import logs
from tests.servers import free_port, fresh_database, serving, start_gunicorn, stop


@pytest.fixture
def database_gone(transactional_db: None) -> Iterator[None]:
    """Point Django's connection at a database that is not there, as after the server went away."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = free_port()  # nothing listens there
    else:
        connection.settings_dict["NAME"] = "/nonexistent/attune/attune.sqlite3"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def test_ready_when_the_database_answers_and_the_keys_fit(client: Client, db: None) -> None:
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ready")
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").content == b"ok"


def test_readyz_is_503_and_healthz_ok_when_the_database_is_gone(
    database_gone: None, caplog: pytest.LogCaptureFixture
) -> None:
    ready = Client().get("/readyz")
    assert (ready.status_code, ready.content) == (503, b"not ready: database")
    assert Client().get("/healthz").content == b"ok"  # liveness: restarting this process would not help
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == ["Service Unavailable: /readyz"]
    caplog.clear()


def test_readyz_is_503_when_the_keys_are_wrong(db: None, caplog: pytest.LogCaptureFixture) -> None:
    with override_settings(ATTUNE_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        ready = Client().get("/readyz")
    assert (ready.status_code, ready.content) == (503, b"not ready: key canary")
    caplog.clear()


def test_readyz_answers_over_plain_http_like_healthz(db: None, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/readyz").status_code == 200


def test_a_wrong_key_at_start_up_stops_the_web_server(tmp_path: Path) -> None:
    right = Fernet.generate_key().decode()
    with fresh_database(tmp_path, keys=right) as database:
        wrong = {**database.env, "ATTUNE_ENCRYPTION_KEYS": Fernet.generate_key().decode()}
        server = start_gunicorn(wrong, "wrong-key")
        try:
            deadline = time.monotonic() + 90
            while server.process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            assert server.process.returncode not in (None, 0), "gunicorn served with a wrong key"
        finally:
            stop(server)  # a no-op once it has stopped by itself
        errors = (logs.folder() / "wrong-key-error.log").read_text()
        assert "Worker failed to boot" in errors
        assert (
            "Refusing to serve (attune.E004): ATTUNE_ENCRYPTION_KEYS cannot open the key canary"
            in (logs.folder() / "wrong-key-stderr.log").read_text()
        )
        with serving(database.env, "right-key") as running:
            from urllib.request import urlopen

            assert urlopen(running.base + "/readyz", timeout=10).read() == b"ready"
