"""'for a promo' / 'pour une promo' / 'für eine Aktion' say what the audience is for, never a
criterion on the catalog's promotion emails; a stated size before a segment's people ('around
2,000 budget-conscious shoppers') is the size; 'but the last time they did was over a year ago'
is the recency of the behaviour named before it (one then, none since)."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "women in Paris for a promo",
        "clientes parisiennes pour une promo",
        "Kundinnen in Paris für eine Aktion",
    ],
)
def test_a_promo_after_for_is_the_purpose(request_text: str, catalog: Catalog) -> None:
    assert behaviors(propose(request_text, catalog).rules) == []


def test_a_promo_email_stays_a_criterion(catalog: Catalog) -> None:
    (opened,) = behaviors(propose("customers who clicked a promo email", catalog).rules)
    assert ("campaign_type", "promotion") in [(c.field, c.value) for c in opened.filters]


def test_a_size_before_a_segment_of_people(grocery: Catalog) -> None:
    proposal = propose("around 2,000 budget-conscious shoppers for the own-brand promo", grocery)
    assert proposal.expected_size == 2000
    assert behaviors(proposal.rules) == []


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought shoes, but the last time they did was over a year ago",
        "clients qui ont acheté des chaussures, mais la dernière fois c'était il y a plus d'un an",
        "Kunden, die Schuhe gekauft haben, aber das letzte Mal ist über ein Jahr her",
    ],
)
def test_the_last_time_after_the_behaviour(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    bought, lapsed = behaviors(proposal.rules)
    assert (bought.negate, lapsed.negate) == (False, True)
    assert bought.filters == lapsed.filters and bought.filters
    assert [c.phrase for c in proposal.coverage if c.rule_path is None] == []
