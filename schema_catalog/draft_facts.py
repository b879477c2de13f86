"""What the draft learns about a database through a ``DatabaseReader``: sizes, distinct counts,
sample values, and which columns reference which candidate keys (by value overlap).

A *candidate key* is a text or integer column whose values are all distinct. A column
*references* a candidate key when at least ``REFERENCE_SHARE`` of its distinct values are found
in it, whatever the two columns are called; columns with fewer than ``MIN_REFERENCE_VALUES``
distinct values are too small to tell (a quantity 1..5 is not a reference to keys 1..100,000).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from schema_catalog.model import ColumnType
from schema_catalog.pii import looks_personal, values_look_personal
from schema_catalog.reader import DatabaseReader, Scalar

REFERENCE_SHARE = 0.9
MIN_REFERENCE_VALUES = 10
SAMPLE_SIZE = 20
MAX_CATEGORIES = 50
"""A text column with at most this many distinct values (and few per row) is categorical."""
CATEGORY_RATIO = 0.2
"""... and at most this share of distinct values per row: 10 towns over 3,000 households."""
LOOKUP_MAX_ROWS = MAX_CATEGORIES
"""A table of at most this many rows (few enough to be a category where it is referenced)..."""
LOOKUP_FACTOR = 10
"""... that a table this many times larger references is a lookup table (gyms, stores)."""
_KEY_TYPES = (ColumnType.INTEGER, ColumnType.STRING)
_TEMPORAL = (ColumnType.DATE, ColumnType.TIMESTAMP)


@dataclass(frozen=True)
class ColumnFacts:
    """One column: its type, distinct count, sample values and what they look like."""

    table: str
    name: str
    type: ColumnType
    distinct: int
    rows: int
    samples: tuple[Scalar, ...]
    newest: Scalar = None

    @property
    def unique(self) -> bool:
        return self.rows > 0 and self.distinct == self.rows

    @property
    def candidate_key(self) -> bool:
        return self.unique and self.type in _KEY_TYPES

    @property
    def temporal(self) -> bool:
        return self.type in _TEMPORAL

    @property
    def value_kind(self) -> str | None:
        """'email' or 'phone' when the sample values look like one."""
        return values_look_personal(self.samples) if self.type is ColumnType.STRING else None

    @property
    def personal(self) -> bool:
        return looks_personal(self.name, self.type) or self.value_kind is not None

    @property
    def categorical(self) -> bool:
        """A text column with few distinct values for its rows, and not personal data."""
        if self.type is not ColumnType.STRING or self.personal or self.candidate_key:
            return False
        return 0 < self.distinct <= MAX_CATEGORIES and self.distinct <= CATEGORY_RATIO * self.rows

    @property
    def dotted(self) -> str:
        return f"{self.table}.{self.name}"


@dataclass(frozen=True)
class TableFacts:
    """One table: its rows and columns."""

    name: str
    rows: int
    columns: tuple[ColumnFacts, ...]

    def column(self, name: str) -> ColumnFacts:
        return next(column for column in self.columns if column.name == name)


@dataclass(frozen=True)
class DatabaseFacts:
    """Every usable table, and the references found between columns and candidate keys."""

    tables: tuple[TableFacts, ...]
    references: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    """``"table.column"`` → the candidate keys (``"table.key"``) it references, each with a fit:
    the share of the key's values the column uses times the share of the column's values found
    in the key."""
    skipped: tuple[str, ...] = ()
    """Tables or columns left out, each with the reason."""

    def table(self, name: str) -> TableFacts:
        return next(table for table in self.tables if table.name == name)

    def referencing(self, key: str) -> list[tuple[ColumnFacts, float]]:
        """Columns of other tables that reference the candidate key ``table.column``, each with
        its fit (see ``references``)."""
        found = []
        for table in self.tables:
            for column in table.columns:
                shares = dict(self.references.get(column.dotted, []))
                if key in shares and not key.startswith(f"{table.name}."):
                    found.append((column, shares[key]))
        return found


def read_facts(reader: DatabaseReader) -> DatabaseFacts:
    """Read sizes, distinct counts and samples of every table, then the key references."""
    tables: list[TableFacts] = []
    skipped: list[str] = []
    for name in reader.tables():
        facts, left_out = _table_facts(reader, name)
        skipped += left_out
        if facts.columns:
            tables.append(facts)
        else:
            skipped.append(f"{name}: no column of a type a catalog can describe")
    references = _references(reader, tables)
    return DatabaseFacts(tuple(tables), references, tuple(skipped))


def _table_facts(reader: DatabaseReader, name: str) -> tuple[TableFacts, list[str]]:
    rows = reader.row_count(name)
    columns, skipped = [], []
    for info in reader.columns(name):
        if info.type is None:
            skipped.append(f"{name}.{info.name}: type {info.native} has no catalog type")
            continue
        distinct = reader.distinct_count(name, info.name)
        limit = distinct if 0 < distinct <= MAX_CATEGORIES else SAMPLE_SIZE
        samples = tuple(reader.sample_values(name, info.name, limit))
        newest = reader.newest_value(name, info.name) if info.type in _TEMPORAL else None
        columns.append(ColumnFacts(name, info.name, info.type, distinct, rows, samples, newest))
    return TableFacts(name, rows, tuple(columns)), skipped


def _may_reference(column: ColumnFacts, key: ColumnFacts) -> bool:
    if column.table == key.table or column.type is not key.type or column.temporal:
        return False
    return column.distinct >= min(MIN_REFERENCE_VALUES, key.distinct) and column.distinct > 0


def _references(
    reader: DatabaseReader, tables: list[TableFacts]
) -> dict[str, list[tuple[str, float]]]:
    keys = [c for t in tables for c in t.columns if c.candidate_key]
    found: dict[str, list[tuple[str, float]]] = {}
    for table in tables:
        for column in table.columns:
            for key in keys:
                if not _may_reference(column, key):
                    continue
                overlap = reader.value_overlap(table.name, column.name, key.table, key.name)
                if overlap.share >= REFERENCE_SHARE:
                    used = overlap.found / key.distinct if key.distinct else 0.0
                    # A key holding only some of the values (a score table of most people)
                    # fits less well than the one holding them all: weigh by both shares.
                    found.setdefault(column.dotted, []).append((key.dotted, used * overlap.share))
    return found


def looks_like_lookup(rows: int, referencing_rows: int) -> bool:
    """A table of ``rows`` rows that a table of ``referencing_rows`` rows references is a lookup
    (five gyms, 83,716 check-ins), not one row per person.

    >>> looks_like_lookup(5, 83_716), looks_like_lookup(4_000, 83_716)
    (True, False)
    """
    return rows <= LOOKUP_MAX_ROWS and referencing_rows >= LOOKUP_FACTOR * max(rows, 1)


def as_day(value: Scalar) -> date | None:
    """A date or datetime sample as a day, else None."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
