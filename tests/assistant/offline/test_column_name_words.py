"""A word of a column's own names is read as said, never inflected into another catalog word:
'point' of the pickup store's 'point de retrait' is not the 'points' balance (issue 12,
pattern 8: the sentence settles which field a word names)."""

from __future__ import annotations

import pytest

from audience.rules import Attribute
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "porteurs de carte avec une commande drive à venir au point de retrait de Douai",
        "cardholders with an upcoming drive order at the Douai collection point",
    ],
)
def test_a_column_word_is_not_read_as_a_neighbouring_catalog_word(
    request_text: str, grocery: Catalog
) -> None:
    result = propose(request_text, grocery)
    assert not [n for _, n in result.rules.walk() if isinstance(n, Attribute)]
    (order,) = behaviors(result.rules)
    stores = [(c.field, c.value) for c in order.filters if c.field == "pickup_store"]
    assert order.event == "online_orders" and stores == [("pickup_store", "Douai")]
