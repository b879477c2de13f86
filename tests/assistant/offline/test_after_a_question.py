"""A follow-up that narrows ('only those who…', 'seulement ceux…', 'nur die…') after the
assistant asked a question (no audience yet) narrows the request that was asked: it is read with
it — never as a fresh request that silently drops it."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Attribute
from schema_catalog import Catalog
from tests.support.planning import converse


@pytest.mark.parametrize(
    ("asked", "then"),
    [
        ("gold members who are active", "only those who clicked an email"),
        ("membres gold qui sont actifs", "seulement ceux qui ont cliqué sur un email"),
        ("Gold-Mitglieder, die aktiv sind", "nur die, die eine E-Mail geklickt haben"),
    ],
)
def test_narrowing_after_a_question_keeps_the_request_asked(
    asked: str, then: str, catalog: Catalog
) -> None:
    assert isinstance(converse(catalog, asked), Clarification)
    result = converse(catalog, asked, then)
    if isinstance(result, Proposal):
        tiers = [n for _, n in result.rules.walk() if isinstance(n, Attribute)]
        assert any(a.field == "customers.loyalty_tier" for a in tiers)
    else:  # the same question again, the follow-up's words read with it
        assert result.term == converse(catalog, asked).term
        assert all(
            any(isinstance(n, Attribute) and n.value == "gold" for _, n in option.rules.walk())
            for option in result.options
        )
