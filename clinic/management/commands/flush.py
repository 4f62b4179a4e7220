"""`manage.py flush`, which empties every table, with the access log's append-only triggers lifted for it.

Emptying the whole database (the test suite does it after every test that commits) is the end of the
database, not an edit of its log; the triggers come back as soon as the tables are empty.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from clinic import accesslog_guard
from clinic.models import AccessLog


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database", DEFAULT_DB_ALIAS)]
        accesslog_guard.remove(connection)
        try:
            super().handle(**options)
        finally:
            accesslog_guard.install(
                connection, [field.column for field in AccessLog._meta.concrete_fields if field.column]
            )
