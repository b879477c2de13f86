"""'Only' a few words before a count ('have only ever made two orders', 'n'ont passé qu'une
commande', 'haben bisher nur zweimal bestellt') makes the count exact; a later clause that
points back at those events ('…, and it was online') holds for all of them."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc, Op
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "count"),
    [
        ("shoppers who have only ever made two orders", 2),
        ("shoppers who only really ordered once", 1),
        ("clientes qui n'ont passé qu'une commande", 1),
        ("clientes qui n'ont fait qu'un seul achat", 1),
        ("Kundinnen, die bisher nur zweimal bestellt haben", 2),
    ],
)
def test_only_before_the_count_makes_it_exact(
    request_text: str, count: int, catalog: Catalog
) -> None:
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    assert (behavior.event, behavior.aggregate.func) == ("orders", AggregateFunc.COUNT)
    assert (behavior.aggregate.op, behavior.aggregate.value) == (Op.EQ, count)


def test_a_count_without_only_stays_at_least(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("shoppers who have ever made two orders", catalog).rules)
    assert behavior.aggregate.op is Op.GTE


def test_a_money_amount_is_not_made_exact(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("customers who only spent 50 euros", catalog).rules)
    assert behavior.aggregate.op is not Op.EQ


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who only ever made one order, and it was in store",
        "clientes qui n'ont passé qu'une commande, et c'était en magasin",
    ],
)
def test_a_value_said_of_the_counted_events_holds_for_all_of_them(
    request_text: str, catalog: Catalog
) -> None:
    found = behaviors(propose(request_text, catalog).rules)
    plain = [b for b in found if not b.filters]
    valued = [b for b in found if b.filters]
    assert len(plain) == 1 and len(valued) == 1
    assert (plain[0].aggregate.op, plain[0].aggregate.value) == (Op.EQ, 1)
    assert (valued[0].aggregate.op, valued[0].aggregate.value) == (Op.EQ, 1)
    assert [(c.field, c.value) for c in valued[0].filters] == [("channel", "store")]
