"""One engine interface, three backends: DuckDB (embedded default), PostgreSQL and Spark.

A ``Backend`` runs queries the engine has already guarded. It never takes SQL text from a caller:
its methods take a ``GuardedQuery``, which only ``guard_query`` makes (after the AST guard passed),
holding the SELECT and its text in the backend's dialect. ``open_backend`` picks the backend from
the database target (``PERIMETER_DATABASE``):

- a file path → DuckDB (``audience.engine.connection``),
- ``postgresql://…`` / ``postgres://…`` → PostgreSQL (a libpq URL, socket directories included),
- ``spark:<master>`` → Spark, tables from the Spark catalog, or ``spark:<master>?parquet=DIR`` with
  one Parquet sub-folder per table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyarrow as pa
from sqlglot import exp

from audience.compile import guard_select, guard_sql_text
from audience.engine import queries
from audience.engine.connection import EngineLimits
from audience.engine.masking import CellValue
from schema_catalog import Catalog, DatabaseReader
from settings import POSTGRES_PREFIXES

Row = tuple[CellValue, ...]
MemberKey = int | str
"""A profile key as the database returns it (integer, text, UUID text): never assumed int."""

ID_CHUNK = 5_000
"""Ids per literal ``IN`` list when a backend restricts a query to given ids."""


@dataclass(frozen=True)
class GuardedQuery:
    """A SELECT that passed the guard, with its text in one dialect (made by ``guard_query``)."""

    select: exp.Select
    sql: str
    dialect: str


def guard_query(select: exp.Select, catalog: Catalog, dialect: str) -> GuardedQuery:
    """Guard ``select`` (``audience.compile.guard_select``) and render it for ``dialect``.

    Raises:
        SqlGuardError: the SELECT is refused.
    """
    guard_select(select, catalog)
    text = guard_sql_text(select.sql(dialect=dialect), dialect=dialect)
    return GuardedQuery(select, text, dialect)


class Backend(Protocol):
    """What the engine needs from a database: guarded queries in, rows out."""

    dialect: str
    """The sqlglot dialect of the backend's SQL (``duckdb``, ``postgres``, ``spark``)."""
    target: str
    """The database target it was opened on, for messages (no password)."""

    def rows(self, query: GuardedQuery, operation: str) -> list[Row]:
        """All rows of the query (small results: counts, breakdowns, samples)."""
        ...

    def batches(self, query: GuardedQuery, operation: str, size: int) -> Iterator[list[Row]]:
        """The rows in batches of at most ``size``, never all in memory at once."""
        ...

    def table_for_ids(
        self, query: GuardedQuery, key: exp.Expr, ids: pa.Array, operation: str
    ) -> pa.Table:
        """The query's rows whose ``key`` is among ``ids`` (an Arrow array of the key's type:
        int64 or text), as an Arrow table."""
        ...

    def reader(self) -> DatabaseReader:
        """A ``schema_catalog`` reader on the same connection (as-of resolution, drift)."""
        ...

    def snapshot_material(self) -> list[str]:
        """Backend-specific facts that change when the data changes (file stat, versions)."""
        ...

    def close(self) -> None:
        """Release the connection or session."""
        ...


def id_chunks(ids: Sequence[MemberKey], size: int = ID_CHUNK) -> Iterator[Sequence[MemberKey]]:
    """``ids`` in consecutive slices of at most ``size``."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def rows_to_table(names: Sequence[str], rows: Sequence[Row]) -> pa.Table:
    """An Arrow table from row tuples (types inferred; an empty result keeps the column names)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.table(
        {name: pa.array(list(values)) for name, values in zip(names, columns, strict=True)}
    )


def table_by_id_chunks(
    backend: Backend, query: GuardedQuery, key: exp.Expr, ids: pa.Array, operation: str
) -> pa.Table:
    """``backend.table_for_ids`` through literal ``IN`` lists of ``ID_CHUNK`` ids, sorted by key.

    Only literals are added to the guarded SELECT, so each chunk stays within what the guard passed.
    """
    names = [select.alias_or_name for select in query.select.expressions]
    rows: list[Row] = []
    for chunk in id_chunks(ids.to_pylist()):
        restricted = queries.restrict_to_literals(query.select, key, chunk)
        text = restricted.sql(dialect=backend.dialect)
        rows.extend(backend.rows(GuardedQuery(restricted, text, backend.dialect), operation))
    rows.sort(key=lambda row: str(row[0]) if isinstance(row[0], str) else row[0])  # type: ignore[arg-type, return-value]
    return rows_to_table(names, rows)


def open_backend(target: str | Path, limits: EngineLimits, catalog: Catalog) -> Backend:
    """The backend for a database target (see the module docstring).

    ``catalog`` is what Spark's backend guards every text against once more before ``spark.sql``.

    Raises:
        DatabaseNotFoundError: a DuckDB file that does not exist.
        EngineError: the server cannot be reached, or a driver (psycopg, pyspark) is missing.
        HardeningError: a read-only setting is not in effect after connecting.
    """
    text = str(target)
    if text.startswith(POSTGRES_PREFIXES):
        from audience.engine.postgres_backend import PostgresBackend

        return PostgresBackend(text, limits)
    if text.startswith("spark:"):
        from audience.engine.spark_backend import SparkBackend

        return SparkBackend(text, limits, catalog)
    from audience.engine.duckdb_backend import DuckDBBackend

    return DuckDBBackend(Path(text), limits)


def backend_kind(target: str | Path) -> str:
    """``duckdb``, ``postgresql`` or ``spark`` for a database target.

    >>> backend_kind("postgresql://reader@/crm?host=/run/postgresql")
    'postgresql'
    """
    text = str(target)
    if text.startswith(POSTGRES_PREFIXES):
        return "postgresql"
    return "spark" if text.startswith("spark:") else "duckdb"
