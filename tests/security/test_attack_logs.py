"""Finding 4, tokens in logs: a partner's private link `/i/<token>/` reaches no log line, not gunicorn's
access log, not Django's CSRF warning, not anything else this test run writes."""

import logging
import re
import socket
from pathlib import Path

import pytest
from django.test import Client

from intake.models import Partner
from tests import logs
from tests.factories import issue_link, make_couple, make_therapist
from tests.servers import Browser, fresh_database, manage, serving

# The shape of a token in a link: 32 random bytes in URL-safe base64.
TOKEN_LINK = re.compile(r"/i/[A-Za-z0-9_-]{43}/")


def test_4_the_csrf_warning_about_a_link_never_names_its_token(
    partner_a: Partner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    token = issue_link(partner_a)
    refused = Client(enforce_csrf_checks=True).post(f"/i/{token}/", {"x": "1"})
    assert refused.status_code == 403
    warnings = [r.getMessage() for r in caplog.records if r.name == "django.security.csrf"]
    assert warnings and all("/i/[redacted]/" in w for w in warnings)
    assert not any(token in r.getMessage() for r in caplog.records)


def _issue_in(database_env: dict[str, str]) -> list[str]:
    """Two fresh links made by the server's own code, as a therapist would issue them."""
    code = (
        "from django.contrib.auth import get_user_model;"
        "from intake.models import Couple, Partner, Invitation;"
        "t = get_user_model().objects.create_user('t', password='a long password 1');"
        "c = Couple.objects.create(therapist=t, name='c');"
        "ps = [Partner.objects.create(couple=c, role=r, display_name=r) for r in 'ab'];"
        "print(' '.join(Invitation.issue(p, by=t)[1] for p in ps))"
    )
    tokens = manage(database_env, "shell", "--no-imports", "-c", code).stdout.splitlines()[-1].split()
    assert len(tokens) == 2 and all(len(token) == 43 for token in tokens)
    logs.ISSUED.update(tokens)
    return tokens


def test_4_gunicorn_and_django_log_lines_hold_no_token(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as database:
        live, dead = _issue_in(database.env)
        with serving(database.env, "tokens") as server:
            browser = Browser(server.base)
            assert browser.request(f"/i/{live}/")[0] == 303
            assert Browser(server.base).request(f"/i/{dead[:-3]}xyz/")[0] == 404
            csrf = Browser(server.base).request(f"/i/{live}/", {"agree": "on"})  # no CSRF cookie: refused
            assert csrf[0] == 403
            referred = {"Referer": f"{server.base}/i/{live}/"}
            assert browser.request("/i/welcome/", headers=referred)[0] == 200
    texts = {path.name: path.read_text() for path in logs.folder().glob("tokens-*.log")}
    assert '"GET /i/[redacted]/ HTTP/1.1" 303' in texts["tokens-access.log"]
    assert "Forbidden (CSRF cookie not set.): /i/[redacted]/" in texts["tokens-stderr.log"]
    for name, text in texts.items():
        assert live not in text and dead not in text, name
        assert not TOKEN_LINK.search(text), name


def test_4_gunicorns_error_about_a_malformed_request_line_holds_no_token(tmp_path: Path) -> None:
    """gunicorn quotes a request target it cannot parse in its error log and in its access log."""
    with fresh_database(tmp_path) as database, serving(database.env, "malformed") as server:
        (live,) = _issue_in(database.env)[:1]
        host, port = server.base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(f"GET /i/{live}/\u00e9 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            assert connection.recv(200).startswith(b"HTTP/1.1 400 ")
    texts = {path.name: path.read_text() for path in logs.folder().glob("malformed-*.log")}
    assert "Invalid HTTP request line: 'GET /i/[redacted]/" in texts["malformed-error.log"]
    for name, text in texts.items():
        assert live not in text, name


@pytest.mark.last
def test_4_no_log_of_this_run_holds_an_issued_token(run_logs: Path) -> None:
    """Runs after every other test, the browser tests included, and reads everything they logged."""
    texts = {path.name: path.read_text(errors="replace") for path in sorted(run_logs.iterdir())}
    assert texts["django.log"], "the run logged nothing: the log capture is broken"
    issued = set(logs.ISSUED)
    if not issued:  # this test alone: issue a link and make the app log it
        token = issue_link(make_couple(make_therapist("only")).partner_a)
        Client().post(f"/i/{token}/", {"x": "1"}, REMOTE_ADDR="192.0.2.1")
        Client(enforce_csrf_checks=True).post(f"/i/{token}/", {"x": "1"})
        issued = {token}
        texts = {path.name: path.read_text(errors="replace") for path in sorted(run_logs.iterdir())}
    leaks = [(name, token[:6]) for name, text in texts.items() for token in issued if token in text]
    shaped = [(name, match[:9]) for name, text in texts.items() for match in TOKEN_LINK.findall(text)]
    assert not leaks and not shaped, f"tokens in the logs under {run_logs}: {leaks + shaped}"
    assert any("/i/[redacted]/" in text for text in texts.values())
