"""A store said by its town's short name ('Villeneuve' for Villeneuve-d'Ascq) is that store too,
as the town already was: after a booked drive pickup ('drive pickups booked for this weekend at
Villeneuve', 'retraits drive réservés … à Villeneuve', 'Drive-Abholungen … in Villeneuve gebucht')
it is the pickup store, not the home town (en/fr/de)."""

from __future__ import annotations

import pytest

from audience.rules import Attribute
from schema_catalog import Catalog
from tests.support.planning import fields_holding, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "drive pickups booked for this weekend at Villeneuve",
        "retraits drive réservés pour ce week-end à Villeneuve",
        "Drive-Abholungen, die für dieses Wochenende in Villeneuve gebucht sind",
    ],
)
def test_a_short_store_name_is_the_pickup_store(request_text: str, grocery: Catalog) -> None:
    rules = propose(request_text, grocery).rules
    assert not [rule for rule in rules.root.rules if isinstance(rule, Attribute)]
    stores = fields_holding(rules, "Villeneuve-d'Ascq")
    assert stores == {"pickup_store"}
