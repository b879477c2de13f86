"""Resolve a catalog's ``as_of: latest`` or ``as_of: now`` against its data, where it is opened.

``latest`` is the instant just after the newest event among the event tables whose events lie
in the past (``future_events`` tables, such as bookings, are left out: their newest row is a date
to come). For a TIMESTAMP it is one second after the newest event (to the second), so that
"the last 7 days" — the half-open interval ``[as_of - 7 days, as_of)`` — still holds that event;
for a DATE, which has no time of day, it is the end of the newest day (its next midnight). A
timestamp on the same day as the newest date wins: date windows cover whole days anyway. ``now``
is the clock when the data is opened. A fixed catalog is returned unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from schema_catalog.model import AsOfMode, Catalog
from schema_catalog.reader import DatabaseReader, Scalar

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class NewestEvent:
    """The newest past event of the data, and the ``as_of`` that ``latest`` takes from it.

    >>> NewestEvent(datetime(2026, 11, 30, 22, 59), "checkins.checked_in_at").as_of.isoformat()
    '2026-11-30T22:59:01+00:00'
    >>> NewestEvent(date(2026, 6, 14), "visits.visit_day").as_of.isoformat()
    '2026-06-15T00:00:00+00:00'
    """

    value: date | datetime
    """As stored: a DATE's day or a TIMESTAMP's instant (naive instants are UTC)."""
    where: str
    """The ``table.column`` it was read from."""

    @property
    def timestamped(self) -> bool:
        return isinstance(self.value, datetime)

    @property
    def instant(self) -> datetime:
        """When it happened, in UTC; a DATE at the start of its day."""
        if isinstance(self.value, datetime):
            value = self.value
            return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.combine(self.value, time(0), tzinfo=UTC)

    @property
    def as_of(self) -> datetime:
        """Just after the event: one second after a timestamp, the next midnight after a DATE."""
        if self.timestamped:
            return self.instant.replace(microsecond=0) + timedelta(seconds=1)
        return self.instant + timedelta(days=1)

    def note(self) -> str:
        """Where ``as_of: latest`` came from, shown beside the instant."""
        if self.timestamped:
            shown = self.instant.strftime("%Y-%m-%d %H:%M:%S")
            return f"latest: one second after the newest event, {shown} in {self.where}"
        day = self.instant.date().isoformat()
        return f"latest: the end of the newest event's day, {day} in {self.where}"


def newest_of(found: Iterable[tuple[Scalar, str]]) -> NewestEvent | None:
    """The newest of ``(value, "table.column")`` pairs; dates and datetimes only, a timestamp
    beating a date of the same day (it says more precisely when the data ends)."""
    events = [NewestEvent(v, w) for v, w in found if isinstance(v, date)]
    if not events:
        return None
    return max(events, key=lambda event: (event.instant, event.timestamped))


def newest_event(catalog: Catalog, reader: DatabaseReader) -> NewestEvent | None:
    """The newest event of any past-event table of ``catalog`` in the data ``reader`` reads."""
    found = [
        (reader.newest_value(table.name, table.timestamp), f"{table.name}.{table.timestamp}")
        for table in catalog.event_tables
        if not table.future_events and table.timestamp is not None
    ]
    return newest_of(found)


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
    return catalog.model_copy(update={"as_of": newest.as_of, "as_of_note": newest.note()})


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
