"""A threshold said of one event ('in one go', 'en une seule fois', 'auf einmal', 'in a single
month') is the highest event, not the total; 'at least once' does not take a threshold's place.
"""

from __future__ import annotations

from datetime import date

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
    """'more than 5 emails in one go' counts emails, no amount of one: the cue is not lost."""
    result = propose("customers who opened more than 5 emails in one go", catalog)
    unread = [entry.phrase for entry in result.coverage if entry.rule_path is None]
    assert "in one go" in unread


@pytest.mark.parametrize(
    "request_text",
    [
        "lines that used over 80 GB in at least one month since October",
        "lines that burned at least 81 GB of data in any single month since October",
        "Kunden mit über 80 GB in mindestens einem Monat seit Oktober",
        "Kunden, die seit Oktober in einem Monat mehr als 80 GB verbraucht haben",
        "clients qui ont consommé plus de 80 Go sur au moins un mois depuis octobre",
    ],
)
def test_a_period_cue_after_an_amount_is_one_row_not_a_window(
    request_text: str, telecom: Catalog
) -> None:
    """One usage row per month: 'in (at least) one month' after an amount is the highest
    month, and the window stays the one the request states ('since October')."""
    (behavior,) = behaviors(propose(request_text, telecom).rules)
    assert (behavior.aggregate.func, behavior.aggregate.measure) == (AggregateFunc.MAX, "data_gb")
    assert behavior.window is not None and behavior.window.start == date(2025, 10, 1)


def test_a_period_without_an_amount_stays_a_window(telecom: Catalog) -> None:
    """'Verträge, die in einem Monat auslaufen': no amount before it — a time ahead."""
    result = propose("Verträge, die in einem Monat auslaufen", telecom)
    assert [entry.phrase for entry in result.coverage if entry.rule_path is None] == []


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who spent more than 300 euros on groceries in a single month",
        "shoppers who bought over 60 litres of fuel in at least one day",
        "clients qui ont dépensé plus de 300 € en courses sur un seul mois",
    ],
)
def test_a_period_total_on_finer_events_is_reported(request_text: str, grocery: Catalog) -> None:
    """A basket or a fill is not a month: 'over €300 in a single month' is a month's total,
    which no rule states — not the largest basket; the cue is reported."""
    result = propose(request_text, grocery)
    (behavior,) = behaviors(result.rules)
    assert behavior.aggregate.func is not AggregateFunc.MAX
    assert any(entry.rule_path is None for entry in result.coverage)


@pytest.mark.parametrize(
    ("request_text", "func"),
    [
        ("customers who viewed more than 12 pages in a single visit", AggregateFunc.MAX),
        ("Kunden, die in einer Sitzung mehr als 12 Seiten angesehen haben", AggregateFunc.MAX),
        (
            "Kunden, die bei einem einzigen Besuch mehr als 12 Seiten aufgerufen haben",
            AggregateFunc.MAX,
        ),
        ("clients qui ont vu plus de 12 pages en une seule visite", AggregateFunc.MAX),
        ("customers who viewed more than 12 pages last month", AggregateFunc.SUM),
    ],
)
def test_a_number_followed_by_a_measure_measures_it(
    request_text: str, func: AggregateFunc, catalog: Catalog
) -> None:
    """'viewed more than 12 pages': 'pages' is the number's unit, a measure of visits — the
    verb before the number is that behaviour's verb, not a count of page views of its own."""
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    assert (behavior.event, behavior.aggregate.measure) == ("web_sessions", "pages")
    assert (behavior.aggregate.func, behavior.aggregate.value) == (func, 12)


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who bought over 60 litres of fuel",
        "Kunden, die mehr als 60 Liter gekauft haben",
        "clients qui ont acheté plus de 60 litres de carburant",
    ],
)
def test_litres_after_a_purchase_verb_are_the_fills_litres(
    request_text: str, grocery: Catalog
) -> None:
    (behavior,) = behaviors(propose(request_text, grocery).rules)
    assert (behavior.event, behavior.aggregate.measure) == ("fuel_fills", "litres")
    assert behavior.aggregate.value == 60


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


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who spent more than 30 minutes on the site in a single visit",
        "anyone who spent more than half an hour in a single visit last month",
        "Kunden, die bei einem einzigen Besuch mehr als 30 Minuten verbracht haben",
    ],
)
def test_a_length_of_time_spent_is_the_visit_length(request_text: str, catalog: Catalog) -> None:
    """'spent more than 30 minutes': a length of time belongs to the behaviour that records
    one (the visit), not to the money 'spent' names; the verb is the visit's."""
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    assert (behavior.event, behavior.aggregate.measure) == ("web_sessions", "duration_seconds")
    assert (behavior.aggregate.func, behavior.aggregate.value) == (AggregateFunc.MAX, 1800)
