"""Backups of Attune's database, and restoring one (`manage.py backup`, `manage.py restore`).

A backup is a folder `attune-backup-<UTC time>/`, readable by its owner only, holding the
database (`database.sqlite3` from SQLite's online backup, or `database.pgdump` from pg_dump) and
`manifest.json`: when, which engine, the migrations applied, the data file's SHA-256, and the
fingerprints of the encryption keys its sealed values need. Never a key: keys live apart from
backups (README, "Backups and keys"). Sessions and the cache are left out; everyone signs in
again after a restore.

The fingerprints are taken from exactly what was copied: the SQLite copy itself, or on PostgreSQL
the snapshot that pg_dump reads (one exported snapshot for both).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.db import connection, connections, transaction

from intake.crypto import fingerprint

FORMAT = "attune-backup-1"
SEALED_COLUMNS = [
    ("intake_answer", "sealed"),
    ("intake_checkinanswer", "sealed"),
    ("clinic_planversion", "sealed"),
    ("clinic_outcomesettings", "sealed_note"),
    ("clinic_formdraft", "sealed"),
    ("intake_keycanary", "sealed"),
]
LEFT_OUT = ["django_session", "attune_cache"]  # sessions and the cache: nothing worth restoring
PG_LOCK_TIMEOUT = "-c lock_timeout=15s"  # a restore waiting on a running app server fails instead of hanging


class BackupError(Exception):
    """Something a person must fix before the backup or restore can go ahead; the message says what."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def keys_needed(tokens: Iterable[str], keys: Iterable[str]) -> tuple[set[str], int]:
    """Fingerprints of the keys that open these sealed values, and how many values none of them opens."""
    boxes = [(fingerprint(key), Fernet(key.encode())) for key in keys]
    needed: set[str] = set()
    unreadable = 0
    for token in tokens:
        for name, box in boxes:
            try:
                box.decrypt(token.encode())
            except InvalidToken:
                continue
            needed.add(name)
            break
        else:
            unreadable += 1
    return needed, unreadable


def _sealed_tokens(cursor: Any) -> Iterable[str]:
    for table, column in SEALED_COLUMNS:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608 (fixed names above)
        for (token,) in cursor.fetchall():
            yield token


def _migrations(cursor: Any) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = name  # names start with their number, so the last in order is the newest
    return latest


def _private_folder(parent: Path) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    folder = parent / f"attune-backup-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    folder.mkdir(mode=0o700)
    return folder


def make_backup(parent: Path, keys: tuple[str, ...]) -> Path:
    """Back the configured database up into a new folder under `parent`; returns the folder."""
    folder = _private_folder(parent)
    try:
        if connection.vendor == "postgresql":
            details = _backup_postgresql(folder / "database.pgdump", keys)
        else:
            details = _backup_sqlite(folder / "database.sqlite3", keys)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    data = folder / details.pop("file")
    os.chmod(data, 0o600)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "engine": connection.vendor,
        "file": data.name,
        "sha256": _sha256(data),
        "bytes": data.stat().st_size,
        **details,
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    os.chmod(path, 0o600)
    return folder


def _backup_sqlite(target: Path, keys: tuple[str, ...]) -> dict[str, Any]:
    source = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # SQLite's online backup: a consistent copy while Attune keeps serving
        for table in LEFT_OUT:
            copy.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names above)
        copy.commit()
        copy.execute("VACUUM")  # the deleted rows leave no trace in free pages
        cursor = copy.cursor()
        needed, unreadable = keys_needed(_sealed_tokens(cursor), keys)
        migrations = _migrations(cursor)
    finally:
        copy.close()
        source.close()
    return {"file": target.name, "keys_needed": sorted(needed), "unreadable": unreadable, "migrations": migrations}


def _pg_environment() -> dict[str, str]:
    settings = connections["default"].settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or ""), "PGOPTIONS": PG_LOCK_TIMEOUT}
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _pg_target() -> list[str]:
    settings = connections["default"].settings_dict
    target = [f"--dbname={settings['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            target.append(f"{option}={settings[key]}")
    return target


def _pg_tool(name: str) -> str:
    folder = os.environ.get("ATTUNE_PG_BIN")
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool or not Path(tool).exists():
        raise BackupError(f"{name} was not found: install the PostgreSQL client tools or set ATTUNE_PG_BIN.")
    return tool


def _run(command: list[str]) -> None:
    # The PostgreSQL client tools with arguments built here from the settings; no shell.
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _backup_postgresql(target: Path, keys: tuple[str, ...]) -> dict[str, Any]:
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for everything: the fingerprints describe exactly the rows pg_dump copies.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        needed, unreadable = keys_needed(_sealed_tokens(cursor), keys)
        migrations = _migrations(cursor)
        dump = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        dump += [f"--exclude-table-data={table}" for table in LEFT_OUT]
        _run([*dump, f"--file={target}", *_pg_target()])
    return {"file": target.name, "keys_needed": sorted(needed), "unreadable": unreadable, "migrations": migrations}


def read_backup(folder: Path) -> dict[str, Any]:
    """The manifest of a backup folder, after checking that its data file is whole."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} is not an Attune backup: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is not an Attune backup of a format this version reads.")
    data = folder / manifest["file"]
    if not data.is_file() or _sha256(data) != manifest["sha256"]:
        raise BackupError(f"{data} is missing or damaged (its SHA-256 does not match the manifest).")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"This is a {manifest['engine']} backup and Attune is configured for {connection.vendor}: "
            "restore it into the same kind of database."
        )
    return manifest


def missing_keys(manifest: dict[str, Any], keys: Iterable[str]) -> list[str]:
    """Fingerprints the backup needs that none of `keys` has."""
    have = {fingerprint(key) for key in keys}
    return [name for name in manifest["keys_needed"] if name not in have]


def restore_database(folder: Path, manifest: dict[str, Any]) -> None:
    """Replace the configured database's content with the backup's (the caller has confirmed)."""
    data = folder / manifest["file"]
    connections.close_all()
    if manifest["engine"] == "postgresql":
        restore = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        _run([*restore, "--single-transaction", *_pg_target(), str(data)])
        return
    source = sqlite3.connect(f"file:{data}?mode=ro", uri=True)
    live = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    try:
        source.backup(live)  # page by page into the live file, under SQLite's own locking
    finally:
        live.close()
        source.close()
