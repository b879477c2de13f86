"""Refinement turns of the offline planner change the previous tree and say what changed."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Conversation, Proposal, Turn
from assistant.offline import OfflinePlanner
from audience.rules import Attribute, Behavior, IndicatorRule, Op, Reachable, Window, WindowKind
from schema_catalog import Catalog

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


def _behavior(proposal: Proposal) -> Behavior:
    (behavior,) = [r for r in proposal.rules.root.rules if isinstance(r, Behavior)]
    return behavior


@pytest.mark.parametrize("follow_up", ["make it 9 months", "change that to 9 months"])
def test_units_in_a_follow_up_move_the_window_not_the_count(
    catalog: Catalog, follow_up: str
) -> None:
    result = converse(catalog, "ordered at least twice in the last 3 months", follow_up)
    behavior = _behavior(result)
    assert behavior.window is not None
    assert (behavior.window.amount, behavior.window.unit.value) == (9, "month")
    assert (behavior.aggregate.op, behavior.aggregate.value) == (Op.GTE, 2)


def test_times_in_a_follow_up_move_the_count(catalog: Catalog) -> None:
    result = converse(catalog, "ordered in the last 3 months", "make it 4 times")
    behavior = _behavior(result)
    assert behavior.aggregate.value == 4 and behavior.window is not None
    assert not [item for item in result.coverage if item.rule_path is None]


@pytest.mark.parametrize(
    "follow_up", ["replace Lyon with Nice", "swap lyon for nice", "remplace Lyon par Nice"]
)
def test_value_swap_whatever_the_word_order(catalog: Catalog, follow_up: str) -> None:
    result = converse(catalog, "silver members in Lyon", follow_up)
    assert fields(result)["customers.city"].value == "Nice"
    assert fields(result)["customers.loyalty_tier"].value == "silver"


def test_i_meant_replaces_the_only_value_of_that_field(catalog: Catalog) -> None:
    result = converse(catalog, "people who clicked an email this month", "sorry I meant opened")
    behavior = _behavior(result)
    assert [(c.field, c.value) for c in behavior.filters] == [("event_type", "open")]
    assert behavior.window is not None


def test_threshold_moves_and_keeps_operator_and_window(catalog: Catalog) -> None:
    result = converse(
        catalog, "clients who spent more than €250 in the last 2 months", "bump the amount to €400"
    )
    behavior = _behavior(result)
    assert (behavior.aggregate.op, behavior.aggregate.value) == (Op.GT, 400)
    assert behavior.window is not None and behavior.window.amount == 2


def test_bare_number_moves_the_only_threshold(catalog: Catalog) -> None:
    result = converse(catalog, "members with over 1200 points", "lower it to 900")
    points = fields(result)["customers.loyalty_points"]
    assert (points.op, points.value) == (Op.GT, 900)


def test_new_range_replaces_the_age_range(catalog: Catalog) -> None:
    result = converse(catalog, "women aged 20 to 30", "use 35-44 instead")
    ages = [r for r in result.rules.root.rules if isinstance(r, IndicatorRule)]
    assert [(r.op, r.value) for r in ages] == [(Op.BETWEEN, (35, 44))]


def test_remove_keeps_what_the_user_says_to_keep(catalog: Catalog) -> None:
    result = converse(
        catalog, "gold members who bought shoes", "drop the gold condition but keep the shoes"
    )
    assert [type(r) for r in result.rules.root.rules] == [Behavior]


def test_also_widens_a_behaviour_filter(catalog: Catalog) -> None:
    result = converse(catalog, "people who bought in store", "also add the app orders")
    (condition,) = _behavior(result).filters
    assert condition.op is Op.IN and sorted(condition.value) == ["app", "store"]  # type: ignore[arg-type]


@pytest.mark.parametrize("follow_up", ["leave out the silver members", "en excluant les silver"])
def test_exclusion_follow_up_adds_a_negated_rule(catalog: Catalog, follow_up: str) -> None:
    result = converse(catalog, "men in Nice", follow_up)
    tier = fields(result)["customers.loyalty_tier"]
    assert (tier.op, tier.negate, tier.value) == (Op.EQ, True, "silver")
    assert fields(result)["customers.city"].value == "Nice"


def test_follow_up_inherits_the_indicator_key(catalog: Catalog) -> None:
    result = converse(catalog, "customers with an appetite for shoes", "make it a strong appetite")
    (rule,) = result.rules.root.rules
    assert isinstance(rule, IndicatorRule) and rule.key == "shoes" and rule.value == 0.7


def test_what_about_swaps_the_value(catalog: Catalog) -> None:
    result = converse(catalog, "gold members in Nice", "what about Lyon?")
    assert fields(result)["customers.city"].value == "Lyon"


def test_a_second_value_of_a_one_value_field_widens(catalog: Catalog) -> None:
    result = converse(catalog, "men in Lyon", "and women?")
    gender = fields(result)["customers.gender"]
    assert gender.op is Op.IN and sorted(gender.value) == ["female", "male"]  # type: ignore[arg-type]


def test_only_with_a_new_value_replaces_it(catalog: Catalog) -> None:
    result = converse(catalog, "members in Nice", "just the ones in Lyon")
    assert fields(result)["customers.city"].value == "Lyon"
    assert len(result.rules.root.rules) == 1


@pytest.mark.parametrize("follow_up", ["make it Q1", "Q1 instead", "not Q3, Q1", "Q1, not Q3"])
def test_a_quarter_in_a_follow_up_moves_the_window_never_the_count(
    catalog: Catalog, follow_up: str
) -> None:
    result = converse(catalog, "women who ordered shoes online in Q3", follow_up)
    behavior = _behavior(result)
    assert behavior.window == Window(
        type=WindowKind.BETWEEN, start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    assert (behavior.aggregate.op, behavior.aggregate.value) == (Op.GTE, 1)
    assert not [item for item in result.coverage if item.rule_path is None]


def test_a_french_quarter_correction_moves_the_window(catalog: Catalog) -> None:
    result = converse(catalog, "clientes ayant commandé des sacs au T3", "non, pas le T3 : le T1")
    assert _behavior(result).window == Window(
        type=WindowKind.BETWEEN, start=date(2026, 1, 1), end=date(2026, 3, 31)
    )


def test_a_bare_half_year_is_a_period_on_another_catalog(cinema: Catalog) -> None:
    result = converse(cinema, "members who visited in H1 2025", "H2 2025 instead")
    (visited,) = [r for r in result.rules.root.rules if isinstance(r, Behavior)]
    assert visited.window == Window(
        type=WindowKind.BETWEEN, start=date(2025, 7, 1), end=date(2025, 12, 31)
    )
