"""The embedded default: a hardened read-only DuckDB file (``audience.engine.connection``).

One connection per file and process; each thread gets its own cursor. Streaming uses a cursor
of its own so an unfinished stream never blocks the thread's other queries.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from sqlglot import exp

from audience.engine import queries
from audience.engine.backend import GuardedQuery, Row
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
        self._cursors: list[duckdb.DuckDBPyConnection] = []

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared read-only connection (created on first use)."""
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            with self._lock, map_exceptions("connection", self.limits):
                cursor = self._connection.cursor()
                self._cursors.append(cursor)
            self._local.cursor = cursor
        return cursor

    def rows(self, query: GuardedQuery, operation: str) -> list[Row]:
        """All rows of a guarded query (UUID cells as text)."""
        with map_exceptions(operation, self.limits):
            result = self.cursor().execute(query.sql)
            return uuids_as_text(result.fetchall(), result.description or [])

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
                yield uuids_as_text(batch, cursor.description or [])
        finally:
            cursor.close()

    def table_for_ids(
        self, query: GuardedQuery, key: exp.Expr, ids: pa.Array, operation: str
    ) -> pa.Table:
        """Restrict to ``ids`` registered as an Arrow relation (never as SQL text).

        The relation is not a catalog table, so the id filter is added after the guard passed.
        """
        relation = f"perimeter_ids_{uuid.uuid4().hex}"
        ids_table = pa.table({_IDS_COLUMN: ids})
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
        """Close every cursor and the connection: DuckDB keeps a file's database instance (and
        so the file as it was when opened) alive while any of them is open."""
        with self._lock:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
            self._connection.close()


def uuids_as_text(rows: list[Any], description: Sequence[Sequence[object]]) -> list[Row]:
    """Rows with the cells of ``UUID`` columns as text: to the product a UUID is its text."""
    uuids = {index for index, column in enumerate(description) if column[1] == "UUID"}
    if not uuids:
        return [tuple(row) for row in rows]
    return [
        tuple(str(v) if i in uuids and v is not None else v for i, v in enumerate(row))
        for row in rows
    ]
