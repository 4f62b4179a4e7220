"""Model rows read through a statement written once per process, for the few reads every view of a page makes.

Building a query through the ORM (its joins, columns and conditions) took longer than the database took to answer
it on the plan pages (bench/README.md, sixth part). A page that reads one fixed shape of row on every view writes
its statement once from the models' own names (`columns`, `table`, `column`), passes every value as a parameter
(`parameter`), and makes model instances from the row as the ORM would (`instance`: every concrete field read,
each converted as the database's backend converts it), so what the page reads is the same as before.
"""

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from django.db import connections, models, router


def connection_for(model: type[models.Model]) -> Any:
    return connections[router.db_for_read(model)]


def table(model: type[models.Model]) -> str:
    return str(connection_for(model).ops.quote_name(model._meta.db_table))


def column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return str(connection_for(model).ops.quote_name(field.column))


def columns(model: type[models.Model], alias: str, only: tuple[str, ...] = ()) -> str:
    """Every concrete column of `model` (or those of `only`), in the order `instance` reads them, each qualified by
    `alias`."""
    return ", ".join(f"{alias}.{column(model, field.name)}" for field in _fields(model, only))


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
