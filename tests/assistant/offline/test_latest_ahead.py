"""The latest of future-dated rows more than N months ago ('last screening more than 6 months
ago', 'most recent trial ended over a year ago'): none from the bound on, the rows still ahead
included — a booking still to come is more recent. The cinema catalog's data date is
2026-06-15; its bookings are future-dated."""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import Window, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "members whose last screening was more than 6 months ago",
        "membres dont la dernière réservation remonte à plus de 6 mois",
        "Mitglieder, deren letzte Buchung mehr als 6 Monate zurückliegt",
    ],
)
def test_latest_future_dated_row_that_old_has_none_since_ahead_included(
    request_text: str, cinema: Catalog
) -> None:
    """A booking still ahead is more recent than 6 months ago: none from the bound on, not
    merely none in the 6 months up to the data's date."""
    rules = behaviors(propose(request_text, cinema).rules)
    since = Window(type=WindowKind.SINCE, start=date(2025, 12, 15))
    assert {(r.event, r.window, r.negate) for r in rules} == {
        ("bookings", None, False),
        ("bookings", since, True),
    }
