"""Editable conditions: change a value, remove a condition, add one from the catalog.

Edits make new trees (the rule tree is frozen); ``apply_edit`` in the build flow validates and
re-counts them. Which operators a field offers comes from ``audience.operators``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import assert_never

import streamlit as st

from audience.rules import (
    OPERATORS,
    Arity,
    Attribute,
    Behavior,
    Group,
    IndicatorRule,
    Node,
    Op,
    Operand,
    Reachable,
    Scalar,
    SegmentRef,
    Value,
    column_operand,
    indicator_operand,
    operators_for,
    value_items,
)
from schema_catalog import Catalog, ColumnType, TableKind


def attribute_fields(catalog: Catalog) -> list[str]:
    """``table.column`` of every profile and attribute column one can add a condition on."""
    return [
        f"{table.name}.{column.name}"
        for table in catalog.tables
        if table.kind is not TableKind.EVENT
        for column in table.columns
        if column.name != (table.key or catalog.profile.key)
    ]


def field_operand(catalog: Catalog, dotted: str) -> Operand:
    """The operand of an attribute condition on ``dotted``."""
    return column_operand(*catalog.column(dotted))


def field_operators(catalog: Catalog, dotted: str) -> list[Op]:
    """The operators a catalog field accepts (from the operator registry)."""
    _, column = catalog.column(dotted)
    return operators_for(column.type, categorical=column.is_categorical)


def indicator_operators(catalog: Catalog, name: str) -> list[Op]:
    """The operators an indicator accepts."""
    operand = indicator_operand(catalog.indicator(name))
    return operators_for(operand.type, categorical=operand.allowed_values is not None)


def value_widget(label: str, operand: Operand, arity: Arity, current: Value, key: str) -> Value:
    """The widget for one value of ``operand`` in the shape ``arity``, pre-filled with ``current``;
    returns the value."""
    if arity is Arity.NONE:
        st.caption("This operator takes no value.")
        return None
    if arity is Arity.MANY:
        return _many(label, operand, current, key)
    if arity is Arity.PAIR:
        low, high = current if isinstance(current, tuple) and len(current) == 2 else (None, None)
        return (
            _one(f"{label} (from)", operand, low, f"{key}_low"),
            _one(f"{label} (to)", operand, high, f"{key}_high"),
        )
    if arity is Arity.AMOUNT:
        amount = current if isinstance(current, int) else 1
        return int(st.number_input(label, min_value=1, value=amount, step=1, key=key))
    return _one(label, operand, current, key)


def _many(label: str, operand: Operand, current: Value, key: str) -> tuple[Scalar, ...]:
    chosen = value_items(current)
    if operand.allowed_values:
        default = [v for v in chosen if v in operand.allowed_values]
        return tuple(st.multiselect(label, operand.allowed_values, default=default, key=key))
    text = st.text_input(f"{label} (comma-separated)", ", ".join(map(str, chosen)), key=key)
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _one(label: str, operand: Operand, current: Value, key: str) -> str | int | float | bool:
    if operand.allowed_values:
        options = list(operand.allowed_values)
        index = options.index(current) if current in options else 0
        return str(st.selectbox(label, options, index=index, key=key))
    return _TYPED_INPUTS[operand.type](label, current, key)


def _number(label: str, current: Value, key: str) -> float:
    start = float(current) if isinstance(current, int | float) else 0.0
    return float(st.number_input(label, value=start, key=key))


def _integer(label: str, current: Value, key: str) -> int:
    start = int(current) if isinstance(current, int | float) else 0
    return int(st.number_input(label, value=start, step=1, key=key))


def _boolean(label: str, current: Value, key: str) -> bool:
    return bool(st.selectbox(label, [True, False], index=0 if current is not False else 1, key=key))


def _day(label: str, current: Value, key: str) -> str:
    start = date.fromisoformat(current) if isinstance(current, str) else date(2026, 1, 1)
    return st.date_input(label, value=start, key=key).isoformat()  # type: ignore[union-attr]


def _text(label: str, current: Value, key: str) -> str:
    return st.text_input(label, value="" if current is None else str(current), key=key)


_TYPED_INPUTS: dict[ColumnType, Callable[[str, Value, str], str | int | float | bool]] = {
    ColumnType.STRING: _text,
    ColumnType.INTEGER: _integer,
    ColumnType.DECIMAL: _number,
    ColumnType.BOOLEAN: _boolean,
    ColumnType.DATE: _day,
    ColumnType.TIMESTAMP: _day,
}


def edit_node(catalog: Catalog, node: Node, key: str) -> Node | None:
    """Value widgets for one top-level rule; the edited node, or None if it has no values."""
    match node:
        case Attribute():
            return _edit_attribute(catalog, node, key)
        case IndicatorRule():
            return _edit_indicator(catalog, node, key)
        case Behavior():
            return _edit_behavior(catalog, node, key)
        case Reachable() | SegmentRef() | Group():
            return None
        case _:
            assert_never(node)


def _edit_attribute(catalog: Catalog, node: Attribute, key: str) -> Node:
    operand = field_operand(catalog, node.field)
    return node.updated(value=value_widget("Value", operand, _arity(node.op), node.value, key))


def _edit_indicator(catalog: Catalog, node: IndicatorRule, key: str) -> Node:
    operand = indicator_operand(catalog.indicator(node.indicator))
    return node.updated(value=value_widget("Value", operand, _arity(node.op), node.value, key))


def _arity(op: Op) -> Arity:
    return OPERATORS[op].arity


def _edit_behavior(catalog: Catalog, node: Behavior, key: str) -> Node:
    update: dict[str, object] = {}
    threshold = node.aggregate.value
    if not isinstance(threshold, tuple):
        measure_type = ColumnType.INTEGER if node.aggregate.measure is None else ColumnType.DECIMAL
        label = f"Threshold ({node.aggregate.op.value})"
        new = value_widget(label, Operand(label, measure_type), Arity.ONE, threshold, key)
        update["aggregate"] = node.aggregate.updated(value=new)
    window = node.window
    if window is not None and window.amount is not None:
        unit = window.unit.value if window.unit else "unit"
        label = f"Window: last N {unit}s"
        operand = Operand(label, ColumnType.INTEGER)
        amount = value_widget(label, operand, Arity.AMOUNT, window.amount, f"{key}_window")
        update["window"] = window.updated(amount=amount)
    return node.updated(**update)
