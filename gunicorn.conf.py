"""gunicorn's settings for Attune: `gunicorn clinic.wsgi` picks this file up from the project folder.

Its loggers (the access log and the error log) go through the same redaction as Django's, so a
partner's private link `/i/<token>/` never reaches a log line: not the request line, not the
Referer, not an error about a malformed request.
"""

import os

from gunicorn.glogging import Logger

from intake.logging import RedactIntakeTokens

wsgi_app = "clinic.wsgi"
bind = os.environ.get("ATTUNE_BIND", "127.0.0.1:8000")

# Two sync workers, one a core on the 2-core machine `make bench` measures. Five (gunicorn's "two a core plus one")
# served fewer pages a second there, not more: bench/README.md, "The workers".
workers = int(os.environ.get("ATTUNE_WORKERS") or 2)
# Both logs to the standard streams (journald, docker logs); `--access-logfile` and `--error-logfile` override.
accesslog = "-"
errorlog = "-"
# A PDF render may take up to its time budget; the worker must outlive it, or the render is cut short twice.
timeout = int(os.environ.get("ATTUNE_PDF_TIME_LIMIT_SECONDS", "60") or 60) + 30
graceful_timeout = 30
# No control socket in the home folder: nothing else on the host may manage Attune's workers through it.
control_socket_disable = True
# The request line, header count and header size gunicorn accepts (its defaults, written down).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190


class RedactingLogger(Logger):
    """gunicorn's logger with Attune's token redaction on every handler it sets up."""

    def setup(self, cfg: object) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, RedactIntakeTokens) for f in handler.filters):
                    handler.addFilter(RedactIntakeTokens())
            log.addFilter(RedactIntakeTokens())


logger_class = RedactingLogger
