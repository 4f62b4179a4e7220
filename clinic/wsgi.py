"""WSGI entry point: `gunicorn clinic.wsgi` (with the shipped gunicorn.conf.py).

Before serving, the key canary must open under ATTUNE_ENCRYPTION_KEYS: a wrong key stops the
worker here, with the reason in the error log, instead of answering 500 and sealing new answers
under it. A database that cannot be reached yet does not stop the start: /readyz reports it, and
nothing is sealed before the canary has been checked.
"""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
application = get_wsgi_application()


def _check_keys_at_start() -> None:
    from django.db import DatabaseError

    from intake.canary import require_keys
    from intake.crypto import SealingRefused

    try:
        require_keys()
    except SealingRefused as refused:
        logging.getLogger("attune").critical("Refusing to serve (attune.E004): %s", refused)
        raise  # the worker stops; gunicorn stops when no worker can boot
    except DatabaseError as error:
        logging.getLogger("attune").warning("Key canary not checked at start: database unavailable (%s).", error)


_check_keys_at_start()
