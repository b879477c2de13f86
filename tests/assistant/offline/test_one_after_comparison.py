"""After a comparison, the word a language shares between 'a' and 'one' is the number 1
('exactement un achat', 'plus d'une commande', 'genau einem Einkauf'); 'au moins un' stays 'a'."""

from __future__ import annotations

import pytest

from audience.rules import Op
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "op"),
    [
        ("customers who placed exactly one order", Op.EQ),
        ("clients qui ont passé exactement une commande", Op.EQ),
        ("Kunden mit genau einer Bestellung", Op.EQ),
        ("customers with more than one order", Op.GT),
        ("clients avec plus d'une commande", Op.GT),
        ("Kunden mit mehr als einer Bestellung", Op.GT),
    ],
)
def test_one_after_a_comparison_is_a_count(request_text: str, op: Op, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    (behavior,) = behaviors(result.rules)
    assert (behavior.event, behavior.aggregate.op, behavior.aggregate.value) == ("orders", op, 1)
    assert [entry.phrase for entry in result.coverage if entry.rule_path is None] == []


def test_plus_d_un_an_stays_a_period(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("clients sans commande depuis plus d'un an", catalog).rules)
    assert behavior.negate and behavior.window is not None
