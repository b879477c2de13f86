"""The audience engine: counts, samples, breakdowns and waterfalls on a hardened read-only DuckDB.

One ``AudienceEngine`` per database file and process (the Streamlit app caches one). It holds the
hardened connection (``audience.connection``); each thread gets its own cursor. Every rule tree
is compiled by ``audience.compiler``, every SELECT passes ``audience.guard`` before it runs, and
DuckDB errors are translated once by ``map_exceptions``.

Usage::

    with AudienceEngine(Path(".perimeter/data/demo.duckdb"), load_catalog()) as engine:
        engine.count(tree).count
        engine.waterfall(tree, "email").contactable
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from sqlglot import exp

from audience.compile.compiler import compile_rules, render_sql
from audience.compile.guard import guard_select, guard_sql, guard_sql_text
from audience.engine import queries as queries
from audience.engine.connection import EngineLimits, connect_readonly, map_exceptions
from audience.engine.keyed import rows_for_keys
from audience.engine.masking import CellValue, mask_value
from audience.engine.results import (
    BreakdownRow,
    BreakdownValue,
    CountResult,
    LeaveOneOut,
    SampleResult,
    Waterfall,
    WaterfallStep,
)
from audience.errors import EngineUsageError, SchemaMismatchError
from audience.rules.tree import RuleTree
from schema_catalog import (
    Catalog,
    DuckDBReader,
    ProfileKey,
    ReaderError,
    profile_key,
    resolve_as_of,
    sorted_keys,
)

__all__ = [
    "AudienceEngine",
    "BreakdownRow",
    "CountResult",
    "EngineLimits",
    "LeaveOneOut",
    "SampleResult",
    "Waterfall",
    "WaterfallStep",
]

Segments = Mapping[str, RuleTree]
Row = tuple[CellValue, ...]


def _resolved(
    catalog: Catalog, connection: duckdb.DuckDBPyConnection, limits: EngineLimits
) -> Catalog:
    """``as_of: latest|now`` read from this data (a fixed catalog comes back unchanged)."""
    try:
        with map_exceptions("reading the data's as-of instant", limits):
            return resolve_as_of(catalog, DuckDBReader(connection))
    except ReaderError as error:
        raise SchemaMismatchError(
            f"Cannot read the newest event for 'as_of: latest': {error.message}",
            hint="Check the event tables' timestamp columns with `perimeter catalog check`.",
        ) from error


class AudienceEngine:
    """Runs compiled audiences on one read-only DuckDB file.

    Args:
        database: The DuckDB file (must exist).
        catalog: The catalog describing the database.
        limits: Memory, threads and per-query time limit; defaults to ``EngineLimits()``.
    """

    def __init__(
        self, database: Path, catalog: Catalog, *, limits: EngineLimits | None = None
    ) -> None:
        self.database = database
        self.limits = limits or EngineLimits()
        # Identity first: if the file is swapped while connecting, the engine looks stale, never
        # fresher than it is.
        self._opened = _file_identity(database) if database.exists() else {}
        self._connection = connect_readonly(database, self.limits)
        self.catalog = _resolved(catalog, self._connection, self.limits)
        """The catalog with ``as_of: latest|now`` resolved when the data was opened: callers
        describe, validate and show times with this one, not the catalog they passed in."""
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._compiled = _CompiledCache()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared read-only connection (created on first use)."""
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            with self._lock, map_exceptions("connection", self.limits):
                cursor = self._connection.cursor()
                self._cursors.append(cursor)
            self._local.cursor = cursor
        return cursor

    def close(self) -> None:
        """Close every cursor and the connection: DuckDB keeps a file's database instance (and
        so the file as it was when opened) alive while any of them is open."""
        with self._lock:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
            self._connection.close()

    def __enter__(self) -> AudienceEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- audiences -------------------------------------------------------------------------

    def clear_compiled(self) -> None:
        """Forget compiled trees (benchmarks use it to time compilation every run)."""
        self._compiled.clear()

    def _compiled_audience(self, tree: RuleTree, segments: Segments | None) -> _Compiled:
        """The tree's guarded SELECT, its DuckDB text and its guarded ``COUNT(*)`` text, cached."""
        key = _cache_key(tree, segments)
        cached = self._compiled.get(key)
        if cached is None:
            select = compile_rules(tree, self.catalog, segments=segments)
            count = queries.count_query(select)
            guard_select(count, self.catalog)  # walks the audience SELECT inside it too
            cached = _Compiled(select, render_sql(select, "duckdb"), count.sql(dialect="duckdb"))
            self._compiled.put(key, cached)
        return cached

    def count(self, tree: RuleTree, *, segments: Segments | None = None) -> CountResult:
        """How many profiles the tree selects, with the DuckDB SQL that selects them."""
        started = time.perf_counter()
        compiled = self._compiled_audience(tree, segments)
        sql = compiled.sql
        count = _as_int(self._run(compiled.count_sql, "count")[0][0])
        elapsed_ms = (time.perf_counter() - started) * 1000
        return CountResult(count=count, sql=sql, elapsed_ms=elapsed_ms)

    def member_ids(self, tree: RuleTree, *, segments: Segments | None = None) -> list[ProfileKey]:
        """The keys of the profiles the tree selects (int or text), in canonical order."""
        audience = self._compiled_audience(tree, segments).select
        rows = self._rows(queries.ids_query(audience), "member list")
        return sorted_keys(profile_key(row[0]) for row in rows if row[0] is not None)

    def select_keys(self, sql: str) -> list[CellValue]:
        """Run a person's SELECT of profile keys (e.g. an eval's expected SQL), guarded, read-only.

        The text must be one SELECT the guard accepts (catalog tables and columns, allowed
        functions) whose only output column is the profile key (``SELECT DISTINCT <key> ...``).

        Returns:
            The distinct keys, in the order the query returned them (NULLs dropped).

        Raises:
            SqlGuardError: the text is not one guarded SELECT.
            EngineUsageError: it does not select the profile key alone.
        """
        select = guard_sql(sql, self.catalog)
        key = self.catalog.profile.key
        outputs = [projection.alias_or_name for projection in select.expressions]
        if outputs != [key]:
            raise EngineUsageError(
                f"The query must select the profile key {key!r} and nothing else; it selects "
                f"{', '.join(repr(name) for name in outputs) or 'nothing'}. "
                f"Write SELECT DISTINCT {key} FROM ..."
            )
        rows = self._run(select.sql(dialect="duckdb"), "key query")
        return list(dict.fromkeys(row[0] for row in rows if row[0] is not None))

    def sample(
        self,
        tree: RuleTree,
        n: int = 10,
        *,
        segments: Segments | None = None,
        unmask: bool = False,
        seed: int = 0,
    ) -> SampleResult:
        """``n`` profiles of the audience, chosen deterministically by ``seed``; PII masked.

        Args:
            tree: The audience.
            n: How many profiles at most.
            segments: Saved segments the tree may reference.
            unmask: True returns PII columns in clear (callers must check permission).
            seed: Another seed gives another, equally deterministic, sample.
        """
        if n < 0:
            raise EngineUsageError(f"Sample size must be 0 or more, got {n!r}.")
        audience = self._compiled_audience(tree, segments).select
        select = queries.sample_query(self.catalog, audience, n, seed)
        return self._sample_result(self._rows(select, "sample"), unmask)

    def _sample_result(self, rows: Sequence[Row], unmask: bool) -> SampleResult:
        columns = self.catalog.profile_table.columns
        pii = tuple(column.name for column in columns if column.pii or column.sensitive)
        masked_rows = tuple(
            {
                column.name: value if unmask else mask_value(column, value)
                for column, value in zip(columns, row, strict=True)
            }
            for row in rows
        )
        names = tuple(column.name for column in columns)
        return SampleResult(columns=names, rows=masked_rows, masked=not unmask, masked_columns=pii)

    def breakdown(
        self, tree: RuleTree, field: str, *, segments: Segments | None = None, top: int = 20
    ) -> list[BreakdownRow]:
        """Audience members per value of a categorical ``table.column`` (profile or 1:1 table).

        Profiles without a value (or without a row in the joined table) form the ``None`` bucket.
        """
        compiled = self._compiled_audience(tree, segments)
        select = queries.breakdown_query(self.catalog, compiled.select, field)
        buckets: dict[BreakdownValue, int] = {
            _bucket(value): _as_int(members) for value, members in self._rows(select, "breakdown")
        }
        total = _as_int(self._run(compiled.count_sql, "count")[0][0])
        without_row = total - sum(buckets.values())  # members absent from a 1:1 table
        if without_row:
            buckets[None] = buckets.get(None, 0) + without_row
        ordered = sorted(buckets.items(), key=_bucket_order)[:top]
        return [
            BreakdownRow(value, count, count / total if total else 0.0) for value, count in ordered
        ]

    def leave_one_out(
        self, tree: RuleTree, *, segments: Segments | None = None
    ) -> list[LeaveOneOut]:
        """For each top-level rule, the count of the tree without it (and the full count)."""
        full_count = self.count(tree, segments=segments).count
        results = []
        for index in range(len(tree.root.rules)):
            without = tree.remove_rule(index)
            count = self.count(without, segments=segments).count
            results.append(LeaveOneOut(f"root.rules[{index}]", count, full_count))
        return results

    def waterfall(
        self, tree: RuleTree, channel: str, *, segments: Segments | None = None
    ) -> Waterfall:
        """Matched → consented → not suppressed → contactable on ``channel``, cumulative."""
        audience = self._compiled_audience(tree, segments).select
        select = queries.waterfall_query(self.catalog, audience, channel)
        matched, consented, not_suppressed, contactable = self._rows(select, "waterfall")[0]
        return Waterfall(
            channel=channel,
            matched=_as_int(matched),
            consented=_as_int(consented),
            not_suppressed=_as_int(not_suppressed),
            contactable=_as_int(contactable),
        )

    def eligible_contacts(self, channel: str, member_ids: Sequence[ProfileKey]) -> pa.Table:
        """Among ``member_ids``, the consented, non-suppressed profiles with a contact.

        Returns:
            An Arrow table sorted by key: the profile key and the channel's contact column
            (named like it, e.g. ``email``, ``phone``, ``push_token``).
        """
        query = queries.eligible_query(self.catalog, channel)
        return rows_for_keys(self.cursor(), self.catalog, query, member_ids, self.limits)

    def profiles(self, keys: Sequence[ProfileKey], *, unmask: bool = False) -> SampleResult:
        """The profile rows of ``keys`` (e.g. members entering an audience), PII masked."""
        query = queries.profiles_query(self.catalog)
        table = rows_for_keys(self.cursor(), self.catalog, query, keys, self.limits)
        return self._sample_result([tuple(row.values()) for row in table.to_pylist()], unmask)

    def snapshot_id(self) -> str:
        """Identity of the data snapshot: the catalog's as_of plus a fingerprint of the file.

        The fingerprint covers the file's size and modification time and the row count of every
        catalog table, so regenerated or refreshed data gives another id.
        """
        stat = self.database.stat()
        counts = [f"{name}={self._row_count(name)}" for name in self._table_names()]
        material = "|".join([str(stat.st_size), str(stat.st_mtime_ns), *counts])
        digest = hashlib.sha256(material.encode()).hexdigest()[:16]
        return f"{self.catalog.as_of.strftime('%Y%m%dT%H%M%SZ')}-{digest}"

    def data_identity(self) -> dict[str, object]:
        """The file this engine reads (as opened) and whether it is still the file on disk.

        A file replaced by rename keeps being read through the old inode by an open connection;
        ``current`` is False then, and whoever holds the engine must open a new one.
        """
        return {"kind": "duckdb", "path": str(self.database.resolve()), **self._opened,
                "current": self.is_current()}  # fmt: skip

    def is_current(self) -> bool:
        """True while the file at ``database`` is the one this engine opened."""
        try:
            return _file_identity(self.database) == self._opened
        except OSError:
            return False

    # -- execution -------------------------------------------------------------------------

    def _rows(self, select: exp.Select, operation: str) -> list[Row]:
        guard_select(select, self.catalog)
        return self._run(select.sql(dialect="duckdb"), operation)

    def _run(self, sql: str, operation: str) -> list[Row]:
        """Execute SQL text that was rendered from a guarded AST (never from any other source),
        after one last look at the text itself (``guard_sql_text``)."""
        guard_sql_text(sql)
        with map_exceptions(operation, self.limits):
            result = self.cursor().execute(sql)
            return _uuids_as_text(result.fetchall(), result.description or [])

    def _scalar(self, select: exp.Select, operation: str) -> int:
        return _as_int(self._rows(select, operation)[0][0])

    def _table_names(self) -> list[str]:
        return sorted(table.name for table in self.catalog.tables)

    def _row_count(self, table_name: str) -> int:
        table = exp.table_(exp.to_identifier(table_name, quoted=True))
        select = exp.Select().select(exp.Count(this=exp.Star())).from_(table)
        return self._scalar(select, "snapshot fingerprint")


@dataclass(frozen=True)
class _Compiled:
    """A compiled audience: the guarded SELECT, its DuckDB text, and its count query's text."""

    select: exp.Select
    sql: str
    count_sql: str


class _CompiledCache:
    """A small thread-safe LRU of compiled audiences: canonical tree JSON → (SELECT, SQL)."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[str, _Compiled] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> _Compiled | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: str, item: _Compiled) -> None:
        with self._lock:
            self._items[key] = item
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _file_identity(path: Path) -> dict[str, int]:
    info = path.stat()
    return {"device": info.st_dev, "inode": info.st_ino, "size": info.st_size,
            "mtime_ns": info.st_mtime_ns}  # fmt: skip


def _cache_key(tree: RuleTree, segments: Segments | None) -> str:
    named = sorted((segments or {}).items())
    return "|".join([tree.canonical_json(), *(f"{n}={t.canonical_json()}" for n, t in named)])


def _uuids_as_text(rows: list[Any], description: Sequence[Sequence[object]]) -> list[Row]:
    """Rows with the cells of ``UUID`` columns as text: to the product a UUID is its text."""
    uuids = {index for index, column in enumerate(description) if column[1] == "UUID"}
    if not uuids:
        return [tuple(row) for row in rows]
    return [
        tuple(str(v) if i in uuids and v is not None else v for i, v in enumerate(row))
        for row in rows
    ]


def _bucket(value: CellValue) -> BreakdownValue:
    return value if isinstance(value, str | bool | int | float) or value is None else str(value)


def _bucket_order(item: tuple[BreakdownValue, int]) -> tuple[int, bool, str]:
    """Largest first; ties by value, the NULL bucket last."""
    value, count = item
    return -count, value is None, str(value)


def _as_int(value: CellValue) -> int:
    return int(value or 0)  # type: ignore[arg-type]
