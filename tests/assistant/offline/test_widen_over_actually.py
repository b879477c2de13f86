"""'actually count app orders too': a follow-up saying both 'actually' and an inclusion word
('too', 'as well') adds to what the audience holds; a request with a bare 'count' verb that ends
on the inclusion word is no question about the data."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, converse


@pytest.mark.parametrize(
    "then",
    [
        "actually count app orders too",
        "actually include the app orders as well",
        "ok count app orders too",
        "eigentlich die App-Bestellungen auch mitzählen",
    ],
)
def test_inclusion_after_actually_widens(then: str, catalog: Catalog) -> None:
    first = "men in Lyon who bought shoes online in the last 3 months"
    (bought,) = behaviors(converse(catalog, first, "make it 6 months", then).rules)
    channel = {c.field: c.value for c in bought.filters}["channel"]
    assert sorted(channel) == ["app", "web"]
