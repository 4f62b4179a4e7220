"""Fixed-shape SQL statements for the dashboard's reads, written once per process from the models' own names.

Building a dashboard query through the ORM (its joins, its order, its subqueries) cost more CPU than the database
took to answer it, and its converters then made a UUID and an aware datetime of every value through one call each
(bench/README.md, "The page targets (issue 18, sixth part)"). The statements here are plain text with `{Model}` and
`{Model_field}` names filled in from the models' metadata, quoted for the database; every value, and only values,
goes as a parameter (as `intake.models.answer_rows` does for the partner's pages). Nothing here is kept but the
statements' text: no value read from the database outlives the request that read it.
"""

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Model


@lru_cache(maxsize=64)
def names(*models: type[Model]) -> dict[str, str]:
    """`{Couple}` the table, `{Couple_name}` a column (a relation by its field's name: `{Partner_couple}`), quoted
    for the project's one database. Worked out once per process; read only."""
    quote = connection.ops.quote_name
    found: dict[str, str] = {}
    for model in models:
        found[model.__name__] = quote(model._meta.db_table)
        for field in model._meta.concrete_fields:
            found[f"{model.__name__}_{field.name}"] = quote(str(field.column))
    return found


def placeholders(count: int) -> str:
    """A parameter list of `count` values (at least one: callers do not query for none)."""
    return ", ".join(["%s"] * count)


def stored(model: type[Model], values: list[Any]) -> list[Any]:
    """Primary keys as the database stores them (a UUID's hex on SQLite, the UUID itself on PostgreSQL)."""
    field = model._meta.pk
    if field is None:  # every model has one
        raise TypeError(f"{model.__name__} has no primary key")
    return [field.get_db_prep_value(value, connection) for value in values]


def read_uuid(value: Any) -> UUID:
    """A UUID read back: PostgreSQL's driver gives one already, SQLite gives its hex."""
    return value if isinstance(value, UUID) else UUID(value)


def read_datetime(value: datetime | None) -> datetime | None:
    """A stored moment, aware: SQLite's columns are read naive in UTC (USE_TZ stores them so), PostgreSQL's aware."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def execute(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
