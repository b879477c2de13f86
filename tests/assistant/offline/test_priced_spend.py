"""'Spent' on several events, settled by the currency the amount is said in (issue 12, pattern 8).

The grocery catalog's 'spent' names the basket amount and a fuel purchase's amount; only the
basket amount lists '€' and 'euros' among its names. An amount said in that currency names that
column — as a unit word names one of an event's measures — so the request is read without a
question and without a stated guess; an amount said with no currency ('over 2000') settles
nothing and is still asked about. (The catalog's French and German spending words name the
basket amount only, so there they are not shared.)
"""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import AggregateFunc, Op
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, play, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who spent over €1,000 in total over the last 6 months",
        "shoppers who spent more than 1,000 euros with us in the last 6 months",
        "les clients qui ont dépensé plus de 1 000 € au total ces 6 derniers mois",
        "Kunden, die in den letzten 6 Monaten insgesamt mehr als 1.000 € ausgegeben haben",
    ],
)
def test_an_amount_in_the_currency_one_measure_names_is_that_measure(
    request_text: str, grocery: Catalog
) -> None:
    (spend,) = behaviors(propose(request_text, grocery).rules)
    assert spend.event == "baskets"
    assert spend.aggregate is not None
    assert (spend.aggregate.func, spend.aggregate.measure) == (AggregateFunc.SUM, "total_amount")
    assert (spend.aggregate.op, spend.aggregate.value) == (Op.GT, 1000)


def test_the_reading_is_not_flagged_as_a_guess(grocery: Catalog) -> None:
    result = play(grocery, "customers who spent over €1,000 in total over the last 6 months")
    assert isinstance(result, Proposal)
    assert "event_guessed" not in {issue.code for issue in result.issues}


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who spent over 1,000 in the last 6 months",
        "who's spent over 2k with us since January",
    ],
)
def test_an_amount_without_a_currency_still_asks(request_text: str, grocery: Catalog) -> None:
    result = PLANNER.plan(request_text, None, grocery)
    assert isinstance(result, Clarification), result
    assert {option.rules.root.rules[0].event for option in result.options} >= {  # type: ignore[union-attr]
        "baskets",
        "fuel_fills",
    }


def test_the_fuel_amount_stays_fuel_when_fuel_is_said(grocery: Catalog) -> None:
    (spend,) = behaviors(propose("customers who spent over €100 on fuel last month", grocery).rules)
    assert spend.event == "fuel_fills"


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who dropped more than €1,500 on handbags over the past 12 months",
        "customers with more than 1,500 euros of bags in the last 12 months",
        "clients avec plus de 1 500 € de sacs ces 12 derniers mois",
        "Kunden, die in den letzten 12 Monaten mehr als 1.500 € in Taschen gesteckt haben",
    ],
)
def test_an_amount_in_a_currency_is_no_score(request_text: str, catalog: Catalog) -> None:
    """'bags' is an orders category, a page-view category and a key of the appetite score (0
    to 1): an amount in euros is compared with the orders' amount only — the appetite above
    1,500 and the page views (no money) are no readings of it, so neither asked nor stated."""
    result = play(catalog, request_text)
    assert isinstance(result, Proposal), result
    (spend,) = behaviors(result.rules)
    assert (spend.event, spend.filters[0].value) == ("orders", "bags")
    assert spend.aggregate.measure == "amount"
    assert "event_guessed" not in {issue.code for issue in result.issues}
