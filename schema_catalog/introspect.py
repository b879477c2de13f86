"""Draft a catalog from an existing DuckDB database, for admins pointing Perimeter at their data.

The draft is a starting point, not a finished catalog: it guesses the profile table and key, the
kind of each table, joins, event timestamps, categorical columns (low-cardinality strings get their
values listed) and PII-looking columns. Descriptions and synonyms are left for people to write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import yaml
from sqlglot import exp

from schema_catalog.column_types import logical_type
from schema_catalog.errors import CatalogError
from schema_catalog.model import ColumnType

MAX_CATEGORIES = 30
"""A string column with at most this many distinct values (and few per row) is categorical."""

_PII_HINTS = ("email", "phone", "first_name", "last_name", "birth", "address", "token", "iban")
_NUMERIC = (ColumnType.INTEGER, ColumnType.DECIMAL)
_SOURCE = "database"

Draft = dict[str, object]


class IntrospectionError(CatalogError):
    """The database cannot be read, or holds nothing a catalog could describe."""


def draft_catalog_from_database(database: Path) -> Draft:
    """Describe the tables of ``database`` as a catalog document (the shape ``load_catalog`` reads).

    Raises:
        IntrospectionError: the file cannot be opened read-only, or has no usable table.
    """
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        raise IntrospectionError(f"Cannot open database {str(database)!r}: {error}") from error
    with con:
        tables = [_profile_table(con, name, columns) for name, columns in _schema(con).items()]
    if not tables:
        raise IntrospectionError(f"Database {str(database)!r} has no table with usable columns.")
    return _assemble(database, tables)


def _schema(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, ColumnType]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    schema: dict[str, dict[str, ColumnType]] = {}
    for table_name, column_name, data_type in rows:
        column_type = logical_type(data_type)
        if column_type is not None:  # lists, structs, blobs: nothing a rule could filter on
            schema.setdefault(table_name, {})[column_name] = column_type
    return schema


@dataclass(frozen=True)
class _ColumnFacts:
    name: str
    type: ColumnType
    unique: bool
    values: list[str] | None

    def draft(self) -> dict[str, object]:
        column: dict[str, object] = {"name": self.name, "type": self.type.value}
        if self.values is not None:
            column["allowed_values"] = self.values
        if _is_pii(self.name):
            column["pii"] = True
        return column


@dataclass(frozen=True)
class _TableFacts:
    name: str
    rows: int
    columns: tuple[_ColumnFacts, ...]

    def unique(self, column: str) -> bool:
        return any(c.name == column and c.unique for c in self.columns)


def _profile_table(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, ColumnType]
) -> _TableFacts:
    """Row count, and per column its distinct count and (for categories) its values."""
    table = exp.Table(this=exp.to_identifier(name, quoted=True))
    selects: list[exp.Expr] = [exp.Count(this=exp.Star())]
    for column in columns:
        selects.append(exp.Count(this=exp.Distinct(expressions=[exp.column(column, quoted=True)])))
    counts = con.execute(exp.select(*selects).from_(table).sql(dialect="duckdb")).fetchall()[0]
    rows = int(counts[0])
    facts = []
    for (column, column_type), distinct in zip(columns.items(), counts[1:], strict=True):
        values = _categories(con, table, column, rows, int(distinct), column_type)
        facts.append(_ColumnFacts(column, column_type, int(distinct) == rows > 0, values))
    return _TableFacts(name, rows, tuple(facts))


def _categories(
    con: duckdb.DuckDBPyConnection,
    table: exp.Table,
    column: str,
    rows: int,
    distinct: int,
    column_type: ColumnType,
) -> list[str] | None:
    if column_type is not ColumnType.STRING or not 0 < distinct <= MAX_CATEGORIES:
        return None
    if distinct * 2 > rows or _is_pii(column):
        return None
    target = exp.column(column, quoted=True)
    query = exp.select(target).distinct().from_(table).where(target.is_(exp.null()).not_())
    return sorted(str(row[0]) for row in con.execute(query.sql(dialect="duckdb")).fetchall())


def _is_pii(column: str) -> bool:
    return any(hint in column.lower() for hint in _PII_HINTS)


def _assemble(database: Path, tables: list[_TableFacts]) -> Draft:
    key = _guess_key(tables)
    profile = _guess_profile(tables, key)
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {
        "name": database.stem,
        "description": f"Draft catalog of {database.name}; review every table before use.",
        "as_of": stamp,
        "timezone": "UTC",
        "profile": {"table": profile, "key": key, "label": "customer"},
        "sources": [
            {
                "name": _SOURCE,
                "label": "Database",
                "description": "Every table of the introspected database; split it per system.",
                "refresh": "daily",
                "last_refreshed_at": stamp,
            }
        ],
        "tables": [_draft_table(table, key, profile) for table in tables],
        "indicators": [],
    }


def _guess_key(tables: list[_TableFacts]) -> str:
    """The ``*id`` column shared by most tables (ties: the one unique in more tables)."""
    votes: dict[str, int] = {}
    for table in tables:
        for column in table.columns:
            if column.name.endswith("id"):
                votes[column.name] = votes.get(column.name, 0) + 2 + int(column.unique)
    if not votes:
        return tables[0].columns[0].name
    return max(sorted(votes), key=lambda name: votes[name])


def _guess_profile(tables: list[_TableFacts], key: str) -> str:
    """The table where the key is unique, preferring one named after it, then the widest."""
    stem = key.removesuffix("_id").removesuffix("id")
    pool = [table for table in tables if table.unique(key)] or tables
    named = [table for table in pool if stem and table.name.startswith(stem)]
    return max(named or pool, key=lambda table: len(table.columns)).name


def _draft_table(table: _TableFacts, key: str, profile: str) -> dict[str, object]:
    names = [column.name for column in table.columns]
    own_id = next(
        (c.name for c in table.columns if c.unique and c.name != key and c.name.endswith("id")),
        None,
    )
    timestamp = next((c.name for c in table.columns if c.type is ColumnType.TIMESTAMP), None)
    is_event = table.name != profile and own_id is not None and timestamp is not None
    kind = "profile" if table.name == profile else "event" if is_event else "attribute"
    drafted: dict[str, object] = {
        "name": table.name,
        "kind": kind,
        "sources": [_SOURCE],
        "description": f"{table.rows} rows when drafted.",
    }
    if table.name == profile:
        drafted["key"] = key
    elif key in names:
        drafted["key"] = own_id or (key if table.unique(key) else None)
        relationship = "one_to_one" if table.unique(key) else "one_to_many"
        drafted["join"] = {"column": key, "relationship": relationship}
    if is_event:
        drafted["timestamp"] = timestamp
        drafted["dimensions"] = [c.name for c in table.columns if c.values is not None]
        drafted["measures"] = [
            c.name for c in table.columns if c.type in _NUMERIC and not c.name.endswith("id")
        ]
    drafted["columns"] = [column.draft() for column in table.columns]
    return {name: value for name, value in drafted.items() if value is not None}


def write_draft(draft: Draft, directory: Path) -> list[Path]:
    """Write a draft as a catalog folder (``catalog.yml``, ``sources.yml``, ``tables/*.yml``).

    Returns the files written. Existing files of the same name are replaced.
    """
    top = {k: v for k, v in draft.items() if k not in ("sources", "tables", "indicators")}
    files = {
        directory / "catalog.yml": top,
        directory / "sources.yml": {"sources": draft["sources"]},
    }
    tables = draft.get("tables")
    for table in tables if isinstance(tables, list) else []:
        files[directory / "tables" / f"{table['name']}.yml"] = table
    for file, content in files.items():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(
            yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return list(files)
