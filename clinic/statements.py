"""Fixed-shape SQL statements, written once per process from the models' own names, for the reads a page makes on
every view.

Building such a query through the ORM (its joins, its order, its subqueries) cost more CPU than the database took to
answer it, and its converters then made a UUID and an aware datetime of every value through one call each
(bench/README.md, "The page targets (issue 18, sixth part)"). Two ways to write one, by what the page needs back:

- plain values (the dashboard): statements as text with `{Model}` and `{Model_field}` names filled in from the
  models' metadata (`names`), quoted for the database, and the few values read back as the page uses them
  (`read_uuid`, `read_datetime`);
- model instances (the plan pages, the drafts): `columns`, `table` and `column` name a model's columns in the order
  `instance` reads them, and `instance` makes the model from its row as the ORM would (every concrete field
  converted as the database's backend converts it).

Either way every value, and only values, goes as a parameter (`parameter`, `stored`), as
`intake.models.answer_rows` does for the partner's pages. Nothing here is kept but the statements' text and the
converters: no value read from the database outlives the request that read it.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from django.db import connection, connections, models, router
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


def connection_for(model: type[models.Model]) -> Any:
    return connections[router.db_for_read(model)]


def table(model: type[models.Model]) -> str:
    return str(connection_for(model).ops.quote_name(model._meta.db_table))


def column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return str(connection_for(model).ops.quote_name(field.column))


def columns(
    model: type[models.Model], alias: str, only: tuple[str, ...] = (), instead: tuple[tuple[str, str], ...] = ()
) -> str:
    """Every concrete column of `model` (or those of `only`), in the order `instance` reads them, each qualified by
    `alias`; a field named in `instead` is read through the expression given for it (`{column}` its column)."""
    given = dict(instead)

    def read(name: str) -> str:
        named = f"{alias}.{column(model, name)}"
        return given[name].format(column=named) if name in given else named

    return ", ".join(read(field.name) for field in _fields(model, only))


def width(model: type[models.Model]) -> int:
    return len(model._meta.concrete_fields)


def parameter(model: type[models.Model], name: str, value: Any) -> Any:
    """`value` as the database stores `model`'s field `name` (a UUID as SQLite's text, a datetime as its string)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field.get_db_prep_value(value, connection_for(model))


def instance[M: models.Model](model: type[M], values: Sequence[Any], only: tuple[str, ...] = ()) -> M:
    """A `model` instance from its concrete columns as `columns` listed them, converted as the ORM converts them
    (with `only`, the other fields are deferred, as `QuerySet.only` leaves them)."""
    connection = connection_for(model)
    converters = _converters(model, connection.vendor, only)
    converted = [convert(value) for convert, value in zip(converters, values, strict=True)]
    return model.from_db(connection.alias, [field.attname for field in _fields(model, only)], converted)


def _fields(model: type[models.Model], only: tuple[str, ...]) -> list["models.Field[Any, Any]"]:
    return [field for field in model._meta.concrete_fields if not only or field.name in only or field.primary_key]


@lru_cache(maxsize=32)
def _converters(model: type[models.Model], vendor: str, only: tuple[str, ...]) -> tuple[Callable[[Any], Any], ...]:
    # `vendor` is part of the key only: the backend's converters are that database's.
    connection = connection_for(model)

    def converter(field: "models.Field[Any, Any]") -> Callable[[Any], Any]:
        col = field.get_col(model._meta.db_table)
        steps = [*connection.ops.get_db_converters(col), *field.get_db_converters(connection)]

        def convert(value: Any) -> Any:
            for step in steps:
                value = step(value, col, connection)
            return value

        return convert

    return tuple(converter(field) for field in _fields(model, only))
