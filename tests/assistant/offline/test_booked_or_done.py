"""A choice two events record — once when booked (a table of future events), once when done —
is read by the sentence: a word of one of the two events settles it; otherwise a clause looking
ahead ('next week', 'booked') means the booking and any other the event that happened, with the
choice stated. A value two events record with different meanings still asks.
"""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal, plan
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import PLANNER, behaviors


@pytest.fixture(scope="module")
def seated(cinema: Catalog) -> Catalog:
    """The cinema catalog whose visits also record the seat class the booking had."""
    visits = cinema.table("visits")
    bookings = cinema.table("bookings")
    (booked,) = [column for column in bookings.columns if column.name == "seat_class"]
    seat = Column(
        name="seat_class",
        type=ColumnType.STRING,
        description="Class of the seat sat in.",
        allowed_values=booked.allowed_values,
        value_synonyms=booked.value_synonyms,
    )
    changed = visits.model_copy(
        update={
            "columns": (*visits.columns, seat),
            "dimensions": (*visits.dimensions, "seat_class"),
        }
    )
    tables = tuple(changed if t.name == "visits" else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


@pytest.mark.parametrize(
    ("request_text", "event"),
    [
        ("members who had premium seats in the last 3 months", "visits"),
        ("members with premium seats in the next 2 weeks", "bookings"),
        ("members with premium seats planned in the next 2 weeks", "bookings"),
    ],
)
def test_the_clause_time_says_booked_or_done(
    request_text: str, event: str, seated: Catalog
) -> None:
    result = plan(request_text, None, seated)
    assert isinstance(result, Proposal), result
    (behavior,) = behaviors(result.rules)
    assert behavior.event == event
    assert [(f.field, f.value) for f in behavior.filters] == [("seat_class", "upgrade")]


def test_the_choice_is_stated(seated: Catalog) -> None:
    result = plan("members who had premium seats in the last 3 months", None, seated)
    assert isinstance(result, Proposal)
    assert [issue.code for issue in result.warnings] == ["event_guessed"]


@pytest.mark.parametrize(
    ("request_text", "status"),
    [
        ("shoppers who missed a drive pickup this year", "missed"),
        ("clients qui ont raté un retrait drive cette année", "missed"),
        ("clients avec une livraison à domicile prévue ce week-end", "scheduled"),
    ],
)
def test_a_word_of_the_bookings_settles_it(
    request_text: str, status: str, grocery: Catalog
) -> None:
    """A state only the bookings have ('missed', 'prévue') makes the value theirs."""
    result = plan(request_text, None, grocery)
    assert isinstance(result, Proposal), result
    (behavior,) = behaviors(result.rules)
    assert behavior.event == "online_orders"
    assert ("status", status) in {(f.field, f.value) for f in behavior.filters}


def test_a_value_of_two_unrelated_dimensions_still_asks(cinema: Catalog) -> None:
    """'standard' is a seat class of the bookings and a screen of the visits: not one choice."""
    asked = PLANNER.plan("standard members in the last 2 weeks", None, cinema)
    assert isinstance(asked, Clarification) and len(asked.options) == 2


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who used the drive in the last month",
        "clients qui ont utilisé le drive le mois dernier",
        "Kunden, die letzten Monat den Drive genutzt haben",
    ],
)
def test_using_a_service_is_doing_it(request_text: str, grocery: Catalog) -> None:
    """'used', 'utilisé', 'genutzt' are the verb of the behaviour, not a coupon's state."""
    result = plan(request_text, None, grocery)
    assert isinstance(result, Proposal), result
    assert [b.event for b in behaviors(result.rules)] == ["baskets"]
    assert not result.dropped_phrases
