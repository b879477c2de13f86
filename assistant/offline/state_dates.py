"""A state said with a time dates that state's own column: 'cancelled last year' is when the
subscription was cancelled, not when it started.

An event row carries one timestamp (when it started) and often the date each later state was
reached ('cancelled_on' beside the status 'cancelled'). A behaviour that names one state value
and a time dates that state's column: the one date column of the table named after the value
('cancelled_on', 'cancelled_at', 'cancelled_date') or whose synonyms begin with the value
('cancelled on'). With no such column, or several, or when a word of the request names another
date of the table ('started in 2024 and was cancelled'), the row's timestamp keeps the time. The
column is settled by the state word alone, so the proposal states it (``assume_state_date``).
"""

from __future__ import annotations

from assistant.explain import language_of
from assistant.language import fold
from assistant.offline.draft import Anchor, Draft
from assistant.offline.lexicon import SenseKind
from assistant.offline.nodes import phrase_of
from audience.rules import column_label
from schema_catalog import Catalog, ColumnType, Table

_DATES = frozenset({ColumnType.DATE, ColumnType.TIMESTAMP})
_ENDINGS = ("_on", "_at", "_date")


def date_states(draft: Draft, catalog: Catalog) -> None:
    """Pass: a timed behaviour naming one state value dates that state's column."""
    for anchor in draft.anchors:
        if anchor.kind is not SenseKind.EVENT or anchor.time is None or anchor.date_column:
            continue
        table = catalog.table(anchor.sense.table or "")
        found = {(column, value) for value in _states(anchor) for column in _dated(table, value)}
        if len(found) != 1:
            continue
        ((column, value),) = found
        if column != table.timestamp and not _other_date_named(draft, anchor, catalog, column):
            anchor.date_column = column
            anchor.notes.append(_note(draft, anchor, catalog, column, value))


def _other_date_named(draft: Draft, anchor: Anchor, catalog: Catalog, column: str) -> bool:
    """Whether a word of the anchor's clause names another date ('started' in 'started in 2024
    and was cancelled'): the time may be that date's."""
    table = catalog.table(anchor.sense.table or "")
    names = {
        fold(name)
        for other in table.columns
        if other.type in _DATES and other.name != column
        for name in (*other.synonyms, *(other.label or "",), *other.labels.values())
        if name
    }
    clause = [m for m in draft.mentions if m.clause == anchor.clause]
    return any(fold(m.text) in names for m in clause) or any(
        sense.kind is SenseKind.EVENT_VALUE
        and sense.value is None
        and sense.column not in {None, column}
        and _is_date(catalog, sense.table, sense.column)
        for mention in clause
        for sense in mention.senses
    )


def _is_date(catalog: Catalog, table: str | None, column: str | None) -> bool:
    return bool(table and column) and catalog.table(table).column(column).type in _DATES  # type: ignore[arg-type]


def _note(draft: Draft, anchor: Anchor, catalog: Catalog, column: str, value: str) -> str:
    """'last year' read on the cancellation date, not on the start date."""
    phrase = next((m.text for m in anchor.mentions if m.span.time is not None), None)
    table = anchor.sense.table or ""
    lang = language_of(draft.pack.code)
    start = catalog.table(table).timestamp or column
    return draft.pack.say(
        "assume_state_date",
        phrase=phrase or phrase_of(anchor),
        field=column_label(catalog, table, column, lang),
        value=value,
        other=column_label(catalog, table, start, lang),
    )


def state_date_columns(table: Table, value: str) -> list[str]:
    """The date columns of ``table`` named after the state ``value`` (see ``_dated``)."""
    return _dated(table, value)


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
            or _same_stem(value, column.name)
            or any(fold(synonym).startswith(said + " ") for synonym in column.synonyms)
        )
    ]


def _same_stem(value: str, column: str) -> bool:
    """Whether the date column is named after another form of the state's verb ('expired' →
    'expires_on', 'cancelled' → 'cancels_at'): one stem of five letters or more, each word
    adding at most two letters to it.

    >>> _same_stem("expired", "expires_on"), _same_stem("active", "activated_on")
    (True, False)
    """
    base = next((column[: -len(e)] for e in _ENDINGS if column.endswith(e)), None)
    if base is None:
        return False
    stem = next(
        (i for i, (a, b) in enumerate(zip(value, base, strict=False)) if a != b),
        min(len(value), len(base)),
    )
    return stem >= 5 and len(value) - stem <= 2 and len(base) - stem <= 2
