"""Compare the catalog with an actual DuckDB database: tables, columns, types, categorical values.

The database is opened read-only with external access off. Errors: missing tables or columns,
type mismatches. Warnings: columns the catalog does not describe, values outside a categorical
column's allowed values. Info: tables the catalog does not describe.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
from sqlglot import exp

from schema_catalog.check_runner import Check, run_checks
from schema_catalog.column_types import accepts, storage_type
from schema_catalog.issues import Issue, Severity
from schema_catalog.model import Catalog, Column, Table

_SAMPLE_VALUES = 5


@dataclass(frozen=True)
class DriftSubject:
    """What drift checks look at: the catalog, the database's schema and a read-only connection."""

    catalog: Catalog
    columns: dict[str, dict[str, str]]
    """``{table: {column: duckdb_type}}`` of the database's ``main`` schema."""
    connection: duckdb.DuckDBPyConnection


def check_drift(catalog: Catalog, database: Path) -> list[Issue]:
    """Compare ``catalog`` with the DuckDB file ``database``; return the differences as issues.

    A missing or unreadable database is one ``database_unavailable`` error.
    """
    if not database.is_file():
        return [_unavailable(database, "the file does not exist")]
    try:
        connection = duckdb.connect(
            str(database),
            read_only=True,
            config={"enable_external_access": False, "autoload_known_extensions": False},
        )
    except duckdb.Error as error:
        return [_unavailable(database, str(error))]
    with connection:
        subject = DriftSubject(catalog, _database_columns(connection), connection)
        return run_checks(DRIFT_CHECKS, subject)


def _unavailable(database: Path, reason: str) -> Issue:
    return Issue(
        code="database_unavailable",
        path="database",
        message=f"Cannot open database {str(database)!r}: {reason}.",
        hint="Pass --database with the path of your DuckDB file.",
    )


def _database_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    rows = connection.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    columns: dict[str, dict[str, str]] = {}
    for table_name, column_name, data_type in rows:
        columns.setdefault(table_name, {})[column_name] = data_type
    return columns


def check_tables(subject: DriftSubject) -> Iterator[Issue]:
    """Every catalog table exists; tables the catalog does not know are reported as info."""
    for table in subject.catalog.tables:
        if table.name not in subject.columns:
            yield Issue(
                code="missing_table",
                path=f"tables.{table.name}",
                message=f"Table {table.name!r} is in the catalog but not in the database.",
            )
    known = {table.name for table in subject.catalog.tables}
    for name in sorted(set(subject.columns) - known):
        yield Issue(
            code="extra_table",
            severity=Severity.INFO,
            path=f"database.{name}",
            message=f"Table {name!r} is in the database but not in the catalog.",
        )


def check_columns(subject: DriftSubject) -> Iterator[Issue]:
    """Columns exist with a compatible type; undescribed columns are warnings."""
    for table in subject.catalog.tables:
        actual = subject.columns.get(table.name)
        if actual is None:
            continue
        for column in table.columns:
            yield from _column_issues(table, column, actual.get(column.name))
        described = {column.name for column in table.columns}
        for name in actual:
            if name not in described:
                yield Issue(
                    code="extra_column",
                    severity=Severity.WARNING,
                    path=f"tables.{table.name}.columns.{name}",
                    message=f"Column {table.name}.{name} is in the database, not in the catalog.",
                )


def _column_issues(table: Table, column: Column, actual_type: str | None) -> Iterator[Issue]:
    path = f"tables.{table.name}.columns.{column.name}"
    if actual_type is None:
        yield Issue(
            code="missing_column",
            path=path,
            message=f"Column {table.name}.{column.name} is in the catalog but not in the database.",
        )
    elif not accepts(column.type, actual_type):
        yield Issue(
            code="type_mismatch",
            path=f"{path}.type",
            message=(
                f"Column {table.name}.{column.name} is {actual_type!r} in the database but "
                f"{column.type.value!r} in the catalog."
            ),
            hint=f"A {column.type.value} column is stored as {storage_type(column.type)}.",
        )


def check_allowed_values(subject: DriftSubject) -> Iterator[Issue]:
    """Values of categorical string columns are among the catalog's allowed values (warning)."""
    for table in subject.catalog.tables:
        actual = subject.columns.get(table.name, {})
        for column in table.columns:
            if column.allowed_values is None or not accepts(
                column.type, actual.get(column.name, "")
            ):
                continue
            unexpected = _unexpected_values(subject.connection, table.name, column)
            if unexpected:
                yield Issue(
                    code="value_not_allowed",
                    severity=Severity.WARNING,
                    path=f"tables.{table.name}.columns.{column.name}.allowed_values",
                    message=f"{table.name}.{column.name} holds values the catalog does not list: "
                    f"{unexpected!r}.",
                    hint="Add them to allowed_values or clean the data.",
                )


def _unexpected_values(
    connection: duckdb.DuckDBPyConnection, table_name: str, column: Column
) -> list[str]:
    target = exp.column(column.name, quoted=True)
    allowed = [exp.Literal.string(value) for value in column.allowed_values or ()]
    condition = exp.and_(exp.not_(target.is_(exp.null())), exp.not_(target.isin(*allowed)))
    query = (
        exp.select(target)
        .distinct()
        .from_(exp.Table(this=exp.to_identifier(table_name, quoted=True)))
        .where(condition)
        .order_by(target)
        .limit(_SAMPLE_VALUES)
    )
    return [str(row[0]) for row in connection.execute(query.sql(dialect="duckdb")).fetchall()]


DRIFT_CHECKS: tuple[Check[DriftSubject], ...] = (check_tables, check_columns, check_allowed_values)
"""The checks ``check_drift`` runs, in order."""
