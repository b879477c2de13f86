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
        raise EngineError(
            "PostgreSQL needs the psycopg driver: pip install 'perimeter[engines]' "
            "(or `make engines`)."
        ) from error
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
    """The settings every Perimeter session starts with (sent as libpq ``options``)."""
    return {
        "default_transaction_read_only": "on",
        "statement_timeout": str(limits.max_execution_ms),
        "idle_in_transaction_session_timeout": str(max(limits.max_execution_ms * 2, 60_000)),
        "search_path": f"pg_catalog,{schema}",
    }


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
                raise HardeningError(
                    f"PostgreSQL setting {name!r} is {actual[0]!r} after connecting, expected "
                    f"{wanted!r}. Check the server allows per-session options."
                )
        if connection.execute("SHOW transaction_read_only").fetchone()[0] != "on":
            raise HardeningError("PostgreSQL transactions are not read-only after connecting.")
        _refuse_writer(connection, schema)


def _refuse_writer(connection: Any, schema: str) -> None:
    role, superuser = connection.execute(
        "SELECT current_user, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user"
    ).fetchone()
    if superuser:
        raise HardeningError(
            f"PostgreSQL role {role!r} is a superuser; connect Perimeter with a read-only role "
            "(see the README's engines section for the SQL to create one)."
        )
    writable = [row[0] for row in connection.execute(_WRITABLE_TABLES, [schema]).fetchall()]
    if writable:
        raise HardeningError(
            f"PostgreSQL role {role!r} can write to {', '.join(writable)!s} in schema "
            f"{schema!r}; connect with a role that only has SELECT (see the README)."
        )


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
    if name == "QueryCanceled":
        return QueryTimeoutError(
            f"The {operation} took longer than {limits.max_execution_ms / 1000:g} s and was "
            "cancelled by PostgreSQL; narrow the audience or raise EngineLimits.max_execution_ms."
        )
    if name in _REFUSED:
        return QueryRefusedError(
            f"The {operation} was refused by PostgreSQL: {first}. Perimeter only runs single "
            "SELECT statements over catalog tables, read-only."
        )
    if name in _SCHEMA:
        return SchemaMismatchError(
            f"The {operation} failed because the database does not match the catalog: {first}. "
            "Load the data (`perimeter demo-data --target …`) or fix the catalog."
        )
    if name == "OutOfMemory":
        return QueryMemoryError(f"PostgreSQL ran out of memory during the {operation}: {first}.")
    if name == "OperationalError":
        return EngineError(
            f"Cannot reach PostgreSQL for the {operation}: {first}. Check the URL in "
            "PERIMETER_DATABASE (host or socket directory, port, database, role)."
        )
    return EngineError(f"PostgreSQL failed during the {operation}: {first}.")


@contextmanager
def map_pg_errors(operation: str, limits: EngineLimits) -> Iterator[None]:
    """Translate psycopg errors raised inside the block into ``audience.errors`` subclasses."""
    psycopg = _psycopg()
    try:
        yield
    except psycopg.Error as error:
        raise translate_pg_error(operation, limits, error) from error
