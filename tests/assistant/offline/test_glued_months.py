"""A number glued to a letter the language reads both as a unit of time and as a scale ('24m':
months or millions) is the catalog's value when the catalog spells it whole (a 24-month
commitment), and stays a million elsewhere ('€1m')."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Op
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "24m contracts in Bretagne",
        "subscribers on a 24m contract in Bretagne",
        "les abonnés en Bretagne avec un contrat 24m",
        "Kunden in der Bretagne mit 24m Vertrag",
    ],
)
def test_a_glued_month_count_the_catalog_spells_is_its_value(
    request_text: str, telecom: Catalog
) -> None:
    rules = propose(request_text, telecom).rules.root.rules
    assert Attribute(field="accounts.contract_type", op=Op.EQ, value="24_months") in rules


def test_a_glued_million_stays_a_million(catalog: Catalog) -> None:
    text = repr(propose("customers who spent over €1m", catalog).rules.root)
    assert "1000000" in text
