"""A booking ahead beside 'never … before' of the same choice: the negated clause does not look
ahead, so it is about what was done (the past events), not the booking — else nobody matches."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "cardholders with a home delivery planned next week who have never had a delivery before",
        "shoppers whose home delivery is booked for the coming 10 days, never delivered before",
        "clients avec une livraison prévue dans les 10 prochains jours qui n'ont jamais été livrés",
        "Kunden mit einer Lieferung in den nächsten 10 Tagen, die noch nie eine Lieferung hatten",
    ],
)
def test_the_negation_is_about_past_deliveries(request_text: str, grocery: Catalog) -> None:
    result = propose(request_text, grocery)
    booked, never = behaviors(result.rules)
    assert booked.event == "online_orders" and not booked.negate
    assert ("fulfilment", "home_delivery") in {(f.field, f.value) for f in booked.filters}
    assert never.event == "baskets" and never.negate
    assert [(f.field, f.value) for f in never.filters] == [("channel", "home_delivery")]
    assert never.window is None
