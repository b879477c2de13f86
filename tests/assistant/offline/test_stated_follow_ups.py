"""Follow-ups whose reading is a guess say it; those whose words settle it say nothing new.

A second value of a one-value field with neither 'also' nor 'only' ('in Paris' after 'in Lyon')
joins the first, stated; a long follow-up read as narrowing only because it says 'only' states
the conditions it keeps. 'and Paris too', 'only those in Paris' and a short 'only …' state
nothing.
"""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute
from schema_catalog import Catalog
from tests.support.planning import converse


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


def test_a_short_only_states_nothing(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers in Lyon", "only the ones we can reach by SMS")
    assert isinstance(result, Proposal), result
    assert result.assumptions == ()


TWO_PERIODS = {
    "en": "customers who bought shoes in March and opened an email in the last 6 months",
    "fr": "clients qui ont acheté des chaussures en mars et ouvert un email ces 6 derniers mois",
}
ONE_PERIOD = {
    "en": "customers who opened an email in the last 6 months",
    "fr": "clients qui ont ouvert un email ces 6 derniers mois",
}


@pytest.mark.parametrize(
    ("lang", "same_event", "other_event"),
    [
        (
            "en",
            "only those who haven't bought since",
            "only those who haven't visited the site since",
        ),
        (
            "fr",
            "seulement ceux qui n'ont pas acheté depuis",
            "seulement ceux qui n'ont pas visité le site depuis",
        ),
    ],
)
def test_a_bare_since_reads_the_period_of_the_same_event(
    lang: str, same_event: str, other_event: str, catalog: Catalog
) -> None:
    """'haven't bought since' after a purchase in March and an email in the last 6 months: since
    the purchase, unstated; another event's 'since' takes the last period, stated."""
    settled = converse(catalog, TWO_PERIODS[lang], same_event)
    assert isinstance(settled, Proposal), settled
    (negated,) = [r for r in settled.rules.root.rules if getattr(r, "negate", False)]
    assert negated.window is not None and negated.window.start is not None  # type: ignore[union-attr]
    assert str(negated.window.start).endswith("-04-01") and negated.window.amount is None  # type: ignore[union-attr]
    assert settled.assumptions == ()
    guessed = converse(catalog, TWO_PERIODS[lang], other_event)
    single = converse(catalog, ONE_PERIOD[lang], other_event)
    assert isinstance(guessed, Proposal) and isinstance(single, Proposal), (guessed, single)
    assert len(guessed.assumptions) == len(single.assumptions) + 1
