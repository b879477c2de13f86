"""'add those who/whose …' after a dated behaviour. When the new people are in another state of
the same rows ('… whose subscription is paused' after '… who cancelled last year': a column
saying where a row stands at the data's date), they join as 'either one' and the earlier window,
which dates the other state, stays its own; otherwise ('… who ordered bags too') the values widen
the same behaviour, within its window. Either way the proposal says which."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Behavior, Group
from schema_catalog import Catalog
from tests.support.planning import converse


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("accounts who cancelled their TV subscription last year", "add those whose TV is paused"),
        (
            "abonnés qui ont résilié leur abonnement TV l'année dernière",
            "ajoute aussi ceux dont la TV est suspendue",
        ),
    ],
)
def test_another_state_joins_as_its_own_group(first: str, then: str, telecom: Catalog) -> None:
    result = converse(telecom, first, then)
    assert isinstance(result, Proposal)
    (either,) = [r for r in result.rules.root.rules if isinstance(r, Group)]
    assert either.op == "or"
    earlier, added = either.rules
    assert isinstance(earlier, Behavior) and isinstance(added, Behavior)
    dated = {c.field for c in earlier.filters} - {"service", "status"}
    assert earlier.window is not None or dated == {"cancelled_on"}
    assert added.window is None
    assert ("status", "paused") in {(c.field, c.value) for c in added.filters}
    # a window the new group does not take is said; a cancellation date plainly is not theirs
    assert len(result.assumptions) == (1 if earlier.window is not None else 0)


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
def test_more_people_doing_the_same_widen_it_within_its_window(
    first: str, then: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, then)
    assert isinstance(result, Proposal)
    (behavior,) = result.rules.root.rules
    assert isinstance(behavior, Behavior) and behavior.window is not None
    (category,) = behavior.filters
    assert list(category.value) == ["jewellery", "bags"]
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
