"""'for a promo' / 'pour une promo' / 'für eine Aktion' say what the audience is for, never a
criterion on the catalog's promotion emails; a stated size before a segment's people ('around
2,000 budget-conscious shoppers') is the size."""

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
