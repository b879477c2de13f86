"""A bare number on one event ('an order of 500 or more', 'une commande de plus de 500', 'eine
Bestellung über 500') is that event's amount — a single event cannot be counted 500 times — and
a number before 'last year' is no window of that many years ('spent over 500 last year')."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with an order of 500 or more",
        "anyone with a single shoe order of 500 or more",
        "clients avec une commande de plus de 500",
        "Kunden mit einer Bestellung über 500",
    ],
)
def test_a_number_on_one_event_is_its_amount(request_text: str, catalog: Catalog) -> None:
    (order,) = behaviors(propose(request_text, catalog).rules)
    assert order.aggregate.func is AggregateFunc.MAX
    assert (order.aggregate.measure, order.aggregate.value) == ("amount", 500)


def test_a_number_of_events_is_still_a_count(catalog: Catalog) -> None:
    (order,) = behaviors(propose("customers with more than 3 orders", catalog).rules)
    assert order.aggregate.func is AggregateFunc.COUNT and order.aggregate.value == 3


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who spent over 500 last year",
        "clients qui ont dépensé plus de 500 l'année dernière",
        "Kunden, die über 500 letztes Jahr ausgegeben haben",
    ],
)
def test_an_amount_before_last_year_is_no_window_of_years(
    request_text: str, catalog: Catalog
) -> None:
    (spend,) = behaviors(propose(request_text, catalog).rules)
    assert spend.aggregate.func is AggregateFunc.SUM and spend.aggregate.value == 500
    assert spend.window is not None and spend.window.type is WindowKind.BETWEEN


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with an order under 20",
        "clients avec une commande de moins de 20",
        "Kunden mit einer Bestellung unter 20",
    ],
)
def test_one_event_below_a_number_is_the_smallest(request_text: str, catalog: Catalog) -> None:
    """Some order below 20 is the smallest order below 20; the largest below 20 would ask that
    every order be."""
    (order,) = behaviors(propose(request_text, catalog).rules)
    assert order.aggregate.func is AggregateFunc.MIN
    assert (order.aggregate.measure, order.aggregate.value) == ("amount", 20)
