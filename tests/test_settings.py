"""Settings come from the environment and fail loudly on bad values."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from clinic.checks import check_secret_key
from clinic.settings import DEV_SECRET_KEY, database_config, env_bool, env_int, env_list
from intake.models import Couple


def test_postgres_url_selects_postgresql() -> None:
    config = database_config("postgres://attune:s3cret@db.internal:6543/attune_prod", Path("/unused.sqlite3"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 6543, "attune_prod")
    assert (config["USER"], config["PASSWORD"]) == ("attune", "s3cret")
    assert config["CONN_MAX_AGE"] > 0


def test_postgresql_binds_values_on_the_server_and_prepares_statements_unless_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "postgres://attune:s3cret@db.internal:6543/attune_prod"
    monkeypatch.delenv("ATTUNE_DB_PREPARED", raising=False)
    options = database_config(url, Path("/unused.sqlite3"))["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5
    monkeypatch.setenv("ATTUNE_DB_PREPARED", "0")  # a pooler that cannot keep prepared statements
    options = database_config(url, Path("/unused.sqlite3")).get("OPTIONS", {})
    assert "server_side_binding" not in options and "prepare_threshold" not in options


def test_no_url_selects_sqlite_in_wal_mode_with_immediate_transactions(tmp_path: Path) -> None:
    config = database_config(None, tmp_path / "var" / "attune.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert (tmp_path / "var").is_dir()


def test_non_postgres_url_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured):
        database_config("mysql://u:p@localhost/attune", Path("/unused.sqlite3"))


def test_sqlite_database_really_runs_in_wal_mode(db: None) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database may be in memory, where SQLite reports "memory".
    assert mode in {"wal", "memory"}


@pytest.mark.parametrize("raw, expected", [("1", True), ("yes", True), ("off", False), ("0", False)])
def test_env_bool_reads_common_spellings(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("ATTUNE_X", raw)
    assert env_bool("ATTUNE_X", not expected) is expected


def test_env_helpers_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTUNE_X", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("ATTUNE_X", False)
    with pytest.raises(ImproperlyConfigured):
        env_int("ATTUNE_X", 3)
    monkeypatch.setenv("ATTUNE_X", "-4")
    with pytest.raises(ImproperlyConfigured):
        env_int("ATTUNE_X", 3, minimum=0)


def test_env_list_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTUNE_X", "attune.example.org, www.attune.example.org,")
    assert env_list("ATTUNE_X", []) == ["attune.example.org", "www.attune.example.org"]


def test_development_secret_key_with_debug_off_is_an_error() -> None:
    with override_settings(DEBUG=False, SECRET_KEY=DEV_SECRET_KEY):
        errors = check_secret_key()
    assert [e.id for e in errors] == ["attune.E001"]


def test_real_secret_key_with_debug_off_passes() -> None:
    with override_settings(DEBUG=False, SECRET_KEY="a-real-and-long-production-secret-key-0123456789"):
        assert check_secret_key() == []


def test_argon2_is_the_first_password_hasher(settings) -> None:
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_cache_is_shared_by_default_and_configurable() -> None:
    from clinic.settings import cache_config

    assert cache_config(None)["BACKEND"].endswith("DatabaseCache")
    assert cache_config("redis://cache.internal:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
    assert cache_config("memcached://10.0.0.5:11211")["LOCATION"] == "10.0.0.5:11211"
    with pytest.raises(ImproperlyConfigured):
        cache_config("locmem://")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_a_statement_that_repeats_is_prepared_on_its_connection(db: None) -> None:
    for _ in range(6):  # psycopg prepares a statement once it has run five times on a connection
        list(Couple.objects.filter(name="nobody").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("intake_couple" in statement and "$1" in statement for statement in prepared)
