"""The operator registry: each operator once, with its types, its SQL and its phrase.

Like datasette's ``filters.py`` (``where_clause`` beside ``human_clause``): an ``OpSpec`` holds the
column types the operator accepts, the shape of value it takes and how it becomes a sqlglot
expression; how it reads is data in each language pack (``languages/<code>/describe.yml``, one
phrase per operator, checked complete on load). The validator, the compiler and ``describe`` all
read from ``OPERATORS``; nothing else knows what an operator means.

Dates use whole-day semantics on date and timestamp columns alike: a date value ``D`` stands for
the interval ``[D, D + 1 day)``, so "ordered on 2026-05-01" matches any time that day. Temporal
builders therefore receive ``DayBounds`` (the start of the day and the start of the next one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlglot import exp

from audience.rules.anniversary import MonthDays, anniversary_condition
from audience.rules.tree import Op
from schema_catalog import ColumnType


class Arity(StrEnum):
    """The shape of value an operator takes."""

    NONE = "none"
    """No value (is set / is not set)."""
    ONE = "one"
    """One scalar."""
    MANY = "many"
    """A non-empty list."""
    PAIR = "pair"
    """``[low, high]``."""
    AMOUNT = "amount"
    """A positive whole number of ``unit`` (within the last N days)."""


@dataclass(frozen=True)
class DayBounds:
    """A temporal operand as SQL literals: ``start`` included, ``stop`` excluded."""

    start: exp.Expr
    stop: exp.Expr


PlainBuilder = Callable[[exp.Expr, Sequence[exp.Expr]], exp.Expr]
TemporalBuilder = Callable[[exp.Expr, Sequence[DayBounds]], exp.Expr]
YearlyBuilder = Callable[[exp.Expr, MonthDays], exp.Expr]

TEXT = frozenset({ColumnType.STRING})
NUMBERS = frozenset({ColumnType.INTEGER, ColumnType.DECIMAL})
TEMPORAL = frozenset({ColumnType.DATE, ColumnType.TIMESTAMP})
EVERY_TYPE = frozenset(ColumnType)
EQUALITY_TYPES = TEXT | NUMBERS | {ColumnType.BOOLEAN}
ORDERED_TYPES = NUMBERS | TEMPORAL


@dataclass(frozen=True)
class OpSpec:
    """One operator: accepted types, value shape and SQL builders.

    Its phrase in each language ("{field} is at least {value}", and "at least {value}" for a
    threshold on its own) is in the language packs, ``languages/<code>/describe.yml``, whose
    loader refuses a pack that leaves an operator out.
    """

    op: Op
    types: frozenset[ColumnType]
    arity: Arity
    plain: PlainBuilder | None
    temporal: TemporalBuilder | None
    categorical: bool = True
    """False for text matching (contains, starts with) that would bypass the allowed values."""
    yearly: YearlyBuilder | None = None
    """Anniversaries: the predicate on a date's month and day (see ``rules.anniversary``)."""


def _lower(expression: exp.Expr) -> exp.Expr:
    return exp.Lower(this=expression)


def _contains(column: exp.Expr, values: Sequence[exp.Expr]) -> exp.Expr:
    position = exp.StrPosition(this=_lower(column), substr=_lower(values[0]))
    return exp.GT(this=position, expression=exp.Literal.number(0))


def _starts_with(column: exp.Expr, values: Sequence[exp.Expr]) -> exp.Expr:
    return exp.StartsWith(this=_lower(column), expression=_lower(values[0]))


def _between(column: exp.Expr, values: Sequence[exp.Expr]) -> exp.Expr:
    return exp.Between(this=column, low=values[0], high=values[1])


def _on_day(column: exp.Expr, bounds: Sequence[DayBounds]) -> exp.Expr:
    return exp.and_(
        exp.GTE(this=column, expression=bounds[0].start),
        exp.LT(this=column, expression=bounds[0].stop),
    )


def _not_on_day(column: exp.Expr, bounds: Sequence[DayBounds]) -> exp.Expr:
    return exp.or_(
        exp.LT(this=column, expression=bounds[0].start),
        exp.GTE(this=column, expression=bounds[0].stop),
    )


def _from_to(column: exp.Expr, bounds: Sequence[DayBounds]) -> exp.Expr:
    return exp.and_(
        exp.GTE(this=column, expression=bounds[0].start),
        exp.LT(this=column, expression=bounds[-1].stop),
    )


def _binary(kind: type[exp.Binary]) -> PlainBuilder:
    def build(column: exp.Expr, values: Sequence[exp.Expr]) -> exp.Expr:
        return kind(this=column, expression=values[0])

    return build


def _bound(kind: type[exp.Binary], use_stop: bool) -> TemporalBuilder:
    def build(column: exp.Expr, bounds: Sequence[DayBounds]) -> exp.Expr:
        edge = bounds[0].stop if use_stop else bounds[0].start
        return kind(this=column, expression=edge)

    return build


def _is_set(column: exp.Expr, _: Sequence[exp.Expr]) -> exp.Expr:
    return exp.not_(exp.Is(this=column, expression=exp.Null()))


def _is_not_set(column: exp.Expr, _: Sequence[exp.Expr]) -> exp.Expr:
    return exp.Is(this=column, expression=exp.Null())


def _in(column: exp.Expr, values: Sequence[exp.Expr]) -> exp.Expr:
    return exp.In(this=column, expressions=list(values))


def _not_in(column: exp.Expr, values: Sequence[exp.Expr]) -> exp.Expr:
    return exp.not_(exp.In(this=column, expressions=list(values)))


def _temporal_null(builder: PlainBuilder) -> TemporalBuilder:
    def build(column: exp.Expr, _: Sequence[DayBounds]) -> exp.Expr:
        return builder(column, ())

    return build


# fmt: off
_SPECS = (
    OpSpec(Op.EQ, EVERY_TYPE, Arity.ONE, _binary(exp.EQ), _on_day),
    OpSpec(Op.NEQ, EVERY_TYPE, Arity.ONE, _binary(exp.NEQ), _not_on_day),
    OpSpec(Op.IN, EQUALITY_TYPES, Arity.MANY, _in, None),
    OpSpec(Op.NOT_IN, EQUALITY_TYPES, Arity.MANY, _not_in, None),
    OpSpec(Op.GT, ORDERED_TYPES, Arity.ONE, _binary(exp.GT), _bound(exp.GTE, True)),
    OpSpec(Op.GTE, ORDERED_TYPES, Arity.ONE, _binary(exp.GTE), _bound(exp.GTE, False)),
    OpSpec(Op.LT, ORDERED_TYPES, Arity.ONE, _binary(exp.LT), _bound(exp.LT, False)),
    OpSpec(Op.LTE, ORDERED_TYPES, Arity.ONE, _binary(exp.LTE), _bound(exp.LT, True)),
    OpSpec(Op.BETWEEN, ORDERED_TYPES, Arity.PAIR, _between, _from_to),
    OpSpec(Op.CONTAINS, TEXT, Arity.ONE, _contains, None, categorical=False),
    OpSpec(Op.STARTS_WITH, TEXT, Arity.ONE, _starts_with, None, categorical=False),
    OpSpec(Op.IS_SET, EVERY_TYPE, Arity.NONE, _is_set, _temporal_null(_is_set)),
    OpSpec(Op.IS_NOT_SET, EVERY_TYPE, Arity.NONE, _is_not_set, _temporal_null(_is_not_set)),
    OpSpec(Op.BEFORE, TEMPORAL, Arity.ONE, None, _bound(exp.LT, False)),
    OpSpec(Op.AFTER, TEMPORAL, Arity.ONE, None, _bound(exp.GTE, True)),
    OpSpec(Op.WITHIN_LAST, TEMPORAL, Arity.AMOUNT, None, _from_to),
    OpSpec(Op.WITHIN_NEXT, TEMPORAL, Arity.AMOUNT, None, _from_to),
    OpSpec(Op.ANNIVERSARY_WITHIN_NEXT, TEMPORAL, Arity.AMOUNT, None, None,
           yearly=anniversary_condition),
    OpSpec(Op.ANNIVERSARY_BETWEEN, TEMPORAL, Arity.PAIR, None, None,
           yearly=anniversary_condition),
)
# fmt: on

OPERATORS: dict[Op, OpSpec] = {spec.op: spec for spec in _SPECS}
"""Every operator, by ``Op``."""

AGGREGATE_OPS = frozenset({Op.EQ, Op.NEQ, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN})
"""Operators an aggregate threshold may use."""


def operators_for(column_type: ColumnType, *, categorical: bool = False) -> list[Op]:
    """The operators a column of this type accepts, in registry order.

    >>> [op.value for op in operators_for(ColumnType.BOOLEAN)]
    ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set']
    """
    return [
        spec.op
        for spec in _SPECS
        if column_type in spec.types and (spec.categorical or not categorical)
    ]


def build_condition(op: Op, column: exp.Expr, values: Sequence[exp.Expr]) -> exp.Expr:
    """The predicate for a non-temporal column: ``column <op> values``."""
    builder = OPERATORS[op].plain
    if builder is None:
        raise KeyError(f"Operator {op.value!r} only applies to dates.")
    return builder(column, values)


def build_temporal(op: Op, column: exp.Expr, bounds: Sequence[DayBounds]) -> exp.Expr:
    """The predicate for a date or timestamp column, from whole-day bounds."""
    builder = OPERATORS[op].temporal
    if builder is None:
        raise KeyError(f"Operator {op.value!r} does not apply to dates.")
    return builder(column, bounds)


def build_yearly(op: Op, column: exp.Expr, ranges: MonthDays) -> exp.Expr:
    """The predicate on a date's month and day, from the month-day ranges of its span."""
    builder = OPERATORS[op].yearly
    if builder is None:
        raise KeyError(f"Operator {op.value!r} is not an anniversary.")
    return builder(column, ranges)


def compare(op: Op, left: float, right: float | Sequence[float]) -> bool:
    """Evaluate an aggregate threshold in Python (used for the zero-events case).

    >>> compare(Op.LT, 0, 2), compare(Op.GTE, 0, 1)
    (True, False)
    """
    if op is Op.BETWEEN:
        low, high = right  # type: ignore[misc]
        return bool(low <= left <= high)
    return bool(_PY_COMPARE[op](left, right))


_PY_COMPARE: dict[Op, Callable[[float, object], bool]] = {
    Op.EQ: lambda a, b: a == b,
    Op.NEQ: lambda a, b: a != b,
    Op.GT: lambda a, b: a > b,  # type: ignore[operator]
    Op.GTE: lambda a, b: a >= b,  # type: ignore[operator]
    Op.LT: lambda a, b: a < b,  # type: ignore[operator]
    Op.LTE: lambda a, b: a <= b,  # type: ignore[operator]
}
