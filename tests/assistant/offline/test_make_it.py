"""'make it 1500', 'mets 1500', 'mach 1500 draus': a bare number after an edit word moves the one
threshold of the previous audience (two thresholds: the planner asks which)."""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import Attribute, Behavior, Op
from schema_catalog import Catalog
from tests.support.planning import converse


def test_a_bare_number_replaces_the_threshold(cinema: Catalog) -> None:
    result = converse(cinema, "members with a household size of more than 3", "make it 5")
    assert not isinstance(result, Clarification), result
    assert result.rules.root.rules == (
        Attribute(field="moviegoers.household_size", op=Op.GT, value=5),
    )


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("cardholders with more than 1000 points", "make it 1500"),
        ("porteurs de carte avec plus de 1000 points", "mets 1500"),
        ("Kunden mit mehr als 1000 Punkten", "mach 1500 draus"),
    ],
)
def test_in_every_language(first: str, edit: str, grocery: Catalog) -> None:
    result = converse(grocery, first, edit)
    assert not isinstance(result, Clarification), result
    assert result.rules.root.rules == (
        Attribute(field="cardholders.points_balance", op=Op.GT, value=1500),
    )


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("cardholders who spent over €400 on fish in the last year", "lower it to €250"),
        ("porteurs de carte ayant dépensé plus de 400 € en poisson sur un an", "baisse à 250 €"),
        ("Kunden, die im letzten Jahr über 400 € für Fisch ausgegeben haben", "senke es auf 250 €"),
    ],
)
def test_an_amount_alone_moves_the_spend_threshold(first: str, edit: str, grocery: Catalog) -> None:
    """On a catalog where an amount alone also reads as spending (a basket total)."""
    before = converse(grocery, first)
    after = converse(grocery, first, edit)
    assert not isinstance(before, Clarification) and not isinstance(after, Clarification)
    (old,) = before.rules.root.rules
    (new,) = after.rules.root.rules
    assert isinstance(old, Behavior) and isinstance(new, Behavior)
    assert new == old.updated(aggregate=old.aggregate.updated(value=250))
