"""'… but nothing since' lapses every event of that kind: the product or channel named in the
first clause is not lent to 'nothing' ('plus rien depuis', 'nichts mehr seit'), while 'but not
since' keeps it (the same purchase, not repeated)."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who bought bags in 2025 but nothing since March",
        "clientes ayant acheté des sacs en 2025 mais plus rien depuis mars",
        "Kundinnen, die in 2025 Taschen gekauft haben, aber nichts mehr seit März",
        "Kundinnen, die in 2025 Taschen gekauft haben, aber seit März nichts mehr",
    ],
)
def test_nothing_since_lapses_every_purchase(request_text: str, catalog: Catalog) -> None:
    bought, lapsed = behaviors(propose(request_text, catalog).rules)
    assert [(c.field, c.value) for c in bought.filters] == [("category", "bags")]
    assert (bought.negate, lapsed.negate) == (False, True)
    assert lapsed.event == "orders" and not lapsed.filters
    assert lapsed.window is not None and lapsed.window.start is not None


def test_not_since_keeps_the_product(catalog: Catalog) -> None:
    _, lapsed = behaviors(
        propose("shoppers who bought bags in 2025 but not since March", catalog).rules
    )
    assert [(c.field, c.value) for c in lapsed.filters] == [("category", "bags")]


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who bought bags in 2025 but not at all since March",
        "clientes ayant acheté des sacs en 2025 mais plus du tout depuis mars",
    ],
)
def test_not_at_all_since_is_a_lapse_of_the_same_product(
    request_text: str, catalog: Catalog
) -> None:
    """'not at all since', 'plus du tout depuis': the same purchases, none since then."""
    bought, lapsed = behaviors(propose(request_text, catalog).rules)
    assert bought.filters == lapsed.filters and bought.filters
    assert (bought.negate, lapsed.negate) == (False, True)
    assert lapsed.window is not None and lapsed.window.start is not None


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought in store last year but nothing at all this year",
        "clients qui ont acheté en boutique l'année dernière mais rien du tout cette année",
        "Kunden, die letztes Jahr im Laden gekauft haben, aber dieses Jahr überhaupt nichts",
    ],
)
def test_nothing_at_all_is_one_negation(request_text: str, catalog: Catalog) -> None:
    """'nothing at all', 'rien du tout', 'überhaupt nichts' are one negation before the window:
    the intensifier between them left 'nothing' and the window unread (the lapse dropped)."""
    bought, lapsed = behaviors(propose(request_text, catalog).rules)
    assert [(c.field, c.value) for c in bought.filters] == [("channel", "store")]
    assert (bought.negate, lapsed.negate) == (False, True)
    assert lapsed.event == "orders" and not lapsed.filters
    assert lapsed.window is not None and lapsed.window.start is not None
