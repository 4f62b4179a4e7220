"""Sessions in the database, surviving a database that cannot be written for a moment.

Updating an existing session (a partner's last-seen time, a therapist's idle timer) is not worth
a failed page when the database is read-only or full: the update is skipped and logged, and the
request goes on. Making a new session (sign-in, opening a private link) and ending one (sign-out,
"leave quickly") still fail loudly, so nobody is signed in or left signed in by accident.
"""

import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InternalError, OperationalError

logger = logging.getLogger("attune")


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        if must_create:
            super().save(must_create=True)
            return
        try:
            super().save()
        except (OperationalError, InternalError) as error:
            logger.warning("A session update was skipped: the database refused the write (%s).", error)
