"""A state said with a time dates that state's own column: 'cancelled last year' is when the
subscription was cancelled, not when it started.

An event row carries one timestamp (when it started) and often the date each later state was
reached ('cancelled_on' beside the status 'cancelled'). A behaviour that names one state value
and a time dates that state's column: the one date column of the table named after the value
('cancelled_on', 'cancelled_at', 'cancelled_date') or whose synonyms begin with the value
('cancelled on'). With no such column, or several, the row's timestamp keeps the time.
"""

from __future__ import annotations

from assistant.language import fold
from assistant.offline.draft import Anchor, Draft
from assistant.offline.lexicon import SenseKind
from schema_catalog import Catalog, ColumnType, Table

_DATES = frozenset({ColumnType.DATE, ColumnType.TIMESTAMP})
_ENDINGS = ("_on", "_at", "_date")


def date_states(draft: Draft, catalog: Catalog) -> None:
    """Pass: a timed behaviour naming one state value dates that state's column."""
    for anchor in draft.anchors:
        if anchor.kind is not SenseKind.EVENT or anchor.time is None or anchor.date_column:
            continue
        table = catalog.table(anchor.sense.table or "")
        found = {column for value in _states(anchor) for column in _dated(table, value)}
        if len(found) == 1 and table.timestamp not in found:
            anchor.date_column = found.pop()


def _states(anchor: Anchor) -> list[str]:
    return [values[0] for values in anchor.filters.values() if len(values) == 1]


def _dated(table: Table, value: str) -> list[str]:
    """Date columns of ``table`` named after ``value`` ('cancelled' → 'cancelled_on').

    >>> from schema_catalog import Column
    >>> columns = (Column(name="ref", type="integer"), Column(name="started_on", type="date"),
    ...            Column(name="cancelled_on", type="date"))
    >>> rows = Table(name="subs", kind="event", key="ref", timestamp="started_on",
    ...              sources=("crm",), columns=columns)
    >>> _dated(rows, "cancelled"), _dated(rows, "active")
    (['cancelled_on'], [])
    """
    said = fold(value.replace("_", " "))
    return [
        column.name
        for column in table.columns
        if column.type in _DATES
        and (
            column.name in {value + ending for ending in _ENDINGS}
            or any(fold(synonym).startswith(said + " ") for synonym in column.synonyms)
        )
    ]
