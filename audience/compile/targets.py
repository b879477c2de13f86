"""Compiling indicators and channel reachability: catalog-defined targets, not plain columns.

Dynamic indicators are the catalog's SQL (written by the data team, parsed by sqlglot) with the
``:as_of`` placeholder replaced by a TIMESTAMP literal, used as a derived table. Snapshot indicators
read their table. Reachability is defined once here; the engine's waterfall reuses the parts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from audience.compile import sql_parts as sql
from audience.errors import CompileError
from audience.rules.operators import build_condition
from audience.rules.tree import IndicatorRule, Op, value_items
from languages import say
from schema_catalog import Catalog, Channel, Indicator, IndicatorMode, IndicatorType

DYNAMIC_ALIAS_PREFIX = "dyn_"
"""Derived tables of dynamic indicators are aliased ``dyn_<indicator name>``."""


@functools.lru_cache(maxsize=128)
def _parse_indicator_sql(text: str) -> exp.Expr:
    """Parse once per distinct catalog SQL; callers transform a copy, never mutate it."""
    return sqlglot.parse_one(text, read="duckdb")


def dynamic_indicator_query(indicator: Indicator, catalog: Catalog) -> exp.Select:
    """The indicator's catalog SQL as a sqlglot ``Select``, ``:as_of`` bound to a literal.

    Raises:
        CompileError: the SQL is missing, does not parse, or is not a single SELECT.
    """
    try:
        parsed = _parse_indicator_sql(indicator.sql or "")
    except SqlglotError as error:
        message = say("indicator_sql_unparsable", indicator=indicator.name, reason=str(error))
        raise CompileError(message, hint=say("fix_indicator_sql")) from error
    if not isinstance(parsed, exp.Select):
        message = say("indicator_sql_not_select", indicator=indicator.name)
        raise CompileError(message, hint=say("indicator_sql_shape"))
    as_of = sql.timestamp_literal(catalog.as_of)

    def bind(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder) and node.name == "as_of":
            return as_of.copy()
        return node

    return parsed.transform(bind).transform(portable_date_diff)  # type: ignore[return-value]


def portable_date_diff(node: exp.Expr) -> exp.Expr:
    """DuckDB's ``DATE_DIFF(unit, start, end)`` counts unit *boundaries* crossed; Spark's
    ``DATEDIFF(unit, …)`` counts *complete* units. Spell years, quarters and months as calendar
    arithmetic and days as a difference of dates, which mean the same on every engine.

    >>> import sqlglot
    >>> diff = sqlglot.parse_one("DATE_DIFF('year', born, today)", read="duckdb")
    >>> portable_date_diff(diff).sql("spark")
    'YEAR(today) - YEAR(born)'
    """
    if not isinstance(node, exp.DateDiff):
        return node
    unit = node.unit.name.upper() if node.unit is not None else "DAY"
    end, start = node.this, node.expression
    years = exp.Sub(this=exp.Year(this=end.copy()), expression=exp.Year(this=start.copy()))
    if unit == "YEAR":
        return years
    if unit in ("MONTH", "QUARTER"):
        size = 12 if unit == "MONTH" else 4
        part = exp.Month if unit == "MONTH" else exp.Quarter
        within = exp.Sub(this=part(this=end.copy()), expression=part(this=start.copy()))
        scaled = exp.Mul(this=exp.Paren(this=years), expression=exp.Literal.number(size))
        return exp.Paren(this=exp.Add(this=scaled, expression=within))
    if unit == "DAY":
        dates = {"this": exp.cast(end.copy(), "DATE"), "expression": exp.cast(start.copy(), "DATE")}
        return exp.DateDiff(**dates, unit=exp.var("DAY"))
    return node


@dataclass(frozen=True)
class IndicatorSource:
    """Where an indicator's values are read: the FROM item and its key, value and dimension."""

    source: exp.Expr
    key: exp.Column
    value: exp.Column
    dimension: exp.Column | None

    def select(self, *columns: exp.Expr) -> exp.Select:
        return exp.select(*columns).from_(self.source.copy())

    def keyed(self, key: str | None) -> list[exp.Expr]:
        """The condition picking the values of dimension ``key`` (none for a plain indicator)."""
        if self.dimension is None:
            return []
        return [exp.EQ(this=self.dimension.copy(), expression=sql.literal(key))]


def indicator_source(indicator: Indicator, catalog: Catalog) -> IndicatorSource:
    """The indicator's rows: its SQL as a derived table (dynamic) or its table (snapshot)."""
    if indicator.mode is IndicatorMode.DYNAMIC:
        name = f"{DYNAMIC_ALIAS_PREFIX}{indicator.name}"
        query = dynamic_indicator_query(indicator, catalog)
        source: exp.Expr = query.subquery(exp.to_identifier(name, quoted=True))
        key, value = catalog.profile.key, "value"
    else:
        table = catalog.table(str(indicator.table))
        name, source = table.name, sql.table_ref(table.name)
        key, value = sql.join_column(catalog, table), indicator.value_column
    dimension = indicator.dimension
    return IndicatorSource(
        source=source,
        key=sql.column(name, key),
        value=sql.column(name, value),
        dimension=sql.column(name, dimension.column) if dimension else None,
    )


def indicator_members(node: IndicatorRule, catalog: Catalog) -> sql.Pred:
    """``key IN (SELECT key FROM <indicator rows> WHERE [dimension = key AND] value <op> …)``.

    Profiles absent from the indicator's rows do not match a comparison; for boolean
    indicators they are false, so ``eq false`` is the complement of ``eq true``.
    """
    indicator = catalog.indicator(node.indicator)
    rows = indicator_source(indicator, catalog)
    conditions = rows.keyed(node.key)
    op, flip = _positive_op(node, indicator)
    if indicator.type is IndicatorType.BOOLEAN:
        conditions.append(exp.EQ(this=rows.value, expression=exp.true()))
    else:
        value = node.value
        values = () if op is Op.IS_SET else value_items(value)
        conditions.append(build_condition(op, rows.value, [sql.literal(v) for v in values]))
    query = rows.select(rows.key).where(*conditions)
    members = sql.in_query(sql.profile_key(catalog), query)
    pred = sql.Pred(members, indicator.mode is IndicatorMode.DYNAMIC)
    return sql.negate(pred) if flip else pred


def _positive_op(node: IndicatorRule, indicator: Indicator) -> tuple[Op, bool]:
    """The operator to test inside the subquery, and whether to take the complement after."""
    if indicator.type is IndicatorType.BOOLEAN:
        return Op.EQ, (node.value is True) != (node.op is Op.EQ)
    if node.op is Op.IS_NOT_SET:
        return Op.IS_SET, True
    return node.op, False


def _field_rows(
    catalog: Catalog, dotted: str, where: exp.Expr, *, two_valued: bool = False
) -> exp.Expr:
    """A predicate that is never NULL: ``where`` (over ``dotted``'s table) holds for the profile."""
    table, column = catalog.column(dotted)
    if table.name == catalog.profile.table:
        if column.nullable and not two_valued:
            return exp.Coalesce(this=where, expressions=[exp.false()])
        return where
    return sql.semi_join(
        sql.profile_key(catalog), table.name, sql.join_column(catalog, table), where
    )


def _channel(catalog: Catalog, channel: str) -> Channel:
    return catalog.channel(str(channel))


def consent_predicate(catalog: Catalog, channel: str) -> exp.Expr:
    """The profile consented to the channel (its consent flag is TRUE)."""
    spec = _channel(catalog, channel)
    table_name, _, column_name = spec.consent.partition(".")
    flag = sql.column(table_name, column_name)
    return _field_rows(catalog, spec.consent, exp.EQ(this=flag, expression=exp.true()))


def contact_predicate(catalog: Catalog, channel: str) -> exp.Expr:
    """The profile has a contact for the channel: not NULL and not empty."""
    spec = _channel(catalog, channel)
    table_name, _, column_name = spec.contact.partition(".")
    contact = sql.column(table_name, column_name)
    present = exp.and_(
        exp.not_(exp.Is(this=contact, expression=exp.Null())),
        exp.NEQ(this=contact.copy(), expression=exp.Literal.string("")),
    )
    return _field_rows(catalog, spec.contact, present, two_valued=True)


def not_suppressed_predicate(catalog: Catalog, channel: str) -> exp.Expr:
    """No suppression row in the channel's scope (``Channel.blocked_by``), or no row at all when
    the list has no channel column; TRUE without a list."""
    suppression = catalog.suppression
    if suppression is None:
        return exp.true()
    table = catalog.table(suppression.table)
    in_scope = None  # a list without a channel column blocks every channel
    if suppression.channel_column is not None:
        scope = sql.column(table.name, suppression.channel_column)
        blocking = _channel(catalog, channel).blocked_by(suppression.all_value)
        values = [exp.Literal.string(value) for value in blocking]
        in_scope = exp.In(this=scope, expressions=values)
    key = sql.profile_key(catalog)
    blocked = sql.semi_join(key, table.name, sql.join_column(catalog, table), in_scope)
    return exp.not_(blocked)


def reachable_predicate(catalog: Catalog, channel: str) -> exp.Expr:
    """Reachable on ``channel``: consented AND has a contact AND not suppressed.

    The one definition of reachability; the engine's eligibility waterfall uses its three parts
    (``consent_predicate``, ``not_suppressed_predicate``, ``contact_predicate``) in that order.
    The predicate never evaluates to NULL.
    """
    return exp.and_(
        consent_predicate(catalog, channel),
        contact_predicate(catalog, channel),
        not_suppressed_predicate(catalog, channel),
    )
