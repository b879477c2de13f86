"""'wherever they live', 'peu importe où ils habitent', 'egal wo sie wohnen' in a follow-up drop
the audience's rule on where people live (a column the catalog describes as the residence) —
alone, or after a correction that moves the people to a store ('no, I meant attached to the
Amiens Sud store, wherever they live'); a correction says a value, never its opposite, and the
removal it names is not flagged."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import play

FIRST = "Club+ members living in Amiens"


def _grocery() -> Catalog:
    return get_domain("grocery").load_catalog()


def _follow(catalog: Catalog, follow_up: str) -> Proposal:
    result = play(catalog, FIRST, follow_up)
    assert isinstance(result, Proposal), result
    flagged = {i.code for i in result.issues}
    assert not flagged & {"edit_unnamed_change", "coverage_earlier_dropped"}, result.issues
    return result


def _fields(result: Proposal) -> dict[str, object]:
    return {r.field: r.value for r in result.rules.root.rules if isinstance(r, Attribute)}


@pytest.mark.parametrize(
    "follow_up",
    [
        "wherever they live",
        "no matter where they live",
        "peu importe où ils habitent",
        "egal wo sie wohnen",
    ],
)
def test_wherever_they_live_drops_the_residence(follow_up: str) -> None:
    fields = _fields(_follow(_grocery(), follow_up))
    assert "cardholders.home_city" not in fields and fields["cardholders.club_plus"] is True


@pytest.mark.parametrize(
    "follow_up",
    [
        "no sorry, I meant attached to the Amiens Sud store, wherever they live",
        "non, je voulais dire le magasin de rattachement Amiens Sud, peu importe où ils habitent",
        "nein, ich meinte die Stammfiliale Amiens Sud, egal wo sie wohnen",
    ],
)
def test_a_correction_to_a_store_wherever_they_live(follow_up: str) -> None:
    result = _follow(_grocery(), follow_up)
    assert _fields(result) == {
        "cardholders.club_plus": True,
        "cardholders.home_store": "Amiens Sud",
    }
    assert all(getattr(r, "op", None) != "neq" for r in result.rules.root.rules)
