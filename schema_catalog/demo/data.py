"""Generate the demo brand's DuckDB database: deterministic from a seed, SQL-driven, atomic.

The tables are created from the bundled catalog (names, columns, DuckDB types, NOT NULL), then
filled by the statements of ``demo_data_sql`` with ``INSERT ... BY NAME``, so the data cannot drift
from the catalog. The file is written next to its destination and renamed into place, so a crash
never leaves a half-written database behind.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict
from sqlglot import exp

from schema_catalog.column_types import storage_type
from schema_catalog.demo.data_sql import MACROS, STEPS
from schema_catalog.errors import CatalogError
from schema_catalog.loader import load_catalog
from schema_catalog.model import Catalog, Indicator, Table
from settings import Settings

Progress = Callable[[str, float], None]
"""Called with a step label and the fraction of the work done (0.0 to 1.0)."""

DEFAULT_CUSTOMERS = 100_000
DEFAULT_SEED = 42


class DemoDataError(CatalogError):
    """The demo database could not be generated (bad arguments, disk, DuckDB failure)."""


class DemoDataReport(BaseModel):
    """What ``generate_demo_data`` wrote."""

    model_config = ConfigDict(frozen=True)

    path: Path
    customers: int
    seed: int
    seconds: float
    file_bytes: int
    row_counts: dict[str, int]


def generate_demo_data(
    path: Path,
    *,
    customers: int = DEFAULT_CUSTOMERS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    threads: int | None = None,
) -> DemoDataReport:
    """Write the demo brand's database to ``path`` (replacing it atomically).

    The same ``customers`` and ``seed`` give the same rows in the same order whatever ``threads``.

    Args:
        path: Destination DuckDB file; its folder is created if missing.
        customers: Number of customer profiles (events scale with it).
        seed: Seed of every pseudo-random draw.
        progress: Optional callback ``(step_label, fraction_done)``.
        threads: DuckDB worker threads; None lets DuckDB decide.

    Raises:
        DemoDataError: ``customers`` is not positive, or DuckDB failed.
    """
    if customers < 1:
        raise DemoDataError(f"customers must be at least 1, got {customers!r}.")
    started = time.perf_counter()
    catalog = load_catalog()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    _remove(partial)
    try:
        with duckdb.connect(str(partial)) as con:
            _configure(con, threads)
            _bind_variables(con, catalog, customers=customers, seed=seed)
            _create_tables(con, catalog)
            _run_steps(con, progress or _silent)
            counts = _row_counts(con, catalog)
        os.replace(partial, path)
    except duckdb.Error as error:
        raise DemoDataError(f"Generating demo data into {str(path)!r} failed: {error}") from error
    finally:
        _remove(partial)
    return DemoDataReport(
        path=path,
        customers=customers,
        seed=seed,
        seconds=round(time.perf_counter() - started, 3),
        file_bytes=path.stat().st_size,
        row_counts=counts,
    )


def ensure_demo_database(settings: Settings, *, progress: Progress | None = None) -> Path:
    """Return ``settings.database_path``, generating the default demo database there if missing.

    A database the user configured (``PERIMETER_DATABASE``) is never generated: it must exist.

    Raises:
        DemoDataError: a configured database is missing, or generation failed.
    """
    path = settings.database_path
    if path.exists():
        return path
    if settings.database is not None:
        raise DemoDataError(
            f"Database {str(path)!r} does not exist.",
            hint="Fix PERIMETER_DATABASE or unset it to use the generated demo database.",
        )
    generate_demo_data(path, customers=DEFAULT_CUSTOMERS, progress=progress)
    return path


def _silent(label: str, fraction: float) -> None:
    """A progress callback that shows nothing."""


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _configure(con: duckdb.DuckDBPyConnection, threads: int | None) -> None:
    if threads is not None:
        con.execute("SET threads = ?", [threads]).fetchall()
    con.execute("SET preserve_insertion_order = true").fetchall()


def _bind_variables(
    con: duckdb.DuckDBPyConnection, catalog: Catalog, *, customers: int, seed: int
) -> None:
    values = {
        "seed": seed,
        "n": customers,
        "t_end": _epoch(catalog.as_of),
        "churn_at": _computed_at(catalog.indicator("churn_risk"), catalog),
        "appetite_at": _computed_at(catalog.indicator("category_appetite"), catalog),
        "value_at": _computed_at(catalog.indicator("predicted_value"), catalog),
    }
    for name, value in values.items():
        # Variable names are our constants; the values are bound parameters.
        con.execute(f"SET VARIABLE {name} = CAST(? AS BIGINT)", [value]).fetchall()
    for statement in _statements(MACROS):
        con.execute(statement).fetchall()


def _epoch(instant: datetime) -> int:
    aware = instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    return int(aware.timestamp())


def _computed_at(indicator: Indicator, catalog: Catalog) -> int:
    return _epoch(indicator.computed_at or catalog.as_of)


def _create_tables(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    for table in catalog.tables:
        con.execute(create_table_sql(table)).fetchall()


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


def _run_steps(con: duckdb.DuckDBPyConnection, progress: Progress) -> None:
    for index, (label, sql) in enumerate(STEPS):
        progress(label, index / len(STEPS))
        for statement in _statements(sql):
            con.execute(statement).fetchall()
    progress("done", 1.0)


def _statements(sql: str) -> list[str]:
    """Split our own static SQL on ``;`` (none of it has a semicolon inside a literal)."""
    return [part.strip() for part in sql.split(";") if part.strip()]


def _row_counts(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in catalog.tables:
        query = exp.select(exp.Count(this=exp.Star())).from_(
            exp.Table(this=exp.to_identifier(table.name, quoted=True))
        )
        counts[table.name] = int(con.execute(query.sql(dialect="duckdb")).fetchall()[0][0])
    return counts
