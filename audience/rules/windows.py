"""Time windows resolved against the dataset's ``as_of`` instant, in UTC.

Every window becomes a half-open interval ``[start, end)``; ``None`` means unbounded on that side.
Relative amounts use calendar arithmetic: "the last 6 months" before 2026-10-01 start on
2026-04-01.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from audience.rules.tree import TimeUnit, Window, WindowKind

Bounds = tuple[datetime | None, datetime | None]


def to_utc(instant: datetime) -> datetime:
    """An aware UTC datetime; naive datetimes are taken to be UTC already."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def day_start(day: date) -> datetime:
    """Midnight UTC at the start of ``day``."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def _add_months(instant: datetime, months: int) -> datetime:
    """Calendar month arithmetic; the day is clamped to the month's length (Mar 31 - 1 → Feb 28)."""
    total = instant.year * 12 + (instant.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - timedelta(days=1)).day
    return instant.replace(year=year, month=month, day=min(instant.day, last_day))


def shift(instant: datetime, amount: int, unit: TimeUnit) -> datetime:
    """``instant`` moved by ``amount`` units (negative goes back).

    >>> shift(datetime(2026, 10, 1, tzinfo=UTC), -6, TimeUnit.MONTH).date().isoformat()
    '2026-04-01'
    """
    if unit is TimeUnit.DAY:
        return instant + timedelta(days=amount)
    if unit is TimeUnit.WEEK:
        return instant + timedelta(weeks=amount)
    if unit is TimeUnit.MONTH:
        return _add_months(instant, amount)
    return _add_months(instant, 12 * amount)


def last_bounds(amount: int, unit: TimeUnit, as_of: datetime) -> tuple[datetime, datetime]:
    """``[as_of - amount unit, as_of)``: the 'within the last N units' interval."""
    end = to_utc(as_of)
    return shift(end, -amount, unit), end


def next_bounds(amount: int, unit: TimeUnit, as_of: datetime) -> tuple[datetime, datetime]:
    """``[as_of, as_of + amount unit)``: the 'within the next N units' interval."""
    start = to_utc(as_of)
    return start, shift(start, amount, unit)


def _resolve_last(window: Window, as_of: datetime) -> Bounds:
    return last_bounds(window.amount or 0, window.unit or TimeUnit.DAY, as_of)


def _resolve_next(window: Window, as_of: datetime) -> Bounds:
    return next_bounds(window.amount or 0, window.unit or TimeUnit.DAY, as_of)


def _resolve_between(window: Window, as_of: datetime) -> Bounds:
    start = day_start(window.start) if window.start else None
    end = day_start(window.end) + timedelta(days=1) if window.end else None
    return start, end


def _resolve_before(window: Window, as_of: datetime) -> Bounds:
    return None, day_start(window.end) if window.end else None


def _resolve_since(window: Window, as_of: datetime) -> Bounds:
    return day_start(window.start) if window.start else None, None


_RESOLVERS: dict[WindowKind, Callable[[Window, datetime], Bounds]] = {
    WindowKind.LAST: _resolve_last,
    WindowKind.NEXT: _resolve_next,
    WindowKind.BETWEEN: _resolve_between,
    WindowKind.BEFORE: _resolve_before,
    WindowKind.SINCE: _resolve_since,
}


def resolve_window(window: Window, as_of: datetime) -> Bounds:
    """The half-open UTC interval ``[start, end)`` a window covers; ``None`` = unbounded.

    'last N unit' = ``[as_of - N unit, as_of)``; 'next N unit' = ``[as_of, as_of + N unit)``;
    'between' covers whole days from ``start`` to
    ``end`` inclusive; 'before' ends at the start of ``end``; 'since' starts at ``start``.

    >>> w = Window(type="last", amount=6, unit="month")
    >>> [b.isoformat() for b in resolve_window(w, datetime(2026, 10, 1, tzinfo=UTC))]
    ['2026-04-01T00:00:00+00:00', '2026-10-01T00:00:00+00:00']
    """
    return _RESOLVERS[window.type](window, as_of)


def timestamp_text(instant: datetime) -> str:
    """The naive UTC text used in SQL literals: ``'2026-04-01 00:00:00'``."""
    return to_utc(instant).replace(tzinfo=None).isoformat(sep=" ")
