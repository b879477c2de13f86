"""A removal that names a filter of a behaviour — by its column's word ('the channel
condition') — takes that filter out and keeps the behaviour, its
window and its other filters; a removal naming the event itself still removes the behaviour."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import converse, propose


def _orders(result: object) -> list[Behavior]:
    assert isinstance(result, Proposal), result
    return [n for n in result.rules.root.rules if isinstance(n, Behavior)]


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("customers who bought online since June", "remove the channel condition"),
        ("clients qui ont acheté en ligne depuis juin", "enlève le critère de canal"),
    ],
)
def test_the_named_filter_goes_the_behaviour_stays(first: str, edit: str, catalog: Catalog) -> None:
    (before,) = _orders(propose(first, catalog))
    (after,) = _orders(converse(catalog, first, edit))
    assert before.filters and not after.filters
    assert after == before.updated(filters=[])


def test_naming_the_event_removes_the_behaviour(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers who bought online since June", "drop the orders part")
    assert not _orders(result)


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("VIP customers who ordered in the app", "leave out the ones who ordered online"),
        (
            "clients VIP qui ont commandé sur l'appli",
            "laisse de côté ceux qui ont commandé en ligne",
        ),
    ],
)
def test_leaving_out_people_of_another_value_excludes_them(
    first: str, edit: str, catalog: Catalog
) -> None:
    (before,) = _orders(propose(first, catalog))
    kept, excluded = _orders(converse(catalog, first, edit))
    assert kept == before
    assert excluded.negate and [c.value for c in excluded.filters] == ["web"]


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("women in Marseille", "and leave out the gold tier"),
        ("clientes à Marseille", "et laisse de côté le niveau gold"),
    ],
)
def test_leaving_out_a_value_no_rule_holds_excludes_it_once(
    first: str, edit: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, edit)
    assert isinstance(result, Proposal), result
    tier = [n for _, n in result.rules.walk() if getattr(n, "field", "").endswith("loyalty_tier")]
    assert len(tier) == 1
    excluded = getattr(tier[0], "negate", False) != (getattr(tier[0], "op", None) == "neq")
    assert excluded and getattr(tier[0], "value", None) == "gold"
    assert not any(n.negate for n in result.rules.root.rules if n is not tier[0])
