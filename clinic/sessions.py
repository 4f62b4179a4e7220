"""Sessions in the database, surviving a database that cannot be written for a moment.

Updating an existing session (a partner's last-seen time, a therapist's idle timer) is not worth
a failed page when the database is read-only or full: the update is skipped and logged, and the
request goes on. Making a new session (sign-in, opening a private link) and ending one (sign-out,
"leave quickly") still fail loudly, so nobody is signed in or left signed in by accident.

Every page reads its session, so that read is one statement written once per process (`_read_sql`): building the
same one-row read through the ORM cost four times what the database took to answer it (bench/README.md, "sixth
part"). It reads what Django's own read does: the session's data, if its key is there and it has not expired.
"""

import logging
from functools import cache
from typing import Any, cast

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import InternalError, OperationalError, connections, router
from django.db.models import DateTimeField, Field
from django.utils import timezone

logger = logging.getLogger("attune")


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        connection = connections[router.db_for_read(Session)]
        expires = cast(DateTimeField, Session._meta.get_field("expire_date"))
        with connection.cursor() as cursor:
            cursor.execute(
                _read_sql(connection.vendor), [self.session_key, expires.get_db_prep_value(timezone.now(), connection)]
            )
            row = cursor.fetchone()
        if row is None:  # no such session, or it has expired: Django's own read forgets the key too
            self._session_key = None
            return {}
        return self.decode(row[0])

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


@cache
def _read_sql(vendor: str) -> str:
    # `vendor` is part of the key only: the names are quoted for that database. Only the model's own names are put
    # into the statement; the key and the time go as parameters.
    quote = connections[router.db_for_read(Session)].ops.quote_name
    meta = Session._meta
    data, key, expires = (
        quote(str(cast(Field, meta.get_field(name)).column)) for name in ("session_data", "session_key", "expire_date")
    )
    return f"SELECT {data} FROM {quote(meta.db_table)} WHERE {key} = %s AND {expires} > %s"  # noqa: S608
