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
from languages import Wording, say
from schema_catalog import (
    Catalog,
    ColumnType,
    Indicator,
    IndicatorType,
    Issue,
    Table,
    TableKind,
    did_you_mean,
    worded_issue,
)


def reaches_profile(catalog: Catalog, table: Table) -> bool:
    """True for the profile table and tables joined directly to it."""
    if table.name == catalog.profile.table:
        return True
    return table.join is not None and table.join.to_table in (None, catalog.profile.table)


def attribute_field(catalog: Catalog, node: Attribute, path: str) -> list[Issue]:
    """The attribute's field resolves to a profile/attribute column, then operator and value fit."""
    table_name, _, column_name = node.field.partition(".")
    where = f"{path}.field"
    if not catalog.has_table(table_name):
        hint = did_you_mean(node.field, catalog.field_names())
        message = say("unknown_table_in_field", field=node.field)
        return [worded_issue("unknown_table", where, message, hint)]
    table = catalog.table(table_name)
    if not column_name or not table.has_column(column_name):
        hint = did_you_mean(node.field, catalog.field_names())
        return [worded_issue("unknown_field", where, say("unknown_field", field=node.field), hint)]
    if table.kind is TableKind.EVENT:
        message = say("field_of_event_table", field=node.field, event=table.name)
        hint = say("use_behavior_filter", event=table.name)
        return [worded_issue("not_an_attribute", where, message, hint)]
    if not reaches_profile(catalog, table):
        message = say("table_not_joined", table=table.name)
        return [worded_issue("unknown_table", where, message, say("use_joined_field"))]
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
    names = {"column": condition.field, "event": table.name}
    if not table.has_column(condition.field):
        listing = say("filter_on", columns=", ".join(usable))
        hint = did_you_mean(condition.field, usable, listing)
        message = say("unknown_event_field", **names)
        return [worded_issue("unknown_field", f"{path}.field", message, hint)]
    if condition.field not in usable:
        hint = say("filter_on_not_time", columns=", ".join(usable))
        message = say("not_filterable", **names)
        return [worded_issue("not_a_dimension", f"{path}.field", message, hint)]
    operand = column_operand(table, table.column(condition.field))
    return check_operand(operand, condition.op, condition.value, condition.unit, path)


def check_window(window: Window, table: Table, as_of: datetime, path: str) -> list[Issue]:
    """Window fields present for its type, ordered; after ``as_of`` only on future-event tables."""
    if window.type in (WindowKind.LAST, WindowKind.NEXT):
        issues = _check_amount(window, path)
        if window.type is WindowKind.NEXT and not table.future_events:
            message = say("next_window_ahead", event=table.name)
            issues.append(_after_as_of(table, f"{path}.type", message))
        return issues
    missing = [name for name in _NEEDS[window.type] if getattr(window, name) is None]
    if missing:
        return [
            worded_issue(
                "missing_value",
                f"{path}.{name}",
                say("window_needs", window=window.type.value, part=name),
                say("dates_as_iso"),
            )
            for name in missing
        ]
    if window.start and window.end and window.start > window.end:
        message = say("window_reversed", start=str(window.start), end=str(window.end))
        return [worded_issue("impossible_window", path, message, say("swap_start_end"))]
    # a window opening at the data's very instant ('this month' read on its first day at 00:00)
    # is the period so far: empty, not ahead — the count says 0 and flags it
    if window.start and day_start(window.start) > to_utc(as_of) and not table.future_events:
        day = str(to_utc(as_of).date())
        message = say(
            "window_starts_after_as_of", start=str(window.start), day=day, event=table.name
        )
        return [_after_as_of(table, f"{path}.start", message)]
    return []


def _after_as_of(table: Table, path: str, message: Wording) -> Issue:
    return worded_issue("window_in_future", path, message, say("window_in_past", event=table.name))


_NEEDS = {
    WindowKind.BETWEEN: ("start", "end"),
    WindowKind.BEFORE: ("end",),
    WindowKind.SINCE: ("start",),
}


def _check_amount(window: Window, path: str) -> list[Issue]:
    issues = []
    kind = window.type.value
    if window.amount is None or window.amount <= 0:
        message = say("window_amount_not_positive", window=kind, value=repr(window.amount))
        issues.append(
            worded_issue("impossible_window", f"{path}.amount", message, say("window_example"))
        )
    if window.unit is None:
        message = say("window_needs_unit", window=kind)
        issues.append(worded_issue("missing_value", f"{path}.unit", message, say("use_a_unit")))
    return issues


def check_aggregate_value(aggregate: Aggregate, path: str) -> list[Issue]:
    """Threshold shape: ``[low, high]`` for between, else one number; whole numbers for counts."""
    value = aggregate.value
    values = value if isinstance(value, tuple) else (value,)
    where, shown = f"{path}.value", repr(value)
    if (aggregate.op is Op.BETWEEN) != isinstance(value, tuple) or len(values) > 2:
        message = say("threshold_does_not_fit", value=shown, op=aggregate.op.value)
        return [worded_issue("wrong_value_type", where, message, say("threshold_shape"))]
    if aggregate.op is Op.BETWEEN and (len(values) != 2 or values[0] > values[1]):
        message = say("range_empty", value=shown)
        return [worded_issue("empty_range", where, message, say("give_low_high"))]
    whole = aggregate.func in (AggregateFunc.DAYS_SINCE_LAST, AggregateFunc.COUNT)
    if whole and any(float(v) != int(v) for v in values):
        message = say("whole_numbers_only", func=aggregate.func.value, value=shown)
        return [worded_issue("wrong_value_type", where, message, say("round_threshold"))]
    return []


def check_indicator_value(indicator: Indicator, node: IndicatorRule, path: str) -> list[Issue]:
    """Dimension key and value of an indicator rule."""
    issues = check_indicator_key(indicator, node.key, path)
    boolean = indicator.type is IndicatorType.BOOLEAN
    if boolean and node.op not in (Op.EQ, Op.NEQ):
        message = say("indicator_true_or_false", indicator=indicator.name, op=node.op.value)
        return [
            *issues,
            worded_issue("operator_not_allowed", f"{path}.op", message, say("use_eq_neq")),
        ]
    return issues + check_operand(indicator_operand(indicator), node.op, node.value, None, path)


def check_indicator_key(indicator: Indicator, key: str | None, path: str) -> list[Issue]:
    """The dimension key at ``path.key``: required by keyed indicators, allowed, else absent."""
    dimension, where = indicator.dimension, f"{path}.key"
    if dimension is None and key is not None:
        message = say("indicator_has_no_key", indicator=indicator.name, key=repr(key))
        return [worded_issue("value_not_allowed", where, message, say("use_null_key"))]
    if dimension is None:
        return []
    names = {"indicator": indicator.name, "dimension": dimension.column}
    hint = say("allowed_keys", allowed=", ".join(dimension.allowed_values))
    if key is None:
        return [worded_issue("missing_value", where, say("indicator_needs_key", **names), hint)]
    if key not in dimension.allowed_values:
        message = say("indicator_key_not_allowed", key=repr(key), **names)
        return [worded_issue("value_not_allowed", where, message, hint)]
    return []


MEASURED_FUNCS = frozenset(
    {AggregateFunc.SUM, AggregateFunc.AVG, AggregateFunc.MIN, AggregateFunc.MAX}
)
"""Aggregates over a measure column of the events (count and recency need none)."""


def check_measure(table: Table, func: AggregateFunc, measure: str | None, path: str) -> list[Issue]:
    """The measure at ``path.measure``: needed by sum/avg/min/max, one of the event's measures."""
    if func not in MEASURED_FUNCS:
        return []
    where = f"{path}.measure"
    measures = say("measures_of", event=table.name, measures=", ".join(table.measures) or "-")
    if measure is None:
        message = say("aggregate_needs_measure", func=func.value)
        return [worded_issue("missing_value", where, message, measures)]
    if measure not in table.measures:
        hint = did_you_mean(measure, list(table.measures), measures)
        message = say("not_a_measure", column=measure, event=table.name)
        return [worded_issue("unknown_measure", where, message, hint)]
    return []


def check_event_filters(
    catalog: Catalog, event: str, filters: tuple[Condition, ...], window: Window | None, path: str
) -> list[Issue]:
    """Filters and window of events of ``event`` (a known event table) at ``path``."""
    table = catalog.table(event)
    issues: list[Issue] = []
    for index, condition in enumerate(filters):
        issues += check_filter(table, condition, f"{path}.filters[{index}]")
    if window is not None:
        issues += check_window(window, table, catalog.as_of, f"{path}.window")
    return issues


def known_event(catalog: Catalog, event: str, path: str) -> list[Issue]:
    """``unknown_event`` at ``path.event`` unless ``event`` is an event table of the catalog."""
    events = [t.name for t in catalog.event_tables]
    if event in events:
        return []
    hint = did_you_mean(event, events, say("known_events", events=", ".join(events)))
    return [worded_issue("unknown_event", f"{path}.event", say("unknown_event", event=event), hint)]


def known_indicator(catalog: Catalog, name: str, path: str) -> list[Issue]:
    """``unknown_indicator`` at ``path.indicator`` unless the catalog defines ``name``."""
    names = [i.name for i in catalog.indicators]
    if name in names:
        return []
    known = say("known_indicators", indicators=", ".join(names))
    message = say("unknown_indicator", indicator=name)
    hint = did_you_mean(name, names, known)
    return [worded_issue("unknown_indicator", f"{path}.indicator", message, hint)]
