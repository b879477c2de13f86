"""A birthday said with its age as an ordinal ('their 50th birthday next month', 'leur 50e
anniversaire le mois prochain', 'ihren 50. Geburtstag nächsten Monat') reaches that age in the
period: the same audience as 'turning 50 next month'. A birthday with no age stays a birthday."""

from __future__ import annotations

import pytest

from audience.rules import IndicatorRule
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    ("ordinal", "turning"),
    [
        ("people having their 50th birthday next month", "customers turning 50 next month"),
        (
            "customers celebrating their 40th birthday in November",
            "customers turning 40 in November",
        ),
        (
            "clients qui fêtent leur 50e anniversaire le mois prochain",
            "clients qui auront 50 ans le mois prochain",
        ),
        (
            "Kunden, die nächsten Monat ihren 50. Geburtstag feiern",
            "Kunden, die nächsten Monat 50 werden",
        ),
    ],
)
def test_an_ordinal_birthday_is_turning_that_age(
    ordinal: str, turning: str, catalog: Catalog
) -> None:
    expected = propose(turning, catalog).rules
    assert any(isinstance(node, IndicatorRule) for _, node in expected.walk())
    result = propose(ordinal, catalog)
    assert result.rules.root == expected.root
    assert [entry.phrase for entry in result.coverage if entry.rule_path is None] == []


def test_a_birthday_with_no_age_stays_a_birthday(catalog: Catalog) -> None:
    rules = propose("customers with a birthday next month", catalog).rules
    assert not any(isinstance(node, IndicatorRule) for _, node in rules.walk())
