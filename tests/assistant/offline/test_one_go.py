"""A threshold said of one event ('in one go', 'en une seule fois', 'auf einmal', 'in a single
month') is the highest event, not the total; 'at least once' does not take a threshold's place.
"""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who spent more than 300 euros in one go",
        "clients qui ont dépensé plus de 300 € en une seule fois",
        "Kunden, die auf einmal mehr als 300 € ausgegeben haben",
    ],
)
def test_a_threshold_in_one_go_is_the_highest_event(request_text: str, catalog: Catalog) -> None:
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    assert behavior.aggregate.func is AggregateFunc.MAX
    assert behavior.aggregate.value == 300


def test_without_the_cue_the_threshold_is_the_total(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("customers who spent more than 300 euros", catalog).rules)
    assert behavior.aggregate.func is AggregateFunc.SUM


def test_in_a_single_period_row_is_the_highest_row(cinema: Catalog) -> None:
    result = propose("members who spent over 40 pounds on snacks in a single visit", cinema)
    (behavior,) = behaviors(result.rules)
    assert (behavior.aggregate.func, behavior.aggregate.measure) == (
        AggregateFunc.MAX,
        "snack_spend",
    )


def test_at_least_once_leaves_the_threshold_to_the_measure(grocery: Catalog) -> None:
    """'mindestens einmal mehr als 55 Liter': the 55 is litres of one fill, not an age."""
    result = propose(
        "Kunden, die mindestens einmal mehr als 55 Liter auf einmal getankt haben", grocery
    )
    (behavior,) = behaviors(result.rules)
    assert (behavior.event, behavior.aggregate.measure) == ("fuel_fills", "litres")
    assert behavior.aggregate.func is AggregateFunc.MAX
    assert len(result.rules.root.rules) == 1


def test_a_one_go_cue_with_no_amount_to_qualify_is_reported(catalog: Catalog) -> None:
    """'more than 15 pages in one session' counts page views: the cue is not silently lost."""
    result = propose("customers who viewed more than 15 pages in one session", catalog)
    unread = [entry.phrase for entry in result.coverage if entry.rule_path is None]
    assert "in one session" in unread


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought 3 or more items in one order",
        "customers with at least 3 items per order",
        "clients qui ont acheté au moins 3 articles dans une commande",
        "clients avec au moins 3 articles par commande",
    ],
)
def test_a_count_of_items_in_one_order_is_the_largest_order(
    request_text: str, catalog: Catalog
) -> None:
    """The item count is a column of each order: 'in one order' is the largest, not the sum."""
    result = propose(request_text, catalog)
    (behavior,) = behaviors(result.rules)
    assert (behavior.aggregate.func, behavior.aggregate.measure) == (AggregateFunc.MAX, "items")
    assert behavior.aggregate.value == 3
    assert [entry.phrase for entry in result.coverage if entry.rule_path is None] == []


@pytest.mark.parametrize(
    "request_text",
    [
        "Kunden, die mindestens 4 Artikel in einem Einkauf gekauft haben",
        "Kunden mit mindestens 4 Artikeln pro Bestellung",
    ],
)
def test_german_items_per_event_is_the_largest_event(request_text: str, grocery: Catalog) -> None:
    (behavior,) = behaviors(propose(request_text, grocery).rules)
    assert (behavior.aggregate.func, behavior.aggregate.value) == (AggregateFunc.MAX, 4)


def test_items_without_one_order_are_the_total(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("customers who bought 10 items or more", catalog).rules)
    assert behavior.aggregate.func is AggregateFunc.SUM
