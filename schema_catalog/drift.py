"""Compare the catalog with an actual database: tables, columns, types, categorical values.

The database is a DuckDB file (opened read-only with external access off), a ``postgresql://…``
URL or a ``spark:<master>[?parquet=DIR]`` target, read through its ``DatabaseReader``; native
types are compared through the catalog type each reader maps them to. Errors: missing tables or
columns, type mismatches. Warnings: columns the catalog does not describe, values outside a
categorical column's allowed values. Info: tables the catalog does not describe.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlglot import exp

from schema_catalog.check_runner import Check, run_checks
from schema_catalog.column_types import storage_type
from schema_catalog.errors import ReaderError
from schema_catalog.issues import Issue, Severity
from schema_catalog.model import Catalog, Column, Table
from schema_catalog.reader import ColumnInfo, DatabaseReader

_SAMPLE_VALUES = 5


@dataclass(frozen=True)
class DriftSubject:
    """What drift checks look at: the catalog, the database's schema and a reader over it."""

    catalog: Catalog
    columns: dict[str, dict[str, ColumnInfo]]
    """``{table: {column: info}}`` of the database's tables and views."""
    reader: DatabaseReader


def check_drift(catalog: Catalog, database: str | Path) -> list[Issue]:
    """Compare ``catalog`` with ``database``; return the differences as issues.

    Args:
        catalog: The catalog to compare.
        database: A DuckDB file, a ``postgresql://…`` URL or a ``spark:…`` target.

    A missing or unreadable database is one ``database_unavailable`` error.
    """
    from schema_catalog.server_readers import is_server_target, open_reader, redact_target

    shown = redact_target(str(database))
    if not is_server_target(str(database)) and not Path(database).is_file():
        return [_unavailable(shown, "the file does not exist")]
    try:
        with open_reader(database) as reader:
            return drift_issues(catalog, reader)
    except ReaderError as error:
        return [_unavailable(shown, error.message.rstrip("."))]


def drift_issues(catalog: Catalog, reader: DatabaseReader) -> list[Issue]:
    """The drift of ``catalog`` from the database ``reader`` reads (see ``check_drift``)."""
    columns = {table: {c.name: c for c in reader.columns(table)} for table in reader.tables()}
    return run_checks(DRIFT_CHECKS, DriftSubject(catalog, columns, reader))


def _unavailable(database: str, reason: str) -> Issue:
    return Issue(
        code="database_unavailable",
        path="database",
        message=f"Cannot open database {database!r}: {reason}.",
        hint="Pass --database with your DuckDB file, postgresql:// URL or spark: target.",
    )


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


def _column_issues(table: Table, column: Column, actual: ColumnInfo | None) -> Iterator[Issue]:
    path = f"tables.{table.name}.columns.{column.name}"
    if actual is None:
        yield Issue(
            code="missing_column",
            path=path,
            message=f"Column {table.name}.{column.name} is in the catalog but not in the database.",
        )
    elif actual.type is not column.type:
        yield Issue(
            code="type_mismatch",
            path=f"{path}.type",
            message=(
                f"Column {table.name}.{column.name} is {actual.native!r} in the database but "
                f"{column.type.value!r} in the catalog."
            ),
            hint=f"A {column.type.value} column is stored as {storage_type(column.type)}.",
        )


def check_allowed_values(subject: DriftSubject) -> Iterator[Issue]:
    """Values of categorical string columns are among the catalog's allowed values (warning)."""
    for table in subject.catalog.tables:
        actual = subject.columns.get(table.name, {})
        for column in table.columns:
            info = actual.get(column.name)
            if column.allowed_values is None or info is None or info.type is not column.type:
                continue
            unexpected = _unexpected_values(subject.reader, table.name, column)
            if unexpected:
                yield Issue(
                    code="value_not_allowed",
                    severity=Severity.WARNING,
                    path=f"tables.{table.name}.columns.{column.name}.allowed_values",
                    message=f"{table.name}.{column.name} holds values the catalog does not list: "
                    f"{unexpected!r}.",
                    hint="Add them to allowed_values or clean the data.",
                )


def _unexpected_values(reader: DatabaseReader, table_name: str, column: Column) -> list[str]:
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
    return [str(row[0]) for row in reader.run_query(query)]


DRIFT_CHECKS: tuple[Check[DriftSubject], ...] = (check_tables, check_columns, check_allowed_values)
"""The checks ``check_drift`` runs, in order."""
