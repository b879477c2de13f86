"""People with no value on the negated side of a rule: whether they are in or out is stated, for
every planner's proposal, on columns the catalog says may be empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Proposal, plan
from assistant.unknowns import unknown_issues
from audience.engine import AudienceEngine
from audience.rules import Attribute, Group, RuleTree
from schema_catalog import Catalog


def _tree(*rules: Attribute) -> RuleTree:
    return RuleTree(root=Group(rules=list(rules)))


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        (Attribute(field="customers.city", op="neq", value="Paris"), "unknown_left_out"),
        (
            Attribute(field="customers.city", op="not_in", value=["Paris", "Lyon"]),
            "unknown_left_out",
        ),
        (Attribute(field="customers.city", op="eq", value="Paris", negate=True), "unknown_kept"),
        (Attribute(field="customers.city", op="in", value=["Lyon"], negate=True), "unknown_kept"),
    ],
)
def test_a_negated_value_on_a_column_that_may_be_empty_is_stated(
    rule: Attribute, code: str, catalog: Catalog
) -> None:
    assert [(i.code, i.path) for i in unknown_issues(_tree(rule), catalog)] == [
        (code, "root.rules[0]")
    ]


@pytest.mark.parametrize(
    "rule",
    [
        Attribute(field="customers.city", op="eq", value="Paris"),
        Attribute(field="customers.customer_id", op="neq", value=7),
    ],
)
def test_a_plain_value_or_a_column_never_empty_says_nothing(
    rule: Attribute, catalog: Catalog
) -> None:
    assert unknown_issues(_tree(rule), catalog) == []


@pytest.mark.parametrize(
    "request_text",
    [
        "customers not in Paris",
        "clients qui ne sont pas à Paris",
        "Kunden, die nicht in Paris sind",
    ],
)
def test_the_planned_audience_says_it_keeps_people_with_no_value(
    request_text: str, catalog: Catalog, demo_db: Path
) -> None:
    """'not in Paris' is everyone but the Parisians: people with no city stay in, and the
    proposal says so."""
    with AudienceEngine(demo_db, catalog) as engine:
        result = plan(request_text, None, catalog, counter=lambda t: engine.count(t).count)
    assert isinstance(result, Proposal)
    assert "unknown_kept" in {issue.code for issue in result.issues}
