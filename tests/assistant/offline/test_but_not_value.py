"""'A but not B' after a behaviour, B a value of that behaviour's event: a value of a column the
behaviour already filters is another purchase that was not made ('shoes but not bags'); a value
of a new column narrows the same purchases ('shoes but not online' = shoes bought elsewhere) —
never both values kept as if 'not' were not there."""

from __future__ import annotations

import pytest

from audience.rules import Op
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "people who bought jewellery but not bags",
        "personnes qui ont acheté des bijoux mais pas de sacs",
        "Leute, die Schmuck gekauft haben, aber keine Taschen",
    ],
)
def test_another_value_of_the_same_column_is_a_purchase_not_made(
    request_text: str, catalog: Catalog
) -> None:
    bought, not_bought = behaviors(propose(request_text, catalog).rules)
    assert [(c.field, c.op, c.value) for c in bought.filters] == [("category", Op.EQ, "jewellery")]
    assert [(c.field, c.op, c.value) for c in not_bought.filters] == [("category", Op.EQ, "bags")]
    assert (bought.negate, not_bought.negate) == (False, True)


@pytest.mark.parametrize(
    "request_text",
    [
        "people who bought jewellery but not in store",
        "personnes qui ont acheté des bijoux mais pas en magasin",
        "Leute, die Schmuck gekauft haben, aber nicht im Laden",
    ],
)
def test_a_value_of_a_new_column_narrows_the_same_purchases(
    request_text: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    (behavior,) = behaviors(result.rules)
    assert not behavior.negate
    assert {(c.field, c.op, c.value) for c in behavior.filters} == {
        ("category", Op.EQ, "jewellery"),
        ("channel", Op.NEQ, "store"),
    }
    assert not result.notices


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who had no chat with customer care in the last 6 months",
        "clients qui n'ont eu aucun chat avec le service client ces 6 derniers mois",
        "Kunden, die keinen Chat mit dem Kundenservice in den letzten 6 Monaten hatten",
    ],
)
def test_a_negated_value_before_its_behaviour_negates_that_behaviour(
    request_text: str, telecom: Catalog
) -> None:
    """'no chat with customer care': no such contact at all — not contacts by another channel."""
    (behavior,) = behaviors(propose(request_text, telecom).rules)
    assert behavior.event == "care_contacts"
    assert [(c.field, c.op, c.value) for c in behavior.filters] == [("channel", Op.EQ, "chat")]
    assert behavior.negate
