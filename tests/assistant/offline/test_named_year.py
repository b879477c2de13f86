"""A year named with the language's word for a year ('the year 2025', 'calendar year 2025',
"sur l'année 2025", 'im Jahr 2025') is that calendar year, as a bare 'in 2025' is; a number
that is no year ('more than 2025 points') stays a number."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought shoes during the year 2025",
        "customers who ordered bags in calendar year 2025",
        "clientes qui ont acheté des chaussures sur l'année 2025",
        "clients ayant commandé en ligne pendant l'année civile 2025",
        "Kunden, die im Jahr 2025 Schuhe gekauft haben",
        "Kunden, die im Kalenderjahr 2025 online bestellt haben",
    ],
)
def test_a_named_year_is_that_calendar_year(request_text: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    (behavior,) = behaviors(result.rules)
    window = behavior.window
    assert window is not None and window.type is WindowKind.BETWEEN
    assert (str(window.start), str(window.end)) == ("2025-01-01", "2025-12-31")
    assert not result.dropped_phrases


def test_a_number_after_a_comparison_is_no_year(grocery: Catalog) -> None:
    result = propose("porteurs de carte avec plus de 2025 points", grocery)
    (balance,) = [n for _, n in result.rules.walk() if isinstance(n, Attribute)]
    assert (balance.field, balance.value) == ("cardholders.points_balance", 2025)
