"""A stated size counts people ('about 300 subscribers …', 'environ 300 abonnés …'): a request
with one asks for a set of people, even when a metric word names what the campaign is for
('… to test a conversion offer'); the size is no criterion."""

from __future__ import annotations

import pytest

from assistant import Refusal
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
