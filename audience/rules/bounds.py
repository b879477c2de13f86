"""Bounds on everything a rule tree may carry, checked when a tree is built or parsed.

A rule tree comes from a model, a file or a person, so nothing in it is trusted to be small or
finite: numbers must be finite and within ±10¹⁵, texts and names short (names non-empty), lists
and trees of a bounded size, dates within 1900–2199, relative windows at most a century.
The checks are pydantic after-validators (they stay out of the JSON schema the model sees); a
violation is a ``ValueError`` that pydantic reports with the field's path.
"""

from __future__ import annotations

import math
from datetime import date

MAX_MAGNITUDE = 10**15
"""Largest absolute number a tree may hold (counts, amounts, points, thresholds)."""
MAX_TEXT = 500
"""Longest text value, in characters."""
MAX_NAME = 200
"""Longest catalog or segment name, in characters."""
MAX_LIST = 1_000
"""Most values in one 'in' / 'not_in' list."""
MAX_NODES = 300
"""Most nodes (groups and conditions) in one tree, filters included."""
MAX_VALUES = 5_000
"""Most list values in one tree, all conditions together (keeps compiling fast)."""
MAX_DEPTH = 10
"""Deepest nesting of groups."""
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
MAX_AMOUNT = {"day": 36_600, "week": 5_300, "month": 1_200, "year": 100}
"""The longest relative window per unit: about a century."""
MAX_LIMIT = 10**9


def bounded_number(value: float) -> float:
    """``value`` if finite and within ±``MAX_MAGNITUDE``.

    >>> bounded_number(12.5)
    12.5
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"numbers must be finite, got {value!r}")
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"numbers must be within ±{MAX_MAGNITUDE:.0e}, got {value!r}")
    return value


def bounded_text(value: str, limit: int = MAX_TEXT) -> str:
    """``value`` if at most ``limit`` characters (what it may contain is the validator's and the
    compiler's business: values become literals, names must exist in the catalog)."""
    if len(value) > limit:
        raise ValueError(f"text longer than {limit} characters ({len(value)})")
    return value


def bounded_scalar(value: str | int | float | bool) -> str | int | float | bool:
    """A scalar rule value: bounded text, or a finite bounded number (booleans pass)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return bounded_text(value)
    return bounded_number(value)


def bounded_list(values: tuple[object, ...]) -> tuple[object, ...]:
    """A list of values of at most ``MAX_LIST`` items."""
    if len(values) > MAX_LIST:
        raise ValueError(f"at most {MAX_LIST} values in a list, got {len(values)}")
    return values


def bounded_name(value: str) -> str:
    """A non-empty name of at most ``MAX_NAME`` characters."""
    if not value.strip():
        raise ValueError("names must not be empty")
    return bounded_text(value, MAX_NAME)


def bounded_day(value: date) -> date:
    """A date within 1900-01-01 … 2199-12-31."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"dates must be within {FIRST_DAY} and {LAST_DAY}, got {value}")
    return value


def bounded_aggregate_value(value: float | tuple[float, ...]) -> float | tuple[float, ...]:
    """An aggregate threshold (or a [low, high] pair) of finite bounded numbers."""
    items = value if isinstance(value, tuple | list) else (value,)
    if len(items) > 2:
        raise ValueError(f"an aggregate takes one number or [low, high], got {len(items)}")
    for item in items:
        bounded_number(item)
    return value


def bounded_limit(value: int) -> int:
    """A ``limit`` of at most ``MAX_LIMIT`` in size (its sign is the validator's issue)."""
    if abs(value) > MAX_LIMIT:
        raise ValueError(f"limit must be at most {MAX_LIMIT}, got {value}")
    return value


def bounded_share(value: float) -> float:
    """A finite ``sample_share`` (its range is the validator's ``invalid_sample_share``)."""
    if not math.isfinite(value):
        raise ValueError(f"sample_share must be a finite number, got {value!r}")
    return value


def check_window(amount: int | None, unit: str | None) -> None:
    """A relative window's amount is at most about a century (zero or negative amounts are the
    validator's ``impossible_window`` issue, with its path)."""
    if amount is None:
        return
    longest = MAX_AMOUNT.get(str(unit or "day"), MAX_AMOUNT["day"])
    if abs(amount) > longest:
        raise ValueError(f"a window of {amount} {unit or 'day'}(s) is longer than {longest}")


def window_fits(amount: int, unit: str | None) -> bool:
    """Whether ``amount`` ``unit``s make a window ``check_window`` accepts ('500 years' does not:
    read as a window, the number meant something else).

    >>> window_fits(6, "month"), window_fits(500, "year")
    (True, False)
    """
    try:
        check_window(amount, unit)
    except ValueError:
        return False
    return True


def check_tree_size(root: object) -> None:
    """At most ``MAX_NODES`` nodes (behaviour filters included), ``MAX_VALUES`` list values and
    ``MAX_DEPTH`` levels."""
    nodes, values, todo = 0, 0, [(root, 1)]
    while todo:
        node, depth = todo.pop()
        filters = getattr(node, "filters", ())
        nodes += 1 + len(filters)
        for item in (node, *filters):
            value = getattr(item, "value", None)
            values += len(value) if isinstance(value, tuple | list) else 0
        if values > MAX_VALUES:
            raise ValueError(f"more than {MAX_VALUES} list values in one tree")
        if depth > MAX_DEPTH:
            raise ValueError(f"groups nested deeper than {MAX_DEPTH} levels")
        if nodes > MAX_NODES:
            raise ValueError(f"more than {MAX_NODES} conditions in one tree")
        todo += [(child, depth + 1) for child in getattr(node, "rules", ())]
