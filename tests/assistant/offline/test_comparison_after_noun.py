"""A comparison said after the number's noun ('4 seats or more', '2 étoiles ou moins', '3 Sitze
oder weniger') is the number's comparison: the noun still names the measure."""

from __future__ import annotations

import pytest

from assistant.language import load_pack
from assistant.offline.numbers import scan_quantity
from audience.rules import Op
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("words", "code", "op"),
    [
        ("2 stars or lower", "en", Op.LTE),
        ("2 stars or higher", "en", Op.GTE),
        ("2 etoiles ou moins", "fr", Op.LTE),
        ("2 etoiles ou plus", "fr", Op.GTE),
        ("2 sterne oder darunter", "de", Op.LTE),
        ("2 sterne oder mehr", "de", Op.GTE),
    ],
)
def test_the_comparison_after_the_noun_is_the_numbers(words: str, code: str, op: Op) -> None:
    found = scan_quantity(words.split(), 0, load_pack(code))
    assert found is not None and found[1].op is op and found[1].value == 2


def test_a_grammar_word_between_keeps_the_comparison_apart() -> None:
    """'2 in or more' is no noun between the number and its comparison."""
    found = scan_quantity(["2", "in", "or", "more"], 0, load_pack("en"))
    assert found is not None and found[1].op is None


@pytest.mark.parametrize(
    ("request_text", "op"),
    [
        ("members with a booking of 4 seats or more", Op.GTE),
        ("members who booked 4 seats or fewer", Op.LTE),
        ("membres avec une réservation de 4 seats ou plus", Op.GTE),
    ],
)
def test_on_a_catalog_measure(request_text: str, op: Op, cinema: Catalog) -> None:
    (booking,) = behaviors(propose(request_text, cinema).rules)
    assert booking.aggregate.measure == "seats"
    assert (booking.aggregate.op, booking.aggregate.value) == (op, 4)


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with 3 orders or more who live in Paris",
        "clients avec 3 commandes ou plus qui habitent à Paris",
        "Kunden mit 3 Bestellungen oder mehr, die in Paris wohnen",
    ],
)
def test_the_trailing_comparison_joins_no_conditions(request_text: str, catalog: Catalog) -> None:
    """'or' of 'or more' is the number's, not an 'or' between two conditions."""
    root = propose(request_text, catalog).rules.root
    assert root.op == "and" and len(root.rules) == 2
    (orders,) = behaviors(propose(request_text, catalog).rules)
    assert (orders.aggregate.op, orders.aggregate.value) == (Op.GTE, 3)
