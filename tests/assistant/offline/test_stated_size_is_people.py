"""A stated size counts people ('about 300 subscribers …', 'environ 300 abonnés …'): a request
with one asks for a set of people, even when a metric word names what the campaign is for
('… to test a conversion offer'); the size is no criterion."""

from __future__ import annotations

import pytest

from assistant import Refusal
from assistant.expected_size import expected_size_from_text
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "I need about 300 subscribers with a running Onda+ Premium trial, to test a conversion "
        "offer",
        "il me faudrait environ 300 abonnés avec un essai Onda+ Premium en cours, pour tester "
        "une offre de conversion",
        "wir brauchen ca. 300 Abonnenten mit laufender Onda+ Premium Testphase für ein "
        "Conversion-Angebot",
    ],
)
def test_a_stated_size_with_a_metric_word_is_an_audience(
    request_text: str, telecom: Catalog
) -> None:
    proposal = propose(request_text, telecom)
    assert proposal.expected_size == 300
    assert all(
        getattr(getattr(rule, "aggregate", None), "value", None) != 300
        for rule in proposal.rules.root.rules
    )


def test_a_metric_without_people_is_still_refused(telecom: Catalog) -> None:
    result = PLANNER.plan("conversion rate of Onda+ Premium trials", None, telecom)
    assert isinstance(result, Refusal)


@pytest.mark.parametrize(
    ("request_text", "size"),
    [
        ("a few hundred VIPs in Lyon", 300),
        ("several thousand customers in Paris", 5000),
        ("quelques centaines de clientes VIP à Lyon", 300),
        ("une centaine de clients à Lyon", 100),
        ("ein paar hundert VIP-Kunden in Lyon", 300),
    ],
)
def test_a_size_without_a_figure_is_read_as_one(
    request_text: str, size: int, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    assert proposal.expected_size == size
    assert all(item.rule_path is not None for item in proposal.coverage if "hundert" in item.phrase)


@pytest.mark.parametrize(
    "request_text", ["customers who spent a few hundred euros", "a few hundred orders"]
)
def test_a_size_without_a_figure_needs_people(request_text: str, catalog: Catalog) -> None:
    assert expected_size_from_text(request_text, catalog) is None
