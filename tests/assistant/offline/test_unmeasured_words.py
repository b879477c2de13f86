"""Words that grade something the catalog defines no measure for ('light data users', 'un
forfait pas cher', 'unzufriedene Kunden', 'longtime subscribers', 'the north of Italy') are
asked, never dropped while the rest of the request is answered. When the catalog itself holds
the same words (a band 'low' of the churn risk, the indicator synonym 'Stammkunden'), that is
their definition and no question is asked. A lapse word with no activity and no period
('dormant app users') is asked too; beside a behaviour it only says the behaviour happened."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "light data users",
        "subscribers with an expensive plan",
        "dissatisfied subscribers in Bretagne",
        "our longtime subscribers on fibre",
        "clients insatisfaits",
        "abonnés avec un forfait pas cher",
        "Kunden mit niedrigem Datenverbrauch",
        "unzufriedene Kunden",
        "langjährige Kunden mit Glasfaser",
    ],
)
def test_an_unmeasured_quality_is_asked(request_text: str, telecom: Catalog) -> None:
    result = PLANNER.plan(request_text, None, telecom)
    assert isinstance(result, Clarification), result


@pytest.mark.parametrize(
    "request_text",
    [
        "customers in the north of Italy",
        "les clients du sud de la France",
        "Kunden im Süden Deutschlands",
        "Stammkundinnen in Hamburg",
    ],
)
def test_an_undefined_area_or_regular_is_asked_in_the_demo(
    request_text: str, catalog: Catalog
) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Clarification), result


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with a low churn risk in Lyon",
        "clients avec un risque de churn faible",
        "Kunden mit niedrigem Abwanderungsrisiko",
    ],
)
def test_the_catalogs_own_band_is_no_question(request_text: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    assert not result.dropped_phrases


@pytest.mark.parametrize("request_text", ["Stammkunden in Lille", "Stammkunde aus Lille"])
def test_the_catalogs_own_indicator_is_no_question(request_text: str, grocery: Catalog) -> None:
    result = propose(request_text, grocery)
    indicators = [n for _, n in result.rules.walk() if getattr(n, "indicator", None)]
    assert indicators and not result.dropped_phrases


@pytest.mark.parametrize(
    "request_text",
    [
        "dormant app users",
        "app accounts that have gone quiet",
        "Karteninhaber, die eingeschlafen sind",
    ],
)
def test_a_lapse_of_nothing_is_asked(request_text: str, grocery: Catalog) -> None:
    result = PLANNER.plan(request_text, None, grocery)
    assert isinstance(result, Clarification), result


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who previously bought shoes",
        "clients qui ont autrefois acheté des chaussures",
        "Kunden, die früher Schuhe gekauft haben",
    ],
)
def test_a_lapse_word_beside_a_behaviour_is_no_question(
    request_text: str, catalog: Catalog
) -> None:
    assert isinstance(PLANNER.plan(request_text, None, catalog), Proposal)
