"""Write a synthetic DuckDB database for a catalog: deterministic, SQL-driven, atomic.

The demo brand and the eval domains (``evals/domains/``) share this machinery. The tables are
created from the catalog (names, columns, DuckDB types, NOT NULL), then filled by a generator's
SQL steps with ``INSERT ... BY NAME``, so the data cannot drift from the catalog. The file is
written next to its destination and renamed into place, so a crash never leaves a half-written
database behind.

Every random draw of a generator is ``rnd(key, salt)`` (see ``BASE_MACROS``): a uniform number in
[0, 1) from DuckDB's 64-bit ``hash`` of the row key XOR a constant derived from (seed, salt), so a
value depends only on the seed and the row's own key, never on thread scheduling or row order.
Times are epoch seconds (``BIGINT``) converted once with ``ts`` (TIMESTAMP) or ``day`` (DATE).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from sqlglot import exp

from schema_catalog.column_types import storage_type
from schema_catalog.errors import CatalogError
from schema_catalog.model import Catalog, Table

Progress = Callable[[str, float], None]
"""Called with a step label and the fraction of the work done (0.0 to 1.0)."""

Step = tuple[str, str]
"""(label shown by progress displays, SQL statements separated by ``;``)."""

DAY = 86_400
"""Seconds in a day, for generator SQL written in epoch seconds."""

BASE_MACROS = """
CREATE TEMP MACRO rhash(k, salt) AS
    hash(xor((k)::UBIGINT, hash(xor(hash(getvariable('seed')::BIGINT), (salt)::UBIGINT))));
CREATE TEMP MACRO rnd(k, salt) AS ((rhash(k, salt) >> 11)::DOUBLE / 9007199254740992.0);
CREATE TEMP MACRO rnorm(k, salt) AS
    sqrt(-2 * ln(greatest(rnd(k, salt), 1e-12))) * cos(2 * pi() * rnd(k, salt + 1));
CREATE TEMP MACRO rexp(k, salt) AS (-ln(greatest(1 - rnd(k, salt), 1e-12)));
CREATE TEMP MACRO ts(t) AS make_timestamp((t)::BIGINT * 1000000);
CREATE TEMP MACRO day(t) AS CAST(make_timestamp((t)::BIGINT * 1000000) AS DATE);
CREATE TEMP MACRO t_end() AS getvariable('t_end')::BIGINT;
"""
"""Macros every generator may use: ``rhash``, ``rnd``, ``rnorm``, ``rexp``, ``ts``, ``day`` and
``t_end()`` (the catalog's as_of in epoch seconds). (``hash(seed, key, salt)`` is not used: DuckDB
combines the hashes of several arguments so that draws with different salts are correlated.)"""


class SyntheticDataError(CatalogError):
    """A synthetic database could not be generated (bad arguments, disk, DuckDB failure)."""


def epoch(instant: datetime) -> int:
    """Epoch seconds of ``instant``; a naive datetime is taken as UTC.

    >>> epoch(datetime(1970, 1, 2, tzinfo=UTC))
    86400
    """
    aware = instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    return int(aware.timestamp())


def snapshot_instants(catalog: Catalog, variables: Mapping[str, str]) -> dict[str, int]:
    """Epoch seconds of each named snapshot indicator's ``computed_at`` (as_of when unset).

    Args:
        catalog: The catalog holding the indicators.
        variables: DuckDB variable name → indicator name, e.g. ``{"churn_at": "churn_risk"}``.
    """
    return {
        variable: epoch(catalog.indicator(name).computed_at or catalog.as_of)
        for variable, name in variables.items()
    }


def write_database(
    path: Path,
    catalog: Catalog,
    steps: Sequence[Step],
    *,
    variables: Mapping[str, int],
    macros: str = "",
    progress: Progress | None = None,
    threads: int | None = None,
) -> dict[str, int]:
    """Create ``catalog``'s tables in a new DuckDB file at ``path`` and fill them with ``steps``.

    Args:
        path: Destination file (replaced atomically); its folder is created if missing.
        catalog: The catalog whose tables are created.
        steps: The generator's SQL, run in order.
        variables: DuckDB variables the SQL reads with ``getvariable`` (``seed`` at least);
            ``t_end`` (the catalog's as_of) is added.
        macros: The generator's own macros, created after ``BASE_MACROS``.
        progress: Optional callback ``(step_label, fraction_done)``.
        threads: DuckDB worker threads; None lets DuckDB decide.

    Returns:
        Row count per catalog table.

    Raises:
        SyntheticDataError: DuckDB failed (the message names the file).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    _remove(partial)
    try:
        with duckdb.connect(str(partial)) as con:
            _configure(con, threads)
            _bind_variables(con, {**variables, "t_end": epoch(catalog.as_of)})
            run_statements(con, BASE_MACROS + ";\n" + macros)
            for table in catalog.tables:
                con.execute(create_table_sql(table)).fetchall()
            _run_steps(con, steps, progress or _silent)
            counts = row_counts(con, catalog)
        os.replace(partial, path)
    except duckdb.Error as error:
        raise SyntheticDataError(f"Generating data into {str(path)!r} failed: {error}") from error
    finally:
        _remove(partial)
    return counts


def _silent(label: str, fraction: float) -> None:
    """A progress callback that shows nothing."""


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _configure(con: duckdb.DuckDBPyConnection, threads: int | None) -> None:
    if threads is not None:
        con.execute("SET threads = ?", [threads]).fetchall()
    con.execute("SET preserve_insertion_order = true").fetchall()


def _bind_variables(con: duckdb.DuckDBPyConnection, variables: Mapping[str, int]) -> None:
    for name, value in variables.items():
        if not name.isidentifier():
            raise SyntheticDataError(f"Variable name {name!r} is not an identifier.")
        # Variable names are the generator's constants; the values are bound parameters.
        con.execute(f"SET VARIABLE {name} = CAST(? AS BIGINT)", [value]).fetchall()


def create_table_sql(table: Table) -> str:
    """``CREATE TABLE`` for a catalog table with its DuckDB storage types, built with sqlglot.

    >>> from schema_catalog.loader import load_catalog
    >>> create_table_sql(load_catalog().table("consents"))[:45]
    'CREATE TABLE "consents" ("customer_id" BIGINT'
    """
    columns = [
        exp.ColumnDef(
            this=exp.to_identifier(column.name, quoted=True),
            kind=exp.DataType.build(storage_type(column.type), dialect="duckdb"),
            constraints=[]
            if column.nullable
            else [exp.ColumnConstraint(kind=exp.NotNullColumnConstraint())],
        )
        for column in table.columns
    ]
    schema = exp.Schema(
        this=exp.Table(this=exp.to_identifier(table.name, quoted=True)), expressions=columns
    )
    return exp.Create(this=schema, kind="TABLE").sql(dialect="duckdb")


def _run_steps(con: duckdb.DuckDBPyConnection, steps: Sequence[Step], progress: Progress) -> None:
    for index, (label, sql) in enumerate(steps):
        progress(label, index / len(steps))
        run_statements(con, sql)
    progress("done", 1.0)


def run_statements(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run our own static SQL, split on ``;`` (none of it has a semicolon inside a literal)."""
    for statement in (part.strip() for part in sql.split(";")):
        if statement:
            con.execute(statement).fetchall()


def row_counts(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> dict[str, int]:
    """Rows per catalog table."""
    counts: dict[str, int] = {}
    for table in catalog.tables:
        query = exp.select(exp.Count(this=exp.Star())).from_(
            exp.Table(this=exp.to_identifier(table.name, quoted=True))
        )
        counts[table.name] = int(con.execute(query.sql(dialect="duckdb")).fetchall()[0][0])
    return counts
