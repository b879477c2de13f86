"""'High' in every language ('a high bill', 'une facture élevée', 'mit hohem Wert') is a vague
value word when nothing beside it is an indicator it is a band of: the planner asks what is
high, with complete options. Next to the indicator it is that band ('high churn risk',
'risque de churn élevé', 'hohem Abwanderungsrisiko'), read without a question."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from schema_catalog import Catalog
from tests.support.planning import PLANNER


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with a high bill",
        "clients avec une facture élevée",
        "Kunden mit einer hohen Rechnung",
        "subscribers whose bill is high",
    ],
)
def test_high_without_its_indicator_asks(request_text: str, telecom: Catalog) -> None:
    result = PLANNER.plan(request_text, None, telecom)
    assert isinstance(result, Clarification)
    assert len(result.options) >= 2
    assert all(option.rules is not None for option in result.options)


@pytest.mark.parametrize(
    "request_text",
    ["unsere Kunden mit hohem Wert in Deutschland", "clients à la valeur élevée"],
)
def test_high_beside_another_word_asks_in_the_demo(request_text: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Clarification)
    assert all(option.rules is not None for option in result.options)


@pytest.mark.parametrize(
    "request_text",
    [
        "people at high churn risk",
        "customers whose churn risk is high",
        "femmes avec un risque de churn élevé",
        "Kunden mit hohem Abwanderungsrisiko",
    ],
)
def test_high_beside_its_indicator_is_the_band(request_text: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Proposal)
    indicators = [rule for rule in result.rules.root.rules if rule.kind == "indicator"]
    assert [(rule.indicator, rule.value) for rule in indicators] == [("churn_risk", "high")]


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with a high affinity for clothing",
        "clients avec une appétence élevée pour le prêt-à-porter",
        "Kunden mit hoher Affinität für Kleidung",
    ],
)
def test_high_beside_a_score_is_a_high_score(request_text: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Proposal)
    indicators = [rule for rule in result.rules.root.rules if rule.kind == "indicator"]
    assert [(rule.indicator, rule.op) for rule in indicators] == [("category_appetite", "gte")]
