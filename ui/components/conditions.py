"""Value widgets of the condition builder: one widget per value shape and column type.

Which fields and operators are offered comes from ``audience.rules.builder``; these widgets only
edit a value of the right shape (one, several, a pair, an amount), pre-filled with the current
one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from audience.rules import (
    Arity,
    Operand,
    Scalar,
    Value,
    column_operand,
    value_items,
)
from schema_catalog import Catalog, ColumnType
from ui.components.build_words import BuilderWords


def field_operand(catalog: Catalog, dotted: str) -> Operand:
    """The operand of an attribute condition on ``dotted``."""
    return column_operand(*catalog.column(dotted))


def value_widget(
    said: BuilderWords, operand: Operand, arity: Arity, current: Value, key: str, lang: str
) -> Value:
    """The widget for one value of ``operand`` in the shape ``arity``, pre-filled with ``current``
    and labelled in ``said``'s language (``lang``: allowed values read by their catalog labels);
    returns the value."""
    label = said.value
    if arity is Arity.NONE:
        st.caption(said.no_value)
        return None
    if arity is Arity.MANY:
        return _many(said, operand, current, key, lang)
    if arity is Arity.PAIR:
        low, high = current if isinstance(current, tuple) and len(current) == 2 else (None, None)
        return (
            _one(said, said.value_from.format(label=label), operand, low, f"{key}_low", lang),
            _one(said, said.value_to.format(label=label), operand, high, f"{key}_high", lang),
        )
    if arity is Arity.AMOUNT:
        amount = current if isinstance(current, int) else 1
        return int(st.number_input(label, min_value=1, value=amount, step=1, key=key))
    return _one(said, label, operand, current, key, lang)


def _many(
    said: BuilderWords, operand: Operand, current: Value, key: str, lang: str
) -> tuple[Scalar, ...]:
    chosen = value_items(current)
    if operand.allowed_values:
        default = [v for v in chosen if v in operand.allowed_values]
        picked = st.multiselect(
            said.value, operand.allowed_values, default=default, key=key,
            format_func=lambda value: operand.value_label(value, lang),
        )  # fmt: skip
        return tuple(picked)
    label = said.comma_separated.format(label=said.value)
    text = st.text_input(label, ", ".join(map(str, chosen)), key=key)
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _one(
    said: BuilderWords, label: str, operand: Operand, current: Value, key: str, lang: str
) -> str | int | float | bool:
    if operand.allowed_values:
        options = list(operand.allowed_values)
        index = options.index(current) if current in options else 0
        shown = st.selectbox(
            label, options, index=index, key=key,
            format_func=lambda value: operand.value_label(value, lang),
        )  # fmt: skip
        return str(shown)
    if operand.type is ColumnType.BOOLEAN:
        return _boolean(said, label, current, key)
    return _TYPED_INPUTS[operand.type](label, current, key)


def _number(label: str, current: Value, key: str) -> float:
    start = float(current) if isinstance(current, int | float) else 0.0
    return float(st.number_input(label, value=start, key=key))


def _integer(label: str, current: Value, key: str) -> int:
    start = int(current) if isinstance(current, int | float) else 0
    return int(st.number_input(label, value=start, step=1, key=key))


def _boolean(said: BuilderWords, label: str, current: Value, key: str) -> bool:
    def shown(truth: bool) -> str:
        return said.true_value if truth else said.false_value

    index = 0 if current is not False else 1
    return bool(st.selectbox(label, [True, False], index=index, key=key, format_func=shown))


def _day(label: str, current: Value, key: str) -> str:
    start = date.fromisoformat(current) if isinstance(current, str) else date(2026, 1, 1)
    return st.date_input(label, value=start, key=key).isoformat()  # type: ignore[union-attr]


def _text(label: str, current: Value, key: str) -> str:
    return st.text_input(label, value="" if current is None else str(current), key=key)


_TYPED_INPUTS: dict[ColumnType, Callable[[str, Value, str], str | int | float | bool]] = {
    ColumnType.STRING: _text,
    ColumnType.INTEGER: _integer,
    ColumnType.DECIMAL: _number,
    ColumnType.DATE: _day,
    ColumnType.TIMESTAMP: _day,
}
