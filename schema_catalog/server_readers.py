"""``DatabaseReader`` over PostgreSQL and Spark, beside ``DuckDBReader``.

Both reuse ``DuckDBReader``'s questions (built from sqlglot expressions) and answer them in their
own dialect; only listing tables and columns, and mapping native types to catalog types, differ.
``open_reader`` picks the reader from a database target, as the engine does: a DuckDB path,
``postgresql://…`` or ``spark:<master>[?parquet=DIR]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlglot import exp

from schema_catalog.duckdb_reader import DuckDBReader, open_duckdb_reader
from schema_catalog.errors import ReaderError
from schema_catalog.model import ColumnType
from schema_catalog.reader import ColumnInfo, DatabaseReader, Scalar
from settings import POSTGRES_PREFIXES, SERVER_PREFIXES

POSTGRES_TYPES: dict[str, ColumnType] = {
    "text": ColumnType.STRING, "character varying": ColumnType.STRING,
    "character": ColumnType.STRING, "uuid": ColumnType.STRING,
    "smallint": ColumnType.INTEGER, "integer": ColumnType.INTEGER, "bigint": ColumnType.INTEGER,
    "numeric": ColumnType.DECIMAL, "double precision": ColumnType.DECIMAL,
    "real": ColumnType.DECIMAL, "boolean": ColumnType.BOOLEAN, "date": ColumnType.DATE,
    "timestamp without time zone": ColumnType.TIMESTAMP,
}  # fmt: skip
"""PostgreSQL ``information_schema`` type → catalog type (time zones are not naive UTC: none)."""

SPARK_TYPES: dict[str, ColumnType] = {
    "string": ColumnType.STRING, "varchar": ColumnType.STRING, "char": ColumnType.STRING,
    "tinyint": ColumnType.INTEGER, "smallint": ColumnType.INTEGER, "int": ColumnType.INTEGER,
    "bigint": ColumnType.INTEGER, "decimal": ColumnType.DECIMAL, "double": ColumnType.DECIMAL,
    "float": ColumnType.DECIMAL, "boolean": ColumnType.BOOLEAN, "date": ColumnType.DATE,
    "timestamp_ntz": ColumnType.TIMESTAMP, "timestamp": ColumnType.TIMESTAMP,
}  # fmt: skip
"""Spark simple type name (parameters dropped) → catalog type. Spark's TIMESTAMP is read in the
session time zone, which Perimeter sets to UTC."""


class PostgresReader(DuckDBReader):
    """``DatabaseReader`` on a psycopg connection, over one schema (``public`` by default)."""

    dialect = "postgres"

    def __init__(self, connection: Any, schema: str = "public") -> None:
        self._pg = connection
        self._schema = schema

    def _rows(self, query: exp.Expr) -> list[tuple[Scalar, ...]]:
        return self._fetch(query.sql(self.dialect), [])

    def _fetch(self, sql: str, params: list[str]) -> list[tuple[Scalar, ...]]:
        try:
            with self._pg.transaction():
                return [tuple(row) for row in self._pg.execute(sql, params).fetchall()]
        except Exception as error:  # psycopg.Error; psycopg is optional, so not imported here
            if not type(error).__module__.startswith("psycopg"):
                raise
            first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise ReaderError(f"PostgreSQL refused the query: {first}") from error

    def tables(self) -> list[str]:
        """Tables and views of the schema, sorted."""
        rows = self._fetch(
            "SELECT DISTINCT table_name FROM information_schema.columns "
            "WHERE table_schema = %s ORDER BY table_name",
            [self._schema],
        )
        return [str(row[0]) for row in rows]

    def columns(self, table: str) -> list[ColumnInfo]:
        """Columns with their catalog type (None when none fits) and PostgreSQL's spelling."""
        rows = self._fetch(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            [self._schema, table],
        )
        return [
            ColumnInfo(str(name), POSTGRES_TYPES.get(str(native)), str(native))
            for name, native in rows
        ]


class SparkReader(DuckDBReader):
    """``DatabaseReader`` on a Spark session: its current database's tables and temporary views."""

    dialect = "spark"

    def __init__(self, session: Any) -> None:
        self._spark = session

    def _rows(self, query: exp.Expr) -> list[tuple[Scalar, ...]]:
        with _spark_errors():
            return [tuple(row) for row in self._spark.sql(query.sql(self.dialect)).collect()]

    def tables(self) -> list[str]:
        """Tables of the current database and temporary views, sorted (``SHOW TABLES``: unlike
        ``catalog.listTables`` it starts no job and works in every code-generation mode)."""
        with _spark_errors():
            shown = self._spark.sql("SHOW TABLES").collect()
        return sorted({str(row["tableName"]) for row in shown})

    def columns(self, table: str) -> list[ColumnInfo]:
        """Columns with their catalog type (None when none fits) and Spark's spelling."""
        if table not in self.tables():
            return []
        return [
            ColumnInfo(field.name, SPARK_TYPES.get(_family(field.dataType)), _native(field))
            for field in self._spark.table(table).schema.fields
        ]


@contextmanager
def _spark_errors() -> Iterator[None]:
    """Turn pyspark and Py4J errors raised in the block into ``ReaderError``."""
    try:
        yield
    except Exception as error:  # pyspark errors; pyspark is optional, so not imported here
        if not type(error).__module__.startswith(("pyspark", "py4j")):
            raise
        first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise ReaderError(f"Spark refused the query: {first}") from error


def _family(data_type: Any) -> str:
    return str(data_type.simpleString()).split("(", 1)[0]


def _native(field: Any) -> str:
    return str(field.dataType.simpleString())


def redact_target(target: str) -> str:
    """A database target without its password, for messages and reports.

    >>> redact_target("postgresql://owner:secret@db.example/crm")
    'postgresql://owner:***@db.example/crm'
    """
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", target)


def parquet_folders(folder: Path) -> dict[str, Path]:
    """Table name → folder, for each sub-folder of ``folder`` holding Parquet files.

    Raises:
        ReaderError: ``folder`` is not a directory.
    """
    if not folder.is_dir():
        raise ReaderError(
            f"No Parquet folder at {str(folder)!r}.",
            hint="Write one with `perimeter demo-data --target parquet:DIR`, or fix the path.",
        )
    return {
        child.name: child
        for child in sorted(folder.iterdir())
        if child.is_dir() and any(child.glob("*.parquet"))
    }


def register_parquet(session: Any, folder: Path) -> dict[str, Path]:
    """One temporary view per Parquet sub-folder of ``folder`` in ``session``; returns them."""
    tables = parquet_folders(folder)
    for name, path in tables.items():
        session.read.parquet(str(path)).createOrReplaceTempView(name)
    return tables


def spark_parts(target: str) -> tuple[str, Path | None]:
    """The master and the Parquet folder (if any) of ``spark:<master>[?parquet=DIR]``.

    >>> spark_parts("spark:local[2]?parquet=/data/lake")
    ('local[2]', PosixPath('/data/lake'))
    """
    master, _, query = target.removeprefix("spark:").partition("?")
    folders = parse_qs(query).get("parquet", [])
    return master, Path(folders[0]) if folders else None


def is_server_target(target: str) -> bool:
    """True for a PostgreSQL URL or a Spark target, False for a DuckDB file path.

    >>> is_server_target("spark:local[2]"), is_server_target("data/crm.duckdb")
    (True, False)
    """
    return target.startswith(SERVER_PREFIXES)


def target_name(target: str) -> str:
    """A name for what a database target holds: the file's stem, the PostgreSQL database, the
    Parquet folder, or ``spark``.

    >>> target_name("postgresql://reader@db.example/crm?sslmode=require")
    'crm'
    >>> target_name("spark:local[2]?parquet=/data/lake"), target_name("data/shop.duckdb")
    ('lake', 'shop')
    """
    if target.startswith(POSTGRES_PREFIXES):
        return urlsplit(target).path.strip("/") or "postgres"
    if target.startswith("spark:"):
        folder = spark_parts(target)[1]
        return folder.name if folder is not None else "spark"
    return Path(target).stem


@contextmanager
def open_reader(target: str | Path) -> Iterator[DatabaseReader]:
    """A reader over a database target (DuckDB path, ``postgresql://…``, ``spark:…``).

    Raises:
        ReaderError: the database cannot be opened, or its driver is not installed.
    """
    text = str(target)
    if text.startswith(POSTGRES_PREFIXES):
        with _postgres(text) as reader:
            yield reader
    elif text.startswith("spark:"):
        yield _spark(text)
    else:
        with open_duckdb_reader(Path(text)) as duck:
            yield duck


@contextmanager
def _postgres(url: str) -> Iterator[PostgresReader]:
    try:
        import psycopg
    except ImportError as error:
        raise ReaderError("PostgreSQL needs psycopg: pip install 'perimeter[engines]'.") from error
    try:
        connection = psycopg.connect(
            url, autocommit=True, options="-c default_transaction_read_only=on"
        )
    except psycopg.Error as error:
        raise ReaderError(f"Cannot connect to PostgreSQL: {error}") from error
    with connection:
        yield PostgresReader(connection)


def _spark(target: str) -> SparkReader:
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise ReaderError("Spark needs pyspark: pip install 'perimeter[engines]'.") from error
    master, folder = spark_parts(target)
    session = SparkSession.builder.master(master).appName("perimeter").getOrCreate().newSession()
    session.conf.set("spark.sql.session.timeZone", "UTC")
    if folder is not None:
        register_parquet(session, folder)
    return SparkReader(session)
