"""Operator registry: every Op once, with types, SQL and a phrase per language; windows in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlglot import exp

from audience.rules import Op, TimeUnit, Window, resolve_window, shift
from audience.rules.describe_words import describe_words
from audience.rules.operators import OPERATORS, Arity, build_condition, compare, operators_for
from languages import available_languages
from schema_catalog import ColumnType

AS_OF = datetime(2026, 10, 1, tzinfo=UTC)


def test_every_operator_is_registered_once_with_phrases() -> None:
    assert set(OPERATORS) == set(Op)
    for spec in OPERATORS.values():
        assert spec.types
        assert spec.plain or spec.temporal or spec.yearly
    for lang in available_languages():
        words = describe_words(lang)
        assert all("{field}" in words.operator(op) for op in Op), lang


def test_operators_for_types() -> None:
    assert Op.CONTAINS in operators_for(ColumnType.STRING)
    assert Op.CONTAINS not in operators_for(ColumnType.STRING, categorical=True)
    assert Op.WITHIN_LAST in operators_for(ColumnType.DATE)
    assert Op.WITHIN_LAST not in operators_for(ColumnType.INTEGER)
    assert Op.GT not in operators_for(ColumnType.BOOLEAN)


def test_build_condition_uses_literals() -> None:
    column = exp.column("city", "customers", quoted=True)
    sql = build_condition(Op.IN, column, [exp.Literal.string("Paris"), exp.Literal.string("L'y")])
    assert sql.sql("duckdb") == "\"customers\".\"city\" IN ('Paris', 'L''y')"
    with pytest.raises(KeyError):
        build_condition(Op.WITHIN_LAST, column, [])


def test_compare_zero_semantics() -> None:
    assert compare(Op.EQ, 0, 0) and compare(Op.LTE, 0, 100) and compare(Op.BETWEEN, 0, [0, 2])
    assert not compare(Op.GTE, 0, 1) and not compare(Op.BETWEEN, 0, [1, 2])


def test_arity_of_value_shapes() -> None:
    assert OPERATORS[Op.BETWEEN].arity is Arity.PAIR
    assert OPERATORS[Op.IS_SET].arity is Arity.NONE
    assert OPERATORS[Op.WITHIN_LAST].arity is Arity.AMOUNT


@pytest.mark.parametrize(
    ("window", "start", "end"),
    [
        (Window(type="last", amount=6, unit="month"), "2026-04-01", "2026-10-01"),
        (Window(type="last", amount=3, unit="day"), "2026-09-28", "2026-10-01"),
        (Window(type="last", amount=2, unit="week"), "2026-09-17", "2026-10-01"),
        (Window(type="last", amount=1, unit="year"), "2025-10-01", "2026-10-01"),
        (Window(type="between", start="2026-01-01", end="2026-03-31"), "2026-01-01", "2026-04-01"),
        (Window(type="before", end="2026-01-01"), None, "2026-01-01"),
        (Window(type="since", start="2026-01-01"), "2026-01-01", None),
    ],
)
def test_resolve_window(window: Window, start: str | None, end: str | None) -> None:
    bounds = resolve_window(window, AS_OF)
    as_text = [b.date().isoformat() if b else None for b in bounds]
    assert as_text == [start, end]
    assert all(b is None or b.tzinfo is UTC for b in bounds)


def test_calendar_months_clamp_to_month_end() -> None:
    assert shift(datetime(2026, 3, 31, tzinfo=UTC), -1, TimeUnit.MONTH).day == 28
    assert shift(datetime(2024, 2, 29, tzinfo=UTC), -1, TimeUnit.YEAR).date().isoformat() == (
        "2023-02-28"
    )
