"""Sizes and amounts: one event above an amount is that event's amount, an amount of money
picks the measure counted in money, an approximate number of people named by the catalog is the
expected size, and a survey or a drive is what the audience is for — in en/fr/de."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc, Attribute, IndicatorRule
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with at least one order above 90 €",
        "customers with at least 1 order over €90 in 2025",
        "clients avec au moins une commande de plus de 90 €",
        "Kunden mit mindestens einer Bestellung über 90 €",
    ],
)
def test_at_least_one_event_above_an_amount_is_one_events_amount(
    request_text: str, catalog: Catalog
) -> None:
    (order,) = behaviors(propose(request_text, catalog).rules)
    assert (order.aggregate.func, order.aggregate.measure) == (AggregateFunc.MAX, "amount")
    assert order.aggregate.value == 90


def test_at_least_one_event_alone_is_still_one_event(catalog: Catalog) -> None:
    (order,) = behaviors(propose("customers with at least one order in store", catalog).rules)
    assert (order.aggregate.func, order.aggregate.value) == (AggregateFunc.COUNT, 1)


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who paid over 80 euros at the petrol station in the last 2 months",
        "clients ayant payé plus de 80 euros en station-service ces 2 derniers mois",
    ],
)
def test_an_amount_of_money_picks_the_measure_counted_in_money(
    request_text: str, grocery: Catalog
) -> None:
    rules = behaviors(propose(request_text, grocery).rules)
    fuel = [b for b in rules if b.event == "fuel_fills"]
    assert [(b.aggregate.func, b.aggregate.measure) for b in fuel] == [
        (AggregateFunc.SUM, "amount")
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "about 250 electric car drivers for a short questionnaire",
        "environ 250 conducteurs de voiture électrique pour un questionnaire",
        "etwa 250 E-Auto-Fahrer für eine kurze Befragung",
    ],
)
def test_an_approximate_number_of_people_the_catalog_names_is_the_expected_size(
    request_text: str, grocery: Catalog
) -> None:
    proposal = propose(request_text, grocery)
    assert proposal.expected_size == 250
    (fuel,) = behaviors(proposal.rules)
    assert (fuel.aggregate.func, fuel.aggregate.value) == (AggregateFunc.COUNT, 1)


@pytest.mark.parametrize(
    "request_text",
    [
        "around 2,000 VIP customers for the satisfaction survey",
        "environ 2 000 clients VIP pour l'enquête de satisfaction",
        "we want about 2,000 VIP customers for an outreach",
    ],
)
def test_a_survey_or_a_drive_is_what_the_audience_is_for(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    assert proposal.expected_size == 2000
    (rule,) = proposal.rules.root.rules
    assert isinstance(rule, Attribute) and (rule.field, rule.value) == (
        "customers.loyalty_tier",
        "vip",
    )


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with at least 2 orders above 90 €",
        "customers with at least 2 orders of more than 90 €",
        "clients avec au moins 2 commandes de plus de 90 €",
        "Kunden mit mindestens 2 Bestellungen über 90 €",
    ],
)
def test_an_amount_after_counted_events_is_what_each_passes(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    (order,) = behaviors(proposal.rules)
    assert (order.aggregate.func, order.aggregate.value) == (AggregateFunc.COUNT, 2)
    assert [(f.field, f.value) for f in order.filters] == [("amount", 90)]
    assert len(proposal.assumptions) == 1  # the reading is said before the count


def test_an_amount_spent_by_counted_buyers_stays_a_total(catalog: Catalog) -> None:
    rules = behaviors(
        propose("customers with at least 2 orders who spent over 500 €", catalog).rules
    )
    assert sorted(b.aggregate.func for b in rules) == [AggregateFunc.COUNT, AggregateFunc.SUM]


def test_each_event_amount_on_another_catalog(grocery: Catalog) -> None:
    (basket,) = behaviors(propose("shoppers with at least 3 baskets over €100", grocery).rules)
    assert basket.aggregate.value == 3
    assert [(f.field, f.value) for f in basket.filters] == [("total_amount", 100)]


def test_a_people_noun_does_not_hide_a_catalog_phrase(catalog: Catalog) -> None:
    # the catalog says 'fan of' for an appetite: the people nouns of the packs must not take it
    (rule,) = propose("fans of shoes", catalog).rules.root.rules
    assert isinstance(rule, IndicatorRule) and rule.indicator == "category_appetite"
