"""A superlative that names no measure ('the 1000 most active', 'die 1000 aktivsten', 'les 500
plus actifs') ranks by what the request says after it ('by number of orders', 'nach Anzahl der
Bestellungen'); said alone it asks by what — the number is how many to keep, never a count of
events to reach."""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import AggregateFunc, BehaviorMeasure, RankDirection
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


@pytest.mark.parametrize(
    ("request_text", "size"),
    [
        ("the 1000 most active customers by number of orders", 1000),
        ("our 300 most loyal customers ranked by number of orders", 300),
        ("die 1000 aktivsten Kunden nach Anzahl der Bestellungen", 1000),
    ],
)
def test_a_by_phrase_after_the_superlative_is_its_measure(
    request_text: str, size: int, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    tree = proposal.rules
    assert tree.ranking is not None
    assert (tree.limit, tree.ranking.direction) == (size, RankDirection.DESC)
    by = tree.ranking.by
    assert isinstance(by, BehaviorMeasure)
    assert (by.event, by.func) == ("orders", AggregateFunc.COUNT)


@pytest.mark.parametrize(
    "request_text",
    ["die 1000 aktivsten Kunden", "die 200 treuesten Kunden", "the 1000 most active customers"],
)
def test_a_superlative_alone_asks_by_what_and_keeps_the_number(
    request_text: str, catalog: Catalog, telecom: Catalog
) -> None:
    for domain in (catalog, telecom):
        result = PLANNER.plan(request_text, None, domain)
        assert isinstance(result, Clarification), (request_text, result)
        assert result.options
        for option in result.options:
            assert option.rules is not None
            assert option.rules.limit is not None
            assert option.rules.ranking is not None


@pytest.mark.parametrize(
    ("request_text", "size"),
    [("top 300 VIPs", 300), ("les 200 meilleures VIP", 200), ("unsere Top 400 VIPs", 400)],
)
def test_a_number_of_profile_values_after_a_ranking_word_is_how_many_to_keep(
    request_text: str, size: int, catalog: Catalog
) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Clarification), (request_text, result)
    assert result.options
    assert all(option.rules is not None for option in result.options)
    assert {option.rules.limit for option in result.options if option.rules} == {size}


@pytest.mark.parametrize(
    "request_text",
    ["the top 300 VIPs in Lyon by spend", "die Top 300 VIPs in Lyon nach Umsatz"],
)
def test_top_reaches_its_by_phrase_across_the_other_conditions(
    request_text: str, catalog: Catalog
) -> None:
    tree = propose(request_text, catalog).rules
    assert tree.ranking is not None and tree.limit == 300
    assert isinstance(tree.ranking.by, BehaviorMeasure)
    assert (tree.ranking.by.event, tree.ranking.by.func) == ("orders", AggregateFunc.SUM)
    assert len(tree.root.rules) == 2
