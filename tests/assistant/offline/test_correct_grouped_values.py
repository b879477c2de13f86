"""A correction naming a phrase the catalog gives to several values of the column it corrects
('no, I meant outside Europe': every roaming zone but Europe) replaces the value with all of
them — not with the one that differs from the value it had."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Behavior, Condition, Op
from schema_catalog import Catalog
from tests.support.planning import converse


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        ("customers who roamed in North America last summer", "no, I meant outside Europe"),
        (
            "clients qui ont voyagé en Amérique du Nord l'été dernier",
            "non, je voulais dire hors d'Europe",
        ),
        (
            "Kunden, die letzten Sommer in Nordamerika Roaming hatten",
            "nein, ich meinte alles außerhalb Europas",
        ),
    ],
)
def test_the_phrase_replaces_the_value_with_all_it_names(
    first: str, correction: str, telecom: Catalog
) -> None:
    result = converse(telecom, first, correction)
    assert isinstance(result, Proposal)
    (rule,) = result.rules.root.rules
    assert isinstance(rule, Behavior)
    zones = [f for f in rule.filters if f.field == "roaming_zone"]
    assert zones == [
        Condition(field="roaming_zone", op=Op.IN, value=["north_america", "rest_of_world"])
    ]
    assert rule.window is not None


def test_a_single_value_still_replaces_in_place(telecom: Catalog) -> None:
    result = converse(
        telecom, "customers who roamed in North America last summer", "no, I meant Europe"
    )
    assert isinstance(result, Proposal)
    (rule,) = result.rules.root.rules
    assert isinstance(rule, Behavior)
    assert Condition(field="roaming_zone", op=Op.EQ, value="eu") in rule.filters
