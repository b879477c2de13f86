"""Hardening on PostgreSQL and Spark: the escape corpora of each engine.

Layer 1, everywhere: the AST guard refuses every hostile statement, parsed in the engine's own
dialect. Layer 2 assumes the guard were bypassed (a forged ``GuardedQuery``): PostgreSQL still
refuses (read-only transactions, a role without privileges), Spark's backend still refuses any
text that is not one SELECT. Plus the time limits: ``statement_timeout`` and Spark's job-group
cancellation, after which the engine keeps working.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlglot

from audience.compile import guard_sql
from audience.engine import AudienceEngine, EngineLimits
from audience.engine.backend import GuardedQuery
from audience.errors import (
    EngineError,
    HardeningError,
    QueryRefusedError,
    QueryTimeoutError,
    SqlGuardError,
)
from audience.rules import RuleTree
from schema_catalog import Catalog

POSTGRES_ESCAPES: dict[str, str] = {
    "pg_read_file": "SELECT pg_read_file('/etc/passwd')",
    "pg_read_binary_file": "SELECT pg_read_binary_file('/etc/passwd')",
    "pg_ls_dir": "SELECT pg_ls_dir('/')",
    "copy_to_program": "COPY customers TO PROGRAM 'id > /tmp/perimeter-pwned'",
    "copy_from_file": "COPY customers FROM '/etc/passwd'",
    "dblink": "SELECT dblink('host=example.com', 'SELECT 1')",
    "lo_import": "SELECT lo_import('/etc/passwd')",
    "set_role": "SET ROLE perimeter",
    "reset_session_auth": "SET SESSION AUTHORIZATION perimeter",
    "read_write_again": "SET default_transaction_read_only = off",
    "insert": "INSERT INTO customers (customer_id) VALUES (999999)",
    "update": "UPDATE customers SET email = 'x@example.com'",
    "delete": "DELETE FROM customers",
    "truncate": "TRUNCATE customers",
    "create_table": "CREATE TABLE pwned AS SELECT 1 AS x",
    "drop_table": "DROP TABLE customers",
    "create_function": "CREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql",
    "do_block": "DO $$ BEGIN PERFORM 1; END $$",
    "set_config": "SELECT set_config('default_transaction_read_only', 'off', false)",
    "pg_sleep": "SELECT pg_sleep(10)",
    "system_catalog": "SELECT rolpassword FROM pg_authid",
}
"""Statements an attacker would try on PostgreSQL; every one must be refused."""

SERVER_REFUSES = (
    "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "copy_to_program", "copy_from_file",
    "dblink", "lo_import", "set_role", "reset_session_auth", "insert", "update", "delete",
    "truncate", "create_table", "drop_table", "create_function", "system_catalog",
)  # fmt: skip
"""What PostgreSQL itself refuses to the read-only role even if the guard let it through."""

SPARK_ESCAPES: dict[str, str] = {
    "create_table": "CREATE TABLE pwned AS SELECT 1 AS x",
    "create_view": "CREATE TEMPORARY VIEW customers AS SELECT 1 AS customer_id",
    "insert": "INSERT INTO customers SELECT * FROM customers",
    "insert_overwrite_dir": "INSERT OVERWRITE DIRECTORY '/tmp/pwned' SELECT * FROM customers",
    "drop_table": "DROP TABLE customers",
    "add_jar": "ADD JAR /tmp/evil.jar",
    "add_file": "ADD FILE /etc/passwd",
    "java_method": "SELECT java_method('java.lang.System', 'getenv', 'HOME')",
    "reflect": "SELECT reflect('java.lang.Runtime', 'getRuntime')",
    "read_parquet_path": "SELECT * FROM parquet.`/etc`",
    "read_text_path": "SELECT * FROM text.`/etc/passwd`",
    "read_files": "SELECT * FROM read_files('/etc/passwd')",
    "input_file_name": "SELECT input_file_name() FROM customers",
    "load_data": "LOAD DATA LOCAL INPATH '/etc/passwd' INTO TABLE customers",
    "set_conf": "SET spark.sql.ansi.enabled = false",
    "cache_table": "CACHE TABLE customers",
    "two_statements": "SELECT customer_id FROM customers; DROP TABLE customers",
    "udf": "CREATE FUNCTION pwn AS 'com.evil.Udf' USING JAR '/tmp/evil.jar'",
}
"""Statements an attacker would try on Spark; every one must be refused."""


@pytest.mark.parametrize("name", sorted(POSTGRES_ESCAPES))
def test_guard_refuses_postgres_escapes(name: str, catalog: Catalog) -> None:
    with pytest.raises(SqlGuardError):
        guard_sql(POSTGRES_ESCAPES[name], catalog, dialect="postgres")


@pytest.mark.parametrize("name", sorted(SPARK_ESCAPES))
def test_guard_refuses_spark_escapes(name: str, catalog: Catalog) -> None:
    with pytest.raises(SqlGuardError):
        guard_sql(SPARK_ESCAPES[name], catalog, dialect="spark")


def _forged(sql: str, dialect: str) -> GuardedQuery:
    """A query that did NOT pass the guard: what a guard bypass would hand the backend."""
    return GuardedQuery(sqlglot.parse_one("SELECT 1"), sql, dialect)


@pytest.fixture(scope="module")
def pg_engine(pg_demo: str, catalog: Catalog) -> Iterator[AudienceEngine]:
    with AudienceEngine(pg_demo, catalog, limits=EngineLimits(max_execution_ms=1_500)) as engine:
        yield engine


@pytest.mark.parametrize("name", SERVER_REFUSES)
def test_postgres_refuses_escapes_past_the_guard(name: str, pg_engine: AudienceEngine) -> None:
    with pytest.raises(EngineError):
        pg_engine.backend.rows(_forged(POSTGRES_ESCAPES[name], "postgres"), "escape attempt")
    everyone = RuleTree.model_validate({"root": {"op": "and", "rules": []}})
    assert pg_engine.count(everyone).count == 5_000  # nothing was written or dropped


def test_postgres_session_is_read_only_and_pinned(pg_engine: AudienceEngine) -> None:
    backend: Any = pg_engine.backend
    rows = backend.rows(_forged("SHOW transaction_read_only", "postgres"), "check")
    assert rows == [("on",)]
    path = backend.rows(_forged("SHOW search_path", "postgres"), "check")[0][0]
    assert path.replace(" ", "") == "pg_catalog,public"
    timeout = backend.rows(_forged("SHOW statement_timeout", "postgres"), "check")[0][0]
    assert timeout == "1500ms"
    with pytest.raises(QueryRefusedError):  # even after asking for a read-write transaction
        backend.rows(_forged("INSERT INTO customers (customer_id) VALUES (1)", "postgres"), "w")


def test_postgres_statement_timeout_cancels(pg_engine: AudienceEngine) -> None:
    with pytest.raises(QueryTimeoutError):
        pg_engine.backend.rows(_forged("SELECT pg_sleep(5)", "postgres"), "slow query")
    everyone = RuleTree.model_validate({"root": {"op": "and", "rules": []}})
    assert pg_engine.count(everyone).count == 5_000  # the session is usable afterwards


def test_postgres_refuses_superuser_and_writer_roles(
    pg_cluster: Any, pg_demo: str, catalog: Catalog
) -> None:
    import psycopg

    owner = pg_cluster.url("demo")  # the superuser that loaded the data
    with pytest.raises(HardeningError):
        AudienceEngine(owner, catalog)
    with psycopg.connect(owner, autocommit=True) as connection:
        connection.execute("DROP ROLE IF EXISTS perimeter_writer")
        connection.execute("CREATE ROLE perimeter_writer LOGIN")
        connection.execute("GRANT SELECT, INSERT ON customers TO perimeter_writer")
    with pytest.raises(HardeningError):
        AudienceEngine(pg_cluster.url("demo", "perimeter_writer"), catalog)


def test_postgres_unreachable_is_a_clear_error(catalog: Catalog, tmp_path: Any) -> None:
    with pytest.raises(EngineError) as raised:
        AudienceEngine(f"postgresql://nobody@/nowhere?host={tmp_path}&port=1", catalog)
    assert "PERIMETER_DATABASE" in str(raised.value)


@pytest.fixture(scope="module")
def spark_engine(spark_demo: str, catalog: Catalog) -> Iterator[AudienceEngine]:
    with AudienceEngine(spark_demo, catalog) as engine:
        yield engine


@pytest.mark.slow
@pytest.mark.xdist_group("spark")
def test_spark_backend_refuses_anything_but_one_select(spark_engine: AudienceEngine) -> None:
    backend: Any = spark_engine.backend
    let_through = []
    for name, sql in SPARK_ESCAPES.items():
        try:
            backend.rows(_forged(sql, "spark"), f"escape attempt {name}")
        except QueryRefusedError:
            continue
        let_through.append(name)
    assert let_through == []
    assert "pwned" not in backend.reader().tables()
    everyone = RuleTree.model_validate({"root": {"op": "and", "rules": []}})
    assert spark_engine.count(everyone).count == 5_000


SPARK_REFUSES = ("read_parquet_path", "read_text_path", "read_files")
"""What Spark itself refuses on the backend's session with both guards bypassed (SQL on files is
off, ``read_files`` does not exist outside Databricks). Spark has no switch for the rest (writes
to views over files, ``java_method``/``reflect``): there the guard is the barrier."""


@pytest.mark.slow
@pytest.mark.xdist_group("spark")
@pytest.mark.parametrize("name", SPARK_REFUSES)
def test_spark_session_refuses_file_reads(name: str, spark_engine: AudienceEngine) -> None:
    from pyspark.errors import PySparkException

    session = spark_engine.backend.session  # type: ignore[attr-defined]
    assert session.conf.get("spark.sql.runSQLOnFiles") == "false"
    with pytest.raises(PySparkException):
        session.sql(SPARK_ESCAPES[name]).collect()


@pytest.mark.slow
@pytest.mark.xdist_group("spark")
def test_spark_job_timeout_cancels(
    spark_demo: str, catalog: Catalog, spark_engine: AudienceEngine
) -> None:
    heavy = (  # billions of pairs, and a text the guard passes: only the time limit stops it
        "SELECT COUNT(*) FROM page_views CROSS JOIN orders "
        "WHERE page_views.viewed_at < orders.ordered_at"
    )
    with AudienceEngine(spark_demo, catalog, limits=EngineLimits(max_execution_ms=2_000)) as quick:
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError):
            quick.backend.rows(_forged(heavy, "spark"), "slow query")
        assert time.monotonic() - started < 60
    tracker = spark_engine.backend.session.sparkContext.statusTracker()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while tracker.getActiveJobsIds() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert tracker.getActiveJobsIds() == []  # the job was cancelled, not left running
    everyone = RuleTree.model_validate({"root": {"op": "and", "rules": []}})
    assert spark_engine.count(everyone).count == 5_000  # the shared context is usable afterwards
