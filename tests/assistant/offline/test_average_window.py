"""An average the catalog defines as an indicator (with its own window) is that indicator — unless
the request gives its own window: then it is the mean over that window ('panier moyen depuis
janvier', 'average basket over the last 3 months'), the window the user said."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc, IndicatorRule, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        ("clients dont le panier moyen depuis janvier dépasse 80 €", WindowKind.SINCE),
        ("cardholders whose average basket over the last 3 months is above €80", WindowKind.LAST),
        ("Kunden, deren Durchschnittsbon seit Januar über 80 Euro liegt", WindowKind.SINCE),
    ],
)
def test_a_window_said_makes_it_the_mean_over_that_window(
    request_text: str, kind: WindowKind, grocery: Catalog
) -> None:
    (basket,) = behaviors(propose(request_text, grocery).rules)
    assert basket.event == "baskets"
    assert (basket.aggregate.func, basket.aggregate.measure) == (AggregateFunc.AVG, "total_amount")
    assert basket.window is not None and basket.window.type is kind


def test_without_a_window_it_is_the_indicator(grocery: Catalog) -> None:
    (rule,) = propose("cardholders whose average basket is over 80 euros", grocery).rules.root.rules
    assert isinstance(rule, IndicatorRule) and rule.indicator == "average_basket"
