"""'haven't shopped w/ us in 3 months', 'pas fait d'achats chez nous depuis 3 mois', 'seit 3
Monaten nicht bei uns eingekauft': 'shopped' is the catalog's buying, and 'with us' / 'chez
nous' / 'bei uns' between the verb and its window are function words — the negated window
stays on the behaviour."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "gold & vip members who haven't shopped w/ us in 3 months",
        "gold members who haven't shopped with us in the last 3 months",
        "membres gold qui n'ont pas fait d'achats chez nous depuis 3 mois",
        "membres gold qui n'ont pas fait leurs courses avec nous depuis 3 mois",
        "Gold-Mitglieder, die seit 3 Monaten nicht bei uns eingekauft haben",
    ],
)
def test_with_us_keeps_the_negated_window(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    (orders,) = behaviors(proposal.rules)
    assert orders.event == "orders" and orders.negate is True
    assert orders.window is not None and (orders.window.amount, orders.window.unit) == (3, "month")
    assert not orders.filters
    assert not [item.phrase for item in proposal.coverage if item.rule_path is None]
