"""'make it 1500', 'mets 1500', 'mach 1500 draus': a bare number after an edit word moves the one
threshold of the previous audience (two thresholds: the planner asks which)."""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import Attribute, Op
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
