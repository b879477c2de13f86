"""A holiday where a period starts or ends is its day: 'since Christmas' counts from 25 December,
'avant le jour de l'an' ends on 31 December; where a holiday is the period itself ('at Christmas',
'in December') it stays a stretch of months. The days are data in each language's periods pack."""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who haven't ordered anything since Xmas",
        "clients sans aucune commande depuis Noël",
        "Kunden ohne Bestellung seit Weihnachten",
    ],
)
def test_since_a_holiday_starts_on_its_day(request_text: str, catalog: Catalog) -> None:
    (since,) = [b for b in behaviors(propose(request_text, catalog).rules) if b.negate]
    assert since.window is not None and since.window.type is WindowKind.SINCE
    assert since.window.start == date(2025, 12, 25)


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who placed an order before New Year's Day 2026",
        "clients qui ont commandé avant le jour de l'an 2026",
        "Kunden, die vor Neujahr 2026 bestellt haben",
    ],
)
def test_before_a_holiday_ends_the_day_before(request_text: str, catalog: Catalog) -> None:
    (before,) = behaviors(propose(request_text, catalog).rules)
    assert before.window is not None and before.window.type is WindowKind.BEFORE
    assert before.window.end == date(2026, 1, 1)


def test_a_holiday_without_a_bound_stays_its_season(catalog: Catalog) -> None:
    """'since Halloween 2025' is a day; 'bought in December' is the month, untouched."""
    (since,) = behaviors(propose("customers who ordered since Halloween 2025", catalog).rules)
    assert since.window is not None and since.window.start == date(2025, 10, 31)
    (month,) = behaviors(propose("customers who ordered in December", catalog).rules)
    assert month.window is not None
    assert (month.window.start, month.window.end) == (date(2025, 12, 1), date(2025, 12, 31))
