"""What every rule builder shares: the build context, values and thresholds, windows.

``build`` (profile values, columns, tables, channels and the whole parse), ``indicators`` and
``events`` turn anchors into rule-tree nodes with these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from assistant.language import Pack
from assistant.offline.draft import Ambiguity, Anchor
from assistant.offline.numbers import Quantity
from assistant.offline.times import TimeSpec
from audience.rules import Node, Op, TimeUnit, Window, WindowKind, day_start, shift
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
        return Window(type=WindowKind.LAST, amount=ago.amount, unit=ago.unit)
    end = shift(day_start(context.as_of), -ago.amount, ago.unit).date()
    return Window(type=WindowKind.BEFORE, end=end)


def window_filter(
    spec: TimeSpec, context: BuildContext
) -> tuple[Op, object, TimeUnit | None] | None:
    if spec.ahead is not None:
        return Op.WITHIN_NEXT, spec.ahead[0], spec.ahead[1]
    if spec.open_ahead:
        return Op.GTE, str(context.as_of), None
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
