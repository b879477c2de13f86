"""Checks of a ranked audience: a limit to keep, and a measure that exists and can be ordered.

A ranking orders profiles by a number or a date: a profile column (or a column of a table with
one row per profile), a numeric indicator, or a count, sum, average, minimum or maximum of
events. Codes: ``ranking_needs_limit``, ``not_rankable``, and the codes of the names it reuses
(``unknown_field``, ``unknown_event``, ``unknown_indicator``, ``unknown_measure``, …).
"""

from __future__ import annotations

from typing import assert_never

from audience.rules.ranking import (
    RANKING_FUNCS,
    BehaviorMeasure,
    FieldMeasure,
    IndicatorMeasure,
    RankMeasure,
)
from audience.rules.tree import RuleTree
from audience.validate.nodes import (
    check_event_filters,
    check_indicator_key,
    check_measure,
    known_event,
    known_indicator,
    reaches_profile,
)
from audience.validate.policy import is_key_column
from languages import say
from schema_catalog import (
    Catalog,
    ColumnType,
    IndicatorType,
    Issue,
    Relationship,
    Table,
    TableKind,
    did_you_mean,
    worded_issue,
)

RANKABLE_TYPES = frozenset(
    {ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DATE, ColumnType.TIMESTAMP}
)
"""Column types a ranking can order by: numbers and dates."""

PATH = "ranking.by"


def check_ranking(tree: RuleTree, catalog: Catalog) -> list[Issue]:
    """Every issue of the tree's ranking (none without one)."""
    if tree.ranking is None:
        return []
    issues = []
    if tree.limit is None:
        message, hint = say("ranking_needs_limit"), say("set_a_limit")
        issues.append(worded_issue("ranking_needs_limit", "limit", message, hint))
    return issues + _check_measure(tree.ranking.by, catalog)


def _check_measure(measure: RankMeasure, catalog: Catalog) -> list[Issue]:
    match measure:
        case FieldMeasure():
            return _check_field(measure, catalog)
        case IndicatorMeasure():
            return _check_indicator(measure, catalog)
        case BehaviorMeasure():
            return _check_behavior(measure, catalog)
        case _:
            assert_never(measure)


def rankable_fields(catalog: Catalog) -> list[str]:
    """``table.column`` of every number or date with one value per profile (keys, personal and
    sensitive data left out: the targeting policy refuses to rank by them)."""
    return [
        f"{table.name}.{column.name}"
        for table in catalog.tables
        if _one_row_per_profile(catalog, table)
        for column in table.columns
        if column.type in RANKABLE_TYPES
        and not (column.pii or column.sensitive or is_key_column(catalog, table, column.name))
    ]


def _one_row_per_profile(catalog: Catalog, table: Table) -> bool:
    if table.kind is TableKind.PROFILE:
        return True
    one_to_one = table.join is not None and table.join.relationship is Relationship.ONE_TO_ONE
    return table.kind is not TableKind.EVENT and one_to_one and reaches_profile(catalog, table)


def _check_field(measure: FieldMeasure, catalog: Catalog) -> list[Issue]:
    where, fields = f"{PATH}.field", rankable_fields(catalog)
    hint = did_you_mean(measure.field, fields, say("rank_by_one_of", fields=", ".join(fields)))
    table_name, _, column_name = measure.field.partition(".")
    if not catalog.has_table(table_name) or not catalog.table(table_name).has_column(column_name):
        message = say("unknown_field", field=measure.field)
        return [worded_issue("unknown_field", where, message, hint)]
    table = catalog.table(table_name)
    if not _one_row_per_profile(catalog, table):
        message = say("rank_field_many_rows", field=measure.field)
        return [worded_issue("not_rankable", where, message, say("rank_by_behavior"))]
    if table.column(column_name).type not in RANKABLE_TYPES:
        message = say("rank_field_not_ordered", field=measure.field)
        return [worded_issue("not_rankable", where, message, hint)]
    return []


def _check_indicator(measure: IndicatorMeasure, catalog: Catalog) -> list[Issue]:
    unknown = known_indicator(catalog, measure.indicator, PATH)
    if unknown:
        return unknown
    indicator = catalog.indicator(measure.indicator)
    if indicator.type is not IndicatorType.NUMBER:
        scores = [i.name for i in catalog.indicators if i.type is IndicatorType.NUMBER]
        message = say("rank_indicator_not_number", indicator=indicator.name)
        hint = say("rank_by_score", indicators=", ".join(scores) or "-")
        return [worded_issue("not_rankable", f"{PATH}.indicator", message, hint)]
    return check_indicator_key(indicator, measure.key, PATH)


def _check_behavior(measure: BehaviorMeasure, catalog: Catalog) -> list[Issue]:
    unknown = known_event(catalog, measure.event, PATH)
    if unknown:
        return unknown
    issues = check_event_filters(catalog, measure.event, measure.filters, measure.window, PATH)
    if measure.func not in RANKING_FUNCS:
        message = say("rank_func_not_allowed", func=measure.func.value)
        funcs = ", ".join(func.value for func in RANKING_FUNCS)
        hint = say("use_one_of", allowed=funcs)
        return [*issues, worded_issue("not_rankable", f"{PATH}.func", message, hint)]
    table = catalog.table(measure.event)
    return issues + check_measure(table, measure.func, measure.measure, PATH)
