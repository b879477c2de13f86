"""'both X and Y', 'à la fois X et Y', 'sowohl X als auch Y': each value is required — one
behaviour per value, each with the clause's time — while a plain 'and' between two values of
one behaviour keeps one behaviour with either value."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "cardholders who bought both fish and cheese in the last 6 weeks",
        "shoppers buying both fish and cheese over the last 6 weeks",
        "clients qui ont acheté à la fois du poisson et du fromage ces 6 dernières semaines",
        "Kunden, die in den letzten 6 Wochen sowohl Fisch als auch Käse gekauft haben",
    ],
)
def test_each_value_is_a_behaviour(request_text: str, grocery: Catalog) -> None:
    result = propose(request_text, grocery)
    found = behaviors(result.rules)
    assert result.rules.root.op == "and"
    assert sorted(tuple((f.field, f.value) for f in b.filters) for b in found) == [
        (("department", "dairy"),),
        (("department", "fish"),),
    ]
    assert all(b.event == "basket_lines" and b.window is not None for b in found)
    assert found[0].window == found[1].window


def test_a_plain_and_keeps_one_behaviour(grocery: Catalog) -> None:
    result = propose("cardholders who bought fish and cheese in the last 6 weeks", grocery)
    (behavior,) = behaviors(result.rules)
    assert [(f.field, f.value) for f in behavior.filters] == [("department", ("fish", "dairy"))]
