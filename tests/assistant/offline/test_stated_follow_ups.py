"""Follow-ups whose reading is a guess say it; those whose words settle it say nothing new.

A second value of a one-value field with neither 'also' nor 'only' ('in Paris' after 'in Lyon')
joins the first, stated; a long follow-up read as narrowing only because it says 'only' states
the conditions it keeps. 'and Paris too', 'only those in Paris' and a short 'only …' state
nothing.
"""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Reachable
from schema_catalog import Catalog
from tests.support.planning import converse, propose


def _cities(result: Proposal) -> list[object]:
    (city,) = [r for r in result.rules.root.rules if isinstance(r, Attribute) and "city" in r.field]
    return list(city.value) if isinstance(city.value, tuple | list) else [city.value]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("VIP customers in Lyon", "in Paris"),
        ("clients VIP à Lyon", "à Paris"),
        ("VIP-Kunden in Lyon", "in Paris"),
    ],
)
def test_a_second_value_with_no_direction_word_is_stated(
    first: str, second: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, second)
    assert isinstance(result, Proposal), result
    assert _cities(result) == ["Lyon", "Paris"]
    assert len(result.assumptions) == 1


@pytest.mark.parametrize(
    ("second", "cities"),
    [("and Paris too", ["Lyon", "Paris"]), ("only those in Paris", ["Paris"])],
)
def test_a_direction_word_settles_it(second: str, cities: list[str], catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers in Lyon", second)
    assert isinstance(result, Proposal), result
    assert _cities(result) == cities
    assert result.assumptions == ()


@pytest.mark.parametrize(
    ("first", "long_only"),
    [
        (
            "VIP customers in Lyon",
            "this is for a text message campaign next week, so only the ones we are able to "
            "reach by SMS",
        ),
        (
            "clients VIP à Lyon",
            "c'est pour une campagne SMS la semaine prochaine, donc seulement ceux qu'on peut "
            "joindre par SMS",
        ),
        (
            "VIP-Kunden in Lyon",
            "das ist für eine SMS-Kampagne nächste Woche, also nur die, die wir per SMS "
            "erreichen können",
        ),
    ],
)
def test_a_long_narrowing_turn_states_what_it_keeps(
    first: str, long_only: str, catalog: Catalog
) -> None:
    before = propose(first, catalog).rules.root.rules
    result = converse(catalog, first, long_only)
    assert isinstance(result, Proposal), result
    assert result.rules.root.rules[: len(before)] == before
    assert any(isinstance(r, Reachable) for r in result.rules.root.rules)
    assert len(result.assumptions) == 1


def test_a_short_only_states_nothing(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers in Lyon", "only the ones we can reach by SMS")
    assert isinstance(result, Proposal), result
    assert result.assumptions == ()
