"""The access log is insert-only in the database too, not only in the app: triggers on SQLite and
PostgreSQL refuse every UPDATE and DELETE of `clinic_accesslog` (and TRUNCATE on PostgreSQL).

One update is let through: when an account is deleted, its entries lose the link to it (the foreign
key is set to NULL) and keep everything else, the username included.

The triggers are installed by a migration and again after every `migrate` (SQLite rebuilds a table,
dropping its triggers, whenever a migration alters it). `manage.py flush`, which empties every table,
lifts them for its duration (clinic/management/commands/flush.py).
"""

from collections.abc import Iterable

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "clinic_accesslog"
REFUSAL = "the access log is append-only"

_SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]
_POSTGRES_CREATE = [
    f"""CREATE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation';
END;
$$""",
    f"""CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()""",
]


def _sqlite_create(columns: Iterable[str]) -> list[str]:
    # SQLite has no row comparison: every column but user_id must be unchanged, and user_id must become NULL.
    unchanged = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in columns if c != "user_id")
    return [
        f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
WHEN NOT (NEW.user_id IS NULL AND {unchanged})
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
        f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    ]


def remove(connection: BaseDatabaseWrapper) -> None:
    statements = _POSTGRES_DROP if connection.vendor == "postgresql" else _SQLITE_DROP
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper, columns: Iterable[str]) -> None:
    """(Re)create the triggers for a table with these columns; a no-op before the table exists."""
    if TABLE not in connection.introspection.table_names():
        return
    remove(connection)
    statements = _POSTGRES_CREATE if connection.vendor == "postgresql" else _sqlite_create(columns)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def installed(connection: BaseDatabaseWrapper) -> bool:
    """Whether the triggers are in place (the tests and the deploy check ask)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE])
            return cursor.fetchone()[0] == 2
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        return cursor.fetchone()[0] == 2


def install_after_migrate(sender: object, using: str = "default", **kwargs: object) -> None:
    """Connected to post_migrate: the current model's columns, whatever the migrations did to the table."""
    from django.db import connections

    from clinic.models import AccessLog

    install(connections[using], [field.column for field in AccessLog._meta.concrete_fields if field.column])
