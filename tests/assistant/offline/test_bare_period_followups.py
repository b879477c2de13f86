"""A month said bare in a follow-up ('sorry, December, not January', 'add May too', 'ajoute mai
aussi', 'Dezember statt Januar') is a period: a correction moves the behaviour's period to it, in
the year nearest the period it replaces; a widening stretches a range it touches, or keeps the
behaviour in either period when the two are apart. 'May' is read as the month here, not as the
verb."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Proposal
from audience.rules import Behavior, Group, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, play


def _unflagged(result: object) -> Proposal:
    assert isinstance(result, Proposal), result
    assert not [i for i in result.issues if i.code == "edit_unnamed_change"], result.issues
    return result


JANUARY = {
    "en": "customers who bought shoes in January",
    "fr": "clients qui ont acheté des chaussures en janvier",
    "de": "Kunden, die im Januar Schuhe gekauft haben",
}


@pytest.mark.parametrize(
    ("lang", "correction"),
    [
        ("en", "sorry, December, not January"),
        ("en", "make it December instead"),
        ("en", "December instead of January"),
        ("fr", "non, plutôt décembre, pas janvier"),
        ("fr", "pardon, décembre"),
        ("de", "nein, Dezember statt Januar"),
        ("de", "Entschuldigung, Dezember"),
    ],
)
def test_a_bare_month_corrects_the_period(lang: str, correction: str, catalog: Catalog) -> None:
    result = _unflagged(play(catalog, JANUARY[lang], correction))
    (bought,) = behaviors(result.rules)
    assert bought.window is not None and bought.window.type is WindowKind.BETWEEN
    # December nearest January 2026 is the December before it, not the one after.
    assert (bought.window.start, bought.window.end) == (date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("first", "widening"),
    [
        ("customers who bought bags in April", "add May too"),
        ("customers who bought bags in April", "add may as well"),
        ("clients qui ont acheté des sacs en avril", "ajoute mai aussi"),
        ("Kunden, die im April Taschen gekauft haben", "nimm den Mai auch dazu"),
    ],
)
def test_may_added_stretches_april(first: str, widening: str, catalog: Catalog) -> None:
    (bought,) = behaviors(_unflagged(play(catalog, first, widening)).rules)
    assert bought.window is not None
    assert (bought.window.start, bought.window.end) == (date(2026, 4, 1), date(2026, 5, 31))


@pytest.mark.parametrize(
    ("first", "widening"),
    [
        ("customers who bought bags in April", "add June too"),
        ("customers who bought bags in the last 7 days", "add May too"),
        ("clients qui ont acheté des sacs ces 7 derniers jours", "ajoute aussi mai"),
    ],
)
def test_a_period_apart_keeps_either_period(first: str, widening: str, catalog: Catalog) -> None:
    result = _unflagged(play(catalog, first, widening))
    (either,) = result.rules.root.rules
    assert isinstance(either, Group) and either.op == "or"
    own, added = either.rules
    assert isinstance(own, Behavior) and isinstance(added, Behavior)
    assert own.filters == added.filters
    assert added.window is not None and added.window.type is WindowKind.BETWEEN
    assert added.window.start is not None and added.window.start.month in {5, 6}


def test_a_counted_behaviour_is_not_split_into_either_period(catalog: Catalog) -> None:
    result = play(catalog, "customers who placed at least 3 orders in April", "add June too")
    nodes = [node for _, node in result.rules.walk()] if isinstance(result, Proposal) else []
    assert not [node for node in nodes if isinstance(node, Group) and node.op == "or"]
