"""One small compile function per node kind, chosen by ``compile_node`` (sqlglot-style).

Every function returns a ``Pred`` over the outer profile row. Conditions on other tables and
behaviours become ``key IN (SELECT …)`` semi-joins, never joins that fan rows out.
Zero semantics: over no events, count and sum are 0 (a threshold 0 passes is compiled as the
complement of the customers whose events fail it); avg, min, max and recency are unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, assert_never

from sqlglot import exp

from audience.compile import sql_parts as sql
from audience.compile.targets import indicator_members, reachable_predicate
from audience.errors import SegmentCycleError, UnknownSegmentError
from audience.rules.anniversary import ANNIVERSARY_OPS, anniversary_span, month_days
from audience.rules.operators import (
    TEMPORAL,
    DayBounds,
    build_condition,
    build_temporal,
    build_yearly,
    compare,
)
from audience.rules.tree import (
    AggregateFunc,
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Node,
    Op,
    Reachable,
    RuleTree,
    SegmentRef,
    Value,
    Window,
    value_items,
)
from audience.rules.values import parse_day
from audience.rules.windows import day_start, last_bounds, next_bounds, resolve_window
from languages import say
from schema_catalog import Catalog, Column, ColumnType, Table

NULL_OPS = frozenset({Op.IS_SET, Op.IS_NOT_SET})


@dataclass(frozen=True)
class Scope:
    """What node compilers read: the catalog, saved segments, the segments being expanded."""

    catalog: Catalog
    segments: Mapping[str, RuleTree]
    expanding: tuple[str, ...] = ()
    compile_tree: Callable[[RuleTree, Scope], exp.Select] | None = None

    @property
    def key(self) -> exp.Column:
        return sql.profile_key(self.catalog)


def _operand_bounds(
    scope: Scope, column: Column, op: Op, value: Value, unit: Any
) -> list[DayBounds]:
    if op in NULL_OPS:
        return []
    if op in (Op.WITHIN_LAST, Op.WITHIN_NEXT):
        bounds = last_bounds if op is Op.WITHIN_LAST else next_bounds
        start, stop = bounds(int(value), unit, scope.catalog.as_of)  # type: ignore[arg-type]
        return [sql.span_bounds(start, stop, column.type)]
    days = value_items(value)
    return [sql.day_bounds(parse_day(day), column.type) for day in days]  # type: ignore[arg-type]


def column_condition(
    scope: Scope, table: Table, column: Column, op: Op, value: Value, unit: Any = None
) -> exp.Expr:
    """``"table"."column" <op> value`` through the operator registry."""
    target = sql.column(table.name, column.name)
    if op in ANNIVERSARY_OPS:
        first, last = anniversary_span(op, value, unit, scope.catalog.as_of)
        return build_yearly(op, target, month_days(first, last))
    if column.type in TEMPORAL:
        return build_temporal(op, target, _operand_bounds(scope, column, op, value, unit))
    return build_condition(op, target, [sql.literal(v) for v in value_items(value)])


def rows_matching(scope: Scope, table: Table, where: exp.Expr | None) -> sql.Pred:
    """Profiles with at least one row of ``table`` matching ``where`` (a semi-join)."""
    key_name = sql.join_column(scope.catalog, table)
    nullable = table.column(key_name).nullable if table.has_column(key_name) else True
    return sql.Pred(sql.semi_join(scope.key, table.name, key_name, where), nullable)


def _maybe_negate(pred: sql.Pred, negated: bool) -> sql.Pred:
    return sql.negate(pred) if negated else pred


def compile_attribute(node: Attribute, scope: Scope) -> sql.Pred:
    """Plain predicate on the profile table; semi-join on any other table."""
    table, column = scope.catalog.column(node.field)
    if table.name == scope.catalog.profile.table:
        expr = column_condition(scope, table, column, node.op, node.value, node.unit)
        pred = sql.Pred(expr, column.nullable and node.op not in NULL_OPS)
    elif node.op is Op.IS_NOT_SET:
        # A profile without a row has the value unset too: the complement of "is set".
        is_set = column_condition(scope, table, column, Op.IS_SET, None)
        pred = sql.negate(rows_matching(scope, table, is_set))
    else:
        expr = column_condition(scope, table, column, node.op, node.value, node.unit)
        pred = rows_matching(scope, table, expr)
    return _maybe_negate(pred, node.negate)


def event_conditions(
    scope: Scope, table: Table, filters: tuple[Condition, ...], window: Window | None
) -> list[exp.Expr]:
    """The filters and the window of events of ``table``, as conditions on its rows."""
    parts = [
        column_condition(scope, table, table.column(f.field), f.op, f.value, f.unit)
        for f in filters
    ]
    if window is not None and table.timestamp:
        start, stop = resolve_window(window, scope.catalog.as_of)
        stamp = sql.column(table.name, table.timestamp)
        kind = table.column(table.timestamp).type
        if start is not None:
            parts.append(exp.GTE(this=stamp, expression=sql.instant_literal(start, kind)))
        if stop is not None:
            parts.append(exp.LT(this=stamp, expression=sql.instant_literal(stop, kind)))
    return parts


def aggregate_expr(func: AggregateFunc, measure: str | None, table: Table) -> exp.Expr:
    """``COUNT(*)``, ``COALESCE(SUM(measure), 0)``, ``AVG``/``MIN``/``MAX(measure)`` of events."""
    if func is AggregateFunc.COUNT:
        return exp.Count(this=exp.Star())
    target = sql.column(table.name, str(measure))
    if func is AggregateFunc.SUM:
        return exp.Coalesce(this=exp.Sum(this=target), expressions=[exp.Literal.number(0)])
    return _AGG_FUNCS[func](this=target)


_AGG_FUNCS: dict[AggregateFunc, type[exp.Func]] = {
    AggregateFunc.AVG: exp.Avg,
    AggregateFunc.MIN: exp.Min,
    AggregateFunc.MAX: exp.Max,
}


def _threshold(node: Behavior, scope: Scope, table: Table) -> exp.Expr:
    aggregate = node.aggregate
    if aggregate.func is AggregateFunc.DAYS_SINCE_LAST:
        return _recency(aggregate.op, aggregate.value, scope, table)
    values = value_items(aggregate.value)
    measured = aggregate_expr(aggregate.func, aggregate.measure, table)
    return build_condition(aggregate.op, measured, [sql.literal(v) for v in values])


def _recency(op: Op, value: Any, scope: Scope, table: Table) -> exp.Expr:
    """Whole days since the last event, as bounds on its timestamp (portable, index-friendly).

    days = as_of's day - the last event's day, in whole UTC days (an event at any time on the
    day before as_of is 1 day ago), the unit every window counts in: ``days >= n`` ⇔ ``last <
    start of (as_of's day - (n - 1))`` and ``days <= n`` ⇔ ``last >= start of (as_of's day - n)``
    — so 'within 30 days' and 'in the last 30 days' start on the same day. See docs/time.md.
    """
    last = exp.Max(this=sql.column(table.name, str(table.timestamp)))
    kind = table.column(str(table.timestamp)).type
    today = day_start(scope.catalog.as_of.date())

    def at_least(n: int) -> exp.Expr:
        return exp.LT(this=last.copy(), expression=_days_before(today, n - 1, kind))

    def at_most(n: int) -> exp.Expr:
        return exp.GTE(this=last.copy(), expression=_days_before(today, n, kind))

    low, high = (int(value[0]), int(value[1])) if isinstance(value, tuple) else (int(value),) * 2
    table_ops: dict[Op, Callable[[], exp.Expr]] = {
        Op.GTE: lambda: at_least(low),
        Op.GT: lambda: at_least(low + 1),
        Op.LTE: lambda: at_most(low),
        Op.LT: lambda: at_most(low - 1),
        Op.EQ: lambda: exp.and_(at_least(low), at_most(low)),
        Op.NEQ: lambda: exp.or_(at_least(low + 1), at_most(low - 1)),
        Op.BETWEEN: lambda: exp.and_(at_least(low), at_most(high)),
    }
    return table_ops[op]()


def _days_before(day: datetime, days: int, kind: ColumnType) -> exp.Expr:
    return sql.instant_literal(day - timedelta(days=days), kind)


def compile_behavior(node: Behavior, scope: Scope) -> sql.Pred:
    """``key IN (SELECT key FROM events WHERE filters AND window GROUP BY key HAVING agg)``."""
    table = scope.catalog.table(node.event)
    key_name = sql.join_column(scope.catalog, table)
    where = sql.all_of(event_conditions(scope, table, node.filters, node.window))
    aggregate = node.aggregate
    zero_passes = aggregate.func in (AggregateFunc.COUNT, AggregateFunc.SUM) and compare(
        aggregate.op, 0, aggregate.value
    )
    threshold = _threshold(node, scope, table)
    plain_exists = (
        aggregate.func is AggregateFunc.COUNT
        and not zero_passes
        and compare(aggregate.op, 1, aggregate.value)
        and aggregate.op in (Op.GTE, Op.GT)
    )
    having = None if plain_exists else threshold
    if zero_passes:
        having = exp.not_(threshold)
    nullable = table.column(key_name).nullable if table.has_column(key_name) else True
    pred = sql.Pred(sql.semi_join(scope.key, table.name, key_name, where, having), nullable)
    return _maybe_negate(sql.negate(pred) if zero_passes else pred, node.negate)


def compile_group(node: Group, scope: Scope) -> sql.Pred:
    """AND / OR of the children; a negated group is the complement of the whole group."""
    pred = sql.combine(node.op, [compile_node(child, scope) for child in node.rules])
    return _maybe_negate(pred, node.negate)


def compile_indicator(node: IndicatorRule, scope: Scope) -> sql.Pred:
    """Membership in the indicator's rows whose value passes; booleans: absent means false."""
    return _maybe_negate(indicator_members(node, scope.catalog), node.negate)


def compile_reachable(node: Reachable, scope: Scope) -> sql.Pred:
    """Consented, has a contact, not suppressed on the channel (see ``reachable_predicate``)."""
    return _maybe_negate(sql.Pred(reachable_predicate(scope.catalog, node.channel)), node.negate)


def compile_segment(node: SegmentRef, scope: Scope) -> sql.Pred:
    """The saved segment's own tree, expanded in place; a cycle is an error."""
    if node.segment in scope.expanding:
        chain = " → ".join((*scope.expanding, node.segment))
        raise SegmentCycleError(
            say("segments_in_cycle", chain=chain), hint=say("edit_to_break_cycle")
        )
    tree = scope.segments.get(node.segment)
    if tree is None:
        message = say("unknown_segment", segment=node.segment)
        raise UnknownSegmentError(message, hint=say("pass_saved_segments"))
    inner = Scope(
        scope.catalog, scope.segments, (*scope.expanding, node.segment), scope.compile_tree
    )
    if (tree.limit is not None or tree.sample_share is not None) and scope.compile_tree:
        pred = sql.Pred(sql.in_query(scope.key, scope.compile_tree(tree, inner)))
    else:
        pred = compile_group(tree.root, inner)
    return _maybe_negate(pred, node.negate)


def compile_node(node: Node, scope: Scope) -> sql.Pred:
    """Compile any node with the compile function of its kind (mypy proves every kind is here)."""
    match node:
        case Attribute():
            return compile_attribute(node, scope)
        case Behavior():
            return compile_behavior(node, scope)
        case IndicatorRule():
            return compile_indicator(node, scope)
        case Reachable():
            return compile_reachable(node, scope)
        case SegmentRef():
            return compile_segment(node, scope)
        case Group():
            return compile_group(node, scope)
        case _:
            assert_never(node)
