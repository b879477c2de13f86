"""An exclusion and a negated clause on one rule cancel: 'except those who haven't ordered'
keeps the people who ordered — in one request or in a follow-up — and the reading is stated
(a double negative is easy to misread). French 'ne … pas' stays one negation."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import behaviors, converse


@pytest.mark.parametrize(
    "turns",
    [
        ("VIP customers except those who haven't ordered this year",),
        ("clients VIP sauf ceux qui n'ont pas commandé cette année",),
        ("VIP-Kunden außer denen, die dieses Jahr nicht bestellt haben",),
        ("VIP customers", "exclude anyone who hasn't ordered this year"),
        ("clients VIP", "exclus ceux qui n'ont pas commandé cette année"),
    ],
)
def test_leaving_out_those_who_did_not_keeps_those_who_did(
    turns: tuple[str, ...], catalog: Catalog
) -> None:
    result = converse(catalog, *turns)
    assert isinstance(result, Proposal), result
    (orders,) = behaviors(result.rules)
    assert orders.event == "orders" and not orders.negate and orders.window is not None
    assert len(result.assumptions) == 1


@pytest.mark.parametrize(
    "request_text",
    [
        "VIP customers who haven't ordered this year",
        "clients VIP qui n'ont pas commandé cette année",
    ],
)
def test_one_negation_alone_still_negates(request_text: str, catalog: Catalog) -> None:
    result = converse(catalog, request_text)
    assert isinstance(result, Proposal), result
    assert [b.negate for b in behaviors(result.rules) if isinstance(b, Behavior)] == [True]
