"""'also count app orders' after an audience is an inclusion (widen the held behaviour to the
app), not a question 'how many app orders?' refused as a metric — in every language the
inclusion word comes first ('compte aussi …', 'zähl auch … dazu')."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc
from schema_catalog import Catalog
from tests.support.planning import behaviors, converse


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("web buyers who spent over €400 in the last 12 months", "also count app orders"),
        ("web buyers who spent over €400 in the last 12 months", "and also count app orders"),
        (
            "acheteurs web qui ont dépensé plus de 400 € sur les 12 derniers mois",
            "compte aussi les commandes sur l'appli",
        ),
        (
            "Online-Käufer mit über 400 € Umsatz in 12 Monaten",
            "zähl auch die App-Bestellungen dazu",
        ),
    ],
)
def test_count_too_widens_the_channel(first: str, then: str, catalog: Catalog) -> None:
    (spend,) = behaviors(converse(catalog, first, then).rules)
    assert spend.aggregate.func is AggregateFunc.SUM and spend.aggregate.value == 400
    assert [(c.field, sorted(c.value)) for c in spend.filters] == [("channel", ["app", "web"])]
