"""The one small protocol through which draft, check and drift read a database.

Backend-neutral on purpose: names are plain strings, types are the catalog's ``ColumnType``
(``None`` for types a catalog cannot describe: lists, structs, blobs), values come back as Python
scalars, and queries are sqlglot expressions that each reader renders in its own dialect. The
DuckDB implementation is ``schema_catalog.duckdb_reader.DuckDBReader``; other engines
(PostgreSQL, Spark) implement the same methods.

Every method reads only; a reader never writes, attaches or loads anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from schema_catalog.model import ColumnType

if TYPE_CHECKING:
    from sqlglot import exp

Scalar = str | int | float | bool | date | datetime | None
"""A value as a reader returns it."""


@dataclass(frozen=True)
class ColumnInfo:
    """One column of a database table."""

    name: str
    type: ColumnType | None
    """The catalog type it maps to; None when no catalog type fits (lists, blobs, time zones)."""
    native: str
    """The type as the database spells it, e.g. ``DECIMAL(12,2)``; shown in messages."""


@dataclass(frozen=True)
class Overlap:
    """How the distinct non-null values of one column are found in another column."""

    values: int
    """Distinct non-null values of the first column."""
    found: int
    """How many of them occur in the second column."""

    @property
    def share(self) -> float:
        """``found / values``; 0.0 when the first column holds no value.

        >>> Overlap(values=4, found=3).share
        0.75
        """
        return self.found / self.values if self.values else 0.0


@runtime_checkable
class DatabaseReader(Protocol):
    """Read-only questions a catalog tool asks a database."""

    dialect: str
    """The sqlglot dialect queries are rendered in, e.g. 'duckdb', 'postgres', 'spark'."""

    def tables(self) -> list[str]:
        """Names of the tables (and views) of the default schema, sorted."""
        ...

    def columns(self, table: str) -> list[ColumnInfo]:
        """The columns of ``table`` in declaration order; empty for an unknown table."""
        ...

    def row_count(self, table: str) -> int:
        """Rows of ``table``."""
        ...

    def distinct_count(self, table: str, column: str) -> int:
        """Distinct non-null values of ``table.column``."""
        ...

    def sample_values(self, table: str, column: str, limit: int) -> list[Scalar]:
        """Up to ``limit`` distinct non-null values, most frequent first (ties by value)."""
        ...

    def value_overlap(
        self, table: str, column: str, other_table: str, other_column: str
    ) -> Overlap:
        """How many distinct values of ``table.column`` occur in ``other_table.other_column``."""
        ...

    def newest_value(self, table: str, column: str) -> Scalar:
        """The largest non-null value of ``table.column`` (the newest, for dates); None if empty."""
        ...

    def run_query(self, query: exp.Query) -> list[tuple[Scalar, ...]]:
        """Run one read-only query and return its rows.

        Raises:
            ReaderError: the database refused or failed the query (the message says why).
        """
        ...
