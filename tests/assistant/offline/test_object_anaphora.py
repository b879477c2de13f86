"""'… but haven't bought any this year': a word pointing back at the earlier object lends its
product to the negated behaviour even when that behaviour has a time of its own; 'any order'
names an object of its own and borrows nothing."""

from __future__ import annotations

import pytest

from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


def _negated(request_text: str, catalog: Catalog) -> Behavior:
    (negated,) = [b for b in behaviors(propose(request_text, catalog).rules) if b.negate]
    return negated


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought shoes last year but haven't bought any this year",
        "shoe buyers from last year who havent bought any this year",
        "clients qui ont acheté des chaussures l'an dernier mais n'en ont pas acheté cette année",
    ],
)
def test_any_with_its_own_time_borrows_the_earlier_product(
    request_text: str, catalog: Catalog
) -> None:
    negated = _negated(request_text, catalog)
    assert [(c.field, c.value) for c in negated.filters] == [("category", "shoes")]
    assert negated.window is not None and negated.window.start is not None
    assert negated.window.start.year == 2026


def test_any_before_a_noun_of_its_own_borrows_nothing(grocery: Catalog) -> None:
    negated = _negated("wine buyers from last year who haven't placed any order this year", grocery)
    assert negated.filters == ()


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with a strong appetite for bags who have never bought any",
        "clients avec une forte appétence pour les sacs mais qui n'en ont jamais acheté",
        "Kunden mit starker Affinität für Taschen, die aber noch nie welche gekauft haben",
        "Kunden mit starker Affinität für Taschen, die davon noch nie etwas gekauft haben",
    ],
)
def test_a_word_pointing_back_at_an_indicators_key_borrows_it(
    request_text: str, catalog: Catalog
) -> None:
    """'an appetite for bags but never bought any': the product is the indicator's key, so the
    purchase never made is of bags, not of anything at all."""
    negated = _negated(request_text, catalog)
    assert negated.event == "orders"
    assert [(c.field, c.value) for c in negated.filters] == [("category", "bags")]
