"""Small sqlglot building blocks of the compiler: identifiers, literals, predicates, semi-joins.

Identifiers are quoted and only ever built from names the validator matched against the catalog;
values always become sqlglot literals. ``Pred`` tracks whether a predicate can be NULL, so negation
can be a true set complement (``NOT COALESCE(p, FALSE)`` only where NULL is possible).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlglot import exp

from audience.rules.operators import DayBounds
from audience.rules.windows import day_start, timestamp_text, to_utc
from schema_catalog import Catalog, ColumnType, Table


@dataclass(frozen=True)
class Pred:
    """A predicate over the profile row; ``nullable`` when it may evaluate to NULL."""

    expr: exp.Expr
    nullable: bool = False


TRUE = Pred(exp.true())
FALSE = Pred(exp.false())


def column(table: str, name: str) -> exp.Column:
    """``"table"."name"``, quoted."""
    return exp.column(name, table, quoted=True)


def table_ref(name: str) -> exp.Table:
    """``"name"`` as a table, quoted."""
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def profile_key(catalog: Catalog) -> exp.Column:
    """The profile key column of the outer query, e.g. ``"customers"."customer_id"``."""
    return column(catalog.profile.table, catalog.profile.key)


def join_column(catalog: Catalog, table: Table) -> str:
    """The column of ``table`` that equals the profile key."""
    if table.name == catalog.profile.table:
        return catalog.profile.key
    return table.join.column if table.join else catalog.profile.key


def literal(value: object) -> exp.Expr:
    """A sqlglot literal for a validated scalar (text, number or boolean)."""
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def timestamp_literal(instant: datetime) -> exp.Expr:
    """``CAST('2026-04-01 00:00:00' AS TIMESTAMP)`` in naive UTC."""
    return exp.cast(exp.Literal.string(timestamp_text(instant)), exp.DataType.Type.TIMESTAMP)


def date_literal(day: date) -> exp.Expr:
    """``CAST('2026-04-01' AS DATE)``."""
    return exp.cast(exp.Literal.string(day.isoformat()), exp.DataType.Type.DATE)


def _ceil_day(instant: datetime) -> date:
    utc = to_utc(instant)
    return utc.date() if utc == day_start(utc.date()) else utc.date() + timedelta(days=1)


def instant_literal(instant: datetime, column_type: ColumnType) -> exp.Expr:
    """A bound for a date column (rounded up to a whole day) or a timestamp column."""
    if column_type is ColumnType.DATE:
        return date_literal(_ceil_day(instant))
    return timestamp_literal(instant)


def day_bounds(day: date, column_type: ColumnType) -> DayBounds:
    """The whole day ``day`` as ``[start, next day)`` literals of the column's type."""
    start = day_start(day)
    return DayBounds(
        instant_literal(start, column_type), instant_literal(start + timedelta(days=1), column_type)
    )


def span_bounds(start: datetime, stop: datetime, column_type: ColumnType) -> DayBounds:
    """An instant interval ``[start, stop)`` as literals of the column's type."""
    return DayBounds(instant_literal(start, column_type), instant_literal(stop, column_type))


def semi_join(
    key: exp.Expr,
    table: str,
    key_name: str,
    where: exp.Expr | None = None,
    having: exp.Expr | None = None,
) -> exp.In:
    """``key IN (SELECT "table"."key_name" FROM "table" WHERE … [GROUP BY … HAVING …])``."""
    inner_key = column(table, key_name)
    query = exp.select(inner_key).from_(table_ref(table))
    if where is not None:
        query = query.where(where)
    if having is not None:
        query = query.group_by(inner_key.copy()).having(having)
    return exp.In(this=key, query=exp.Subquery(this=query))


def in_query(key: exp.Expr, query: exp.Select) -> exp.In:
    """``key IN (query)``."""
    return exp.In(this=key, query=exp.Subquery(this=query))


def negate(pred: Pred) -> Pred:
    """The true complement: NULL counts as "does not match", so NOT of it must match."""
    inner = pred.expr
    if isinstance(inner, exp.Not) and not pred.nullable:
        return Pred(inner.this)
    if pred.nullable:
        inner = exp.Coalesce(this=inner, expressions=[exp.false()])
    return Pred(exp.not_(inner))


def combine(op: str, preds: Sequence[Pred]) -> Pred:
    """AND / OR of predicates; empty AND is TRUE, empty OR is FALSE."""
    if not preds:
        return TRUE if op == "and" else FALSE
    if len(preds) == 1:
        return preds[0]
    builder = exp.and_ if op == "and" else exp.or_
    expr = builder(*(p.expr for p in preds))
    return Pred(expr, any(p.nullable for p in preds))


def all_of(expressions: Sequence[exp.Expr]) -> exp.Expr | None:
    """AND of expressions, or None when there are none."""
    return exp.and_(*expressions) if expressions else None
