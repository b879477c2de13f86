"""A follow-up word whose reading on the audience's own behaviour would only repeat a value the
audience already requires is read another way ('bought pet food' then 'only the ones who have a
pet': the pet at home, not pet food again, which would add nothing)."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Op
from schema_catalog import Catalog
from tests.support.planning import behaviors, converse


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("shoppers who bought pet food in the last 3 months", "only the ones who have a pet"),
        ("Kunden, die in den letzten 3 Monaten Tierfutter gekauft haben", "nur die mit Haustier"),
    ],
)
def test_a_word_that_would_repeat_a_value_reads_otherwise(
    first: str, then: str, grocery: Catalog
) -> None:
    result = converse(grocery, first, then)
    assert isinstance(result, Proposal), result
    assert Attribute(field="cardholders.has_pet", op=Op.EQ, value=True) in result.rules.root.rules
    (bought,) = behaviors(result.rules)
    assert [(f.field, f.value) for f in bought.filters] == [("department", "pet")]
