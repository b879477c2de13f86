"""Anniversaries: a date column's month and day, coming round every year (birthdays, the day a
customer joined).

An anniversary rule selects the rows whose date recurs — same month and day, any year — inside a
span of whole days: ``anniversary_within_next N unit`` spans the days of ``[as_of, as_of + N
unit)``, ``anniversary_between [first, last]`` spans ``first`` to ``last`` inclusive. The span
may wrap across 31 December; a span of a year or more holds every date. A date on 29 February
comes round on 28 February in years without one.

Month and day travel as one number, ``month * 100 + day`` (``1225`` for 25 December), so a span
is one or two ranges of integers the SQL compares with ``MONTH(col) * 100 + DAY(col)``.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from sqlglot import exp

from audience.rules.tree import Op, TimeUnit, Value, value_items
from audience.rules.windows import next_bounds, shift

ANNIVERSARY_OPS = frozenset({Op.ANNIVERSARY_WITHIN_NEXT, Op.ANNIVERSARY_BETWEEN})
"""Operators that compare a date's month and day, not the date itself."""

MonthDays = tuple[tuple[int, int], ...]
"""Inclusive ranges of ``month * 100 + day``."""

WHOLE_YEAR: MonthDays = ((101, 1231),)


def month_day(day: date) -> int:
    """``month * 100 + day``.

    >>> month_day(date(2026, 12, 25))
    1225
    """
    return day.month * 100 + day.day


def anniversary_span(
    op: Op, value: Value, unit: TimeUnit | None, as_of: datetime
) -> tuple[date, date]:
    """The first and last day (both included) an anniversary rule looks at.

    >>> from datetime import UTC
    >>> span = anniversary_span(Op.ANNIVERSARY_WITHIN_NEXT, 14, TimeUnit.DAY,
    ...                         datetime(2026, 10, 1, tzinfo=UTC))
    >>> [d.isoformat() for d in span]
    ['2026-10-01', '2026-10-14']
    """
    if op is Op.ANNIVERSARY_WITHIN_NEXT:
        start, stop = next_bounds(int(value), unit or TimeUnit.DAY, as_of)  # type: ignore[arg-type]
        return start.date(), (stop - timedelta(microseconds=1)).date()
    first, last = (date.fromisoformat(str(item)) for item in value_items(value))
    return first, last


def month_days(first: date, last: date) -> MonthDays:
    """The month-day ranges the days ``first`` to ``last`` cover (29 Feb with a lone 28 Feb).

    >>> month_days(date(2026, 12, 20), date(2027, 1, 5))
    ((1220, 1231), (101, 105))
    >>> month_days(date(2027, 2, 20), date(2027, 2, 28))
    ((220, 229),)
    """
    if shift(datetime.combine(first, datetime.min.time()), 12, TimeUnit.MONTH).date() <= (
        last + timedelta(days=1)
    ):
        return WHOLE_YEAR
    low, high = month_day(first), month_day(last)
    ranges = [(low, high)] if low <= high else [(low, 1231), (101, high)]
    if _lone_february_28(first, last):
        ranges = [(start, 229 if end == 228 else end) for start, end in ranges]
    return tuple(ranges)


def _lone_february_28(first: date, last: date) -> bool:
    """Whether the span holds 28 February of a year without a 29th."""
    return any(
        first <= date(year, 2, 28) <= last and not calendar.isleap(year)
        for year in {first.year, last.year}
    )


def anniversary_condition(column: exp.Expr, ranges: MonthDays) -> exp.Expr:
    """``MONTH(col) * 100 + DAY(col)`` within any of ``ranges``; ``col IS NOT NULL`` all year."""
    if ranges == WHOLE_YEAR:
        return exp.not_(exp.Is(this=column, expression=exp.Null()))
    parts = [_in_range(column, low, high) for low, high in ranges]
    return parts[0] if len(parts) == 1 else exp.or_(*parts)


def _in_range(column: exp.Expr, low: int, high: int) -> exp.Expr:
    hundred = exp.Literal.number(100)
    key = exp.Add(
        this=exp.Mul(this=exp.Month(this=column.copy()), expression=hundred),
        expression=exp.Day(this=column.copy()),
    )
    if low == high:
        return exp.EQ(this=key, expression=exp.Literal.number(low))
    return exp.Between(this=key, low=exp.Literal.number(low), high=exp.Literal.number(high))
