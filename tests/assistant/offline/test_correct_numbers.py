"""A correction that gives only a number or a range moves the one value whose unit fits it.

'make it 6 to 12 months' is a distance in time (never a count of 6 to 12 orders); a bare number
('no, 500', 'plutôt 6', 'nein, 500') moves the only number that can take it — a threshold, or the
window's length when the audience states no threshold; a comparison ('actually more than 5') is
a threshold, never a window; naming the old number ('5, not 3', '12 statt 6') settles which;
two candidates and nothing to settle it → a question, not a silent choice."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification, Proposal
from audience.rules import AggregateFunc, Behavior, Op, WindowKind
from schema_catalog import Catalog
from tests.support.planning import converse, play

COUNTED = {
    "en": "customers who ordered more than 3 times in the last 6 months",
    "fr": "clients qui ont commandé plus de 3 fois ces 6 derniers mois",
    "de": "Kunden, die in den letzten 6 Monaten mehr als 3 Mal bestellt haben",
}


def _behavior(result: Proposal | Clarification) -> Behavior:
    assert isinstance(result, Proposal), result
    (behavior,) = result.rules.root.rules
    assert isinstance(behavior, Behavior)
    return behavior


@pytest.mark.parametrize(
    ("lang", "correction"),
    [
        ("en", "make it 6 to 12 months"),
        ("fr", "plutôt 6 à 12 mois"),
        ("de", "lieber 6 bis 12 Monate"),
    ],
)
def test_a_range_of_months_moves_the_window_not_the_count(
    lang: str, correction: str, catalog: Catalog
) -> None:
    behavior = _behavior(converse(catalog, COUNTED[lang], correction))
    assert (behavior.aggregate.op, behavior.aggregate.value) == (Op.GT, 3)
    assert behavior.window is not None and behavior.window.type is WindowKind.BETWEEN
    assert (behavior.window.start, behavior.window.end) == (date(2025, 10, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        ("customers whose last order was between 3 and 6 months ago", "make it 6 to 12 months"),
        (
            "clients dont la dernière commande date d'il y a entre 3 et 6 mois",
            "plutôt 6 à 12 mois",
        ),
        (
            "Kunden, deren letzte Bestellung zwischen 3 und 6 Monaten her ist",
            "lieber 6 bis 12 Monate",
        ),
    ],
)
def test_a_range_moves_both_parts_of_a_last_event(
    first: str, correction: str, catalog: Catalog
) -> None:
    """One order 6 to 12 months ago and none in the last 6 months — with no warning that the
    follow-up changed a condition it did not name."""
    result = play(catalog, first, correction)
    assert isinstance(result, Proposal), result
    then, since = result.rules.root.rules
    assert isinstance(then, Behavior) and isinstance(since, Behavior)
    assert then.window is not None and not then.negate
    assert (then.window.start, then.window.end) == (date(2025, 10, 1), date(2026, 3, 31))
    assert since.negate and since.window is not None
    assert (since.window.type, since.window.amount) == (WindowKind.LAST, 6)
    assert not result.notices


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        ("customers who spent over 1000 euros in the last 6 months", "no, 500"),
        ("clients qui ont dépensé plus de 1000 euros ces 6 derniers mois", "non, 500"),
        ("Kunden, die in den letzten 6 Monaten mehr als 1000 Euro ausgegeben haben", "nein, 500"),
        ("customers who spent over 1000 euros in the last 6 months", "no, 500 not 1000"),
    ],
)
def test_a_bare_number_moves_the_only_threshold(
    first: str, correction: str, catalog: Catalog
) -> None:
    """500 is no window length (500 months) and no count: the spend threshold moves."""
    behavior = _behavior(converse(catalog, first, correction))
    assert behavior.aggregate.func is AggregateFunc.SUM
    assert (behavior.aggregate.op, behavior.aggregate.value) == (Op.GT, 500)
    assert behavior.window is not None and behavior.window.amount == 6


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        ("customers who ordered in the last 3 months", "make it 6"),
        ("clients qui ont commandé ces 3 derniers mois", "plutôt 6"),
        ("Kunden, die in den letzten 3 Monaten bestellt haben", "lieber 6"),
    ],
)
def test_with_no_threshold_a_bare_number_is_the_window_length(
    first: str, correction: str, catalog: Catalog
) -> None:
    behavior = _behavior(converse(catalog, first, correction))
    assert behavior.window is not None and behavior.window.amount == 6
    assert behavior.aggregate.value == 1


@pytest.mark.parametrize(
    ("lang", "correction"),
    [
        ("en", "make it 5"),
        ("fr", "plutôt 5"),
        ("fr", "non, 5"),
        ("de", "lieber 5"),
        ("de", "nein, 5"),
    ],
)
def test_a_count_and_a_window_could_both_take_it_so_it_asks(
    lang: str, correction: str, catalog: Catalog
) -> None:
    result = converse(catalog, COUNTED[lang], correction)
    assert isinstance(result, Clarification), result
    trees = [option.rules for option in result.options]
    assert len(trees) == 2
    (counted,) = [t for t in trees if t is not None and _behavior_of(t).aggregate.value == 5]
    (windowed,) = [t for t in trees if t is not None and _behavior_of(t).window.amount == 5]  # type: ignore[union-attr]
    assert _behavior_of(counted).window.amount == 6  # type: ignore[union-attr]
    assert _behavior_of(windowed).aggregate.value == 3


def _behavior_of(tree: object) -> Behavior:
    (behavior,) = tree.root.rules  # type: ignore[attr-defined]
    assert isinstance(behavior, Behavior)
    return behavior


@pytest.mark.parametrize(
    ("lang", "correction", "count", "months"),
    [
        ("en", "no, 5 not 3", 5, 6),
        ("en", "no, 12 not 6", 3, 12),
        ("fr", "non, 5 au lieu de 3", 5, 6),
        ("fr", "non, 12 et pas 6", 3, 12),
        ("de", "nein, 5 statt 3", 5, 6),
        ("de", "nein, 12 statt 6", 3, 12),
        ("en", "actually more than 5", 5, 6),
        ("fr", "plutôt plus de 5", 5, 6),
        ("de", "lieber mehr als 5", 5, 6),
    ],
)
def test_the_old_number_or_a_comparison_settles_which(
    lang: str, correction: str, count: int, months: int, catalog: Catalog
) -> None:
    behavior = _behavior(converse(catalog, COUNTED[lang], correction))
    assert (behavior.aggregate.op, behavior.aggregate.value) == (Op.GT, count)
    assert behavior.window is not None and behavior.window.amount == months
