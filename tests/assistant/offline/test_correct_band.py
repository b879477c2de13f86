"""A correction opening with 'no,' / 'non,' / 'nein,' and naming another band of an indicator the
audience holds swaps the band and keeps the rest (the two bands are not ANDed into an empty
audience). German: 'mittleres Risiko' is the band, not the average cue 'mittlere'."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, IndicatorRule
from schema_catalog import Catalog
from tests.support.planning import converse


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        ("Kunden mit hohem Abwanderungsrisiko in Deutschland", "nein, ich meinte mittleres Risiko"),
        (
            "Kunden mit hohem Abwanderungsrisiko in Deutschland",
            "nein, mittleres Abwanderungsrisiko",
        ),
        ("customers with a high churn risk in Germany", "no, medium churn risk"),
        ("clients à risque de churn élevé en Allemagne", "non, risque de churn moyen"),
    ],
)
def test_the_band_is_swapped(first: str, correction: str, catalog: Catalog) -> None:
    result = converse(catalog, first, correction)
    assert isinstance(result, Proposal), result
    rules = result.rules.root.rules
    assert [r.value for r in rules if isinstance(r, IndicatorRule)] == ["medium"]
    assert [r.value for r in rules if isinstance(r, Attribute)] == ["DE"]
    assert len(rules) == 2
