"""'bought cheese at Lille Centre': the store is a value of the basket (the whole), not of the
basket line the purchase is read on; the profile's home store read instead is stated, naming
the purchase's store it was preferred to — never taken silently — in en/fr."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "people who bought cheese at Lille Centre in the last 2 months",
        "shoppers who bought wine in the Lille Centre store last month",
        "ceux qui ont acheté du fromage au magasin de Lille Centre ces 2 derniers mois",
    ],
)
def test_a_value_of_the_whole_event_read_on_the_profile_is_stated(
    request_text: str, grocery: Catalog
) -> None:
    proposal = propose(request_text, grocery)
    fields = [getattr(rule, "field", None) for rule in proposal.rules.root.rules]
    if "cardholders.home_store" in fields:
        assert any("Lille Centre" in note for note in proposal.assumptions), proposal.assumptions


def test_a_home_store_said_as_such_states_nothing(grocery: Catalog) -> None:
    proposal = propose("cardholders attached to the Lille Centre store", grocery)
    assert not any("Lille Centre" in note for note in proposal.assumptions)
