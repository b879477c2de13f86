"""A people noun that is the catalog's word for one behaviour and also the people of a value of
another table ('drivers': fuel customers, or users of the 'drive' pickup) says both equally:
the request asks which, every reading an option, rather than picking one silently."""

from __future__ import annotations

import pytest

from assistant import Clarification
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    "request_text", ["get me the Valenciennes drivers", "the drivers in Lille", "drivers"]
)
def test_a_people_noun_of_two_readings_is_asked(request_text: str, grocery: Catalog) -> None:
    result = PLANNER.plan(request_text, None, grocery)
    assert isinstance(result, Clarification)
    events = {b.event for option in result.options for b in behaviors(option.rules)}
    assert {"fuel_fills", "baskets"} <= events


def test_a_word_of_one_side_settles_it(grocery: Catalog) -> None:
    result = propose("drivers who filled up last week", grocery)
    assert {b.event for b in behaviors(result.rules)} == {"fuel_fills"}


def test_a_word_of_one_side_settles_it_beside_a_word_of_both(grocery: Catalog) -> None:
    # 'Mons' is a station and a store (both sides); 'diesel' is fuel only
    result = propose("diesel drivers at the Mons station", grocery)
    assert {b.event for b in behaviors(result.rules)} == {"fuel_fills"}
