"""PostgreSQL: guarded queries over a libpq URL, read-only at three levels.

1. The AST guard (in the engine) lets only one SELECT over catalog tables through.
2. Every session starts with ``default_transaction_read_only=on``, ``statement_timeout``, an
   ``idle_in_transaction_session_timeout`` and a pinned ``search_path`` (``pg_catalog`` first, then
   the data's schema: ``public`` unless the URL's ``options`` set ``search_path``), read back after
   connecting; every transaction is opened READ ONLY.
3. The role must not be able to write: a superuser, or a role with INSERT/UPDATE/DELETE/TRUNCATE
   on a table of the schema, is refused (``HardeningError``); create the read-only role of the
   README (``read_only_role_sql``).

psycopg errors are translated once, in ``map_pg_errors``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
from sqlglot import exp

from audience.engine.backend import (
    GuardedQuery,
    Row,
    table_by_id_chunks,
)
from audience.engine.connection import EngineLimits
from audience.errors import (
    EngineError,
    HardeningError,
    QueryMemoryError,
    QueryRefusedError,
    QueryTimeoutError,
    SchemaMismatchError,
)
from languages import say
from schema_catalog.server_readers import PostgresReader, redact_target


def read_only_role_sql(
    database: str, role: str = "perimeter_reader", schema: str = "public"
) -> list[str]:
    """The statements that create the read-only role Perimeter connects with (README).

    Run them as the owner of the data; then set a password (``ALTER ROLE … PASSWORD``) or use
    peer/certificate authentication.

    >>> read_only_role_sql("crm")[0]
    'CREATE ROLE "perimeter_reader" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION'
    """
    role_id, schema_id, database_id = (_identifier(name) for name in (role, schema, database))
    return [
        f"CREATE ROLE {role_id} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION",
        f"ALTER ROLE {role_id} SET default_transaction_read_only = on",
        f"GRANT CONNECT ON DATABASE {database_id} TO {role_id}",
        f"GRANT USAGE ON SCHEMA {schema_id} TO {role_id}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema_id} TO {role_id}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_id} GRANT SELECT ON TABLES TO {role_id}",
    ]


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_SEARCH_PATH = re.compile(r"search_path\s*=\s*([A-Za-z_][A-Za-z0-9_$]*)")
_WRITABLE_TABLES = (
    "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
    "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
    "AND pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') "
    "ORDER BY 1 LIMIT 5"
)
_SETTING = "SELECT setting FROM pg_catalog.pg_settings WHERE name = %s"
_CHANGES = (
    "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM "
    "pg_catalog.pg_stat_all_tables WHERE schemaname = %s"
)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as error:
        raise EngineError(say("driver_missing", engine="PostgreSQL", driver="psycopg")) from error
    return psycopg


def pinned_schema(url: str) -> str:
    """The schema the session's search_path is pinned to: the URL's own, else ``public``.

    >>> pinned_schema("postgresql://r@/crm?options=-c%20search_path%3Dmarketing")
    'marketing'
    """
    from urllib.parse import unquote

    found = _SEARCH_PATH.search(unquote(url))
    return found.group(1) if found else "public"


def session_settings(schema: str, limits: EngineLimits) -> dict[str, str]:
    """The settings every Perimeter session starts with (sent as libpq ``options``).

    ``work_mem`` (kB) is an eighth of the engine's memory budget: PostgreSQL hashes a
    ``NOT IN (subquery)`` only when the subquery fits in it, and otherwise re-scans the subquery
    for every profile (a negated behaviour over a million events took more than ten minutes
    with the server's default 4 MB).
    """
    return {
        "default_transaction_read_only": "on",
        "statement_timeout": str(limits.max_execution_ms),
        "idle_in_transaction_session_timeout": str(max(limits.max_execution_ms * 2, 60_000)),
        "search_path": f"pg_catalog,{schema}",
        "work_mem": str(work_mem_kb(limits.memory_limit)),
    }


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_KB_PER_UNIT = {"": 1 / 1024, "k": 1, "m": 1024, "g": 1024**2, "t": 1024**3}
_MIN_WORK_MEM_KB = 64
"""PostgreSQL's smallest ``work_mem``."""


def work_mem_kb(memory_limit: str) -> int:
    """An eighth of a DuckDB-style memory size (``2GB``, ``512MiB``), in kB.

    >>> work_mem_kb("2GB"), work_mem_kb("512MiB"), work_mem_kb("100KB")
    (262144, 65536, 64)

    Raises:
        EngineError: the size is not a number with an optional KB/MB/GB/TB unit.
    """
    found = _SIZE.match(memory_limit)
    if found is None:
        raise EngineError(say("not_a_size", limit=memory_limit), hint=say("size_example"))
    total_kb = float(found.group(1)) * _KB_PER_UNIT[found.group(2).lower()]
    return max(_MIN_WORK_MEM_KB, int(total_kb // 8))


class PostgresBackend:
    """Guarded queries on a PostgreSQL database, one read-only session per thread.

    Args:
        url: A libpq URL (``postgresql://reader@/crm?host=/run/postgresql``).
        limits: ``max_execution_ms`` becomes the ``statement_timeout``.
    """

    dialect = "postgres"

    def __init__(self, url: str, limits: EngineLimits) -> None:
        self.url = url
        self.target = redact_target(url)
        self.limits = limits
        self.schema = pinned_schema(url)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        verify_read_only(self._connection(), self.schema, limits)

    def _connect(self) -> Any:
        psycopg = _psycopg()
        options = " ".join(
            f"-c {k}={v}" for k, v in session_settings(self.schema, self.limits).items()
        )
        with map_pg_errors("connection", self.limits):
            connection = psycopg.connect(
                self.url, options=options, autocommit=True, application_name="perimeter"
            )
        connection.read_only = True
        with self._lock:
            self._connections.append(connection)
        return connection

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            connection = self._connect()
            self._local.connection = connection
        return connection

    def rows(self, query: GuardedQuery, operation: str) -> list[Row]:
        """All rows of a guarded query, in a read-only transaction."""
        connection = self._connection()
        with map_pg_errors(operation, self.limits), connection.transaction():
            return [tuple(row) for row in connection.execute(query.sql).fetchall()]

    def batches(self, query: GuardedQuery, operation: str, size: int) -> Iterator[list[Row]]:
        """Rows in batches through a server-side cursor on a session of the stream's own."""
        connection = self._connect()
        try:
            with (
                map_pg_errors(operation, self.limits),
                connection.transaction(),
                connection.cursor(name="perimeter_stream") as cursor,
            ):
                cursor.itersize = size
                cursor.execute(query.sql)
                while batch := cursor.fetchmany(size):
                    yield [tuple(row) for row in batch]
        finally:
            self._forget(connection)

    def table_for_ids(
        self, query: GuardedQuery, key: exp.Expr, ids: pa.Array, operation: str
    ) -> pa.Table:
        """Restrict to ``ids`` in chunks of literal ``IN`` lists."""
        return table_by_id_chunks(self, query, key, ids, operation)

    def snapshot_material(self) -> list[str]:
        """The database, schema and the schema's cumulative row-change counter."""
        connection = self._connection()
        with map_pg_errors("snapshot fingerprint", self.limits), connection.transaction():
            changes = connection.execute(_CHANGES, [self.schema]).fetchone()[0]
        return [str(connection.info.dbname), self.schema, str(changes)]

    def reader(self) -> PostgresReader:
        """The catalog tools' reader on this thread's read-only session."""
        return PostgresReader(self._connection(), self.schema)

    def close(self) -> None:
        """Close every session this backend opened."""
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()

    def _forget(self, connection: Any) -> None:
        with self._lock:
            if connection in self._connections:
                self._connections.remove(connection)
        connection.close()


def verify_read_only(connection: Any, schema: str, limits: EngineLimits) -> None:
    """Read the session settings back and check the role cannot write; else ``HardeningError``."""
    with map_pg_errors("connection", limits), connection.transaction():
        for name, wanted in session_settings(schema, limits).items():
            actual = connection.execute(_SETTING, [name]).fetchone()
            if _normal(actual[0], name) != _normal(wanted, name):
                message = say(
                    "pg_setting_not_in_effect", setting=name, actual=str(actual[0]), wanted=wanted
                )
                raise HardeningError(message, hint=say("allow_session_options"))
        if connection.execute("SHOW transaction_read_only").fetchone()[0] != "on":
            raise HardeningError(say("pg_not_read_only"))
        _refuse_writer(connection, schema)


def _refuse_writer(connection: Any, schema: str) -> None:
    role, superuser = connection.execute(
        "SELECT current_user, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user"
    ).fetchone()
    if superuser:
        raise HardeningError(say("pg_superuser", role=role), hint=say("use_read_only_role"))
    writable = [row[0] for row in connection.execute(_WRITABLE_TABLES, [schema]).fetchall()]
    if writable:
        message = say("pg_role_writes", role=role, tables=", ".join(writable), schema=schema)
        raise HardeningError(message, hint=say("use_read_only_role"))


def _normal(value: str, name: str) -> str:
    text = str(value).replace(" ", "").lower()
    if name.endswith("timeout"):
        return text.removesuffix("ms")
    return text


def _pg_error_class(error: Exception) -> str:
    return type(error).__name__


_REFUSED = {"ReadOnlySqlTransaction", "InsufficientPrivilege", "FeatureNotSupported"}
_SCHEMA = {"UndefinedTable", "UndefinedColumn", "UndefinedFunction", "InvalidSchemaName"}


def translate_pg_error(operation: str, limits: EngineLimits, error: Exception) -> EngineError:
    """The package error for a psycopg error (see ``map_pg_errors``)."""
    name = _pg_error_class(error)
    first = str(error).strip().splitlines()[0] if str(error).strip() else name
    names = {"operation": operation, "raw": first}
    if name == "QueryCanceled":
        seconds = f"{limits.max_execution_ms / 1000:g}"
        message = say("query_timeout", operation=operation, seconds=seconds)
        return QueryTimeoutError(message, hint=say("narrow_or_raise_time"))
    if name in _REFUSED:
        return QueryRefusedError(say("query_refused", **names), hint=say("only_single_selects"))
    if name in _SCHEMA:
        return SchemaMismatchError(say("schema_mismatch", **names), hint=say("load_the_data"))
    if name == "OutOfMemory":
        return QueryMemoryError(say("backend_out_of_memory", backend="PostgreSQL", **names))
    if name == "OperationalError":
        message = say("pg_unreachable", **names)
        return EngineError(message, hint=say("check_pg_url"))
    return EngineError(say("backend_failed", backend="PostgreSQL", **names))


@contextmanager
def map_pg_errors(operation: str, limits: EngineLimits) -> Iterator[None]:
    """Translate psycopg errors raised inside the block into ``audience.errors`` subclasses."""
    psycopg = _psycopg()
    try:
        yield
    except psycopg.Error as error:
        raise translate_pg_error(operation, limits, error) from error
