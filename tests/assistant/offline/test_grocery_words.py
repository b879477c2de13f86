"""Words a grocery chain's marketers use, as the grocery catalog defines them (en/fr/de): the
paid membership, the loyalty points, the house brand, the store a card is registered to."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Behavior, Condition, Op
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers with a Club+ membership",
        "les membres Club+",
        "Kunden mit Club+-Mitgliedschaft",
    ],
)
def test_the_paid_membership(request_text: str, grocery: Catalog) -> None:
    rules = propose(request_text, grocery).rules.root.rules
    assert Attribute(field="cardholders.club_plus", op=Op.EQ, value=True) in rules


@pytest.mark.parametrize(
    "request_text",
    [
        "cardholders with more than 2000 loyalty points",
        "porteurs avec plus de 2000 points de fidélité",
        "Kunden mit mehr als 2000 Treuepunkten",
    ],
)
def test_loyalty_points_are_the_balance(request_text: str, grocery: Catalog) -> None:
    rules = propose(request_text, grocery).rules.root.rules
    assert Attribute(field="cardholders.points_balance", op=Op.GT, value=2000) in rules


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who buy the house brand",
        "clients qui achètent de la marque maison",
        "Kunden, die Produkte der Hausmarke gekauft haben",
    ],
)
def test_the_house_brand(request_text: str, grocery: Catalog) -> None:
    (rule,) = propose(request_text, grocery).rules.root.rules
    assert isinstance(rule, Behavior)
    assert Condition(field="own_brand", op=Op.EQ, value=True) in rule.filters


@pytest.mark.parametrize(
    "request_text",
    [
        "people whose registered store is Arras",
        "clients dont le magasin de référence est Arras",
        "Kunden mit der Hausfiliale Arras",
    ],
)
def test_the_registered_store(request_text: str, grocery: Catalog) -> None:
    rules = propose(request_text, grocery).rules.root.rules
    assert Attribute(field="cardholders.home_store", op=Op.EQ, value="Arras") in rules
