"""A follow-up asking two edits ('drop the city part and make it 5 orders') applies both, in
order; one swap ('clicked, not opened') stays one edit. 'X only', when the audience already
holds X among other values of that field, keeps X alone — and adds nothing when X is all it
holds."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Behavior, Node, Op
from schema_catalog import Catalog
from tests.support.planning import converse


def _rules(result: object) -> tuple[Node, ...]:
    assert isinstance(result, Proposal), result
    return result.rules.root.rules


def _dropped(result: object) -> list[str]:
    assert isinstance(result, Proposal), result
    return [item.phrase for item in result.coverage if item.rule_path is None and item.phrase]


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        (
            "customers in Lyon with at least 3 orders in the last 6 months",
            "remove the city condition and raise the threshold to 5 orders",
        ),
        (
            "clients à Lyon avec au moins 3 commandes sur les 6 derniers mois",
            "enlève la condition de ville et monte le seuil à 5 commandes",
        ),
        (
            "Kunden in Lyon mit mindestens 3 Bestellungen in den letzten 6 Monaten",
            "nimm die Stadt-Bedingung raus und setz die Grenze auf 5 Bestellungen",
        ),
    ],
)
def test_a_removal_and_a_threshold_in_one_follow_up(
    first: str, edit: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, edit)
    rules = _rules(result)
    assert not [n for n in rules if isinstance(n, Attribute)]
    (orders,) = [n for n in rules if isinstance(n, Behavior)]
    assert (orders.aggregate.op, orders.aggregate.value) == (Op.GTE, 5)
    assert orders.window is not None and orders.window.amount == 6
    assert not _dropped(result)


@pytest.mark.parametrize(
    ("first", "widen", "edit"),
    [
        ("VIP customers in Lyon", "add gold too", "drop VIP, and only women"),
        ("clients VIP à Lyon", "ajoute aussi gold", "enlève VIP, et seulement les femmes"),
        ("VIP-Kunden in Lyon", "nimm auch Gold dazu", "nimm VIP raus, und nur Frauen"),
    ],
)
def test_a_removal_then_a_narrowing(first: str, widen: str, edit: str, catalog: Catalog) -> None:
    rules = {n.field: n for n in _rules(converse(catalog, first, widen, edit))}
    assert isinstance(rules["customers.loyalty_tier"], Attribute)
    assert rules["customers.loyalty_tier"].value == "gold"
    assert rules["customers.gender"].value == "female"  # type: ignore[union-attr]
    assert rules["customers.city"].value == "Lyon"  # type: ignore[union-attr]


def test_one_swap_with_a_comma_stays_one_edit(catalog: Catalog) -> None:
    rules = _rules(
        converse(catalog, "people who opened an email last week", "no, I meant clicked, not opened")
    )
    assert len(rules) == 1 and not rules[0].negate


@pytest.mark.parametrize(
    ("first", "only"),
    [
        ("VIP or gold customers in Paris", "only the VIP ones"),
        ("clients VIP ou gold à Paris", "seulement les VIP"),
        ("VIP- oder Gold-Kunden in Paris", "nur die VIP"),
    ],
)
def test_only_one_of_the_values_held(first: str, only: str, catalog: Catalog) -> None:
    rules = {n.field: n for n in _rules(converse(catalog, first, only))}
    tier = rules["customers.loyalty_tier"]
    assert isinstance(tier, Attribute) and (tier.op, tier.value) == (Op.EQ, "vip")
    assert len(rules) == 2


def test_only_the_value_already_held_adds_nothing(telecom: Catalog) -> None:
    first = "people who watched kids shows on a tablet last month"
    before = _rules(converse(telecom, first))
    assert _rules(converse(telecom, first, "tablets only")) == before
