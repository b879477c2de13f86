"""Lengths of time compared with a catalog measure: '20 minutes', 'half an hour', 'mehr als
15 Minuten'. The packs give each duration word in seconds (``numbers.durations``); the catalog
says what a column counts in with its ``unit`` — ``s``, ``min`` or ``h`` make it a duration —
and the threshold is converted into that unit ('20 minutes' on a column in seconds is 1200).
"""

from __future__ import annotations

from schema_catalog import Catalog, Table

SECONDS_IN = {"s": 1, "min": 60, "h": 3600}
"""The seconds in one of each duration unit a catalog column may give."""


def duration_measures(table: Table) -> list[str]:
    """The measures of ``table`` that hold a length of time."""
    return [name for name in table.measures if table.column(name).unit in SECONDS_IN]


def duration_table(catalog: Catalog) -> str | None:
    """'stayed more than 20 minutes' with no behaviour named: the one event table that records
    a length of time (None when none or several do)."""
    tables = [table.name for table in catalog.event_tables if duration_measures(table)]
    return tables[0] if len(tables) == 1 else None


def in_unit(seconds: float, unit: str | None) -> float:
    """``seconds`` in the column's ``unit`` (as an integer when whole)."""
    value = seconds / SECONDS_IN.get(unit or "s", 1)
    return int(value) if float(value).is_integer() else value
