"""Words that were missing from the packs or the readers (helper h6rows, round 12).

- A threshold on one event said with German 'in einem Rutsch' / 'in einem Zug' is the highest
  event, as 'in one go' is (the pack's ``one_go`` cue).
- A season after the word for 'this' ('this spring', 'ce printemps', 'diesen Sommer') is that
  season's latest occurrence, as 'in spring' reads it.
- A German adjective of origin ('belgische Kunden') is the country, through the glossary.
- A percentage of spending with one share indicator naming what the spend went on is read as
  that indicator, on its 0–1 scale, and said so.
"""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import AggregateFunc, Attribute, IndicatorRule
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "Kunden, die schon mal über 250 € in einem Rutsch ausgegeben haben",
        "Kunden, die in einem Zug mehr als 250 € ausgegeben haben",
    ],
)
def test_german_one_go_words_are_the_highest_event(request_text: str, catalog: Catalog) -> None:
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    assert behavior.aggregate.func is AggregateFunc.MAX
    assert behavior.aggregate.value == 250


@pytest.mark.parametrize(
    ("request_text", "first", "last"),
    [
        ("customers who ordered shoes this spring", date(2026, 3, 1), date(2026, 5, 31)),
        ("clients qui ont commandé des chaussures cet été", date(2026, 6, 1), date(2026, 8, 31)),
        ("Kunden, die diesen Sommer Schuhe bestellt haben", date(2026, 6, 1), date(2026, 8, 31)),
    ],
)
def test_this_season_is_the_seasons_latest_occurrence(
    request_text: str, first: date, last: date, catalog: Catalog
) -> None:
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    assert behavior.window is not None
    assert (behavior.window.start, behavior.window.end) == (first, last)


@pytest.mark.parametrize(
    "request_text",
    ["die belgischen Kunden, die online bestellt haben", "Belgische Kundinnen mit Bestellungen"],
)
def test_a_german_adjective_of_origin_is_the_country(request_text: str, catalog: Catalog) -> None:
    attributes = {
        (node.field, node.value)
        for _, node in propose(request_text, catalog).rules.walk()
        if isinstance(node, Attribute)
    }
    assert ("customers.country", "BE") in attributes


def test_a_german_adjective_of_origin_in_another_catalog(grocery: Catalog) -> None:
    result = propose("belgische Karteninhaber, die getankt haben", grocery)
    values = {(n.field, n.value) for _, n in result.rules.walk() if isinstance(n, Attribute)}
    assert ("cardholders.country", "BE") in values


@pytest.mark.parametrize(
    "request_text",
    [
        "cardholders with over 25% of their spend going to organic",
        "les porteurs de carte dont plus de 25 % des dépenses vont au bio",
        "Karteninhaber, die mehr als 25 % ihrer Ausgaben für Bio ausgeben",
    ],
)
def test_a_share_of_spending_is_the_share_indicator(request_text: str, grocery: Catalog) -> None:
    result = propose(request_text, grocery)
    shares = [n for _, n in result.rules.walk() if isinstance(n, IndicatorRule)]
    assert [(rule.indicator, rule.value) for rule in shares] == [("organic_affinity", 0.25)]
    assert result.assumptions, "the reading is stated"
