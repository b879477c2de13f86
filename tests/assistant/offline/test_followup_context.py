"""A follow-up's word that names several fields is read on the field the audience already
constrains ('add Hull too' after 'the imax in York': another cinema town, not a home town)."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Behavior
from schema_catalog import Catalog
from tests.support.planning import converse


@pytest.mark.parametrize(
    ("first", "widening"),
    [
        ("members who visited the imax in York", "add Hull too"),
        ("membres qui sont allés à l'imax à York", "ajoute aussi Hull"),
        ("Mitglieder, die im Imax in York waren", "nimm auch Hull dazu"),
    ],
)
def test_a_value_widens_the_filter_the_audience_holds(
    first: str, widening: str, cinema: Catalog
) -> None:
    result = converse(cinema, first, widening)
    assert isinstance(result, Proposal)
    (visit,) = result.rules.root.rules
    assert isinstance(visit, Behavior)
    towns = next(c for c in visit.filters if c.field == "cinema_town")
    assert towns.value == ("York", "Hull")


def test_a_value_widens_the_attribute_the_audience_holds(cinema: Catalog) -> None:
    result = converse(cinema, "silver members living in York", "add Hull too")
    assert isinstance(result, Proposal)
    assert Attribute(field="moviegoers.home_town", op="in", value=("York", "Hull")) in (
        result.rules.root.rules
    )
