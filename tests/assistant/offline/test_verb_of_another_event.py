"""A bare verb of one event beside the noun of another ('bought fuel': 'bought' names the
baskets, 'fuel' the fuel fills) is that event's verb: one behaviour, never a second rule with no
condition of its own (every cardholder who ever bought anything)."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought fuel in the last month",
        "shoppers who bought some fuel last month",
        "clients qui ont acheté du carburant le mois dernier",
        "Kunden, die letzten Monat Tanken gekauft haben",
    ],
)
def test_the_verb_belongs_to_the_event_its_object_names(
    request_text: str, grocery: Catalog
) -> None:
    (behavior,) = behaviors(propose(request_text, grocery).rules)
    assert behavior.event == "fuel_fills"
    assert behavior.window is not None


def test_a_verb_with_a_condition_of_its_own_stays_a_behaviour(grocery: Catalog) -> None:
    """'bought wine and fuel': the verb carries the wine — two behaviours."""
    events = {b.event for b in behaviors(propose("bought wine and fuel last month", grocery).rules)}
    assert "fuel_fills" in events and len(events) == 2
