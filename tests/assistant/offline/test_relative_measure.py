"""A measure named in a relative clause right after its event's noun ('a booking with more than
4 seats', 'une commande avec au moins 5 articles', 'eine Bestellung mit über 5 Artikeln')
measures that one event: the highest row, not the total over every row, and no second rule."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers with an order with at least 5 items last quarter",
        "clients ayant une commande avec au moins 5 articles le trimestre dernier",
        "Kunden mit einer Bestellung mit mindestens 5 Artikeln im letzten Quartal",
    ],
)
def test_the_relative_clause_measures_the_event_before_it(
    request_text: str, catalog: Catalog
) -> None:
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    aggregate = behavior.aggregate
    assert (behavior.event, aggregate.func, aggregate.measure) == (
        "orders",
        AggregateFunc.MAX,
        "items",
    )
    assert aggregate.value == 5
    assert behavior.window is not None


def test_on_another_catalog(cinema: Catalog) -> None:
    (behavior,) = behaviors(propose("members who made a booking with over 4 seats", cinema).rules)
    assert (behavior.aggregate.func, behavior.aggregate.measure) == (AggregateFunc.MAX, "seats")


def test_a_measure_with_no_event_before_it_stays_a_total(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("customers with more than 20 items in total", catalog).rules)
    assert behavior.aggregate.func is AggregateFunc.SUM
