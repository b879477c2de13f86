"""Windows ahead of the data's date (issue 12, pattern 9): a row dated ahead may already be
settled, so a window ahead implies the state of a row still to come — said, never silent; a bare
'coming up' is a real window; 'next week' is the next calendar week; a word whose other readings
cannot be dated ahead is settled by the time phrase.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification, Proposal
from audience.rules import Behavior, Condition, Op, Window, WindowKind
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import PLANNER, behaviors, propose


def _with_states(cinema: Catalog, values: tuple[str, ...], **synonyms: tuple[str, ...]) -> Catalog:
    """The cinema catalog whose bookings carry a ``state`` column with ``values``."""
    bookings = cinema.table("bookings")
    state = Column(
        name="state",
        type=ColumnType.STRING,
        description="Where the booking stands.",
        allowed_values=values,
        value_synonyms=dict(synonyms),
    )
    changed = bookings.model_copy(
        update={
            "columns": (*bookings.columns, state),
            "dimensions": (*bookings.dimensions, "state"),
        }
    )
    tables = tuple(changed if t.name == "bookings" else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


@pytest.fixture(scope="module")
def stated(cinema: Catalog) -> Catalog:
    return _with_states(cinema, ("confirmed", "attended", "void"), confirmed=("scheduled",))


def _state(behavior: Behavior) -> list[Condition]:
    return [c for c in behavior.filters if c.field == "state"]


@pytest.mark.parametrize(
    "request_text",
    [
        "members with a screening in the next 10 days",
        "members with a screening coming up",
        "members with a booking still to come",
    ],
)
def test_a_window_ahead_implies_the_state_still_to_come_and_says_so(
    request_text: str, stated: Catalog
) -> None:
    result = propose(request_text, stated)
    (booking,) = behaviors(result.rules)
    assert _state(booking) == [Condition(field="state", op=Op.EQ, value="confirmed")]
    assert len(result.assumptions) == 1


@pytest.mark.parametrize(
    "request_text",
    [
        "porteurs avec une commande en ligne à venir",
        "Karteninhaber mit einer anstehenden Bestellung",
    ],
)
def test_french_and_german_words_for_ahead_imply_the_state_too(
    request_text: str, grocery: Catalog
) -> None:
    result = propose(request_text, grocery)
    (order,) = behaviors(result.rules)
    assert Condition(field="status", op=Op.EQ, value="scheduled") in order.filters
    assert order.window == Window(type=WindowKind.SINCE, start=grocery.as_of.date())
    assert len(result.assumptions) == 1


def test_a_state_the_request_names_is_kept(stated: Catalog) -> None:
    result = propose("members with a void booking in the next 10 days", stated)
    (booking,) = behaviors(result.rules)
    assert _state(booking) == [Condition(field="state", op=Op.EQ, value="void")]
    assert not result.assumptions


def test_a_running_state_is_implied_when_none_is_still_to_come(cinema: Catalog) -> None:
    running = _with_states(cinema, ("live", "used", "lapsed"))
    (booking,) = behaviors(propose("members with a booking in the next 10 days", running).rules)
    assert _state(booking) == [Condition(field="state", op=Op.EQ, value="live")]


def test_two_states_still_to_come_of_one_column_are_both_kept(cinema: Catalog) -> None:
    two = _with_states(cinema, ("pending", "planned", "done"))
    (booking,) = behaviors(propose("members with a booking in the next 10 days", two).rules)
    assert _state(booking) == [Condition(field="state", op=Op.IN, value=["pending", "planned"])]


def test_no_state_column_means_nothing_implied(cinema: Catalog) -> None:
    result = propose("members with a booking in the next 10 days", cinema)
    (booking,) = behaviors(result.rules)
    assert not _state(booking) and not result.assumptions


def test_a_window_looking_back_implies_no_state(stated: Catalog) -> None:
    (booking,) = behaviors(propose("members with a booking in the last 10 days", stated).rules)
    assert not _state(booking)


def test_coming_up_is_a_window_from_the_data_date_on(cinema: Catalog) -> None:
    (booking,) = behaviors(propose("members with a horror screening coming up", cinema).rules)
    assert booking.window == Window(type=WindowKind.SINCE, start=date(2026, 6, 15))


def test_coming_up_on_events_that_only_look_back_is_asked(cinema: Catalog) -> None:
    result = PLANNER.plan("members with an imax visit coming up", None, cinema)
    assert not isinstance(result, Proposal)


@pytest.mark.parametrize(
    ("request_text", "window", "calendar"),
    [
        ("members with a booking next week", (date(2026, 6, 22), date(2026, 6, 28)), True),
        ("members with a booking next month", (date(2026, 7, 1), date(2026, 7, 31)), True),
        ("membres avec une réservation la semaine prochaine", (date(2026, 6, 22), None), True),
        ("members with a booking in the next week", None, False),
    ],
)
def test_a_bare_next_period_is_the_next_calendar_one_and_says_so(
    request_text: str, window: tuple[date, date | None] | None, calendar: bool, cinema: Catalog
) -> None:
    result = propose(request_text, cinema)
    (booking,) = behaviors(result.rules)
    assert booking.window is not None
    if window is None:
        assert booking.window.type is WindowKind.NEXT and not result.assumptions
        return
    assert booking.window.type is WindowKind.BETWEEN and booking.window.start == window[0]
    assert window[1] is None or booking.window.end == window[1]
    assert len(result.assumptions) == 1


def test_a_word_whose_other_reading_cannot_be_ahead_is_settled_by_the_time(
    cinema: Catalog,
) -> None:
    # 'standard' is a seat class of bookings (dated ahead) and a screen of visits (past only).
    result = propose("members with standard next week", cinema)
    (booking,) = behaviors(result.rules)
    assert booking.event == "bookings"
    looking_back = PLANNER.plan("standard members in the last 2 weeks", None, cinema)
    assert isinstance(looking_back, Clarification) and len(looking_back.options) == 2
