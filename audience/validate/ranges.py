"""What a one-field rule selects, tested at a few points: the validator's view of restrictions.

A comparison on one field selects a set of values that is constant between its thresholds. So
testing the thresholds themselves, the midpoints between them and one point beyond each end
tells exactly which parts of a protected range (``below 18``, ``values [minor]``) the rule
reaches — no sampling, no guessing. Dates become day numbers; unknown values (NULL, no row) are
a separate point: a comparison never selects them, its negation always does.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date, datetime

from audience.rules.anniversary import ANNIVERSARY_OPS
from audience.rules.tree import Op, Scalar, TimeUnit, Value, value_items
from audience.rules.values import parse_day
from audience.rules.windows import last_bounds, next_bounds

Point = float | str | bool


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    day = parse_day(value)
    return float(day.toordinal()) if day is not None else None


def as_point(value: Scalar) -> Point:
    """A rule value as a comparable point: numbers and dates as floats, text and booleans as is."""
    number = _number(value)
    return value if number is None else number


def _window(op: Op, value: Value, unit: TimeUnit | None, as_of: datetime) -> tuple[float, float]:
    amount = int(as_point(value_items(value)[0]) or 0)  # type: ignore[arg-type]
    bounds = last_bounds if op is Op.WITHIN_LAST else next_bounds
    start, end = bounds(amount, unit or TimeUnit.DAY, as_of)
    return float(start.date().toordinal()), float(end.date().toordinal())


def _ordered(op: Op) -> Callable[[float, float], bool]:
    return {
        Op.GT: lambda x, v: x > v,
        Op.AFTER: lambda x, v: x > v,
        Op.GTE: lambda x, v: x >= v,
        Op.LT: lambda x, v: x < v,
        Op.BEFORE: lambda x, v: x < v,
        Op.LTE: lambda x, v: x <= v,
    }[op]


def holds(op: Op, value: Value, unit: TimeUnit | None, as_of: datetime, x: Point) -> bool:
    """Does a known value ``x`` match ``op value``? (Never called for unknown values.)"""
    items = [as_point(v) for v in value_items(value)]
    if op in (Op.IS_SET, Op.IS_NOT_SET):
        return op is Op.IS_SET
    if op in (Op.EQ, Op.IN):
        return x in items
    if op in (Op.NEQ, Op.NOT_IN):
        return x not in items
    if op in ANNIVERSARY_OPS:
        return True  # a yearly month-day recurs in every age band and every range of dates
    if op in (Op.CONTAINS, Op.STARTS_WITH):
        text, parts = str(x).lower(), [str(v).lower() for v in items]
        return any(text.startswith(p) if op is Op.STARTS_WITH else p in text for p in parts)
    if not isinstance(x, float) or not all(isinstance(v, float) for v in items):
        return True  # an ordering on text: assume it may reach anything
    if op is Op.BETWEEN:
        return len(items) == 2 and items[0] <= x <= items[1]  # type: ignore[operator]
    if op in (Op.WITHIN_LAST, Op.WITHIN_NEXT):
        low, high = _window(op, value, unit, as_of)
        return low <= x < high
    return _ordered(op)(x, items[0])  # type: ignore[arg-type]


def probe_points(numbers: Sequence[float]) -> list[float]:
    """Every threshold, the midpoints between them, and one point beyond each end.

    >>> probe_points([18.0, 30.0])
    [17.0, 18.0, 24.0, 30.0, 31.0]
    """
    ordered = sorted(set(numbers))
    if not ordered:
        return [0.0]
    points = [ordered[0] - 1]
    for low, high in itertools.pairwise(ordered):
        points += [low, (low + high) / 2]
    return [*points, ordered[-1], ordered[-1] + 1]


def days(day: date) -> float:
    """A date as the day number ``as_point`` uses."""
    return float(day.toordinal())


def thresholds(op: Op, value: Value, unit: TimeUnit | None, as_of: datetime) -> list[float]:
    """The numbers where what ``op value`` selects can change (window bounds for within_*)."""
    if op in (Op.WITHIN_LAST, Op.WITHIN_NEXT):
        return list(_window(op, value, unit, as_of))
    if op in ANNIVERSARY_OPS:
        return []
    return [p for p in (as_point(v) for v in value_items(value)) if isinstance(p, float)]
