"""A length shorter than a year followed by 'old' / 'alt' is how long ago something was ('the
last visit is more than 60 days old', 'mehr als 60 Tage alt'); in years with the people it is
their age ('Kunden über 60 Jahre alt'), never how long they have been customers."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc, Attribute, Behavior, IndicatorRule, Op
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
