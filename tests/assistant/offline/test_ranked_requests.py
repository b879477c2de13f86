"""Ranked requests ('the top 1,000 customers by spend') become a limit and a ranking, in en/fr/de;
a number that is no ranking stays the expected size; an unsaid or ambiguous measure is asked,
each option a complete ranked audience."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import (
    AggregateFunc,
    BehaviorMeasure,
    FieldMeasure,
    IndicatorMeasure,
    RankDirection,
    RuleTree,
    WindowKind,
)
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


def _ranking(tree: RuleTree) -> tuple[int | None, RankDirection, object]:
    assert tree.ranking is not None, tree
    return tree.limit, tree.ranking.direction, tree.ranking.by


def _asked(request: str, catalog: Catalog) -> Clarification:
    result = PLANNER.plan(request, None, catalog)
    assert isinstance(result, Clarification), (request, result)
    return result


@pytest.mark.parametrize(
    ("request_text", "size"),
    [
        ("the top 250 customers by total spend", 250),
        ("our 40 highest-spending clients", 40),
        ("les 300 clients qui ont le plus dépensé", 300),
        ("die 120 umsatzstärksten Kunden", 120),
        ("die 80 besten Kunden nach Umsatz", 80),
    ],
)
def test_spend_rankings_sum_the_money_in_every_language(
    request_text: str, size: int, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    limit, direction, by = _ranking(proposal.rules)
    assert (limit, direction) == (size, RankDirection.DESC)
    assert isinstance(by, BehaviorMeasure)
    assert (by.event, by.func, by.measure) == ("orders", AggregateFunc.SUM, "amount")
    assert proposal.expected_size is None  # how many to keep, not a size to compare with
    assert [c.rule_path for c in proposal.coverage if c.rule_path == "ranking"] == ["ranking"]


@pytest.mark.parametrize(
    "request_text",
    [
        "the 60 customers with the most orders",
        "top 60 customers by number of orders",
        "les 60 clients avec le plus de commandes",
        "die 60 Kunden mit den meisten Bestellungen",
    ],
)
def test_most_events_counts_them(request_text: str, catalog: Catalog) -> None:
    limit, _, by = _ranking(propose(request_text, catalog).rules)
    assert limit == 60 and isinstance(by, BehaviorMeasure)
    assert (by.event, by.func) == ("orders", AggregateFunc.COUNT)


def test_the_rest_of_the_request_selects_and_a_period_dates_the_measure(catalog: Catalog) -> None:
    tree = propose("top 30 VIP customers by spend in the last 6 months", catalog).rules
    (rule,) = tree.root.rules
    assert rule.kind == "attribute" and rule.value == "vip"  # type: ignore[union-attr]
    _, _, by = _ranking(tree)
    assert isinstance(by, BehaviorMeasure) and by.window is not None
    assert (by.window.type, by.window.amount) == (WindowKind.LAST, 6)


def test_columns_scores_and_lowest_first(catalog: Catalog) -> None:
    _, _, points = _ranking(propose("top 15 customers by loyalty points", catalog).rules)
    assert points == FieldMeasure(field="customers.loyalty_points")
    _, direction, score = _ranking(
        propose("the 15 customers with the lowest predicted value", catalog).rules
    )
    assert direction is RankDirection.ASC
    assert score == IndicatorMeasure(indicator="predicted_value")


@pytest.mark.parametrize(
    "request_text",
    ["our top 500 customers", "nos 500 meilleurs clients", "unsere 500 besten Kunden"],
)
def test_an_unsaid_measure_is_asked_with_ranked_audiences(
    request_text: str, catalog: Catalog
) -> None:
    asked = _asked(request_text, catalog)
    assert len(asked.options) >= 2
    measures = []
    for option in asked.options:
        assert option.rules is not None
        limit, _, by = _ranking(option.rules)
        assert limit == 500
        measures.append(by)
    assert len(set(map(repr, measures))) == len(measures)


def test_a_measure_with_two_readings_is_asked(cinema: Catalog) -> None:
    asked = _asked("the top 20 moviegoers by spend", cinema)  # tickets or snacks
    spent = {getattr(o.rules.ranking.by, "measure", None) for o in asked.options if o.rules}  # type: ignore[union-attr]
    assert spent == {"ticket_spend", "snack_spend"}


def test_a_behaviour_in_the_request_offers_its_own_measures_and_period(catalog: Catalog) -> None:
    asked = _asked("our 200 best buyers of the last 3 months", catalog)
    for option in asked.options:
        assert option.rules is not None and option.rules.ranking is not None
        by = option.rules.ranking.by
        if isinstance(by, BehaviorMeasure):
            assert by.event == "orders" and by.window is not None and by.window.amount == 3


@pytest.mark.parametrize(
    "request_text",
    [
        "around 5,000 VIP customers for the store event",
        "environ 5 000 clients VIP pour l'événement",
        "etwa 5.000 VIP-Kunden für das Event",
    ],
)
def test_a_stated_size_is_no_ranking(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    assert proposal.rules.ranking is None and proposal.rules.limit is None
    assert proposal.expected_size == 5000


def test_a_threshold_is_no_ranking(catalog: Catalog) -> None:
    for request_text in ("customers who spent more than 500 euros", "top brands buyers"):
        result = PLANNER.plan(request_text, None, catalog)
        assert not (isinstance(result, Proposal) and result.rules.ranking is not None)


def test_ranked_audience_on_another_catalog(telecom: Catalog) -> None:
    tree = propose("the 50 accounts that paid us the most", telecom).rules
    _, _, by = _ranking(tree)
    assert isinstance(by, BehaviorMeasure) and by.func is AggregateFunc.SUM
    assert by.event == "renewals" and [f.field for f in by.filters] == ["status"]


@pytest.mark.parametrize(
    "request_text",
    [
        "Between 1 March 2026 and 15 April 2026: customers with at least one order",
        "customers with at least 3 orders in the last 12 months",
        "environ 2000 clients, avec au moins une commande",
        "rund 500 Kunden mit mindestens einer Bestellung",
    ],
)
def test_a_year_or_a_threshold_word_is_no_ranking(request_text: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    ranked = isinstance(result, Proposal) and result.rules.ranking is not None
    asked = isinstance(result, Clarification) and any(
        o.rules is not None and o.rules.ranking is not None for o in result.options
    )
    assert not (ranked or asked), result
