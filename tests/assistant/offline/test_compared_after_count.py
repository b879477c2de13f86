"""A comparison said after the number of a length of time ('6+ months ago', '6 or more months
ago', 'in 6+ months', 'il y a 6 mois ou plus', 'vor 6 oder mehr Monaten') compares the time, not a
count of events; 'goes back / dates back more than N' is how long ago the last one was. Before,
'last order was 6+ months ago' read as 'at least 6 orders' with no time at all."""

from __future__ import annotations

import pytest

from audience.rules import Op, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "months"),
    [
        ("customers whose last order was 6+ months ago", 6),
        ("customers whose last order was 6 or more months ago", 6),
        ("customers whose last order goes back more than 6 months", 6),
        ("customers whose last order dates back over a year", 12),
        ("clients dont la dernière commande date d'il y a 6 mois ou plus", 6),
        ("Kunden, deren letzte Bestellung vor 6 oder mehr Monaten war", 6),
    ],
)
def test_last_one_long_ago_is_one_then_none_since(
    request_text: str, months: int, catalog: Catalog
) -> None:
    done, lapsed = behaviors(propose(request_text, catalog).rules)
    assert (done.event, lapsed.event) == ("orders", "orders")
    assert (done.negate, lapsed.negate) == (False, True)
    assert done.aggregate.value == 1 and lapsed.aggregate.value == 1
    window = lapsed.window
    assert window is not None and window.type is WindowKind.LAST
    assert window.amount is not None
    assert window.amount * (12 if window.unit == "year" else 1) == months


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with no order in 6+ months",
        "customers with no order in the last 6+ months",
        "clients sans commande depuis 6+ mois",
        "Kunden ohne Bestellung seit 6+ Monaten",
    ],
)
def test_none_in_a_compared_length_of_time(request_text: str, catalog: Catalog) -> None:
    (lapsed,) = behaviors(propose(request_text, catalog).rules)
    assert lapsed.negate and lapsed.aggregate.value == 1
    assert lapsed.window is not None and lapsed.window.type is WindowKind.LAST
    assert (lapsed.window.amount, lapsed.window.unit) == (6, "month")


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with 6+ orders",
        "customers who ordered 6 or more times",
        "clients avec 6+ commandes",
    ],
)
def test_a_comparison_after_a_count_of_events_stays_a_count(
    request_text: str, catalog: Catalog
) -> None:
    (bought,) = behaviors(propose(request_text, catalog).rules)
    assert (bought.aggregate.op, bought.aggregate.value) == (Op.GTE, 6)
    assert bought.window is None and not bought.negate
