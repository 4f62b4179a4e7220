"""On PostgreSQL, trigram indexes for the dashboard's name search (`icontains` on a couple's name and a partner's
name, which PostgreSQL writes as `UPPER(column) LIKE UPPER(%s)`): without them each search read every partner of the
database. pg_trgm ships with PostgreSQL and is a trusted extension, so the database's owner may create it. SQLite
searches a therapist's own couples through their index and needs nothing here."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEXES = (
    ("intake_couple_name_trgm", "intake_couple", "name"),
    ("intake_partner_display_name_trgm", "intake_partner", "display_name"),
)


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (upper({column}) gin_trgm_ops)")


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0008_csi4_language")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
