"""``DatabaseReader`` over DuckDB: the draft, the data checks and the as-of resolution use it.

``open_duckdb_reader`` opens a file read-only with external access and extension loading off;
``DuckDBReader`` also wraps a connection someone else opened (the audience engine's hardened one).
Every query is built from sqlglot expressions with quoted identifiers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from sqlglot import exp

from schema_catalog.column_types import logical_type
from schema_catalog.errors import ReaderError
from schema_catalog.reader import ColumnInfo, Overlap, Scalar

_SAFE_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}


def _table(name: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def _column(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table, quoted=True)


def _not_null(column: exp.Column) -> exp.Expr:
    return exp.not_(column.is_(exp.null()))


@contextmanager
def open_duckdb_reader(database: Path) -> Iterator[DuckDBReader]:
    """A reader over the DuckDB file ``database``, opened read-only and closed afterwards.

    Raises:
        ReaderError: the file does not exist or cannot be opened read-only.
    """
    if not database.is_file():
        raise ReaderError(
            f"No DuckDB database at {str(database)!r}.",
            hint="Pass the path of an existing .duckdb file.",
        )
    try:
        connection = duckdb.connect(str(database), read_only=True, config=_SAFE_CONFIG)
    except duckdb.Error as error:
        raise ReaderError(f"Cannot open database {str(database)!r}: {error}") from error
    with connection:
        yield DuckDBReader(connection)


class DuckDBReader:
    """Answers ``DatabaseReader`` questions on one DuckDB connection (``main`` schema)."""

    dialect = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def _rows(self, query: exp.Expr) -> list[tuple[Scalar, ...]]:
        try:
            return [tuple(row) for row in self._connection.execute(query.sql("duckdb")).fetchall()]
        except duckdb.Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise ReaderError(f"The database refused the query: {first}") from error

    def _one(self, query: exp.Expr) -> Scalar:
        return self._rows(query)[0][0]

    def tables(self) -> list[str]:
        """Tables and views of the ``main`` schema, sorted."""
        rows = self._connection.execute(
            "SELECT DISTINCT table_name FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
        return [str(row[0]) for row in rows]

    def columns(self, table: str) -> list[ColumnInfo]:
        """Columns with their catalog type (None when none fits) and DuckDB's own spelling."""
        rows = self._connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return [
            ColumnInfo(str(name), logical_type(str(native)), str(native)) for name, native in rows
        ]

    def row_count(self, table: str) -> int:
        """Rows of ``table``."""
        return int(str(self._one(exp.select(exp.Count(this=exp.Star())).from_(_table(table)))))

    def distinct_count(self, table: str, column: str) -> int:
        """Distinct non-null values of ``table.column``."""
        counted = exp.Count(this=exp.Distinct(expressions=[_column(column)]))
        return int(str(self._one(exp.select(counted).from_(_table(table)))))

    def sample_values(self, table: str, column: str, limit: int) -> list[Scalar]:
        """Up to ``limit`` distinct non-null values, most frequent first, ties by value."""
        target = _column(column)
        frequency = exp.Count(this=exp.Star())
        query = (
            exp.select(target)
            .from_(_table(table))
            .where(_not_null(target))
            .group_by(target.copy())
            .order_by(exp.Ordered(this=frequency, desc=True), target.copy())
            .limit(exp.Literal.number(limit))
        )
        return [row[0] for row in self._rows(query)]

    def value_overlap(
        self, table: str, column: str, other_table: str, other_column: str
    ) -> Overlap:
        """Distinct values of ``table.column``, and how many occur in the other column.

        Values are compared as text, so a ``UUID`` key and a ``VARCHAR`` column holding the
        same ids match (both are catalog strings).
        """
        mine = _column(column)
        theirs = exp.cast(_column(other_column), exp.DataType.Type.VARCHAR)
        values = exp.select(mine).distinct().from_(_table(table)).where(_not_null(mine))
        found = (
            exp.select(exp.Count(this=exp.Star()))
            .from_(
                exp.Subquery(this=values.copy(), alias=exp.TableAlias(this=exp.to_identifier("v")))
            )
            .where(
                exp.In(
                    this=exp.cast(_column(column, "v"), exp.DataType.Type.VARCHAR),
                    query=exp.Subquery(this=exp.select(theirs).from_(_table(other_table))),
                )
            )
        )
        total = exp.select(exp.Count(this=exp.Star())).from_(
            exp.Subquery(this=values, alias=exp.TableAlias(this=exp.to_identifier("v")))
        )
        return Overlap(values=int(str(self._one(total))), found=int(str(self._one(found))))

    def newest_value(self, table: str, column: str) -> Scalar:
        """``MAX(table.column)``; None when the column holds no value."""
        return self._one(exp.select(exp.Max(this=_column(column))).from_(_table(table)))

    def run_query(self, query: exp.Query) -> list[tuple[Scalar, ...]]:
        """Rows of one query rendered in DuckDB's dialect.

        Raises:
            ReaderError: DuckDB refused or failed the query.
        """
        return self._rows(query)
