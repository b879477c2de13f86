"""The embedded default: a hardened read-only DuckDB file (``audience.engine.connection``).

One connection per file and process; each thread gets its own cursor. Streaming uses a cursor
of its own so an unfinished stream never blocks the thread's other queries.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
from sqlglot import exp

from audience.engine import queries
from audience.engine.backend import GuardedQuery, MemberKey, Row
from audience.engine.connection import EngineLimits, connect_readonly, map_exceptions
from schema_catalog import DuckDBReader

_IDS_COLUMN = "member_id"


class DuckDBBackend:
    """Guarded queries on one read-only DuckDB file.

    Args:
        database: The DuckDB file (must exist).
        limits: Memory, threads and per-query time limit.
    """

    dialect = "duckdb"

    def __init__(self, database: Path, limits: EngineLimits) -> None:
        self.database = database
        self.target = str(database)
        self.limits = limits
        self._connection = connect_readonly(database, limits)
        self._local = threading.local()
        self._lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared read-only connection (created on first use)."""
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            with self._lock, map_exceptions("connection", self.limits):
                cursor = self._connection.cursor()
            self._local.cursor = cursor
        return cursor

    def rows(self, query: GuardedQuery, operation: str) -> list[Row]:
        """All rows of a guarded query."""
        with map_exceptions(operation, self.limits):
            return [tuple(row) for row in self.cursor().execute(query.sql).fetchall()]

    def batches(self, query: GuardedQuery, operation: str, size: int) -> Iterator[list[Row]]:
        """Rows in batches of ``size`` from a cursor of the stream's own."""
        with self._lock, map_exceptions(operation, self.limits):
            cursor = self._connection.cursor()
        try:
            with map_exceptions(operation, self.limits):
                cursor.execute(query.sql)
            while True:
                with map_exceptions(operation, self.limits):
                    batch = cursor.fetchmany(size)
                if not batch:
                    return
                yield [tuple(row) for row in batch]
        finally:
            cursor.close()

    def table_for_ids(
        self, query: GuardedQuery, key: exp.Column, ids: Sequence[MemberKey], operation: str
    ) -> pa.Table:
        """Restrict to ``ids`` registered as an Arrow relation (never as SQL text).

        The relation is not a catalog table, so the id filter is added after the guard passed.
        """
        relation = f"perimeter_ids_{uuid.uuid4().hex}"
        ids_table = pa.table({_IDS_COLUMN: pa.array(list(ids))})
        restricted = queries.restrict_to_ids(query.select, key, relation, _IDS_COLUMN)
        cursor = self.cursor()
        with map_exceptions(operation, self.limits):
            cursor.register(relation, ids_table)
            try:
                return cursor.sql(restricted.sql(dialect="duckdb")).to_arrow_table()
            finally:
                cursor.unregister(relation)

    def snapshot_material(self) -> list[str]:
        """The file's size and modification time."""
        stat = self.database.stat()
        return [str(stat.st_size), str(stat.st_mtime_ns)]

    def reader(self) -> DuckDBReader:
        """The catalog tools' reader on the hardened connection."""
        return DuckDBReader(self._connection)

    def close(self) -> None:
        """Close the connection and, with it, every cursor."""
        with self._lock:
            self._connection.close()
