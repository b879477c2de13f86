"""After a number, where a unit of time is expected, a word close to one of the language's
units is that unit, not a catalog value it is as close to ('6 monts' is six months, not the
store in Mons); shorthand for time words ('nxt week') reads as the word."""

from __future__ import annotations

import pytest

from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import propose


def _windows(request_text: str, catalog: Catalog) -> list[tuple[object, object]]:
    rules = propose(request_text, catalog).rules
    return [
        (node.window.amount, node.window.unit)
        for _, node in rules.walk()
        if isinstance(node, Behavior) and node.window is not None
    ]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("shoppers with no basket in 6 monts", "shoppers with no basket in 6 months"),
        (
            "porteurs sans panier depuis 6 moiss",
            "porteurs sans panier depuis 6 mois",
        ),
        (
            "Kunden ohne Einkauf in den letzten 6 Monaen",
            "Kunden ohne Einkauf in den letzten 6 Monaten",
        ),
    ],
)
def test_a_unit_typo_after_a_number_is_the_unit(typed: str, written: str, grocery: Catalog) -> None:
    expected = _windows(written, grocery)
    assert expected and _windows(typed, grocery) == expected
    assert "Mons" not in repr(propose(typed, grocery).rules)


def test_next_written_short_is_next(catalog: Catalog) -> None:
    typed = propose("customers with a birthday nxt week", catalog).rules
    written = propose("customers with a birthday next week", catalog).rules
    assert typed.root == written.root
