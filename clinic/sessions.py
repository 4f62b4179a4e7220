"""Sessions in the database, surviving a database that cannot be written for a moment.

Updating an existing session (a partner's last-seen time, a therapist's idle timer) is not worth
a failed page when the database is read-only or full: the update is skipped and logged, and the
request goes on. Making a new session (sign-in, opening a private link) and ending one (sign-out,
"leave quickly") still fail loudly, so nobody is signed in or left signed in by accident.
"""

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InternalError, OperationalError

logger = logging.getLogger("attune")


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            super().save(must_create=must_create)
            return
        try:
            super().save()
        except UpdateError as error:
            # Django reports every failed update as UpdateError ("the session was deleted meanwhile");
            # the database error it replaced tells a refused write apart from a session really gone.
            refusal = error.__context__
            if not isinstance(refusal, OperationalError | InternalError):
                raise
            logger.warning("A session update was skipped: the database refused the write (%s).", refusal)
