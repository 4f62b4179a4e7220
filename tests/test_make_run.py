"""`make run` on another port prints links to that port, and they open the intake there; ATTUNE_BASE_URL, when
set, decides the links instead. Runs the real target on a database of its own, then stops the server it started."""

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.servers import ROOT, free_port

MAKE = shutil.which("make") or "/usr/bin/make"
LINK = re.compile(r"^intake link \(.+\): (\S+)$")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@contextmanager
def make_run(
    tmp_path: Path, environment: dict[str, str] | None = None, **variables: str
) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """`make run` with `variables` on a fresh SQLite file; yields the process and the links it printed."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "ATTUNE_BASE_URL")}
    env.update({"ATTUNE_VAR_DIR": str(tmp_path), "ATTUNE_DEBUG": "1", "PYTHONUNBUFFERED": "1", **(environment or {})})
    arguments = [f"{name}={value}" for name, value in variables.items()]
    process = subprocess.Popen(
        [MAKE, "--no-print-directory", "run", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the server and its reloader stop together
    )
    try:
        yield process, _links(process)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _links(process: subprocess.Popen[str], timeout: float = 240) -> list[str]:
    """The intake links printed before the server says where it serves."""
    links: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    for line in process.stdout:
        if found := LINK.match(line.strip()):
            links.append(found[1])
        if line.startswith("Serving Attune on") or time.monotonic() > deadline:
            return links
    raise AssertionError(f"make run stopped (exit {process.wait()}) before serving")


def _opens(url: str) -> int:
    """The status the first request to `url` answers, retried while the server is still starting."""
    opener = urllib.request.build_opener(NoRedirect)
    for _attempt in range(60):
        try:
            return opener.open(url, timeout=5).status
        except urllib.error.HTTPError as answer:
            return answer.code
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"nothing answered at {url}")


def test_make_run_on_another_port_prints_links_to_that_port(tmp_path: Path) -> None:
    port = free_port()
    with make_run(tmp_path, HOST="127.0.0.1", PORT=str(port)) as (_process, links):
        assert links, "make run printed no intake link"
        assert all(link.startswith(f"http://127.0.0.1:{port}/i/") for link in links), links
        assert _opens(links[0]) == 303  # the link works where it points: exchanged for a session


def test_attune_base_url_decides_the_links_when_set(tmp_path: Path) -> None:
    port = free_port()
    environment = {"ATTUNE_BASE_URL": "https://attune.example.org"}
    with make_run(tmp_path, environment, HOST="127.0.0.1", PORT=str(port)) as (_process, links):
        assert links and all(link.startswith("https://attune.example.org/i/") for link in links), links
        assert _opens(f"http://127.0.0.1:{port}/healthz") == 200
