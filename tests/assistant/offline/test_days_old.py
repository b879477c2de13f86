"""A length followed by 'old' / 'alt' is how long ago something was ('the last visit is more
than 60 days old', 'mehr als 60 Tage alt', 'over a year old'); a number of years a customer can
be, with the people, is their age ('Kunden über 60 Jahre alt'), never how long they have been
customers."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc, Attribute, Behavior, IndicatorRule, Op, TimeUnit
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers whose latest site visit is more than 45 days old",
        "Kundinnen, deren letzter Besuch auf der Website mehr als 45 Tage alt ist",
    ],
)
def test_days_old_is_days_ago(request_text: str, catalog: Catalog) -> None:
    (behavior,) = [
        n for _, n in propose(request_text, catalog).rules.walk() if isinstance(n, Behavior)
    ]
    assert behavior.event == "web_sessions"
    assert behavior.aggregate.func is AggregateFunc.DAYS_SINCE_LAST
    assert (behavior.aggregate.op, behavior.aggregate.value) == (Op.GT, 45)


@pytest.mark.parametrize(
    "request_text", ["Kunden über 55 Jahre alt", "customers over 55 years old"]
)
def test_years_old_of_the_people_is_their_age(request_text: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    rules = [n for _, n in result.rules.walk() if isinstance(n, IndicatorRule | Attribute)]
    assert [r.indicator for r in rules if isinstance(r, IndicatorRule)] == ["age"]
    assert not [r for r in rules if isinstance(r, Attribute)]


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers whose latest site visit is over a year old",
        "Kunden, deren letzter Besuch auf der Website über ein Jahr alt ist",
    ],
)
def test_a_few_years_old_is_years_ago(request_text: str, catalog: Catalog) -> None:
    """Nobody's age is one year: a length of years too short to be a customer's age, followed by
    'old', is how long ago the thing was — never an age rule, never a count of visits."""
    rules = [n for _, n in propose(request_text, catalog).rules.walk()]
    assert not [r for r in rules if isinstance(r, IndicatorRule)]
    visits = [r for r in rules if isinstance(r, Behavior)]
    assert {r.event for r in visits} == {"web_sessions"}
    assert all(r.aggregate.value == 1 and r.aggregate.op is Op.GTE for r in visits)
    (recent,) = [r for r in visits if r.window is not None]
    assert recent.negate and (recent.window.amount, recent.window.unit) == (1, TimeUnit.YEAR)
