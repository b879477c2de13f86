"""A town that is a home town, a home store and a store where baskets are collected, after a
verb of collecting ('drive customers who collect at Arras'): the relative clause's verb is the
drive's, so the town is where they collect — the store of that behaviour, neither the home town
nor the home store, and nothing to ask (en/fr/de). A town outside the behaviour's clause still
asks."""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import Attribute
from schema_catalog import Catalog
from tests.support.planning import PLANNER, fields_holding, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "drive customers who collect at Arras",
        "clients drive qui retirent à Arras",
        "Drive-Kunden, die in Arras abholen",
    ],
)
def test_a_collecting_verb_makes_the_town_its_store(request_text: str, grocery: Catalog) -> None:
    rules = propose(request_text, grocery).rules
    assert not [rule for rule in rules.root.rules if isinstance(rule, Attribute)]
    stores = fields_holding(rules, "Arras")
    assert stores and stores <= {"store", "pickup_store"}


def test_a_town_outside_the_clause_still_asks(grocery: Catalog) -> None:
    result = PLANNER.plan("shoppers at Arras who used the drive", None, grocery)
    assert isinstance(result, Clarification)
