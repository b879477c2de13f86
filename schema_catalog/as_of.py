"""Resolve a catalog's ``as_of: latest`` or ``as_of: now`` against its data, where it is opened.

``latest`` is the end of the day of the newest event among the event tables whose events lie in
the past (``future_events`` tables, such as bookings, are left out: their newest row is a date to
come). A DATE column's newest day ``D`` and a TIMESTAMP's newest instant on day ``D`` both give
``D + 1 day 00:00 UTC``, so a "last 7 days" window covers the newest day in full. ``now`` is the
clock when the data is opened. A fixed catalog is returned unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from schema_catalog.model import AsOfMode, Catalog
from schema_catalog.reader import DatabaseReader, Scalar

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _as_day(value: Scalar) -> date | None:
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).date()
    if isinstance(value, date):
        return value
    return None


def newest_event(catalog: Catalog, reader: DatabaseReader) -> tuple[date, str] | None:
    """The newest day of any past-event table, with the ``table.column`` it was read from."""
    newest: tuple[date, str] | None = None
    for table in catalog.event_tables:
        if table.future_events or table.timestamp is None:
            continue
        day = _as_day(reader.newest_value(table.name, table.timestamp))
        if day is not None and (newest is None or day > newest[0]):
            newest = (day, f"{table.name}.{table.timestamp}")
    return newest


def resolve_as_of(catalog: Catalog, reader: DatabaseReader, *, clock: Clock = _utc_now) -> Catalog:
    """The catalog with ``as_of`` read from the data (``latest``) or the clock (``now``).

    ``as_of_note`` records where the instant came from; it is shown beside the instant.
    A catalog already resolved, or fixed, comes back as it is.
    """
    if not catalog.as_of_pending:
        return catalog
    if catalog.as_of_mode is AsOfMode.NOW:
        return catalog.model_copy(
            update={"as_of": clock(), "as_of_note": "now: the clock when the data was opened"}
        )
    newest = newest_event(catalog, reader)
    if newest is None:
        return catalog.model_copy(
            update={
                "as_of": clock(),
                "as_of_note": "latest: no past event in the data, so the clock was used",
            }
        )
    day, where = newest
    instant = datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
    note = f"latest: the day after the newest event, {day.isoformat()} in {where}"
    return catalog.model_copy(update={"as_of": instant, "as_of_note": note})


def resolve_as_of_from_file(catalog: Catalog, database: Path | None) -> Catalog:
    """``resolve_as_of`` against a DuckDB file, for commands that plan before opening an engine.

    A fixed catalog, or a database that does not exist (yet), leaves the catalog as it is; the
    engine resolves it again when it opens the data.
    """
    if not catalog.as_of_pending or database is None or not database.is_file():
        return catalog
    from schema_catalog.duckdb_reader import open_duckdb_reader  # DuckDB only when needed

    with open_duckdb_reader(database) as reader:
        return resolve_as_of(catalog, reader)
