"""The hardened read-only connection: settings in effect, escape attempts refused, limits fire."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from audience.compile import guard_sql
from audience.engine.connection import (
    EngineLimits,
    connect_readonly,
    current_setting,
    hardening_config,
    map_exceptions,
)
from audience.errors import (
    DatabaseBusyError,
    DatabaseNotFoundError,
    EngineError,
    QueryMemoryError,
    QueryRefusedError,
    QueryTimeoutError,
    SqlGuardError,
)
from schema_catalog import Catalog


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("conn") / "tiny.duckdb"
    with duckdb.connect(str(path)) as writer:
        writer.execute("CREATE TABLE customers (customer_id INTEGER, email VARCHAR)")
        writer.execute("INSERT INTO customers VALUES (1, 'a@example.com'), (2, NULL)")
    return path


@pytest.fixture
def connection(tiny_db: Path) -> duckdb.DuckDBPyConnection:
    con = connect_readonly(tiny_db)
    yield con
    con.close()


# Each attempt must raise; the file-writing ones must also leave no file behind (checked below).
ESCAPE_ATTEMPTS: dict[str, str] = {
    "read_csv_passwd": "SELECT * FROM read_csv('/etc/passwd')",
    "read_csv_auto_passwd": "SELECT * FROM read_csv_auto('/etc/passwd')",
    "read_text_passwd": "SELECT * FROM read_text('/etc/passwd')",
    "read_blob_passwd": "SELECT * FROM read_blob('/etc/passwd')",
    "read_parquet_passwd": "SELECT * FROM read_parquet('/etc/passwd')",
    "read_json_passwd": "SELECT * FROM read_json('/etc/passwd')",
    "replacement_scan_path": "SELECT * FROM '/etc/passwd'",
    "read_text_environ": "SELECT * FROM read_text('/proc/self/environ')",
    "read_csv_https": "SELECT * FROM read_csv('https://example.com/x.csv')",
    "glob_etc": "SELECT * FROM glob('/etc/*')",
    "sniff_csv": "SELECT * FROM sniff_csv('/etc/passwd')",
    "parquet_metadata": "SELECT * FROM parquet_metadata('/etc/passwd')",
    "call_read_csv": "CALL read_csv('/etc/passwd')",
    "file_exists": "SELECT file_exists('/etc/passwd')",
    "getenv": "SELECT getenv('HOME')",
    "copy_table_to_file": "COPY customers TO '{tmp}/copy.csv'",
    "copy_query_to_file": "COPY (SELECT 1) TO '{tmp}/copy_query.csv'",
    "export_database": "EXPORT DATABASE '{tmp}/export'",
    "attach_file": "ATTACH '{tmp}/other.duckdb' AS other",
    "attach_memory": "ATTACH ':memory:' AS scratch",
    "install_httpfs": "INSTALL httpfs",
    "load_httpfs": "LOAD httpfs",
    "load_extension_file": "LOAD '{tmp}/evil.duckdb_extension'",
    "create_secret": "CREATE SECRET leak (TYPE s3, KEY_ID 'k', SECRET 's')",
    "set_external_access": "SET enable_external_access = true",
    "reset_external_access": "RESET enable_external_access",
    "set_access_mode": "SET access_mode = 'READ_WRITE'",
    "unlock_configuration": "SET lock_configuration = false",
    "set_memory_limit": "SET memory_limit = '100GB'",
    "set_max_execution_time": "SET max_execution_time = 0",
    "set_threads": "SET threads = 64",
    "set_temp_directory": "SET temp_directory = '{tmp}/spill'",
    "set_allow_community": "SET allow_community_extensions = true",
    "pragma_memory_limit": "PRAGMA memory_limit = '100GB'",
    "pragma_unknown": "PRAGMA enable_external_access",
    "create_table": "CREATE TABLE evil (a INTEGER)",
    "create_view": "CREATE VIEW evil AS SELECT 1",
    "create_macro": "CREATE MACRO evil(a) AS a",
    "insert": "INSERT INTO customers VALUES (3, 'x@example.com')",
    "update": "UPDATE customers SET email = NULL",
    "delete": "DELETE FROM customers",
    "drop": "DROP TABLE customers",
    "alter": "ALTER TABLE customers ADD COLUMN evil INTEGER",
}


@pytest.mark.parametrize("name", sorted(ESCAPE_ATTEMPTS))
def test_escape_attempt_is_refused(
    name: str, connection: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    sql = ESCAPE_ATTEMPTS[name].format(tmp=tmp_path)
    with pytest.raises(duckdb.Error):
        connection.execute(sql).fetchall()
    assert list(tmp_path.iterdir()) == []


def test_escape_corpus_is_large_enough() -> None:
    assert len(ESCAPE_ATTEMPTS) >= 15


def test_refusals_translate_to_query_refused(connection: duckdb.DuckDBPyConnection) -> None:
    for sql in ("SELECT * FROM read_csv('/etc/passwd')", "SET threads = 8", "DROP TABLE customers"):
        with pytest.raises(QueryRefusedError), map_exceptions("count", EngineLimits()):
            connection.execute(sql).fetchall()


def test_data_still_readable(connection: duckdb.DuckDBPyConnection) -> None:
    assert connection.execute("SELECT count(*) FROM customers").fetchall() == [(2,)]


def test_every_hardening_setting_is_in_effect(tiny_db: Path) -> None:
    limits = EngineLimits(memory_limit="512MB", threads=1, max_execution_ms=1234)
    con = connect_readonly(tiny_db, limits)
    try:
        cursor = con.cursor()  # cursors share the instance, so they must see the same settings
        for handle in (con, cursor):
            assert current_setting(handle, "access_mode") == "read_only"
            assert current_setting(handle, "enable_external_access") == "false"
            assert current_setting(handle, "autoload_known_extensions") == "false"
            assert current_setting(handle, "autoinstall_known_extensions") == "false"
            assert current_setting(handle, "allow_community_extensions") == "false"
            assert current_setting(handle, "threads") == "1"
            assert current_setting(handle, "max_execution_time") == "1234"
            assert current_setting(handle, "lock_configuration") == "true"
            assert current_setting(handle, "memory_limit") in {"488.2 mib", "512.0 mib"}
    finally:
        con.close()


def test_config_holds_every_setting() -> None:
    config = hardening_config(EngineLimits())
    assert config["max_execution_time"] == 30_000
    assert config["access_mode"] == "READ_ONLY"
    assert config["enable_external_access"] is False


def test_time_limit_interrupts_a_heavy_query(tmp_path: Path) -> None:
    path = tmp_path / "heavy.duckdb"
    duckdb.connect(str(path)).close()
    limits = EngineLimits(max_execution_ms=300)
    con = connect_readonly(path, limits)
    heavy = (
        "SELECT count(*) FROM range(100000000) a, range(100000) b WHERE (a.range * b.range) % 7 = 3"
    )
    started = time.perf_counter()
    try:
        with pytest.raises(QueryTimeoutError), map_exceptions("count", limits):
            con.execute(heavy).fetchall()
    finally:
        con.close()
    assert time.perf_counter() - started < 5


def test_missing_database_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(DatabaseNotFoundError, match="PERIMETER_DATABASE") as raised:
        connect_readonly(tmp_path / "missing.duckdb")
    assert "demo-data" not in str(raised.value)  # the engine cannot know it is the demo
    assert not (tmp_path / "missing.duckdb").exists()


def test_second_engine_with_other_limits_is_a_clear_error(tiny_db: Path) -> None:
    con = connect_readonly(tiny_db)
    try:
        with pytest.raises(EngineError) as raised:
            connect_readonly(tiny_db, EngineLimits(threads=1))
        assert isinstance(raised.value.__cause__, duckdb.ConnectionException)
        same = connect_readonly(tiny_db)  # same limits share the instance and are still locked
        assert current_setting(same, "lock_configuration") == "true"
        same.close()
    finally:
        con.close()


def test_locked_by_a_writer_is_database_busy(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "busy.duckdb"
    writer = duckdb.connect(str(path))
    try:
        code = (
            "import sys\nfrom pathlib import Path\n"
            "from audience.engine.connection import connect_readonly\n"
            "from audience.errors import DatabaseBusyError\n"
            "try:\n    connect_readonly(Path(sys.argv[1]))\nexcept DatabaseBusyError:\n"
            "    sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code, str(path)], check=False)
    finally:
        writer.close()
    assert result.returncode == 3
    assert DatabaseBusyError.__mro__[1] is EngineError


def test_memory_limit_fires(tiny_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "memory.duckdb"
    duckdb.connect(str(path)).close()
    limits = EngineLimits(memory_limit="30MB")
    con = connect_readonly(path, limits)
    try:
        assert current_setting(con, "memory_limit") == "28.6 mib"
        with pytest.raises(QueryMemoryError), map_exceptions("sample", limits):
            con.execute("SELECT list(range) FROM range(30000000)").fetchall()
    finally:
        con.close()


# DuckDB itself lets these through a read-only, locked connection (temporary objects live in
# memory; the others only read). The engine never runs them: the guard refuses them first.
ALLOWED_BY_DUCKDB_REFUSED_BY_GUARD = (
    "CREATE TEMP TABLE scratch AS SELECT 1 AS a",
    "SELECT * FROM duckdb_settings()",
    "SELECT * FROM query('SELECT 1')",
    "SELECT * FROM query_table('customers')",
    "CHECKPOINT",
    "VACUUM",
    "CALL pragma_version()",
)


@pytest.mark.parametrize("sql", ALLOWED_BY_DUCKDB_REFUSED_BY_GUARD)
def test_what_duckdb_allows_the_guard_refuses(
    sql: str, connection: duckdb.DuckDBPyConnection, catalog: Catalog
) -> None:
    connection.execute(sql).fetchall()  # documents the gap: DuckDB alone accepts it
    with pytest.raises(SqlGuardError):
        guard_sql(sql, catalog)
