"""A choice two events record: once when it is booked, once when it is done.

Some catalogs hold the same dimension on a table of bookings (``future_events``: slots, orders
to come) and on a table of what happened (the paid baskets): 'drive' is the click-and-collect of
both. The two columns record the same choice when one's allowed values include all of the
other's. A word naming that value in a clause that does not look ahead means what was done
('used the drive last month': the baskets); a clause looking ahead means the booking ('drive
slot next week'). The proposal states the choice (``weak_readings.event_guesses``), so the user
sees which one was taken.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from assistant.language import Role
from assistant.offline.senses import Sense, SenseKind
from audience.rules import WindowKind
from schema_catalog import Catalog, Table, TableKind

if TYPE_CHECKING:
    from assistant.offline.spans import Span


def recorded_twice(catalog: Catalog) -> dict[str, str]:
    """``table.column`` of a bookings table → the column of a table of past events that records
    the same choice (its allowed values include all of the booking column's)."""
    events = [table for table in catalog.tables if table.kind is TableKind.EVENT]
    booked = [table for table in events if table.future_events]
    done = [table for table in events if not table.future_events]
    return {
        f"{booking.name}.{column.name}": target
        for booking in booked
        for column in booking.columns
        if (target := _same_choice(column.allowed_values, done)) is not None
    }


def _same_choice(values: Sequence[object] | None, tables: Iterable[Table]) -> str | None:
    if not values:
        return None
    wanted = {str(value) for value in values}
    found = [
        f"{table.name}.{column.name}"
        for table in tables
        for column in table.columns
        if len(wanted) > 1 and wanted <= {str(value) for value in column.allowed_values or ()}
    ]
    return found[0] if len(found) == 1 else None


def booked_or_done(
    twice: Mapping[str, str], senses: Iterable[Sense], clause: Sequence[Span]
) -> Sense | None:
    """Of a word's event values, the one its clause means when they are the same choice booked
    and done (see the module docstring); None when they are not."""
    values = [sense for sense in senses if sense.kind is SenseKind.EVENT_VALUE and sense.table]
    for booking in values:
        target = twice.get(f"{booking.table}.{booking.column}")
        done = next((s for s in values if f"{s.table}.{s.column}" == target), None)
        others = {s.table for s in values} - {booking.table, done.table if done else None}
        if done is not None and done.value == booking.value and not others:
            return booking if looks_ahead(clause) else done
    return None


def looks_ahead(clause: Sequence[Span]) -> bool:
    """Whether the clause looks ahead of the data's date: a time ahead ('next week', 'coming
    up', 'this week' read on its first day) or a word of a state still to come ('booked',
    'prévue', 'geplant')."""
    for span in clause:
        if Role.PENDING_STATES in span.roles:
            return True
        spec = span.time
        if spec is None:
            continue
        forward = spec.window is not None and spec.window.type is WindowKind.NEXT
        if spec.ahead or spec.open_ahead or spec.calendar_ahead or spec.period_ahead or forward:
            return True
    return False
