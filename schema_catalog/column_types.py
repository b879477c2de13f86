"""How logical catalog column types map to DuckDB types, defined once for the generator and drift.

>>> storage_type(ColumnType.DECIMAL)
'DECIMAL(12,2)'
>>> accepts(ColumnType.INTEGER, "INTEGER"), accepts(ColumnType.INTEGER, "VARCHAR")
(True, False)
>>> accepts(ColumnType.STRING, "UUID")
True
"""

from __future__ import annotations

from schema_catalog.model import ColumnType

_STORAGE: dict[ColumnType, str] = {
    ColumnType.STRING: "VARCHAR",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.DECIMAL: "DECIMAL(12,2)",
    ColumnType.BOOLEAN: "BOOLEAN",
    ColumnType.DATE: "DATE",
    ColumnType.TIMESTAMP: "TIMESTAMP",
}

_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT")
_ACCEPTED: dict[ColumnType, tuple[str, ...]] = {
    ColumnType.STRING: ("VARCHAR", "UUID"),  # a UUID is read as its text (profile keys)
    ColumnType.INTEGER: _INTEGERS + tuple(f"U{name}" for name in _INTEGERS),
    ColumnType.DECIMAL: ("DECIMAL", "DOUBLE", "FLOAT", "REAL"),
    ColumnType.BOOLEAN: ("BOOLEAN",),
    ColumnType.DATE: ("DATE",),
    ColumnType.TIMESTAMP: ("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"),
}

_LOGICAL: dict[str, ColumnType] = {
    family: column_type for column_type, families in _ACCEPTED.items() for family in families
}


def storage_type(column_type: ColumnType) -> str:
    """The DuckDB type the demo generator writes for a logical column type."""
    return _STORAGE[column_type]


def accepts(column_type: ColumnType, duckdb_type: str) -> bool:
    """True when a DuckDB column type (as ``information_schema`` spells it) fits the logical type.

    Parameters of the type are ignored (``DECIMAL(18,3)`` is a decimal). Time zones are not
    accepted: catalog timestamps are naive UTC.
    """
    return family_of(duckdb_type) in _ACCEPTED[column_type]


def family_of(duckdb_type: str) -> str:
    """The type's name without parameters: ``DECIMAL(12,2)`` → ``DECIMAL``."""
    return duckdb_type.upper().split("(", 1)[0].strip()


def logical_type(duckdb_type: str) -> ColumnType | None:
    """The logical type a DuckDB type maps to, or None (lists, structs, blobs, time zones).

    >>> logical_type("DECIMAL(12,2)")
    <ColumnType.DECIMAL: 'decimal'>
    """
    return _LOGICAL.get(family_of(duckdb_type))
