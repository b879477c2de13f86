"""Readings that used to pass silently (issue 12).

A quarter after 'in the' ('in the last quarter', 'im letzten Quartal', 'au cours du dernier
trimestre') names the previous calendar quarter, as a bare 'last quarter' does, and says so; a
month after 'in the' still rolls. A percentage said of an amount ('30 % of their spend on
shoes') is a share of it, never the amount itself: the planner asks, offering the catalog's share
indicators that name what the spend went on. A value phrase of the catalog said in two parts
('never used a voucher' for the 'used voucher' state) filters the event by that value.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification
from audience.rules import IndicatorRule, WindowKind
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who ordered shoes in the last quarter",
        "Kunden, die im letzten Quartal Schuhe bestellt haben",
        "clients ayant commandé des chaussures au cours du dernier trimestre",
    ],
)
def test_a_quarter_after_in_the_is_the_calendar_quarter_and_said(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    (behavior,) = behaviors(proposal.rules)
    window = behavior.window
    assert window is not None and window.type is WindowKind.BETWEEN
    assert (window.start, window.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert any("2026-07-01" in note for note in proposal.assumptions)


def test_a_month_after_in_the_still_rolls(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("customers who ordered shoes in the last month", catalog).rules)
    assert behavior.window is not None and behavior.window.type is WindowKind.LAST


def test_a_counted_quarter_rolls(catalog: Catalog) -> None:
    rules = propose("customers who ordered shoes in the last 2 quarters", catalog).rules
    (behavior,) = behaviors(rules)
    assert behavior.window is not None
    assert (behavior.window.type, behavior.window.amount) == (WindowKind.LAST, 6)


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


def test_the_share_indicator_naming_the_filter_is_offered(grocery: Catalog) -> None:
    result = PLANNER.plan("shoppers with at least 40% of their spend on organic", None, grocery)
    assert isinstance(result, Clarification), result
    offered = [node for option in result.options for _, node in option.rules.walk()]
    shares = [node for node in offered if isinstance(node, IndicatorRule)]
    assert [(rule.indicator, rule.value) for rule in shares] == [("organic_affinity", 0.4)]


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
