"""An amount of money on an event with several measures ('60 euros of fuel', '60 € de carburant',
'für 60 € getankt') is the one measure the catalog says counts money (its description, unit or
labels name a currency), not the litres or kilowatt-hours beside it; litres said stay the litres."""

from __future__ import annotations

import pytest

from assistant import Proposal
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors


@pytest.mark.parametrize(
    "request_text",
    [
        "cardholders who put over 60 euros into fuel this month",
        "clients ayant mis plus de 60 € de carburant ce mois-ci",
        "Kunden, die diesen Monat für mehr als 60 € getankt haben",
    ],
)
def test_money_on_fuel_is_the_amount_paid(request_text: str, grocery: Catalog) -> None:
    result = PLANNER.plan(request_text, None, grocery)
    assert isinstance(result, Proposal)
    (fuel,) = [b for b in behaviors(result.rules) if b.aggregate.measure is not None]
    assert fuel.event == "fuel_fills"
    assert (fuel.aggregate.measure, fuel.aggregate.value) == ("amount", 60)


def test_litres_on_fuel_stay_the_litres(grocery: Catalog) -> None:
    result = PLANNER.plan("cardholders who put over 60 litres into fuel this month", None, grocery)
    assert isinstance(result, Proposal)
    (fuel,) = [b for b in behaviors(result.rules) if b.aggregate.measure is not None]
    assert (fuel.aggregate.measure, fuel.aggregate.value) == ("litres", 60)
