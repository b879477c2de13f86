"""A catalog value whose code is a number and a time unit ('36_months') is meant by that length
said in any unit and language beside a name of its column ('a 3-year contract', 'engagement de
36 mois', 'Vertrag über drei Jahre'); with no such name the length stays a length of time."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Behavior, Op
from schema_catalog import Catalog
from tests.support.catalogs import with_column
from tests.support.planning import propose


@pytest.fixture
def commitments(telecom: Catalog) -> Catalog:
    """The telecom catalog whose commitments are coded by length only, with no synonyms."""
    return with_column(
        telecom,
        "accounts",
        "contract_type",
        allowed_values=("prepaid", "no_commitment", "6_months", "36_months"),
        value_synonyms={},
    )


_THREE_YEARS = Attribute(field="accounts.contract_type", op=Op.EQ, value="36_months")
_BRETAGNE = Attribute(field="accounts.region", op=Op.EQ, value="Bretagne")


@pytest.mark.parametrize(
    "request_text",
    [
        "accounts in Bretagne on a 3-year contract",
        "accounts in Bretagne on a three year contract",
        "3yr contracts in Bretagne",
        "accounts in Bretagne with a contract of 36 months",
        "clients en Bretagne avec un engagement de 36 mois",
        "clients en Bretagne avec un engagement de trois ans",
        "Kunden in der Bretagne mit einem Vertrag über 36 Monate",
        "Kunden in der Bretagne mit einem Vertrag von drei Jahren",
    ],
)
def test_a_length_beside_its_column_is_the_value(request_text: str, commitments: Catalog) -> None:
    rules = set(propose(request_text, commitments).rules.root.rules)
    assert rules == {_THREE_YEARS, _BRETAGNE}


def test_a_length_with_no_column_named_stays_a_window(commitments: Catalog) -> None:
    request = "accounts in Bretagne who changed plan in the last 6 months"
    rules = propose(request, commitments).rules.root.rules
    assert any(isinstance(rule, Behavior) for rule in rules)
    assert all(getattr(rule, "field", "") != "accounts.contract_type" for rule in rules)
