"""Attune as a practice runs it, for tests that need a real server: gunicorn with the shipped
gunicorn.conf.py and production settings, on a database of its own (a fresh SQLite file, or a
fresh PostgreSQL database on the server this test run uses when DATABASE_URL is set).

Every server's logs go to this run's log folder (tests/logs.py).
"""

import http.cookiejar
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from cryptography.fernet import Fernet

from tests import logs

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Database:
    """A database of its own: the environment that points Attune at it, and a way to query it directly."""

    env: dict[str, str]

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if "DATABASE_URL" in self.env:
            with psycopg.connect(self.env["DATABASE_URL"]) as connection:
                return connection.execute(sql.replace("?", "%s"), params).fetchall()
        with sqlite3.connect(Path(self.env["ATTUNE_VAR_DIR"]) / "attune.sqlite3") as connection:
            return connection.execute(sql, params).fetchall()


def production_env(keys: str | None = None) -> dict[str, str]:
    """Production settings on loopback: plain HTTP (TLS ends at the proxy) and no code at sign-in."""
    return {
        "ATTUNE_DEBUG": "0",
        "ATTUNE_SECRET_KEY": secrets.token_urlsafe(50),
        "ATTUNE_ALLOWED_HOSTS": "127.0.0.1",
        "ATTUNE_ENCRYPTION_KEYS": keys or Fernet.generate_key().decode(),
        "ATTUNE_SSL_REDIRECT": "0",
        "ATTUNE_REQUIRE_2FA": "0",
    }


@contextmanager
def fresh_database(tmp: Path, keys: str | None = None) -> Iterator[Database]:
    """A migrated database of Attune's own, with production settings; dropped afterwards."""
    env = {**os.environ, **production_env(keys), "ATTUNE_VAR_DIR": str(tmp)}
    server_url = env.pop("DATABASE_URL", None)
    name = f"attune_test_{secrets.token_hex(4)}"
    if server_url:
        admin = server_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = server_url.rsplit("/", 1)[0] + "/" + name
    try:
        manage(env, "migrate", "-v0")
        manage(env, "createcachetable")
        yield Database(env)
    finally:
        if server_url:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]


def start_gunicorn(env: dict[str, str], name: str, workers: int = 1) -> Server:
    """gunicorn as the README runs it (`gunicorn clinic.wsgi` in the project folder, so gunicorn.conf.py applies)."""
    port = free_port()
    command = [GUNICORN, "clinic.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", *logs.server_logs(name)]
    with logs.server_stderr(name) as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=stderr, start_new_session=True)
    return Server(f"http://127.0.0.1:{port}", process)


def wait_until_serving(server: Server, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds  # a loaded machine can take a while to start
    while True:
        try:
            urllib.request.urlopen(server.base + "/healthz", timeout=1)
            return
        except OSError:
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def stop(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
    server.process.wait(30)


@contextmanager
def serving(env: dict[str, str], name: str, workers: int = 1) -> Iterator[Server]:
    server = start_gunicorn(env, name, workers)
    try:
        wait_until_serving(server)
        yield server
    finally:
        stop(server)


class PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies over loopback HTTP: TLS ends at the proxy in production."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object) -> None:
        return None


class Browser:
    """One person's browser: its own cookies, no redirects followed, the CSRF token sent back with posts."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar(PlainHttpPolicy())
        processor = urllib.request.HTTPCookieProcessor(self.jar)
        self.opener = urllib.request.build_opener(processor, NoRedirect)

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.csrf()}
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            response = self.opener.open(request, timeout=60)
            return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")
