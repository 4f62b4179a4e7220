"""Personas shared by the whole suite, and a guard against silent errors."""

import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from clinic.outcomes.checkins import open_check_in
from intake.checkins import CheckIn
from intake.models import Couple, KeyCanary, Partner
from tests import logs
from tests.factories import issue_link, make_couple, make_therapist
from tests.mail import smtp  # noqa: F401  (the loopback mail server fixture, for every test module)


@pytest.fixture(scope="session", autouse=True)
def run_logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This run's log folder (tests/logs.py): what Django and the servers tests start have logged."""
    folder = tmp_path_factory.mktemp("logs")
    with logs.capture(folder):
        yield folder


@pytest.fixture(scope="session", autouse=True)
def collected_static_files() -> None:
    """The tests run with DEBUG off, so pages name static files by their hashed names, from collectstatic's manifest
    (`make test` collects first): collected here too when missing or older than a source file."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [path for folder in settings.STATICFILES_DIRS for path in Path(folder).rglob("*") if path.is_file()]
    newest = max(path.stat().st_mtime for path in sources)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        call_command("collectstatic", interactive=False, clear=True, verbosity=0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `last` run after all others (the browser tests included): they read what those logged."""
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


@pytest.fixture(autouse=True)
def fail_on_logged_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A test that makes the app log an ERROR (a 500, a swallowed exception) fails."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, "logged errors: " + "; ".join(r.getMessage() for r in errors)


@pytest.fixture
def unsealed_database(db: None) -> None:
    """A database that nothing has been sealed in yet: the keys a test seals under first become its keys
    (the key canary is made by the first seal, as on a fresh installation)."""
    KeyCanary.objects.all().delete()


@pytest.fixture
def therapist(db: None) -> Any:
    return make_therapist("therapist")


@pytest.fixture
def other_therapist(db: None) -> Any:
    return make_therapist("other")


@pytest.fixture
def couple(therapist: Any) -> Couple:
    return make_couple(therapist)


@pytest.fixture
def partner_a(couple: Couple) -> Partner:
    return couple.partner_a


@pytest.fixture
def partner_b(couple: Couple) -> Partner:
    return couple.partner_b


@pytest.fixture
def check_in(couple: Couple) -> CheckIn:
    """A session check-in opened for `couple` (session 3), with a link for each partner."""
    opened, _tokens = open_check_in(couple, couple.therapist, session_number=3)
    return opened


@pytest.fixture
def therapist_client(therapist: Any) -> Client:
    client = Client()
    client.force_login(therapist)
    return client


@pytest.fixture
def other_client(other_therapist: Any) -> Client:
    client = Client()
    client.force_login(other_therapist)
    return client


def partner_client(partner: Partner) -> Client:
    """A browser that has opened `partner`'s private link."""
    client = Client()
    response = client.get(f"/i/{issue_link(partner)}/")
    assert response.status_code == 303
    return client


@pytest.fixture
def client_a(partner_a: Partner) -> Client:
    return partner_client(partner_a)


@pytest.fixture
def client_b(partner_b: Partner) -> Client:
    return partner_client(partner_b)


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A TCP listener on loopback that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    seen: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except TimeoutError:
                continue
            seen.append(str(address))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(timeout=2)
    server.close()
