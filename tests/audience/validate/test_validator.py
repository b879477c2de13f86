# ruff: noqa: E501  (the case table reads best one case per line)
"""Validator: each check's code and path on small trees; hints carry the closest match."""

from __future__ import annotations

import pytest

from audience.rules import (
    NODE_KINDS,
    Aggregate,
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Node,
    Op,
    Reachable,
    RuleTree,
    SegmentRef,
    Window,
)
from audience.validate.validator import CHECKS, MAX_DEPTH, Context, validate_rules, validate_safely
from schema_catalog import Catalog


def _codes(catalog: Catalog, *rules: Node, **options: object) -> list[tuple[str, str]]:
    tree = RuleTree(root=Group(rules=list(rules)), **options)  # type: ignore[arg-type]
    return [(i.code, i.path) for i in validate_rules(tree, catalog) if i.is_error]


CASES = [
    (Attribute(field="customers.contry", op=Op.EQ, value="FR"), "unknown_field", "root.rules[0].field"),
    (Attribute(field="clients.country", op=Op.EQ, value="FR"), "unknown_table", "root.rules[0].field"),
    (Attribute(field="orders.amount", op=Op.GT, value=1), "not_an_attribute", "root.rules[0].field"),
    (Attribute(field="customers.loyalty_tier", op=Op.EQ, value="VIP"), "value_not_allowed", "root.rules[0].value"),
    (Attribute(field="customers.loyalty_tier", op=Op.CONTAINS, value="v"), "operator_not_allowed", "root.rules[0].op"),
    (Attribute(field="customers.loyalty_points", op=Op.GT, value="many"), "wrong_value_type", "root.rules[0].value"),
    (Attribute(field="customers.loyalty_points", op=Op.GT), "missing_value", "root.rules[0].value"),
    (Attribute(field="customers.loyalty_points", op=Op.IN, value=[1, "x"]), "wrong_value_type", "root.rules[0].value[1]"),
    (Attribute(field="customers.loyalty_points", op=Op.BETWEEN, value=[9, 1]), "empty_range", "root.rules[0].value"),
    (Attribute(field="customers.signup_date", op=Op.WITHIN_LAST, value=3), "missing_value", "root.rules[0].unit"),
    (Attribute(field="customers.signup_date", op=Op.BEFORE, value="2026-13-01"), "wrong_value_type", "root.rules[0].value"),
    (Attribute(field="consents.email_optin", op=Op.EQ, value="yes"), "wrong_value_type", "root.rules[0].value"),
    (Attribute(field="customers.email", op=Op.IS_SET, value="x"), "wrong_value_type", "root.rules[0].value"),
    (Behavior(event="order"), "unknown_event", "root.rules[0].event"),
    (Behavior(event="orders", filters=[Condition(field="chanel", op=Op.EQ, value="store")]), "unknown_field", "root.rules[0].filters[0].field"),
    (Behavior(event="orders", filters=[Condition(field="order_id", op=Op.EQ, value=1)]), "not_a_dimension", "root.rules[0].filters[0].field"),
    (Behavior(event="orders", filters=[Condition(field="channel", op=Op.EQ, value="shop")]), "value_not_allowed", "root.rules[0].filters[0].value"),
    (Behavior(event="orders", window=Window(type="last", amount=0, unit="day")), "impossible_window", "root.rules[0].window.amount"),
    (Behavior(event="orders", window=Window(type="last", amount=3)), "missing_value", "root.rules[0].window.unit"),
    (Behavior(event="orders", window=Window(type="between", start="2026-05-01", end="2026-04-01")), "impossible_window", "root.rules[0].window"),
    (Behavior(event="orders", window=Window(type="since", start="2027-01-01")), "window_in_future", "root.rules[0].window.start"),
    (Behavior(event="orders", window=Window(type="before")), "missing_value", "root.rules[0].window.end"),
    (Behavior(event="orders", aggregate=Aggregate(func="sum", measure="price")), "unknown_measure", "root.rules[0].aggregate.measure"),
    (Behavior(event="orders", aggregate=Aggregate(func="avg")), "missing_value", "root.rules[0].aggregate.measure"),
    (Behavior(event="orders", aggregate=Aggregate(op=Op.CONTAINS)), "operator_not_allowed", "root.rules[0].aggregate.op"),
    (Behavior(event="orders", aggregate=Aggregate(op=Op.BETWEEN, value=3)), "wrong_value_type", "root.rules[0].aggregate.value"),
    (Behavior(event="orders", aggregate=Aggregate(op=Op.GTE, value=1.5)), "wrong_value_type", "root.rules[0].aggregate.value"),
    (IndicatorRule(indicator="churn"), "unknown_indicator", "root.rules[0].indicator"),
    (IndicatorRule(indicator="churn_risk", value="very high"), "value_not_allowed", "root.rules[0].value"),
    (IndicatorRule(indicator="category_appetite", op=Op.GTE, value=0.5), "missing_value", "root.rules[0].key"),
    (IndicatorRule(indicator="category_appetite", key="hats", op=Op.GTE, value=0.5), "value_not_allowed", "root.rules[0].key"),
    (IndicatorRule(indicator="active_customer", op=Op.GT, value=True), "operator_not_allowed", "root.rules[0].op"),
    (IndicatorRule(indicator="age", op=Op.GTE, value="old"), "wrong_value_type", "root.rules[0].value"),
    (SegmentRef(segment="nope"), "unknown_segment", "root.rules[0].segment"),
    (Group(rules=[]), "empty_group", "root.rules[0].rules"),
]  # fmt: skip


@pytest.mark.parametrize(("node", "code", "path"), CASES)
def test_check_reports_code_and_path(catalog: Catalog, node: Node, code: str, path: str) -> None:
    assert _codes(catalog, node) == [(code, path)]


def test_no_node_kind_escapes_validation(catalog: Catalog) -> None:
    """A kind no check looks at would pass unseen: each kind has an invalid case that errors."""
    without_channels = catalog.model_copy(update={"channels": ()})
    invalid = {type(node): node for node, _, _ in CASES} | {Reachable: Reachable(channel="sms")}
    assert set(invalid) == set(NODE_KINDS)
    assert all(_codes(without_channels, node) for node in invalid.values())


def test_valid_seed_tree_has_no_issue(catalog: Catalog) -> None:
    tree = RuleTree(root=Group(rules=[
        Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip"),
        Behavior(event="orders", filters=[Condition(field="channel", op=Op.EQ, value="store")],
                 window=Window(type="last", amount=6, unit="month"),
                 aggregate=Aggregate(op=Op.GTE, value=2)),
        Reachable(channel="email"),
    ]), channel="email")  # fmt: skip
    assert validate_rules(tree, catalog) == []


def test_hints_name_the_closest_match_or_allowed_values(catalog: Catalog) -> None:
    field_issue, value_issue = validate_rules(RuleTree(root=Group(rules=[
        Attribute(field="customers.contry", op=Op.EQ, value="FR"),
        Attribute(field="customers.loyalty_tier", op=Op.EQ, value="VIP"),
    ])), catalog)  # fmt: skip
    assert "customers.country" in (field_issue.hint or "")
    assert "'vip'" in (value_issue.hint or "") and "standard" in (value_issue.hint or "")


def test_empty_root_is_a_warning_not_an_error(catalog: Catalog) -> None:
    issues = validate_rules(RuleTree(root=Group()), catalog)
    assert [(i.code, i.severity.value) for i in issues] == [("empty_group", "warning")]


def test_tree_too_deep_and_too_large(catalog: Catalog) -> None:
    leaf = Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip")
    node: Group = Group(rules=[leaf])
    for _ in range(MAX_DEPTH):
        node = Group(rules=[node])
    assert ("tree_too_deep", "root") in _codes(catalog, node)
    assert ("tree_too_large", "root") in _codes(catalog, *([leaf] * 80))


def test_limit_and_sample_share(catalog: Catalog) -> None:
    assert _codes(catalog, limit=0, sample_share=1.5) == [
        ("invalid_limit", "limit"), ("invalid_sample_share", "sample_share")]  # fmt: skip


def test_segment_cycle(catalog: Catalog) -> None:
    a = RuleTree(root=Group(rules=[SegmentRef(segment="b")]))
    b = RuleTree(root=Group(rules=[SegmentRef(segment="a")]))
    issues = validate_rules(a, catalog, segments={"a": a, "b": b})
    assert [(i.code, i.path) for i in issues] == [("segment_cycle", "root.rules[0].segment")]


def test_unknown_channel_on_a_catalog_without_channels(catalog: Catalog) -> None:
    bare = catalog.model_copy(update={"channels": ()})
    tree = RuleTree(root=Group(rules=[Reachable(channel="sms")]), channel="email")
    issues = validate_rules(tree, bare)
    assert [(i.code, i.path) for i in issues] == [
        ("unknown_channel", "channel"), ("unknown_channel", "root.rules[0].channel")]  # fmt: skip


def test_a_crashing_check_becomes_one_issue(catalog: Catalog) -> None:
    def broken(context: Context) -> list:  # type: ignore[type-arg]
        raise RuntimeError("boom")

    context = Context(tree=RuleTree(root=Group()), catalog=catalog, nodes=[])
    issues = validate_safely(broken, context)
    assert [(i.code, i.path) for i in issues] == [("internal_check_error", "root")]
    assert len(CHECKS) >= 8
