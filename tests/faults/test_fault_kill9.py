"""`kill -9` of gunicorn workers while partners save: every save a partner was told succeeded (a 303) is
in the database afterwards, on SQLite and on PostgreSQL.

Eight partners answer all ten steps three times over (changing their answers each round) against two
workers, while another thread kills a serving worker with SIGKILL every second or so. A partner whose request
dies with its worker presses the button again, as a person would; gunicorn starts a new worker each
time. What must be in the database is each step's last acknowledged answers.
"""

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, cast

from cryptography.fernet import Fernet

from intake.models import SAFETY_KEYS, SEALED_KEYS
from intake.questionnaire import QUESTIONNAIRE
from tests import logs
from tests.intake_steps import step_data
from tests.servers import ROOT, Browser, Database, Server, fresh_database, serving

PARTNERS = 8
ROUNDS = 3
MIN_KILLS = 5
DEADLINE_SECONDS = 300


def _seed(database: Database) -> list[dict[str, str]]:
    script = [sys.executable, "tests/faults/seed_partners.py", str(PARTNERS)]
    output = subprocess.run(script, cwd=ROOT, env=database.env, capture_output=True, text=True, check=True).stdout
    partners = json.loads(output.splitlines()[-1])
    logs.ISSUED.update(p["token"] for p in partners)
    return partners


class Partner:
    """One partner's browser, pressing each button again until the server says the step is saved."""

    def __init__(self, base: str, token: str, index: int, kills: list[int], answered: list[str]) -> None:
        self.browser, self.token, self.index, self.kills = Browser(base), token, index, kills
        self.answered = answered  # every acknowledged request of every partner, for the killer's pace
        self.acknowledged: dict[int, dict[str, str]] = {}
        self.interrupted = 0
        self.error = ""

    def _until_done(self, path: str, data: dict[str, str] | None, expected: int) -> None:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:
            try:
                status, _body = self.browser.request(path, data)
            except (OSError, http.client.HTTPException):
                status = 0  # the worker died under this request
            if status == expected:
                self.answered.append(path)
                return
            self.interrupted += 1
            time.sleep(0.2)
        raise TimeoutError(f"{path} never answered {expected}")

    def run(self) -> None:
        try:
            self._until_done(f"/i/{self.token}/", None, 303)
            self._until_done("/i/welcome/", None, 200)  # the CSRF cookie
            self._until_done("/i/welcome/", {"agree": "on"}, 303)
            round_, deadline = 0, time.monotonic() + DEADLINE_SECONDS
            # At least ROUNDS rounds, and more until enough workers have died under the partners.
            while (round_ < ROUNDS or len(self.kills) < MIN_KILLS) and time.monotonic() < deadline:
                round_ += 1
                for number, section in enumerate(QUESTIONNAIRE.sections, start=1):
                    data = step_data(section, pick=self.index + round_)
                    if section.key == "thoughts":
                        data.update(
                            free_reason=f"Reason {self.index}.{round_}", free_hope=f"Hope {self.index}.{round_}"
                        )
                    self._until_done(f"/i/step/{number}/", data, 303)
                    self.acknowledged[number] = data
        except Exception as error:  # reported by the test, with the partner it happened to
            self.error = f"{type(error).__name__}: {error}"


def _workers(server: Server) -> list[int]:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _kill_workers(server: Server, stop: threading.Event, kills: list[int], answered: list[str]) -> None:
    """Kill a worker that has been up a while (so it has booted and is serving: eight partners keep two busy), and
    only once some request was answered since the last kill: on a loaded machine a worker can take longer than a
    second to boot and serve, and killing on the clock alone then killed every worker before it answered anything,
    so no partner got through in five minutes (bench/README.md, "A flaky test, found")."""
    first_seen: dict[int, float] = {}
    answered_at_last_kill = 0
    while not stop.wait(random.uniform(0.4, 0.8)):
        now = time.monotonic()
        workers = [pid for pid in _workers(server) if now - first_seen.setdefault(pid, now) > 1.0]
        if workers and len(answered) > answered_at_last_kill:
            answered_at_last_kill = len(answered)
            victim = random.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
                kills.append(victim)
            except ProcessLookupError:
                pass


def _stored(database: Database) -> dict[tuple[str, str], int | str]:
    box = Fernet(database.env["ATTUNE_ENCRYPTION_KEYS"].encode())
    stored: dict[tuple[str, str], int | str] = {}
    for partner, key, value, sealed in database.rows(
        "SELECT partner_id, item_key, value_int, sealed FROM intake_answer"
    ):
        if key in SEALED_KEYS:
            value = box.decrypt(sealed.encode()).decode()
            value = int(value) if key in SAFETY_KEYS else value
        stored[(str(partner).replace("-", ""), key)] = value
    return stored


def test_every_acknowledged_save_survives_workers_killed_mid_save(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as database:
        seeded = _seed(database)
        with serving(database.env, "kill9", workers=2) as server:
            stop, kills, answered = threading.Event(), cast(list[int], []), cast(list[str], [])
            partners = [Partner(server.base, p["token"], i, kills, answered) for i, p in enumerate(seeded)]
            killer = threading.Thread(target=_kill_workers, args=(server, stop, kills, answered))
            threads = [threading.Thread(target=p.run) for p in partners]
            killer.start()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(DEADLINE_SECONDS + 30)
            stop.set()
            killer.join(10)
        stored = _stored(database)
    cut_off = sum(p.interrupted for p in partners)
    print(f"kill -9: {len(kills)} workers killed, {cut_off} requests cut off, all saves checked")  # for -rP
    assert not [p.error for p in partners if p.error], [p.error for p in partners]
    assert len(kills) >= MIN_KILLS and cut_off >= 1, (len(kills), "no save was ever cut off")
    for partner, seed in zip(partners, seeded, strict=True):
        assert sorted(partner.acknowledged) == list(range(1, QUESTIONNAIRE.step_count + 1))
        owner = seed["partner"].replace("-", "")
        for number, data in partner.acknowledged.items():
            for item in QUESTIONNAIRE.sections[number - 1].items:
                if item.key not in data:  # an optional item the partner left empty
                    continue
                expected: Any = data[item.key] if item.key in SEALED_KEYS - SAFETY_KEYS else int(data[item.key])
                assert stored[(owner, item.key)] == expected, (partner.index, number, item.key)
