"""The planning pipeline: validation, coverage flags, errors, default planner."""

from __future__ import annotations

import pytest

from assistant import Clarification, Conversation, CoverageItem, Proposal, Refusal
from assistant.coverage import coverage_issues
from assistant.errors import AssistantError, PlanningError, RepairExhaustedError
from assistant.planning import explain, plan
from audience.rules import Attribute, Group, Op, RuleTree
from schema_catalog import Catalog


class ScriptedPlanner:
    """Returns a fixed result, like a model would."""

    name = "scripted"

    def __init__(self, result: Proposal | Clarification | Refusal) -> None:
        self.result = result

    def plan(
        self, request: str, conversation: Conversation, catalog: Catalog
    ) -> Proposal | Clarification | Refusal:
        return self.result


def _tree(*rules: Attribute) -> RuleTree:
    return RuleTree(root=Group(rules=list(rules)))


VIP = Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip")


def test_default_planner_is_offline_and_validates(catalog: Catalog) -> None:
    result = plan(
        "VIP customers who bought at least twice in store in the last 6 months", None, catalog
    )
    assert isinstance(result, Proposal)
    assert not [issue for issue in result.issues if issue.is_error]
    assert result.usage is not None and result.usage.model == "offline"


def test_dropped_phrase_is_flagged(catalog: Catalog) -> None:
    result = plan("VIP customers who love hiking", None, catalog)
    assert isinstance(result, Proposal)
    flagged = [(i.code, i.path) for i in result.issues if i.code.startswith("coverage")]
    assert ("coverage_dropped_phrase", "coverage[1]") in flagged


def test_unsourced_rule_is_flagged(catalog: Catalog) -> None:
    proposal = Proposal(
        rules=_tree(VIP, Attribute(field="customers.city", op=Op.EQ, value="Paris")),
        explanation="x",
        coverage=(CoverageItem(phrase="VIP", rule_path="root.rules[0]"),),
    )
    result = plan("VIP", None, catalog, planner=ScriptedPlanner(proposal))
    assert isinstance(result, Proposal)
    codes = [(i.code, i.path) for i in result.issues]
    assert ("coverage_unsourced_rule", "root.rules[1]") in codes
    assert ("coverage_unsourced_rule", "root.rules[0]") not in codes


def test_validator_errors_raise_planning_error(catalog: Catalog) -> None:
    bad = Proposal(
        rules=_tree(Attribute(field="customers.contry", op=Op.EQ, value="FR")), explanation="x"
    )
    with pytest.raises(PlanningError) as caught:
        plan("customers in France", None, catalog, planner=ScriptedPlanner(bad))
    assert any(issue.is_error for issue in caught.value.issues)
    assert isinstance(caught.value, AssistantError)


def test_clarifications_and_refusals_pass_through(catalog: Catalog) -> None:
    assert isinstance(plan("write me a poem", None, catalog), Refusal)
    assert isinstance(plan("active people", None, catalog), Clarification)


def test_coverage_issues_accept_child_paths() -> None:
    proposal = Proposal(
        rules=_tree(VIP),
        explanation="x",
        coverage=(CoverageItem(phrase="VIP", rule_path="root.rules[0].rules[1]"),),
    )
    assert coverage_issues(proposal) == []


def test_repair_exhausted_is_a_planning_error() -> None:
    error = RepairExhaustedError("gave up", [])
    assert isinstance(error, PlanningError) and error.issues == []


def test_explain_in_french(catalog: Catalog) -> None:
    result = plan("clients VIP à Paris", None, catalog)
    assert isinstance(result, Proposal)
    assert explain(result, catalog, "fr") != explain(result, catalog, "en")
