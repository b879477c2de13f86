"""Compiling a ranked audience: order the selected profiles by a measure, keep the first N.

The measure is read from the profile row itself (a profile column) or from one grouped row per
profile, ``LEFT JOIN (SELECT key AS rank_key, AGG(…) AS rank_value FROM … GROUP BY key) AS
ranking``, so the join never fans rows out. Then ``ORDER BY value DESC|ASC NULLS LAST, key``
and ``LIMIT N``: profiles without a value come last in either direction, ties go to the
smaller key, so every engine keeps the same members. Counts and sums over no events rank as 0.
Sums and averages are compared to six decimal places, so float noise in a sum never decides a
tie differently on two engines.
"""

from __future__ import annotations

from typing import assert_never

from sqlglot import exp

from audience.compile import sql_parts as sql
from audience.compile.nodes import Scope, aggregate_expr, event_conditions
from audience.compile.targets import indicator_source
from audience.rules.parts import AggregateFunc
from audience.rules.ranking import (
    BehaviorMeasure,
    FieldMeasure,
    IndicatorMeasure,
    RankDirection,
    Ranking,
    RankMeasure,
)

RANK_ALIAS = "ranking"
RANK_KEY = "rank_key"
RANK_VALUE = "rank_value"
TIE_DIGITS = 6
"""Decimal places sums and averages are compared to."""

_ZERO_WHEN_EMPTY = (AggregateFunc.COUNT, AggregateFunc.SUM)
_ROUNDED = (AggregateFunc.SUM, AggregateFunc.AVG)


def ranked(select: exp.Select, ranking: Ranking, limit: int, scope: Scope) -> exp.Select:
    """``select`` ordered best first by the ranking's measure, ties by key, first ``limit``."""
    value, rows = _measure(ranking.by, scope)
    if rows is not None:
        joined = exp.EQ(this=sql.column(RANK_ALIAS, RANK_KEY), expression=scope.key)
        derived = rows.subquery(exp.to_identifier(RANK_ALIAS, quoted=True))
        select = select.join(derived, on=joined, join_type="left")
    descending = ranking.direction is RankDirection.DESC
    best_first = exp.Ordered(this=value, desc=descending, nulls_first=False)
    return select.order_by(best_first, scope.key).limit(exp.Literal.number(limit))


def _measure(by: RankMeasure, scope: Scope) -> tuple[exp.Expr, exp.Select | None]:
    """The value to order by, and the grouped rows it is read from (None: the profile row)."""
    match by:
        case FieldMeasure():
            return _field(by, scope)
        case IndicatorMeasure():
            return _ranked_value(), _indicator_rows(by, scope)
        case BehaviorMeasure():
            return _behavior_value(by), _behavior_rows(by, scope)
        case _:
            assert_never(by)


def _ranked_value() -> exp.Column:
    return sql.column(RANK_ALIAS, RANK_VALUE)


def _per_profile(key: exp.Column, value: exp.Expr) -> exp.Select:
    """``SELECT key AS rank_key, value AS rank_value`` (FROM and GROUP BY still to add)."""
    return exp.select(
        exp.alias_(key, RANK_KEY, quoted=True), exp.alias_(value, RANK_VALUE, quoted=True)
    )


def _field(by: FieldMeasure, scope: Scope) -> tuple[exp.Expr, exp.Select | None]:
    table, column = scope.catalog.column(by.field)
    target = sql.column(table.name, column.name)
    if table.name == scope.catalog.profile.table:
        return target, None
    key = sql.column(table.name, sql.join_column(scope.catalog, table))
    rows = _per_profile(key, exp.Max(this=target)).from_(sql.table_ref(table.name))
    return _ranked_value(), rows.group_by(key.copy())


def _indicator_rows(by: IndicatorMeasure, scope: Scope) -> exp.Select:
    rows = indicator_source(scope.catalog.indicator(by.indicator), scope.catalog)
    query = _per_profile(rows.key, exp.Max(this=rows.value)).from_(rows.source.copy())
    conditions = rows.keyed(by.key)
    if conditions:
        query = query.where(*conditions)
    return query.group_by(rows.key.copy())


def _behavior_rows(by: BehaviorMeasure, scope: Scope) -> exp.Select:
    table = scope.catalog.table(by.event)
    key = sql.column(table.name, sql.join_column(scope.catalog, table))
    value = aggregate_expr(by.func, by.measure, table)
    query = _per_profile(key, value).from_(sql.table_ref(table.name))
    conditions = event_conditions(scope, table, by.filters, by.window)
    if conditions:
        query = query.where(*conditions)
    return query.group_by(key.copy())


def _behavior_value(by: BehaviorMeasure) -> exp.Expr:
    value: exp.Expr = _ranked_value()
    if by.func in _ZERO_WHEN_EMPTY:
        value = exp.Coalesce(this=value, expressions=[exp.Literal.number(0)])
    if by.func in _ROUNDED:  # a cast rounds on every engine (PostgreSQL has no ROUND(double, n))
        value = exp.cast(value, exp.DataType.build(f"DECIMAL(38, {TIE_DIGITS})"))
    return value
