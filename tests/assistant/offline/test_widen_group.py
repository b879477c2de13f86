"""'add those who/whose …' after a dated (or counted) behaviour: the new people join as 'either
one', the earlier behaviour keeping its own window — merging the new value into it would lend
them that window silently — and the proposal says the window is not theirs. Without a new group
('also include orders made in the app') the same purchases are widened."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Behavior, Group
from schema_catalog import Catalog
from tests.support.planning import converse


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("shoppers who ordered jewellery in the last 2 months", "add those who ordered bags too"),
        (
            "clients qui ont commandé des bijoux ces 2 derniers mois",
            "ajoute aussi ceux qui ont commandé des sacs",
        ),
    ],
)
def test_a_group_added_by_a_relative_clause_keeps_the_earlier_window_its_own(
    first: str, then: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, then)
    assert isinstance(result, Proposal)
    (either,) = result.rules.root.rules
    assert isinstance(either, Group) and either.op == "or"
    earlier, added = either.rules
    assert isinstance(earlier, Behavior) and isinstance(added, Behavior)
    assert earlier.window is not None and added.window is None
    assert [c.value for c in earlier.filters] == ["jewellery"]
    assert [c.value for c in added.filters] == ["bags"]
    assert len(result.assumptions) == 1


def test_more_values_for_the_same_purchases_widen_them(catalog: Catalog) -> None:
    result = converse(
        catalog, "shoppers who ordered jewellery in store in the last 2 months", "also in the app"
    )
    assert isinstance(result, Proposal)
    (behavior,) = result.rules.root.rules
    assert isinstance(behavior, Behavior) and behavior.window is not None
    channel = next(c for c in behavior.filters if c.field == "channel")
    assert list(channel.value) == ["store", "app"]
    assert not result.assumptions
