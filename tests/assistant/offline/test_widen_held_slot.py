"""A widening follow-up ('add medium too', 'widen to bags as well') puts its value beside the
values of the one rule whose slot the value's senses fill — the audience settles which sense is
meant — and never in their place."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Group, IndicatorRule
from schema_catalog import Catalog
from tests.support.planning import converse


@pytest.mark.parametrize(
    ("first", "widen"),
    [
        ("customers at high churn risk", "add medium too"),
        ("clients à risque de churn élevé", "ajoute aussi moyen"),
        ("Kunden mit hohem Abwanderungsrisiko", "nimm auch mittel dazu"),
    ],
)
def test_a_second_status_joins_the_first(first: str, widen: str, catalog: Catalog) -> None:
    result = converse(catalog, first, widen)
    assert isinstance(result, Proposal), result
    (rule,) = result.rules.root.rules
    assert isinstance(rule, IndicatorRule) and rule.indicator == "churn_risk"
    assert list(rule.value) == ["high", "medium"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "widen"),
    [
        ("customers with an appetite for shoes above 0.7", "widen to bags as well, either is fine"),
        ("clients avec un appétit pour les chaussures au-dessus de 0,7", "ajoute aussi les sacs"),
        ("Kunden mit einer Schuh-Affinität über 0,7", "nimm auch Taschen dazu"),
    ],
)
def test_a_second_category_of_a_score_keeps_the_threshold(
    first: str, widen: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, widen)
    assert isinstance(result, Proposal), result
    (group,) = result.rules.root.rules
    assert isinstance(group, Group) and group.op == "or"
    keys = [(r.key, r.value) for r in group.rules if isinstance(r, IndicatorRule)]
    assert keys == [("shoes", 0.7), ("bags", 0.7)]
