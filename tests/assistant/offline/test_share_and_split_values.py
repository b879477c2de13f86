"""Readings that used to pass silently (issue 12).

A percentage said of an amount ('30 % of their spend on shoes') is a share of it, never the
amount itself: the planner asks, offering the catalog's share indicators that name what the
spend went on. A value phrase of the catalog said in two parts
('never used a voucher' for the 'used voucher' state) filters the event by that value.
"""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import IndicatorRule
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who put more than 30% of their spend into shoes",
        "clients dont plus de 30 % des dépenses vont aux chaussures",
    ],
)
def test_a_percentage_of_an_amount_is_asked_not_compared_as_money(
    request_text: str, catalog: Catalog
) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Clarification), result


def test_an_amount_in_money_is_still_a_threshold(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("customers who spent more than 40 € on shoes", catalog).rules)
    assert behavior.aggregate.value == 40


def test_the_one_share_indicator_naming_the_filter_is_taken(grocery: Catalog) -> None:
    # the only reading the catalog offers: taken, and said (no one-option question)
    result = propose("shoppers with at least 40% of their spend on organic", grocery)
    shares = [node for _, node in result.rules.walk() if isinstance(node, IndicatorRule)]
    assert [(rule.indicator, rule.value) for rule in shares] == [("organic_affinity", 0.4)]
    assert result.assumptions


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who have never used a single voucher",
        "personnes n'ayant jamais utilisé de bons",
    ],
)
def test_a_value_phrase_said_in_two_parts_filters_the_event(
    request_text: str, grocery: Catalog
) -> None:
    (behavior,) = behaviors(propose(request_text, grocery).rules)
    assert behavior.negate
    assert [(f.field, f.value) for f in behavior.filters] == [("status", "redeemed")]


def test_a_word_that_makes_no_value_phrase_adds_no_filter(grocery: Catalog) -> None:
    (behavior,) = behaviors(propose("shoppers who got a voucher", grocery).rules)
    assert not behavior.filters
