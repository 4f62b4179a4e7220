"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and the worker run as it runs.

The worker is Django's task framework's database worker (`manage.py db_worker --batch`) run in this process:
it takes every task that is due at the (possibly frozen) time and runs it through its own code path.
"""

import email
import email.policy
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from io import StringIO
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

LINK = re.compile(r"https?://[^\s<>\"]+/i/[^\s<>\"/]+/(?:stop/)?")


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return part.get_content().replace("\r\n", "\n")

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        assert part is not None
        return part.get_content()

    @property
    def everything(self) -> str:
        """Headers and both parts, decoded: what a privacy check must read."""
        headers = "\n".join(f"{name}: {value}" for name, value in self.message.items())
        return f"{headers}\n{self.text}\n{self.html}"

    def links(self) -> list[str]:
        return LINK.findall(self.text)

    def intake_links(self) -> list[str]:
        return [link for link in self.links() if not link.endswith("/stop/")]


@dataclass
class Recorder:
    """aiosmtpd's handler: keeps each message, or answers "try later" while `refuse` is above zero."""

    received: list[Received] = field(default_factory=list)
    refuse: int = 0
    refused: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse > 0:
            self.refuse -= 1
            self.refused += 1
            return "451 4.3.0 Mail server busy, try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Recorder]:
    """A mail server on loopback, and Attune's mailer pointed at it (no TLS: it is this machine)."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    try:
        yield recorder
    finally:
        controller.stop()


def run_worker() -> None:
    """Run every task due now through the real worker, and fail if any task failed."""
    from django_tasks_db.models import DBTaskResult

    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, worker_id="test", stdout=StringIO()
    )
    failed = list(DBTaskResult.objects.filter(status="FAILED").values_list("task_path", "traceback"))
    assert not failed, failed
