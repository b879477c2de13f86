"""The validator enforces the catalog's targeting policy: codes and paths, never message prose."""

from __future__ import annotations

from typing import Any

import pytest

from audience.rules import Attribute, Behavior, Condition, Group, IndicatorRule, Op, RuleTree
from audience.validate import POLICY_CODES, validate_rules
from schema_catalog import Catalog, Restriction, Severity

POLICY = {*POLICY_CODES, "restricted_excluded"}


def _tree(*rules: Any, negate: bool = False) -> RuleTree:
    return RuleTree(root=Group(rules=rules, negate=negate))


def _found(tree: RuleTree, catalog: Catalog) -> set[tuple[str, str, str]]:
    return {
        (issue.code, issue.path, issue.severity.value)
        for issue in validate_rules(tree, catalog)
        if issue.code in POLICY
    }


def _with_columns(catalog: Catalog, table_name: str, **flags: dict[str, bool]) -> Catalog:
    table = catalog.table(table_name)
    columns = tuple(c.model_copy(update=flags.get(c.name, {})) for c in table.columns)
    tables = tuple(
        t.model_copy(update={"columns": columns}) if t.name == table_name else t
        for t in catalog.tables
    )
    return catalog.model_copy(update={"tables": tables})


def _with_restrictions(catalog: Catalog, *restrictions: Restriction) -> Catalog:
    targeting = catalog.targeting.model_copy(update={"restrictions": restrictions})
    return catalog.model_copy(update={"targeting": targeting})


# --- personal data and the profile key --------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "op", "value"),
    [
        ("customers.email", Op.STARTS_WITH, "ana"),
        ("customers.email", Op.CONTAINS, "@example"),
        ("customers.email", Op.EQ, "ana@example.com"),
        ("customers.birth_date", Op.BETWEEN, ("1985-04-01", "1985-04-30")),
        ("customers.birth_date", Op.EQ, "1985-04-12"),
        ("customers.phone", Op.IN, ("+33600000001",)),
        ("customers.last_name", Op.NEQ, "Martin"),
        ("app_devices.push_token", Op.STARTS_WITH, "tok"),
        ("customers.customer_id", Op.EQ, 42),
        ("customers.customer_id", Op.BETWEEN, (1, 100)),
        ("consents.customer_id", Op.IN, (1, 2)),
    ],
)
def test_personal_data_and_keys_allow_no_value_predicates(
    catalog: Catalog, field: str, op: Op, value: Any
) -> None:
    tree = _tree(Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip"),
                 Attribute(field=field, op=op, value=value))  # fmt: skip
    assert _found(tree, catalog) == {("pii_value_predicate", "root.rules[1].op", "error")}


@pytest.mark.parametrize("op", [Op.IS_SET, Op.IS_NOT_SET])
@pytest.mark.parametrize("field", ["customers.email", "customers.phone", "customers.customer_id"])
def test_presence_of_personal_data_may_be_tested(catalog: Catalog, field: str, op: Op) -> None:
    for negate in (False, True):
        tree = _tree(Attribute(field=field, op=op, negate=negate))
        assert _found(tree, catalog) == set()


def test_event_filters_on_personal_data_are_refused(catalog: Catalog) -> None:
    marked = _with_columns(catalog, "orders", store_city={"pii": True})
    tree = _tree(Behavior(event="orders", filters=(
        Condition(field="channel", op=Op.EQ, value="store"),
        Condition(field="store_city", op=Op.EQ, value="Paris"),
    )))  # fmt: skip
    assert _found(tree, marked) == {("pii_value_predicate", "root.rules[0].filters[1].op", "error")}
    assert _found(tree, catalog) == set()


# --- sensitive data ----------------------------------------------------------------------------


def test_sensitive_columns_and_indicators_are_never_used(catalog: Catalog) -> None:
    marked = _with_columns(catalog, "customers", gender={"sensitive": True})
    indicators = tuple(
        i.model_copy(update={"sensitive": i.name == "churn_risk"}) for i in marked.indicators
    )
    marked = marked.model_copy(update={"indicators": indicators})
    tree = _tree(
        Attribute(field="customers.gender", op=Op.IS_SET),
        Group(op="or", rules=(
            IndicatorRule(indicator="churn_risk", op=Op.EQ, value="high"),
            IndicatorRule(indicator="active_customer", value=True),
        )),
    )  # fmt: skip
    assert _found(tree, marked) == {
        ("sensitive_field", "root.rules[0].field", "error"),
        ("sensitive_field", "root.rules[1].rules[0].indicator", "error"),
    }
    assert _found(tree, catalog) == set()


# --- restricted profiles -------------------------------------------------------------------


def _age(op: Op, value: Any = None, negate: bool = False) -> IndicatorRule:
    return IndicatorRule(indicator="age", op=op, value=value, negate=negate)


@pytest.mark.parametrize(
    "rule",
    [
        _age(Op.LT, 18),
        _age(Op.LT, 16),
        _age(Op.LTE, 17),
        _age(Op.EQ, 16),
        _age(Op.BETWEEN, (12, 17)),
        _age(Op.GTE, 18, negate=True),
        _age(Op.IN, (15, 16, 17)),
    ],
)
def test_rules_aimed_only_at_minors_are_refused(catalog: Catalog, rule: IndicatorRule) -> None:
    assert _found(_tree(rule), catalog) == {("restricted_target", "root.rules[0].value", "error")}


@pytest.mark.parametrize(
    "rule", [_age(Op.GTE, 18), _age(Op.GT, 30), _age(Op.BETWEEN, (18, 25)), _age(Op.IS_NOT_SET)]
)
def test_rules_on_adults_pass(catalog: Catalog, rule: IndicatorRule) -> None:
    assert _found(_tree(rule), catalog) == set()


def test_rules_reaching_minors_among_others_warn(catalog: Catalog) -> None:
    assert _found(_tree(_age(Op.LT, 30)), catalog) == {
        ("restricted_excluded", "root.rules[0].value", "warning")
    }
    assert _found(_tree(_age(Op.IS_SET)), catalog) == {
        ("restricted_excluded", "root.rules[0].value", "info")
    }


def test_negation_from_enclosing_groups_counts(catalog: Catalog) -> None:
    tree = _tree(
        Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip"),
        Group(op="or", rules=(_age(Op.GTE, 18),), negate=True),
    )
    assert _found(tree, catalog) == {("restricted_target", "root.rules[1].rules[0].value", "error")}
    inside_or = _tree(Group(op="or", rules=(
        _age(Op.EQ, 16), Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip"),
    )))  # fmt: skip
    assert _found(inside_or, catalog) == {
        ("restricted_target", "root.rules[0].rules[0].value", "error")
    }


def test_a_date_floor_judges_rules_on_the_date_itself(catalog: Catalog) -> None:
    public = _with_columns(catalog, "customers", birth_date={"pii": False})
    young = [
        Attribute(field="customers.birth_date", op=Op.AFTER, value="2010-01-01"),
        Attribute(field="customers.birth_date", op=Op.WITHIN_LAST, value=10, unit="year"),
        Attribute(field="customers.birth_date", op=Op.BEFORE, value="2008-10-02", negate=True),
    ]
    for rule in young:
        assert _found(_tree(rule), public) == {
            ("restricted_target", "root.rules[0].value", "error")
        }
    adult = Attribute(field="customers.birth_date", op=Op.BEFORE, value="2000-01-01")
    assert _found(_tree(adult), public) == set()
    mixed = Attribute(field="customers.birth_date", op=Op.AFTER, value="1990-01-01")
    assert _found(_tree(mixed), public) == {
        ("restricted_excluded", "root.rules[0].value", "warning")
    }


def test_value_restrictions_and_unknown_values(catalog: Catalog) -> None:
    lapsed = Restriction(
        name="standard_only",
        field="customers.loyalty_tier",
        values=("standard",),
        unknown="exclude",
        reason="Standard members are contacted by the stores only.",
    )
    restricted = _with_restrictions(catalog, lapsed)

    def tier(op: Op, value: Any = None, negate: bool = False) -> RuleTree:
        return _tree(Attribute(field="customers.loyalty_tier", op=op, value=value, negate=negate))

    refused = [tier(Op.EQ, "standard"), tier(Op.IS_NOT_SET), tier(Op.NEQ, "standard", True)]
    for tree in refused:
        assert _found(tree, restricted) == {("restricted_target", "root.rules[0].value", "error")}
    assert _found(tier(Op.IN, ("standard", "gold")), restricted) == {
        ("restricted_excluded", "root.rules[0].value", "warning")
    }
    assert _found(tier(Op.IN, ("vip", "gold")), restricted) == set()


def test_policy_issues_carry_the_catalogs_reason(catalog: Catalog) -> None:
    issue = next(i for i in validate_rules(_tree(_age(Op.LT, 16)), catalog) if i.is_error)
    reason = catalog.targeting.restrictions[0].reason
    assert issue.severity is Severity.ERROR and reason in issue.message
