"""The planning pipeline: validation, coverage flags, errors, default planner."""

from __future__ import annotations

import pytest

from assistant import (
    Clarification,
    ClarificationOption,
    Conversation,
    CoverageItem,
    Proposal,
    Refusal,
    choose_option,
)
from assistant.coverage import coverage_issues
from assistant.errors import AssistantError, PlanningError, RepairExhaustedError
from assistant.planning import explain, plan
from audience.rules import Attribute, Group, Op, Reachable, RuleTree
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


class FixedCounter:
    """Counts every tree as ``size`` and records what it counted."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.counted: list[RuleTree] = []

    def __call__(self, tree: RuleTree) -> int:
        self.counted.append(tree)
        return self.size


def _codes(result: Proposal) -> set[str]:
    return {issue.code for issue in result.warnings}


def test_counter_fills_the_count_and_flags_an_empty_audience(catalog: Catalog) -> None:
    proposal = Proposal(
        rules=_tree(VIP),
        explanation="x",
        coverage=(CoverageItem(phrase="VIP", rule_path="root.rules[0]"),),
    )
    empty = plan("VIP", None, catalog, planner=ScriptedPlanner(proposal), counter=FixedCounter(0))
    assert isinstance(empty, Proposal) and empty.count == 0
    assert "empty_audience" in _codes(empty) and empty.flagged
    full = plan("VIP", None, catalog, planner=ScriptedPlanner(proposal), counter=FixedCounter(40))
    assert isinstance(full, Proposal) and full.count == 40 and not full.flagged


def test_size_far_from_the_stated_one_is_flagged(catalog: Catalog) -> None:
    base = Proposal(
        rules=_tree(VIP),
        explanation="x",
        coverage=(CoverageItem(phrase="VIP", rule_path="root.rules[0]"),),
        expected_size=10_000,
    )
    far = plan("VIP", None, catalog, planner=ScriptedPlanner(base), counter=FixedCounter(2_500))
    near = plan("VIP", None, catalog, planner=ScriptedPlanner(base), counter=FixedCounter(9_000))
    assert isinstance(far, Proposal) and "size_far_from_expected" in _codes(far)
    assert isinstance(near, Proposal) and "size_far_from_expected" not in _codes(near)


def test_contradictory_rules_are_flagged(catalog: Catalog) -> None:
    lyon = Attribute(field="customers.city", op=Op.EQ, value="Lyon")
    paris = Attribute(field="customers.city", op=Op.EQ, value="Paris")
    few = Attribute(field="customers.loyalty_points", op=Op.LT, value=100)
    many = Attribute(field="customers.loyalty_points", op=Op.GT, value=500)
    for first, second in (
        (lyon, paris),
        (few, many),
        (VIP, VIP.model_copy(update={"negate": True})),
    ):
        proposal = Proposal(rules=_tree(first, second), explanation="x")
        result = plan("x", None, catalog, planner=ScriptedPlanner(proposal))
        assert isinstance(result, Proposal)
        assert ("contradictory_rules", "root.rules[1]") in {(i.code, i.path) for i in result.issues}
    compatible = Proposal(rules=_tree(lyon, few), explanation="x")
    result = plan("x", None, catalog, planner=ScriptedPlanner(compatible))
    assert isinstance(result, Proposal) and "contradictory_rules" not in _codes(result)


def test_options_are_validated_and_counted(catalog: Catalog) -> None:
    good = ClarificationOption(label="VIP", rules=_tree(VIP))
    bad = ClarificationOption(
        label="typo", rules=_tree(Attribute(field="customers.contry", op=Op.EQ, value="FR"))
    )
    asked = Clarification(question="which?", options=(good, bad))
    counter = FixedCounter(123)
    result = plan("x", None, catalog, planner=ScriptedPlanner(asked), counter=counter)
    assert isinstance(result, Clarification)
    assert [(o.label, o.count) for o in result.options] == [("VIP", 123)]
    assert counter.counted == [good.rules]


def test_an_option_needs_rules_or_a_request() -> None:
    with pytest.raises(ValueError, match="rules"):
        ClarificationOption(label="nothing")


def test_choosing_an_option_proposes_its_tree(catalog: Catalog) -> None:
    option = ClarificationOption(label="VIP customers", rules=_tree(VIP))
    asked = Clarification(question="which?", options=(option,), language="fr")
    chosen = choose_option(asked, option, catalog, counter=FixedCounter(7))
    assert chosen.rules == option.rules and chosen.count == 7 and chosen.language == "fr"
    assert not [i for i in chosen.issues if i.code.startswith("coverage")]
    with pytest.raises(PlanningError):
        choose_option(asked, ClarificationOption(label="x", request="VIP"), catalog)


@pytest.mark.parametrize(
    "rule",
    [
        Attribute(field="consents.email_optin", op=Op.EQ, value=False),
        Attribute(field="consents.sms_optin", op=Op.EQ, value=True, negate=True),
        Attribute(field="suppressions.reason", op=Op.EQ, value="complaint"),
    ],
)
def test_any_planner_that_gets_around_consent_is_refused(catalog: Catalog, rule: Attribute) -> None:
    proposal = Proposal(rules=_tree(VIP, rule), explanation="x", language="fr")
    result = plan("x", None, catalog, planner=ScriptedPlanner(proposal))
    assert isinstance(result, Refusal)
    assert (result.category, result.language) == ("unsafe", "fr")


@pytest.mark.parametrize(
    ("rule", "channel", "refused"),
    [
        (Attribute(field="consents.email_optin", op=Op.EQ, value=False), "sms", False),
        (Reachable(channel="email", negate=True), "sms", False),
        (Attribute(field="consents.sms_optin", op=Op.EQ, value=False), "sms", True),
        (Reachable(channel="sms", negate=True), "sms", True),
        (Attribute(field="consents.email_optin", op=Op.EQ, value=False), None, True),
    ],
)
def test_refusing_another_channel_is_a_filter_of_an_audience_with_its_own(
    catalog: Catalog, rule: Attribute | Reachable, channel: str | None, refused: bool
) -> None:
    """An SMS audience of people who refused email is contacted only where they consented."""
    tree = RuleTree(root=Group(rules=[VIP, rule]), channel=channel)
    proposal = Proposal(rules=tree, explanation="x")
    result = plan("x", None, catalog, planner=ScriptedPlanner(proposal))
    assert isinstance(result, Refusal) is refused


def test_the_consented_side_is_a_proposal(catalog: Catalog) -> None:
    opted_in = Attribute(field="consents.email_optin", op=Op.EQ, value=True)
    proposal = Proposal(rules=_tree(opted_in), explanation="x")
    assert isinstance(plan("x", None, catalog, planner=ScriptedPlanner(proposal)), Proposal)
