"""Per-node helpers of the validator: fields, filters, windows, aggregates, indicators."""

from __future__ import annotations

from datetime import datetime

from audience.rules.tree import (
    Aggregate,
    AggregateFunc,
    Attribute,
    Condition,
    IndicatorRule,
    Op,
    Window,
    WindowKind,
)
from audience.rules.values import check_operand, column_operand, indicator_operand
from audience.rules.windows import day_start, to_utc
from schema_catalog import (
    Catalog,
    ColumnType,
    Indicator,
    IndicatorType,
    Issue,
    Table,
    TableKind,
    closest_hint,
)


def reaches_profile(catalog: Catalog, table: Table) -> bool:
    """True for the profile table and tables joined directly to it."""
    if table.name == catalog.profile.table:
        return True
    return table.join is not None and table.join.to_table in (None, catalog.profile.table)


def attribute_field(catalog: Catalog, node: Attribute, path: str) -> list[Issue]:
    """The attribute's field resolves to a profile/attribute column, then operator and value fit."""
    table_name, _, column_name = node.field.partition(".")
    if not catalog.has_table(table_name):
        hint = closest_hint(node.field, catalog.field_names())
        return [
            Issue(
                code="unknown_table",
                path=f"{path}.field",
                message=f"Unknown table in field {node.field!r}.",
                hint=hint,
            )
        ]
    table = catalog.table(table_name)
    if not column_name or not table.has_column(column_name):
        hint = closest_hint(node.field, catalog.field_names())
        return [
            Issue(
                code="unknown_field",
                path=f"{path}.field",
                message=f"Unknown field {node.field!r}.",
                hint=hint,
            )
        ]
    if table.kind is TableKind.EVENT:
        return [
            Issue(
                code="not_an_attribute",
                path=f"{path}.field",
                message=f"{node.field!r} belongs to the event table {table.name!r}.",
                hint=f"Use a behavior on event {table.name!r} with a filter instead.",
            )
        ]
    if not reaches_profile(catalog, table):
        return [
            Issue(
                code="unknown_table",
                path=f"{path}.field",
                message=f"Table {table.name!r} does not join to the profile.",
                hint="Use a field of the profile or of a table joined to it.",
            )
        ]
    operand = column_operand(table, table.column(column_name))
    return check_operand(operand, node.op, node.value, node.unit, path)


def filterable_columns(table: Table) -> list[str]:
    """Columns a behaviour filter may compare: dimensions, measures, and the event's own dates
    other than its timestamp (a booking's check-in date; the timestamp is the window's)."""
    dates = [
        c.name
        for c in table.columns
        if c.type in (ColumnType.DATE, ColumnType.TIMESTAMP) and c.name != table.timestamp
    ]
    return list(dict.fromkeys([*table.dimensions, *table.measures, *dates]))


def check_filter(table: Table, condition: Condition, path: str) -> list[Issue]:
    """A behaviour filter: a dimension, measure or date of the event table; operator, value fit."""
    usable = filterable_columns(table)
    if not table.has_column(condition.field):
        return [
            Issue(
                code="unknown_field",
                path=f"{path}.field",
                message=f"Unknown field {condition.field!r} of event {table.name!r}.",
                hint=closest_hint(condition.field, usable) or f"Filter on: {', '.join(usable)}.",
            )
        ]
    if condition.field not in usable:
        return [
            Issue(
                code="not_a_dimension",
                path=f"{path}.field",
                message=f"{condition.field!r} of {table.name!r} cannot be filtered on.",
                hint=f"Filter on: {', '.join(usable)}; use the window for time.",
            )
        ]
    operand = column_operand(table, table.column(condition.field))
    return check_operand(operand, condition.op, condition.value, condition.unit, path)


def check_window(window: Window, table: Table, as_of: datetime, path: str) -> list[Issue]:
    """Window fields present for its type, ordered; after ``as_of`` only on future-event tables."""
    if window.type in (WindowKind.LAST, WindowKind.NEXT):
        issues = _check_amount(window, path)
        if window.type is WindowKind.NEXT and not table.future_events:
            issues.append(_after_as_of(table, f"{path}.type", "A 'next' window looks ahead"))
        return issues
    missing = [name for name in _NEEDS[window.type] if getattr(window, name) is None]
    if missing:
        return [
            Issue(
                code="missing_value",
                path=f"{path}.{name}",
                message=f"A {window.type.value!r} window needs {name!r}.",
                hint="Dates as 'YYYY-MM-DD'.",
            )
            for name in missing
        ]
    if window.start and window.end and window.start > window.end:
        return [
            Issue(
                code="impossible_window",
                path=path,
                message=f"The window starts ({window.start}) after it ends ({window.end}).",
                hint="Swap start and end.",
            )
        ]
    if window.start and day_start(window.start) >= to_utc(as_of) and not table.future_events:
        day = to_utc(as_of).date()
        lead = f"The window starts on {window.start}, on or after the as-of date {day}"
        return [_after_as_of(table, f"{path}.start", lead)]
    return []


def _after_as_of(table: Table, path: str, lead: str) -> Issue:
    return Issue(
        code="window_in_future",
        path=path,
        message=f"{lead}, but {table.name!r} only holds past events; nothing can match.",
        hint=f"Use a window in the past, or set 'future_events: true' on {table.name!r} if its "
        "timestamps may lie after as_of (bookings, renewals). See docs/catalog.md#future-events.",
    )


_NEEDS = {
    WindowKind.BETWEEN: ("start", "end"),
    WindowKind.BEFORE: ("end",),
    WindowKind.SINCE: ("start",),
}


def _check_amount(window: Window, path: str) -> list[Issue]:
    issues = []
    if window.amount is None or window.amount <= 0:
        issues.append(
            Issue(
                code="impossible_window",
                path=f"{path}.amount",
                message=f"{window.type.value!r} needs a positive amount, got {window.amount!r}.",
                hint="E.g. amount 6 with unit 'month'.",
            )
        )
    if window.unit is None:
        issues.append(
            Issue(
                code="missing_value",
                path=f"{path}.unit",
                message=f"A {window.type.value!r} window needs a unit.",
                hint="Use 'day', 'week', 'month' or 'year'.",
            )
        )
    return issues


def check_aggregate_value(aggregate: Aggregate, path: str) -> list[Issue]:
    """Threshold shape: ``[low, high]`` for between, else one number; whole numbers for counts."""
    value = aggregate.value
    values = value if isinstance(value, tuple) else (value,)
    if (aggregate.op is Op.BETWEEN) != isinstance(value, tuple) or len(values) > 2:
        return [
            Issue(
                code="wrong_value_type",
                path=f"{path}.value",
                message=f"Threshold {value!r} does not fit operator {aggregate.op.value!r}.",
                hint="[low, high] for 'between', one number otherwise.",
            )
        ]
    if aggregate.op is Op.BETWEEN and (len(values) != 2 or values[0] > values[1]):
        return [
            Issue(
                code="empty_range",
                path=f"{path}.value",
                message=f"The range {value!r} is empty or incomplete.",
                hint="Give [low, high] with low ≤ high.",
            )
        ]
    whole = aggregate.func in (AggregateFunc.DAYS_SINCE_LAST, AggregateFunc.COUNT)
    if whole and any(float(v) != int(v) for v in values):
        return [
            Issue(
                code="wrong_value_type",
                path=f"{path}.value",
                message=f"{aggregate.func.value!r} compares to whole numbers, got {value!r}.",
                hint="Round the threshold to a whole number.",
            )
        ]
    return []


def check_indicator_value(indicator: Indicator, node: IndicatorRule, path: str) -> list[Issue]:
    """Dimension key and value of an indicator rule."""
    issues = _check_key(indicator, node, path)
    boolean = indicator.type is IndicatorType.BOOLEAN
    if boolean and node.op not in (Op.EQ, Op.NEQ):
        return [
            *issues,
            Issue(
                code="operator_not_allowed",
                path=f"{path}.op",
                message=f"{indicator.name!r} is true or false; operator "
                f"{node.op.value!r} does not apply.",
                hint="Use eq or neq.",
            ),
        ]
    return issues + check_operand(indicator_operand(indicator), node.op, node.value, None, path)


def _check_key(indicator: Indicator, node: IndicatorRule, path: str) -> list[Issue]:
    dimension = indicator.dimension
    if dimension is None and node.key is not None:
        return [
            Issue(
                code="value_not_allowed",
                path=f"{path}.key",
                message=f"{indicator.name!r} has no dimension; got key {node.key!r}.",
                hint="Use null for key.",
            )
        ]
    if dimension is not None and node.key is None:
        return [
            Issue(
                code="missing_value",
                path=f"{path}.key",
                message=f"{indicator.name!r} needs a {dimension.column!r} key.",
                hint=f"Allowed keys: {', '.join(dimension.allowed_values)}.",
            )
        ]
    if dimension is not None and node.key not in dimension.allowed_values:
        return [
            Issue(
                code="value_not_allowed",
                path=f"{path}.key",
                message=f"{node.key!r} is not a {dimension.column!r} of {indicator.name!r}.",
                hint=f"Allowed keys: {', '.join(dimension.allowed_values)}.",
            )
        ]
    return []
