"""A correction's opening 'no' never negates — but its own 'outside' / 'hors' / 'außerhalb' is
part of what it restates ('no, I meant outside Paris' is not Paris, silently)."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Behavior, Op
from schema_catalog import Catalog
from tests.support.planning import converse


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        ("VIP customers in Paris", "no, I meant VIP customers outside Paris"),
        ("clients VIP à Paris", "non, je voulais dire les clients VIP hors de Paris"),
        ("VIP-Kunden in Paris", "nein, ich meinte VIP-Kunden außerhalb von Paris"),
    ],
)
def test_an_exclusion_in_a_correction_is_kept(
    first: str, correction: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, correction)
    assert isinstance(result, Proposal)
    outside = Attribute(field="customers.city", op=Op.EQ, value="Paris", negate=True)
    assert outside in result.rules.root.rules


@pytest.mark.parametrize(
    "correction", ["no, I meant anywhere outside Leeds", "nein, ich meinte alles außerhalb Leeds"]
)
def test_an_exclusion_corrects_a_filter_in_place(correction: str, cinema: Catalog) -> None:
    result = converse(cinema, "members who visited the imax in York", correction)
    assert isinstance(result, Proposal)
    (visit,) = result.rules.root.rules
    assert isinstance(visit, Behavior)
    town = next(c for c in visit.filters if c.field == "cinema_town")
    assert (town.op, town.value) == (Op.NEQ, "Leeds")


def test_a_plain_correction_still_never_negates(catalog: Catalog) -> None:
    result = converse(catalog, "VIP customers in Paris", "no, Lyon")
    assert isinstance(result, Proposal)
    assert Attribute(field="customers.city", op=Op.EQ, value="Lyon") in result.rules.root.rules
