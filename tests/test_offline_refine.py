"""Refinement turns of the offline planner change the previous tree and say what changed."""

from __future__ import annotations

import pytest

from assistant.contract import Conversation, Proposal, Turn
from assistant.offline import OfflinePlanner
from audience.rules import Attribute, Behavior, Op, Reachable
from schema_catalog.model import Catalog

PLANNER = OfflinePlanner()


def converse(catalog: Catalog, *requests: str) -> Proposal:
    conversation = Conversation()
    result = None
    for request in requests:
        result = PLANNER.plan(request, conversation, catalog)
        assert isinstance(result, Proposal), (request, result)
        conversation = conversation.add(Turn(role="user", text=request)).add(
            Turn(role="assistant", text=result.explanation, rules=result.rules)
        )
    assert result is not None
    return result


def fields(proposal: Proposal) -> dict[str, Attribute]:
    return {r.field: r for r in proposal.rules.root.rules if isinstance(r, Attribute)}


def test_only_those_adds(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers", "only those in Lyon")
    assert fields(result)["customers.city"].value == "Lyon"
    assert fields(result)["customers.loyalty_tier"].value == "vip"
    assert result.changes and result.changes[0].startswith("Added")


def test_make_it_12_months_changes_the_window(catalog: Catalog) -> None:
    result = converse(catalog, "customers who bought in the last 6 months", "make it 12 months")
    (behavior,) = result.rules.root.rules
    assert isinstance(behavior, Behavior) and behavior.window is not None
    assert (behavior.window.amount, behavior.window.unit.value) == (12, "month")
    assert result.changes[0].startswith("Changed")


def test_remove_the_vip_condition(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers in Paris", "remove the VIP condition")
    assert set(fields(result)) == {"customers.city"}
    assert result.changes[0].startswith("Removed")


def test_remove_by_column_name(catalog: Catalog) -> None:
    result = converse(catalog, "gold customers in France", "remove the country condition")
    assert set(fields(result)) == {"customers.loyalty_tier"}


def test_exclude_unsubscribed_adds_a_negated_behaviour(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers", "exclude people who unsubscribed")
    behaviors = [r for r in result.rules.root.rules if isinstance(r, Behavior)]
    assert len(behaviors) == 1 and behaviors[0].negate
    assert behaviors[0].event == "email_events"


def test_instead_replaces(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers in Paris", "actually gold instead of VIP")
    assert fields(result)["customers.loyalty_tier"].value == "gold"
    assert fields(result)["customers.city"].value == "Paris"


def test_add_too_widens(catalog: Catalog) -> None:
    result = converse(catalog, "women in Paris", "add men too")
    gender = fields(result)["customers.gender"]
    assert gender.op is Op.IN and sorted(gender.value) == ["female", "male"]  # type: ignore[arg-type]


def test_make_that_bags_replaces_the_category(catalog: Catalog) -> None:
    result = converse(catalog, "customers who bought shoes", "actually make that bags")
    (behavior,) = result.rules.root.rules
    assert isinstance(behavior, Behavior)
    assert [(c.field, c.value) for c in behavior.filters] == [("category", "bags")]


@pytest.mark.parametrize(
    "follow_up", ["and only those reachable by email", "seulement ceux joignables par email"]
)
def test_reachability_added(catalog: Catalog, follow_up: str) -> None:
    result = converse(catalog, "people at high churn risk", follow_up)
    assert any(isinstance(r, Reachable) for r in result.rules.root.rules)


def test_new_request_with_subject_starts_over(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers", "customers in Lyon")
    assert set(fields(result)) == {"customers.city"}
