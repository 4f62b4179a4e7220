"""A logging filter that keeps intake tokens out of every log line.

Django's request and dev-server loggers record the request path; for
`/i/<token>/` that path is the partner's secret link.
"""

import logging
import re

# Any first segment under /i/ except the intake's own page names may be a token (or a guess at one).
TOKEN_PATH = re.compile(r"/i/(?!(?:welcome|step|support|review|done|leave)/)[^/\s\"?]+/")
REDACTED = "/i/[redacted]/"


def redact(text: str) -> str:
    return TOKEN_PATH.sub(REDACTED, text)


class RedactIntakeTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        # The request object rides along on django.request records; handlers that
        # format it (e.g. AdminEmailHandler) would print the path again.
        if hasattr(record, "request"):
            record.request = None
        return True
