"""Faults made on purpose in the database the run uses, on Django's own connection.

SQLite's own limits make them real: `max_page_count` (a full disk: the file may not grow),
`query_only` (a read-only database) and a second connection holding the write lock. PostgreSQL's
are real too, read-only transactions and a row lock held elsewhere, except the full disk: making
one needs a small filesystem and root, so a trigger raises PostgreSQL's own disk-full error
(SQLSTATE 53100), which the driver and Django then handle exactly as a full disk's.
"""

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import psycopg
import pytest
from django.db import connection

from intake.models import Partner

Fault = Callable[[Partner], AbstractContextManager[None]]


def _execute(*statements: str) -> None:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@contextmanager
def disk_full(partner: Partner) -> Iterator[None]:
    if connection.vendor == "postgresql":
        _execute(
            "CREATE FUNCTION attune_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END; $$",
            "CREATE TRIGGER attune_test_disk_full BEFORE INSERT ON intake_answer "
            "FOR EACH ROW EXECUTE FUNCTION attune_test_disk_full()",
        )
        try:
            yield
        finally:
            _execute("DROP TRIGGER attune_test_disk_full ON intake_answer", "DROP FUNCTION attune_test_disk_full()")
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE attune_test_filler (x BLOB)")
        cursor.execute("PRAGMA page_count")
        cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
        try:  # use up every free page, so the next write that needs one finds the disk full
            while True:
                cursor.execute("INSERT INTO attune_test_filler VALUES (randomblob(3000))")
        except Exception as full:
            assert "full" in str(full)
    try:
        yield
    finally:
        _execute("PRAGMA max_page_count = 1073741823", "DROP TABLE attune_test_filler")


@contextmanager
def read_only(partner: Partner) -> Iterator[None]:
    if connection.vendor == "postgresql":
        _execute("SET default_transaction_read_only = on")
        try:
            yield
        finally:
            _execute("SET default_transaction_read_only = off")
        return
    _execute("PRAGMA query_only = 1")
    try:
        yield
    finally:
        _execute("PRAGMA query_only = 0")


@contextmanager
def locked(partner: Partner) -> Iterator[None]:
    """Another connection holds what a save needs, longer than the save may wait."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        with psycopg.connect(url, password=settings.get("PASSWORD") or None) as other:
            other.execute("SELECT 1 FROM intake_partner WHERE id = %s FOR UPDATE", [partner.pk])
            _execute("SET lock_timeout = '300ms'")
            try:
                yield
            finally:
                _execute("SET lock_timeout = 0")
                other.rollback()
        return
    holder = sqlite3.connect(settings["NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # SQLite's write lock
    _execute("PRAGMA busy_timeout = 300")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        _execute(f"PRAGMA busy_timeout = {settings['OPTIONS']['timeout'] * 1000}")


FAULTS = {"disk-full": disk_full, "read-only": read_only, "locked": locked}


@pytest.fixture(params=sorted(FAULTS))
def fault(request: pytest.FixtureRequest) -> Fault:
    return FAULTS[request.param]
