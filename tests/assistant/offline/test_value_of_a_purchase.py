"""A value of an event's lines said of the event itself ('a cheese purchase', 'no fish
purchase'): the behaviour is those lines, where the value lives — the value is not dropped as
'part of the behaviour'."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "department", "negated"),
    [
        ("shoppers with a cheese purchase in the last 3 weeks", "dairy", False),
        ("cardholders with no fish purchase since April", "fish", True),
        ("clients avec un achat de fromage ces 3 dernières semaines", "dairy", False),
        ("clients sans aucun achat de poisson depuis avril", "fish", True),
        ("Kunden mit einem Käseeinkauf in den letzten 3 Wochen", "dairy", False),
        ("Kunden ohne Fischeinkauf seit April", "fish", True),
    ],
)
def test_the_value_narrows_the_purchase_lines(
    request_text: str, department: str, negated: bool, grocery: Catalog
) -> None:
    result = propose(request_text, grocery)
    (behavior,) = behaviors(result.rules)
    assert behavior.event == "basket_lines"
    assert [(f.field, f.value) for f in behavior.filters] == [("department", department)]
    assert behavior.negate is negated
    assert behavior.window is not None


@pytest.mark.parametrize(
    "request_text",
    [
        "former cheese buyers, no cheese purchase in 5 monts",
        "dormant wine buyers: no wine purchase in 4 months",
    ],
)
def test_a_lapse_keeps_the_value_on_both_sides(request_text: str, grocery: Catalog) -> None:
    """The lapse's earlier purchase and the window with none are both of that value."""
    result = propose(request_text, grocery)
    ever, lately = behaviors(result.rules)
    assert ever.event == lately.event == "basket_lines"
    assert ever.filters == lately.filters
    assert len(ever.filters) == 1
    assert not ever.negate and lately.negate
