"""Two app servers on one database share sessions, rate limits and cached PDFs: no state lives
in one worker's memory or on its disk."""

import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests import logs

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[str], dict]]:
    var = tmp_path_factory.mktemp("scaling")
    env = {
        **os.environ,
        "ATTUNE_VAR_DIR": str(var),
        "ATTUNE_DEBUG": "0",
        "ATTUNE_SSL_REDIRECT": "0",
        "ATTUNE_SECRET_KEY": secrets.token_urlsafe(50),
        "ATTUNE_ALLOWED_HOSTS": "127.0.0.1",
        "ATTUNE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ATTUNE_REQUIRE_2FA": "0",
        "ATTUNE_TOKEN_FAILURE_LIMIT": "4",
        "BENCH_COUPLES": "3",
    }
    env.pop("DATABASE_URL", None)  # a file database of its own, shared by both servers
    for command in (["manage.py", "migrate", "-v0"], ["manage.py", "createcachetable"]):
        subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True)
    seed = json.loads(
        subprocess.run(
            [sys.executable, "bench/seed.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    servers, bases = [], []
    for number in range(2):
        port = _free_port()
        command = [GUNICORN, "clinic.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
        with logs.server_stderr(f"scaling-{number}") as stderr:  # this run's log folder (tests/logs.py)
            servers.append(
                subprocess.Popen(
                    [*command, *logs.server_logs(f"scaling-{number}")],
                    cwd=ROOT,
                    env=env,
                    stderr=stderr,
                    start_new_session=True,
                )
            )
        bases.append(f"http://127.0.0.1:{port}")
    for base in bases:
        deadline = time.monotonic() + 60  # a loaded machine can take a while to start two servers
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    seed["database"] = str(var / "attune.sqlite3")
    yield bases, seed
    for server in servers:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)


class PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies over loopback HTTP: TLS ends at the proxy in production."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return True


def _opener(jar: http.cookiejar.CookieJar) -> urllib.request.OpenerDirector:
    jar.set_policy(PlainHttpPolicy())

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object) -> None:
            return None

    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def _fetch(opener: urllib.request.OpenerDirector, url: str, data: dict | None = None) -> tuple[int, bytes]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        response = opener.open(url, data=body, timeout=60)
        return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_session_made_on_one_server_works_on_the_other(two_servers: tuple[list[str], dict]) -> None:
    (one, two), _seed = two_servers
    jar = http.cookiejar.CookieJar()
    opener = _opener(jar)
    _status, page = _fetch(opener, one + "/accounts/login/")
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    token = found.group(1).decode()
    status, _ = _fetch(
        opener,
        one + "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": "bench", "password": "bench-password-not-secret"},
    )
    assert status == 302
    assert _fetch(opener, two + "/couples/")[0] == 200


def test_a_rate_limit_counted_on_one_server_holds_on_the_other(two_servers: tuple[list[str], dict]) -> None:
    (one, two), _seed = two_servers
    opener = _opener(http.cookiejar.CookieJar())
    statuses = [_fetch(opener, f"{base}/i/guessing-{i}/")[0] for i, base in enumerate([one, two, one, two, one, two])]
    assert statuses[:4] == [404] * 4 and statuses[4:] == [429, 429]


def test_a_pdf_rendered_by_one_server_is_served_by_the_other_from_the_cache(
    two_servers: tuple[list[str], dict],
) -> None:
    (one, two), seed = two_servers
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(
        http.cookiejar.Cookie(
            0,
            "sessionid",
            seed["therapist_cookie"],
            None,
            False,
            "127.0.0.1",
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
    )
    opener = _opener(jar)
    path = f"/couples/{seed['answered']}/handout.pdf"
    status, first = _fetch(opener, one + path)
    assert status == 200 and first.startswith(b"%PDF-")
    cached = _pdf_cache_entries(seed["database"])
    assert len(cached) == 1
    time.sleep(1.1)  # a render on the second server would store the PDF again, with a later expiry
    status, second = _fetch(opener, two + path)
    assert status == 200 and second == first
    assert _pdf_cache_entries(seed["database"]) == cached


def _pdf_cache_entries(database: str) -> list[tuple[str, str]]:
    import sqlite3

    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT cache_key, expires FROM attune_cache WHERE cache_key LIKE '%pdf:%'"
        ).fetchall()
