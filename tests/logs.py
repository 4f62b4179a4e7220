"""Every log line this test run produces, kept in one folder, and every private link it issues.

Django's console handler (the one production logs through) writes a copy of each line to
`django.log`; the servers tests start (gunicorn with the shipped gunicorn.conf.py) write their
access log, error log and standard error there too. The last test of the run reads them all and
looks for any issued link (tests/security/test_attack_logs.py).
"""

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest

ISSUED: set[str] = set()
_folder: list[Path] = []


def folder() -> Path:
    return _folder[0]


class Tee:
    """A stream that writes to the original and to a file."""

    def __init__(self, original: IO[str], copy: IO[str]) -> None:
        self.original, self.copy = original, copy

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.original.write(text)

    def flush(self) -> None:
        self.copy.flush()
        self.original.flush()


def _remember_issued_tokens(patch: pytest.MonkeyPatch) -> None:
    from intake.models import Invitation

    issue = Invitation.issue.__func__  # type: ignore[attr-defined]  # the function behind the classmethod

    def issue_and_remember(cls: Any, partner: Any, by: Any, check_in: Any = None) -> Any:
        invitation, token = issue(cls, partner, by, check_in=check_in)
        ISSUED.add(token)
        return invitation, token

    patch.setattr(Invitation, "issue", classmethod(issue_and_remember))


@contextmanager
def capture(into: Path) -> Iterator[None]:
    _folder.append(into)
    consoles = [
        h for h in logging.getLogger().handlers if h.get_name() == "console" and isinstance(h, logging.StreamHandler)
    ]
    for handler in consoles:
        if getattr(handler.stream, "closed", False):
            # Configured during an earlier pytest session in this process (mutmut runs several), whose captured
            # stderr is closed now: write where a fresh configuration would, this session's stderr.
            handler.stream = sys.stderr
    with (into / "django.log").open("a") as copy, pytest.MonkeyPatch.context() as patch:
        originals = [(h, h.setStream(Tee(h.stream, copy))) for h in consoles]
        _remember_issued_tokens(patch)
        try:
            yield
        finally:
            for handler, original in originals:
                handler.setStream(original)


def server_logs(name: str) -> list[str]:
    """gunicorn options that put a server's access and error logs into this run's log folder."""
    return [
        "--access-logfile",
        str(folder() / f"{name}-access.log"),
        "--error-logfile",
        str(folder() / f"{name}-error.log"),
    ]


def server_stderr(name: str) -> IO[str]:
    """A file for a server's standard error (where Django's own log lines go), in this run's log folder."""
    return (folder() / f"{name}-stderr.log").open("a")
