"""What every rule builder shares: the build context, values and thresholds, windows.

``build`` (profile values, columns, tables, channels and the whole parse), ``indicators`` and
``events`` turn anchors into rule-tree nodes with these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant.language import Pack
from assistant.offline.draft import Ambiguity, Anchor
from assistant.offline.numbers import Quantity
from assistant.offline.times import Ago, TimeSpec
from audience.rules import (
    Node,
    Op,
    TimeUnit,
    Window,
    WindowKind,
    day_start,
    resolve_window,
    shift,
)
from schema_catalog import Catalog, Scale

Built = Node | Ambiguity | None


@dataclass(frozen=True)
class BuildContext:
    catalog: Catalog
    pack: Pack
    as_of: date
    assumptions: list[str]
    keys: Mapping[str, str] = field(default_factory=dict)
    valued: frozenset[str] = frozenset()
    """Fields some value of the request names: their column's name alone makes no rule."""
    """Indicator → key already chosen earlier in the conversation ('tighten it to strong')."""
    stated: list[str] = field(default_factory=list)
    """Of the assumptions, those stating how words said were read (a boundary day, people with
    no value): they assume no content, so a rival reading is not told apart by them."""

    def state(self, note: str) -> None:
        """Add ``note`` as a stated reading (once)."""
        if note not in self.assumptions:
            self.assumptions.append(note)
        self.stated.append(note)


def phrase_of(anchor: Anchor) -> str:
    return anchor.mentions[0].text if anchor.mentions else anchor.sense.target


def values_op(values: list[str], negate: bool) -> tuple[Op, str | list[str]]:
    if len(values) == 1:
        return (Op.NEQ if negate else Op.EQ), values[0]
    return (Op.NOT_IN if negate else Op.IN), list(values)


def quantity_value(quantity: Quantity) -> tuple[Op, float | int | list[float | int]]:
    if isinstance(quantity.value, tuple):
        return Op.BETWEEN, list(quantity.value)
    return quantity.op or Op.GTE, quantity.value


def scaled_value(
    anchor: Anchor, scale: Scale | None, label: str, context: BuildContext
) -> tuple[Op, float | int | list[float | int]]:
    """The threshold of ``anchor`` on a number of ``scale``: '70 %' of a 0-to-1 score is 0.7.
    A '%' on a number whose scale the catalog does not state is compared as said, and the
    proposal says so (never silently)."""
    assert anchor.quantity is not None
    op, number = quantity_value(anchor.quantity)
    if anchor.quantity.unit != "percent" or scale is Scale.PERCENT:
        return op, number
    if scale is Scale.FRACTION:
        parts = number if isinstance(number, list) else [number]
        shares = [round(part / 100, 10) for part in parts]
        return op, shares if isinstance(number, list) else shares[0]
    shown = ", ".join(str(part) for part in (number if isinstance(number, list) else [number]))
    context.assumptions.append(
        context.pack.say("assume_percent_unscaled", value=shown, label=label)
    )
    return op, number


def ahead_window(amount: int, unit: TimeUnit) -> Window:
    """The next ``amount`` ``unit``s after as_of (future-dated events only)."""
    return Window(type=WindowKind.NEXT, amount=amount, unit=unit)


def ago_window(spec: TimeSpec, context: BuildContext) -> Window | None:
    """'more than 6 months ago' ends 6 months before as_of; 'less than ...' is a 'last' window."""
    ago = spec.ago
    if ago is None:
        return None
    if ago.op in {Op.LT, Op.LTE}:
        if ago.op is Op.LT:
            _note_first_day(ago, context)
        return Window(type=WindowKind.LAST, amount=ago.amount, unit=ago.unit)
    end = shift(day_start(context.as_of), -ago.amount, ago.unit).date()
    return Window(type=WindowKind.BEFORE, end=end)


def _note_first_day(ago: Ago, context: BuildContext) -> None:
    """'less than 2 years ago' is read as the last 2 years, whose first day is exactly 2 years
    ago: that day is in (docs/time.md), which a strict 'less than' may mean to leave out — said."""
    day = shift(day_start(context.as_of), -ago.amount, ago.unit).date()
    unit = context.pack.unit_name(ago.unit)
    context.state(context.pack.say("assume_first_day", amount=ago.amount, unit=unit, day=str(day)))


_DATED_AGO = {Op.GTE: Op.LTE, Op.LTE: Op.GTE}
"""'At least / at most N ago' on a date: the bound day itself is included."""


def window_filter(
    spec: TimeSpec, context: BuildContext
) -> tuple[Op, object, TimeUnit | None] | None:
    if spec.ahead is not None:
        return Op.WITHIN_NEXT, spec.ahead[0], spec.ahead[1]
    if spec.open_ahead:
        return Op.GTE, str(context.as_of), None
    if spec.ago is not None and spec.ago.op in _DATED_AGO:
        # 'joined at least 2 years ago': on or before that day, whole days (docs/time.md)
        day = shift(day_start(context.as_of), -spec.ago.amount, spec.ago.unit).date()
        return _DATED_AGO[spec.ago.op], str(day), None
    window = spec.window or ago_window(spec, context)
    if window is None:
        return None
    if window.type is WindowKind.LAST:
        return Op.WITHIN_LAST, window.amount, window.unit
    if window.type is WindowKind.SINCE:
        return Op.GTE, str(window.start), None
    if window.type is WindowKind.BEFORE:
        return Op.LT, str(window.end), None
    return Op.BETWEEN, [str(window.start), str(window.end)], None


def anniversary_filter(
    spec: TimeSpec, context: BuildContext
) -> tuple[Op, object, TimeUnit | None] | None:
    """A time on a date that comes round every year ('birthday in the next 2 weeks', 'in
    December', 'this month'): the month and day within the period's days, any year.

    A month named without its year is its next occurrence; 'this month' is the whole calendar
    month. A time with no end ('since March', 'more than a year ago') names no days, and a period
    ended over a year ago ('in April 1985') names the date itself, not its anniversary: None.
    """
    if spec.ahead is not None:
        return Op.ANNIVERSARY_WITHIN_NEXT, spec.ahead[0], spec.ahead[1]
    if spec.alternatives or spec.ago is not None or spec.anaphoric or spec.open_ahead:
        return None
    window = spec.next_reading[0] if spec.next_reading else spec.window
    if window is None:
        return None
    if window.type is WindowKind.SINCE and spec.calendar_end is not None:
        window = Window(type=WindowKind.BETWEEN, start=window.start, end=spec.calendar_end)
    start, stop = resolve_window(window, day_start(context.as_of))
    if start is None or stop is None:
        return None
    last = (stop - timedelta(days=1)).date()
    if last < shift(day_start(context.as_of), -1, TimeUnit.YEAR).date():
        return None  # 'birthday in April 1985': a year long gone names the date itself
    return Op.ANNIVERSARY_BETWEEN, [str(start.date()), str(last)], None
