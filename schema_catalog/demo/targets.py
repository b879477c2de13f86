"""Copy the demo database to where a team's data lives: PostgreSQL or a Parquet folder (Spark).

The data is generated once as a DuckDB file (``generate_demo_data``, same seed → same rows), then
copied table by table, so every target holds the DuckDB file's rows, row for row:

- ``postgresql://…``: each table is (re)created with the generator's types (``storage_type``,
  valid PostgreSQL too) and filled with
  ``COPY … FROM STDIN`` (CSV written by DuckDB, streamed through psycopg; no DuckDB extension);
- ``parquet:DIR``: one sub-folder per table (``DIR/<table>/part-0.parquet``), as Spark reads them.

The role that loads PostgreSQL owns the tables; Perimeter itself connects with a read-only role.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from schema_catalog.column_types import storage_type
from schema_catalog.demo.data import DemoDataError
from schema_catalog.model import Catalog
from settings import POSTGRES_PREFIXES

_NULL = r"\N"
_CHUNK = 1 << 20


def target_kind(target: str) -> str:
    """``postgresql``, ``parquet`` or ``duckdb`` for a ``--target`` value.

    >>> target_kind("parquet:/data/lake"), target_kind("postgresql://me@/crm")
    ('parquet', 'postgresql')
    """
    if target.startswith(POSTGRES_PREFIXES):
        return "postgresql"
    return "parquet" if target.startswith("parquet:") else "duckdb"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def copy_to_parquet(database: Path, folder: Path, catalog: Catalog) -> dict[str, int]:
    """Write each catalog table of ``database`` to ``folder/<table>/part-0.parquet``.

    Returns:
        Rows written per table.
    """
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with duckdb.connect(str(database), read_only=True) as source:
        for table in catalog.tables:
            destination = folder / table.name
            if destination.exists():
                shutil.rmtree(destination)
            destination.mkdir()
            part = str(destination / "part-0.parquet").replace("'", "''")
            source.execute(
                f"COPY (SELECT * FROM {_quoted(table.name)}) TO '{part}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            ).fetchall()
            counts[table.name] = _count(source, table.name)
    return counts


def _count(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(connection.execute(f"SELECT COUNT(*) FROM {_quoted(table)}").fetchall()[0][0])


def _create_statement(catalog: Catalog, table_name: str) -> str:
    table = catalog.table(table_name)
    columns = ", ".join(
        f"{_quoted(c.name)} {storage_type(c.type)}{'' if c.nullable else ' NOT NULL'}"
        for c in table.columns
    )
    return f"CREATE TABLE {_quoted(table.name)} ({columns})"


@contextmanager
def _csv_of(source: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> Iterator[Path]:
    """The table as CSV (NULL written ``\\N``, empty text quoted) in a temporary file."""
    with tempfile.TemporaryDirectory(prefix="perimeter-copy-") as scratch:
        path = Path(scratch) / f"{table}.csv"
        names = ", ".join(_quoted(c) for c in columns)
        target = str(path).replace("'", "''")
        source.execute(
            f"COPY (SELECT {names} FROM {_quoted(table)}) TO '{target}' "
            f"(FORMAT csv, HEADER false, NULLSTR '{_NULL}', QUOTE '\"', ESCAPE '\"', "
            "DATEFORMAT '%Y-%m-%d', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%f')"
        ).fetchall()
        yield path


def copy_to_postgres(database: Path, url: str, catalog: Catalog) -> dict[str, int]:
    """(Re)create each catalog table in the PostgreSQL database at ``url`` and COPY its rows in.

    Raises:
        DemoDataError: psycopg is missing or PostgreSQL refused a statement.
    """
    psycopg = _psycopg()
    counts: dict[str, int] = {}
    try:
        with duckdb.connect(str(database), read_only=True) as source, psycopg.connect(url) as pg:
            for table in catalog.tables:
                counts[table.name] = _load_table(source, pg, catalog, table.name)
            pg.execute("ANALYZE")
    except psycopg.Error as error:
        raise DemoDataError(
            f"PostgreSQL refused the demo data: {str(error).strip().splitlines()[0]}",
            hint="Connect as a role that may create tables in the target schema.",
        ) from error
    return counts


def _load_table(source: duckdb.DuckDBPyConnection, pg: Any, catalog: Catalog, name: str) -> int:
    columns = [column.name for column in catalog.table(name).columns]
    pg.execute(f"DROP TABLE IF EXISTS {_quoted(name)}")
    pg.execute(_create_statement(catalog, name))
    names = ", ".join(_quoted(c) for c in columns)
    copy_sql = f"COPY {_quoted(name)} ({names}) FROM STDIN (FORMAT csv, NULL '{_NULL}')"
    with (
        _csv_of(source, name, columns) as csv_path,
        pg.cursor() as cursor,
        cursor.copy(copy_sql) as copy,
        csv_path.open("rb") as handle,
    ):
        while chunk := handle.read(_CHUNK):
            copy.write(chunk)
    return _count(source, name)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as error:
        raise DemoDataError(
            "Writing demo data to PostgreSQL needs psycopg.",
            hint="pip install 'perimeter[engines]' (or `make engines`).",
        ) from error
    return psycopg


def copy_demo_database(database: Path, target: str, catalog: Catalog) -> dict[str, int]:
    """Copy a generated demo DuckDB file to ``postgresql://…`` or ``parquet:DIR``.

    Raises:
        DemoDataError: the target is neither, or the copy failed.
    """
    kind = target_kind(target)
    if kind == "postgresql":
        return copy_to_postgres(database, target, catalog)
    if kind == "parquet":
        return copy_to_parquet(database, Path(target.removeprefix("parquet:")), catalog)
    raise DemoDataError(
        f"Unknown demo-data target {target!r}.",
        hint="Use postgresql://USER@HOST/DB or parquet:DIR (or --out FILE for DuckDB).",
    )
