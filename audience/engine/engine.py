"""The audience engine: counts, samples, breakdowns, waterfalls and member streams on any backend.

One ``AudienceEngine`` per database and process (the Streamlit app caches one). It holds a
``Backend`` (``audience.engine.backend``): the hardened read-only DuckDB file by default, or a
PostgreSQL database, or Spark, chosen by the database target. Every rule tree is compiled by
``audience.compile``, every SELECT passes the guard (``guard_query``) before it reaches any
backend, and each backend translates its own errors once into ``audience.errors``.

Usage::

    with AudienceEngine(Path(".perimeter/data/demo.duckdb"), load_catalog()) as engine:
        engine.count(tree).count
        engine.waterfall(tree, "email").contactable
    with AudienceEngine("postgresql://perimeter_reader@/crm?host=/run/postgresql", catalog) as pg:
        for batch in pg.member_batches(tree):
            ...
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from sqlglot import exp

from audience.compile.compiler import compile_rules, render_sql
from audience.compile.guard import guard_sql
from audience.engine import queries as queries
from audience.engine.backend import (
    Backend,
    GuardedQuery,
    backend_kind,
    guard_query,
    open_backend,
)
from audience.engine.connection import EngineLimits
from audience.engine.duckdb_backend import DuckDBBackend
from audience.engine.keyed import key_array
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
from languages import say
from schema_catalog import (
    Catalog,
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


def _resolved(catalog: Catalog, backend: Backend) -> Catalog:
    """``as_of: latest|now`` read from this data (a fixed catalog comes back unchanged)."""
    try:
        return resolve_as_of(catalog, backend.reader())
    except ReaderError as error:
        message = say("as_of_unreadable", raw=error.message)
        raise SchemaMismatchError(message, hint=say("check_timestamps")) from error


class AudienceEngine:
    """Runs compiled audiences on one read-only database: DuckDB, PostgreSQL or Spark.

    Args:
        database: A DuckDB file (must exist; ``perimeter demo-data`` makes the demo one), a
            ``postgresql://`` URL, a ``spark:<master>[?parquet=DIR]`` target, or an open
            ``Backend``.
        catalog: The catalog describing the database.
        limits: Memory, threads and per-query time limit; defaults to ``EngineLimits()``.
    """

    def __init__(
        self,
        database: Path | str | Backend,
        catalog: Catalog,
        *,
        limits: EngineLimits | None = None,
    ) -> None:
        self.limits = limits or EngineLimits()
        # Identity first: if the file is swapped while connecting, the engine looks stale, never
        # fresher than it is.
        self._file = _local_file(database)
        self._opened = _file_identity(self._file) if self._file and self._file.exists() else {}
        if isinstance(database, str | Path):
            self.backend: Backend = open_backend(database, self.limits, catalog)
        else:
            self.backend = database
        self.database = database if isinstance(database, Path) else self.backend.target
        """The database target (a DuckDB path, or the redacted URL / Spark target)."""
        self.catalog = _resolved(catalog, self.backend)
        """The catalog with ``as_of: latest|now`` resolved when the data was opened: callers
        describe, validate and show times with this one, not the catalog they passed in."""
        self._compiled = _CompiledCache()

    @property
    def dialect(self) -> str:
        """The sqlglot dialect of the backend (``duckdb``, ``postgres``, ``spark``)."""
        return self.backend.dialect

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's DuckDB cursor (DuckDB backend only; tests and benchmarks use it)."""
        if not isinstance(self.backend, DuckDBBackend):
            raise EngineUsageError(say("cursor_duckdb_only", dialect=self.dialect))
        return self.backend.cursor()

    def close(self) -> None:
        """Close the backend's connections."""
        self.backend.close()

    def __enter__(self) -> AudienceEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- audiences -------------------------------------------------------------------------

    def clear_compiled(self) -> None:
        """Forget compiled trees (benchmarks use it to time compilation every run)."""
        self._compiled.clear()

    def _compiled_audience(self, tree: RuleTree, segments: Segments | None) -> _Compiled:
        """The tree's SELECT, its text, and its guarded ``COUNT(*)`` query, cached."""
        key = _cache_key(tree, segments)
        cached = self._compiled.get(key)
        if cached is None:
            select = compile_rules(tree, self.catalog, segments=segments)
            # Guarding the count walks the audience SELECT inside it too.
            count = guard_query(queries.count_query(select), self.catalog, self.dialect)
            cached = _Compiled(select, render_sql(select, self.dialect), count)
            self._compiled.put(key, cached)
        return cached

    def count(self, tree: RuleTree, *, segments: Segments | None = None) -> CountResult:
        """How many profiles the tree selects, with the SQL (backend dialect) that selects them."""
        started = time.perf_counter()
        compiled = self._compiled_audience(tree, segments)
        count = _as_int(self.backend.rows(compiled.count, "count")[0][0])
        elapsed_ms = (time.perf_counter() - started) * 1000
        return CountResult(count=count, sql=compiled.sql, elapsed_ms=elapsed_ms)

    def member_batches(
        self, tree: RuleTree, *, segments: Segments | None = None, batch_size: int = 10_000
    ) -> Iterator[list[ProfileKey]]:
        """The keys of the profiles the tree selects, sorted, in batches of ``batch_size``.

        Streams from the database (a server-side cursor on PostgreSQL, one partition at a time on
        Spark): the member list is never loaded whole.
        """
        if batch_size < 1:
            raise EngineUsageError(say("batch_size_too_small", value=repr(batch_size)))
        audience = self._compiled_audience(tree, segments).select
        query = guard_query(queries.ids_query(audience), self.catalog, self.dialect)
        for batch in self.backend.batches(query, "member list", batch_size):
            yield [profile_key(row[0]) for row in batch if row[0] is not None]

    def member_ids(self, tree: RuleTree, *, segments: Segments | None = None) -> list[ProfileKey]:
        """The keys of the profiles the tree selects (int or text), in canonical order
        (``member_batches``, gathered)."""
        batches = self.member_batches(tree, segments=segments)
        return sorted_keys(member for batch in batches for member in batch)

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
        select = guard_sql(sql, self.catalog)  # parsed as DuckDB SQL, rendered for the backend
        key = self.catalog.profile.key
        outputs = [projection.alias_or_name for projection in select.expressions]
        if outputs != [key]:
            selected = ", ".join(repr(name) for name in outputs) or "-"
            message = say("select_the_key_only", key=key, selected=selected)
            raise EngineUsageError(message, hint=say("select_distinct_key", key=key))
        rows = self._rows(select, "key query")
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

        The order is a hash of the key computed in SQL, so every backend returns the same sample.

        Args:
            tree: The audience.
            n: How many profiles at most.
            segments: Saved segments the tree may reference.
            unmask: True returns PII columns in clear (callers must check permission).
            seed: Another seed gives another, equally deterministic, sample.
        """
        if n < 0:
            raise EngineUsageError(say("sample_size_negative", value=repr(n)))
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
        total = _as_int(self.backend.rows(compiled.count, "count")[0][0])
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
        return self._rows_for_keys(query, member_ids, "contact export")

    def profiles(self, keys: Sequence[ProfileKey], *, unmask: bool = False) -> SampleResult:
        """The profile rows of ``keys`` (e.g. members entering an audience), PII masked."""
        query = queries.profiles_query(self.catalog)
        table = self._rows_for_keys(query, keys, "profile rows")
        return self._sample_result([tuple(row.values()) for row in table.to_pylist()], unmask)

    def _rows_for_keys(
        self, query: tuple[exp.Select, exp.Column], keys: Sequence[ProfileKey], operation: str
    ) -> pa.Table:
        """Run a guarded query for the profiles in ``keys`` only. The keys never become SQL text
        on DuckDB (a registered Arrow relation) and are sqlglot literals elsewhere."""
        select, key = query
        guarded = guard_query(select, self.catalog, self.dialect)
        compared = key if self.catalog.integer_keys else exp.cast(key, exp.DataType.Type.VARCHAR)
        ids = key_array(self.catalog, keys)
        return self.backend.table_for_ids(guarded, compared, ids, operation)

    def snapshot_id(self) -> str:
        """Identity of the data snapshot: the catalog's as_of plus a fingerprint of the data.

        The fingerprint covers the backend's own facts (a DuckDB file's size and modification
        time, a PostgreSQL schema's row-change counter, Parquet files' sizes and times) and the
        row count of every catalog table, so regenerated or refreshed data gives another id.
        """
        counts = [f"{name}={self._row_count(name)}" for name in self._table_names()]
        material = "|".join([*self.backend.snapshot_material(), *counts])
        digest = hashlib.sha256(material.encode()).hexdigest()[:16]
        return f"{self.catalog.as_of.strftime('%Y%m%dT%H%M%SZ')}-{digest}"

    def data_identity(self) -> dict[str, object]:
        """What this engine reads and whether it is still what is there.

        A DuckDB file replaced by rename keeps being read through the old inode by an open
        connection; ``current`` is False then, and whoever holds the engine must open a new one.
        A server (PostgreSQL, Spark) is always current: its data changes in place.
        """
        if self._file is None:
            return {"kind": backend_kind(self.backend.target), "target": self.backend.target,
                    "current": True}  # fmt: skip
        return {"kind": "duckdb", "path": str(self._file.resolve()), **self._opened,
                "current": self.is_current()}  # fmt: skip

    def is_current(self) -> bool:
        """True while the DuckDB file at ``database`` is the one this engine opened (always
        True on a server)."""
        if self._file is None:
            return True
        try:
            return _file_identity(self._file) == self._opened
        except OSError:
            return False

    # -- execution -------------------------------------------------------------------------

    def _rows(self, select: exp.Select, operation: str) -> list[Row]:
        """Guard, render for the backend and run: the only way a SELECT reaches the database."""
        return self.backend.rows(guard_query(select, self.catalog, self.dialect), operation)

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
    """A compiled audience: its SELECT, its text in the backend's dialect, its guarded count."""

    select: exp.Select
    sql: str
    count: GuardedQuery


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


def _local_file(database: Path | str | Backend) -> Path | None:
    """The DuckDB file of a database target (None for a server or an open backend)."""
    if isinstance(database, Path):
        return database
    if isinstance(database, str) and backend_kind(database) == "duckdb":
        return Path(database)
    return None


def _file_identity(path: Path) -> dict[str, int]:
    info = path.stat()
    return {"device": info.st_dev, "inode": info.st_ino, "size": info.st_size,
            "mtime_ns": info.st_mtime_ns}  # fmt: skip


def _cache_key(tree: RuleTree, segments: Segments | None) -> str:
    named = sorted((segments or {}).items())
    return "|".join([tree.canonical_json(), *(f"{n}={t.canonical_json()}" for n, t in named)])


def _bucket(value: CellValue) -> BreakdownValue:
    return value if isinstance(value, str | bool | int | float) or value is None else str(value)


def _bucket_order(item: tuple[BreakdownValue, int]) -> tuple[int, bool, str]:
    """Largest first; ties by value, the NULL bucket last."""
    value, count = item
    return -count, value is None, str(value)


def _as_int(value: CellValue) -> int:
    return int(value or 0)  # type: ignore[arg-type]
