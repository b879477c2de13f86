"""A value said between a behaviour and a negated one stays on its own side of the negation
(issue 12, pattern 3, clause scope): 'viewed product pages for bags last week without ordering
anything that week' filters the viewing on bags, and no order at all that week — the bags went
to the order (the nearer behaviour after the negation), a confident wrong audience."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "people who viewed product pages for bags last week without ordering anything that week",
        "personnes qui ont consulté des fiches produit sacs la semaine dernière sans rien"
        " commander cette semaine-là",
        "Personen, die letzte Woche Produktseiten von Taschen angesehen haben, ohne in derselben"
        " Woche etwas zu bestellen",
    ],
)
def test_a_value_before_the_negation_stays_with_the_viewing(
    request_text: str, catalog: Catalog
) -> None:
    viewed, ordered = behaviors(propose(request_text, catalog).rules)
    assert (viewed.event, viewed.negate) == ("page_views", False)
    assert {(c.field, c.value) for c in viewed.filters} == {
        ("page_type", "product"),
        ("category", "bags"),
    }
    assert (ordered.event, ordered.negate) == ("orders", True) and not ordered.filters
    assert ordered.window == viewed.window


def test_a_value_after_the_negation_stays_with_it(catalog: Catalog) -> None:
    bought, skipped = behaviors(propose("customers who bought shoes but not bags", catalog).rules)
    assert [c.value for c in bought.filters] == ["shoes"]
    assert [c.value for c in skipped.filters] == ["bags"] and skipped.negate
