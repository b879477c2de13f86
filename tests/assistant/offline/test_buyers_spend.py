"""'web buyers who spent over €400': the people named by a behaviour with values, then what they
spent in a relative clause — the spend is summed over those events only (one behaviour), not a
purchase on the web beside a total over every channel."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "column", "value"),
    [
        ("web buyers who spent over €400 in the last 12 months", "channel", "web"),
        ("shoe buyers who spent more than 400 euros", "category", "shoes"),
        ("acheteurs web qui ont dépensé plus de 400 € sur les 12 derniers mois", "channel", "web"),
        (
            "Online-Käufer, die in den letzten 12 Monaten über 400 € ausgegeben haben",
            "channel",
            "web",
        ),
    ],
)
def test_the_spend_is_on_the_buyers_events(
    request_text: str, column: str, value: str, catalog: Catalog
) -> None:
    (spend,) = behaviors(propose(request_text, catalog).rules)
    assert spend.aggregate.func is AggregateFunc.SUM and spend.aggregate.value == 400
    assert [(c.field, c.value) for c in spend.filters] == [(column, value)]


def test_alternatives_stay_apart(catalog: Catalog) -> None:
    """'web buyers or customers who spent over €400': two groups, nothing folded."""
    found = behaviors(propose("web buyers or customers who spent over €400", catalog).rules)
    assert len(found) == 2
    assert [b.filters for b in found if b.aggregate.func is AggregateFunc.SUM] == [()]
