"""'This month' / 'cette année' on rows that may lie ahead (docs/time.md): a settled state
('cancelled', 'annulée', 'storniert') happened, so the period so far — up to the day before the
data's date; a row still to come takes the whole calendar period.

The cinema catalog's data date is Monday 2026-06-15; its bookings are future-dated and get a
state here (scheduled, cancelled, attended).
"""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import Condition, Op, Window, WindowKind
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import behaviors, propose


@pytest.fixture(scope="module")
def stated(cinema: Catalog) -> Catalog:
    bookings = cinema.table("bookings")
    state = Column(
        name="booking_state",
        type=ColumnType.STRING,
        description="Where the booking stands.",
        allowed_values=("scheduled", "cancelled", "attended"),
        value_synonyms={"cancelled": ("cancelled", "annulée", "annulé", "storniert")},
    )
    changed = bookings.model_copy(
        update={
            "columns": (*bookings.columns, state),
            "dimensions": (*bookings.dimensions, "booking_state"),
        }
    )
    tables = tuple(changed if t.name == "bookings" else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


def _window(first: str, last: str) -> Window:
    return Window(type=WindowKind.BETWEEN, start=date.fromisoformat(first),
                  end=date.fromisoformat(last))  # fmt: skip


@pytest.mark.parametrize(
    "request_text",
    [
        "members who cancelled a booking this month",
        "membres avec une réservation annulée ce mois-ci",
        "Mitglieder, deren Buchung diesen Monat storniert wurde",
    ],
)
def test_a_settled_state_this_month_is_the_month_so_far(request_text: str, stated: Catalog) -> None:
    (booking,) = behaviors(propose(request_text, stated).rules)
    assert Condition(field="booking_state", op=Op.EQ, value="cancelled") in booking.filters
    assert booking.window == _window("2026-06-01", "2026-06-14")


def test_a_row_still_to_come_this_month_is_the_whole_month(stated: Catalog) -> None:
    (booking,) = behaviors(propose("members with a booking this month", stated).rules)
    assert booking.window == _window("2026-06-01", "2026-06-30")
