"""Windows after as_of: allowed on ``future_events`` tables, reported with code + path elsewhere."""

from __future__ import annotations

import pytest

from audience.rules import Behavior, Condition, Group, Op, RuleTree, Window, describe_rules
from audience.validate import validate_rules
from schema_catalog import Catalog


def _future(catalog: Catalog) -> Catalog:
    tables = tuple(
        t.model_copy(update={"future_events": t.name == "orders"}) for t in catalog.tables
    )
    return catalog.model_copy(update={"tables": tables})


def _tree(window: Window, *filters: Condition) -> RuleTree:
    return RuleTree(
        root=Group(rules=[Behavior(event="orders", window=window, filters=list(filters))])
    )


AHEAD = [
    (Window(type="next", amount=30, unit="day"), "root.rules[0].window.type"),
    (Window(type="since", start="2026-11-01"), "root.rules[0].window.start"),
    (Window(type="between", start="2026-10-02", end="2026-12-31"), "root.rules[0].window.start"),
]


@pytest.mark.parametrize(("window", "path"), AHEAD)
def test_ahead_windows_are_refused_on_past_event_tables(
    catalog: Catalog, window: Window, path: str
) -> None:
    issues = validate_rules(_tree(window), catalog)
    assert [(i.code, i.path) for i in issues if i.is_error] == [("window_in_future", path)]
    assert "future_events" in (issues[0].hint or "")


@pytest.mark.parametrize(("window", "path"), AHEAD)
def test_ahead_windows_are_allowed_on_future_event_tables(
    catalog: Catalog, window: Window, path: str
) -> None:
    assert validate_rules(_tree(window), _future(catalog)) == []


def test_next_needs_a_positive_amount_and_a_unit(catalog: Catalog) -> None:
    issues = validate_rules(_tree(Window(type="next", amount=0)), _future(catalog))
    assert {(i.code, i.path) for i in issues} == {
        ("impossible_window", "root.rules[0].window.amount"),
        ("missing_value", "root.rules[0].window.unit"),
    }


def test_filters_may_compare_an_events_own_date_columns(catalog: Catalog) -> None:
    orders = catalog.table("orders")
    dated = orders.model_copy(
        update={
            "columns": (
                *orders.columns,
                orders.columns[2].model_copy(update={"name": "ships_on", "type": "date"}),
            )
        }
    )
    changed = catalog.model_copy(
        update={"tables": tuple(dated if t.name == "orders" else t for t in catalog.tables)}
    )
    ships_soon = Condition(field="ships_on", op=Op.WITHIN_NEXT, value=2, unit="week")
    assert (
        validate_rules(_tree(Window(type="last", amount=1, unit="month"), ships_soon), changed)
        == []
    )
    on_timestamp = Condition(field="ordered_at", op=Op.AFTER, value="2026-01-01")
    issues = validate_rules(
        _tree(Window(type="last", amount=1, unit="month"), on_timestamp), changed
    )
    assert [(i.code, i.path) for i in issues] == [
        ("not_a_dimension", "root.rules[0].filters[0].field")
    ]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "in the next 30 days (2026-10-01 → 2026-10-30)"),
     ("fr", "dans les 30 jours à venir (2026-10-01 → 2026-10-30)")],
)  # fmt: skip
def test_next_window_is_described_with_its_dated_bounds(
    catalog: Catalog, lang: str, words: str
) -> None:
    text = describe_rules(
        _tree(Window(type="next", amount=30, unit="day")),
        _future(catalog),
        lang=lang,  # type: ignore[arg-type]
    ).text
    assert words in text


def test_a_window_opening_at_the_data_instant_is_empty_not_ahead(catalog: Catalog) -> None:
    """'this month' on its first day at 00:00: the period so far, empty — the count flags it."""
    day = catalog.as_of.date()
    issues = validate_rules(_tree(Window(type="since", start=day)), catalog)
    assert [i.code for i in issues if i.is_error] == []
