"""A category indicator's named value said on its own names the indicator ('film buffs' is the
viewer profile 'film buff'), in every language the catalog gives it; a level word ('low')
qualifies a behaviour of its clause, never an indicator it does not name. A value phrase of
several words is recognised with its last word inflected ('film buffs', 'Kinofans').
"""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Group, IndicatorRule, Op
from schema_catalog import Catalog, Indicator, IndicatorMode, IndicatorType
from tests.support.planning import PLANNER, propose


@pytest.fixture(scope="module")
def profiles(cinema: Catalog) -> Catalog:
    """The cinema catalog with a 'viewer profile' indicator whose values have names."""
    viewer = Indicator(
        name="viewer_profile",
        label="Viewer profile",
        type=IndicatorType.CATEGORY,
        allowed_values=("film_buff", "night_owl", "family_outing"),
        value_synonyms={
            "film_buff": ("film buff", "cinephile addict", "mordu de cinéma", "Kinofan"),
            "night_owl": ("night owl", "late viewer", "couche-tard", "Nachteule"),
            "family_outing": ("family outing", "sortie en famille", "Familienausflug"),
        },
        mode=IndicatorMode.DYNAMIC,
        sql="SELECT member_ref, 'film_buff' AS value FROM visits",
    )
    return cinema.model_copy(update={"indicators": (*cinema.indicators, viewer)})


def _profile(value: str) -> IndicatorRule:
    return IndicatorRule(indicator="viewer_profile", op=Op.EQ, value=value)


@pytest.mark.parametrize(
    ("request_text", "value"),
    [
        ("film buffs living in York", "film_buff"),
        ("night owls from Leeds", "night_owl"),
        ("les mordus de cinéma de York", "film_buff"),
        ("les couche-tard de Leeds", "night_owl"),
        ("Kinofans aus York", "film_buff"),
        ("Nachteulen aus Leeds", "night_owl"),
    ],
)
def test_a_named_value_alone_names_its_indicator(
    request_text: str, value: str, profiles: Catalog
) -> None:
    result = propose(request_text, profiles)
    assert _profile(value) in result.rules.root.rules
    assert not [item for item in result.coverage if item.rule_path is None]


def test_two_named_values_in_two_alternatives_stay_apart(profiles: Catalog) -> None:
    """'A in X or B in Y': each value is its own rule, with its own town."""
    result = propose("film buffs living in York or night owls living in Leeds", profiles)
    (either,) = result.rules.root.rules
    assert isinstance(either, Group) and either.op == "or"
    town = "moviegoers.home_town"
    assert [list(branch.rules) for branch in either.rules] == [  # type: ignore[union-attr]
        [_profile("film_buff"), Attribute(field=town, op=Op.EQ, value="York")],
        [_profile("night_owl"), Attribute(field=town, op=Op.EQ, value="Leeds")],
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with low spend in the last year",
        "clients à faible dépense",
        "customers with a medium basket",
    ],
)
def test_a_level_word_beside_a_behaviour_names_no_indicator(
    request_text: str, catalog: Catalog
) -> None:
    """'low' is a band of churn risk in the demo catalog; beside a spend it is not churn risk."""
    result = PLANNER.plan(request_text, None, catalog)
    rules = result.rules.root.rules if isinstance(result, Proposal) else ()
    assert not [rule for rule in rules if isinstance(rule, IndicatorRule)]
