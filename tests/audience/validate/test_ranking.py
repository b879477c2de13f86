"""Validator checks of ranked audiences: codes and paths."""

from __future__ import annotations

import pytest

from audience.rules import (
    Behavior,
    BehaviorMeasure,
    Condition,
    FieldMeasure,
    Group,
    IndicatorMeasure,
    Ranking,
    RuleTree,
    Window,
)
from audience.validate import rankable_fields, validate_rules
from schema_catalog import Catalog

CASES = [
    (FieldMeasure(field="customers.loyalty_pints"), "unknown_field", "ranking.by.field"),
    (FieldMeasure(field="customers.loyalty_tier"), "not_rankable", "ranking.by.field"),
    (FieldMeasure(field="orders.amount"), "not_rankable", "ranking.by.field"),
    (FieldMeasure(field="customers.customer_id"), "pii_value_predicate", "ranking.by.op"),
    (IndicatorMeasure(indicator="churn_risk"), "not_rankable", "ranking.by.indicator"),
    (IndicatorMeasure(indicator="valeur"), "unknown_indicator", "ranking.by.indicator"),
    (IndicatorMeasure(indicator="category_appetite"), "missing_value", "ranking.by.key"),
    (
        IndicatorMeasure(indicator="predicted_value", key="shoes"),
        "value_not_allowed",
        "ranking.by.key",
    ),
    (BehaviorMeasure(event="ordres"), "unknown_event", "ranking.by.event"),
    (BehaviorMeasure(event="orders", func="sum"), "missing_value", "ranking.by.measure"),
    (
        BehaviorMeasure(event="orders", func="max", measure="channel"),
        "unknown_measure",
        "ranking.by.measure",
    ),
    (BehaviorMeasure(event="orders", func="days_since_last"), "not_rankable", "ranking.by.func"),
    (
        BehaviorMeasure(event="orders", filters=[Condition(field="colour", op="eq", value="red")]),
        "unknown_field",
        "ranking.by.filters[0].field",
    ),
    (
        BehaviorMeasure(event="orders", window=Window(type="next", amount=3, unit="month")),
        "window_in_future",
        "ranking.by.window.type",
    ),
]


def _errors(catalog: Catalog, tree: RuleTree) -> list[tuple[str, str]]:
    return [(i.code, i.path) for i in validate_rules(tree, catalog) if i.is_error]


def _tree(by: object, limit: int | None = 100) -> RuleTree:
    rules = Group(rules=[Behavior(event="orders")])
    return RuleTree(root=rules, limit=limit, ranking=Ranking(by=by))  # type: ignore[arg-type]


@pytest.mark.parametrize(("by", "code", "path"), CASES)
def test_a_ranking_measure_is_checked(catalog: Catalog, by: object, code: str, path: str) -> None:
    assert _errors(catalog, _tree(by)) == [(code, path)]


@pytest.mark.parametrize(
    "by",
    [
        FieldMeasure(field="customers.loyalty_points"),
        FieldMeasure(field="customers.signup_date"),
        IndicatorMeasure(indicator="predicted_value"),
        IndicatorMeasure(indicator="category_appetite", key="shoes"),
        BehaviorMeasure(event="orders"),
        BehaviorMeasure(
            event="orders",
            func="sum",
            measure="amount",
            window=Window(type="last", amount=1, unit="year"),
        ),
        BehaviorMeasure(
            event="web_sessions", filters=[Condition(field="device", op="eq", value="mobile")]
        ),
    ],
)
def test_numbers_dates_scores_and_event_aggregates_rank(catalog: Catalog, by: object) -> None:
    assert _errors(catalog, _tree(by)) == []


def test_a_ranking_needs_a_limit(catalog: Catalog) -> None:
    by = BehaviorMeasure(event="orders")
    assert _errors(catalog, _tree(by, limit=None)) == [("ranking_needs_limit", "limit")]
    assert _errors(catalog, _tree(by, limit=0)) == [("invalid_limit", "limit")]


def test_ranking_by_a_sensitive_score_is_refused(catalog: Catalog) -> None:
    sensitive = next(i for i in catalog.indicators if i.type == "number")
    flagged = sensitive.model_copy(update={"sensitive": True})
    others = tuple(i for i in catalog.indicators if i.name != sensitive.name)
    changed = catalog.model_copy(update={"indicators": (*others, flagged)})
    tree = _tree(IndicatorMeasure(indicator=sensitive.name, key=_key(flagged)))
    assert ("sensitive_field", "ranking.by.indicator") in _errors(changed, tree)


def _key(indicator: object) -> str | None:
    dimension = getattr(indicator, "dimension", None)
    return dimension.allowed_values[0] if dimension else None


def test_rankable_fields_are_numbers_and_dates_one_per_profile(catalog: Catalog) -> None:
    fields = rankable_fields(catalog)
    assert "customers.loyalty_points" in fields
    assert "customers.loyalty_tier" not in fields
    assert not [f for f in fields if f.startswith("orders.")]
    assert "customers.customer_id" not in fields
