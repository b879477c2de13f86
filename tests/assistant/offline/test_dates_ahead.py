"""A month or a day range written without its year, on a date that may lie ahead (issue 12):
the occurrence nearest to the data's date — the next one when it is nearer — said in the
proposal; on dates that only look back, the last one, as before. Day ranges of one month
('between the 5th and the 10th') include both days, in English, French and German.

The cinema catalog's data date is 2026-06-15; its bookings are future-dated, its visits are not.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.language import load_pack
from assistant.offline.times import scan_time
from audience.rules import Attribute, Op, Window, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose

AS_OF = date(2026, 6, 15)


def _between(first: str, last: str) -> Window:
    return Window(
        type=WindowKind.BETWEEN, start=date.fromisoformat(first), end=date.fromisoformat(last)
    )


@pytest.mark.parametrize(
    "request_text",
    [
        "members with a screening in August",
        "membres avec une réservation en août",
        "Mitglieder mit einer Buchung im August",
    ],
)
def test_a_month_ahead_on_future_dated_events_is_the_next_one_and_said(
    request_text: str, cinema: Catalog
) -> None:
    result = propose(request_text, cinema)
    (booking,) = behaviors(result.rules)
    assert booking.window == _between("2026-08-01", "2026-08-31")
    assert len(result.assumptions) == 1


def test_the_same_month_on_past_events_is_the_last_one_unsaid(cinema: Catalog) -> None:
    result = propose("members who visited in August", cinema)
    (visit,) = behaviors(result.rules)
    assert visit.window == _between("2025-08-01", "2025-08-31")
    assert result.assumptions == ()


def test_a_month_that_just_ended_stays_in_the_past_unsaid(cinema: Catalog) -> None:
    result = propose("members with a screening in May", cinema)
    (booking,) = behaviors(result.rules)
    assert booking.window == _between("2026-05-01", "2026-05-31")
    assert result.assumptions == ()


def test_a_month_about_as_far_either_way_is_said(cinema: Catalog) -> None:
    result = propose("members with a screening in December", cinema)
    (booking,) = behaviors(result.rules)
    assert booking.window == _between("2025-12-01", "2025-12-31")
    assert len(result.assumptions) == 1


def test_months_joined_by_or_move_together(cinema: Catalog) -> None:
    result = propose("members with a screening in July or August", cinema)
    (booking,) = behaviors(result.rules)
    assert booking.window == _between("2026-07-01", "2026-08-31")


def test_a_profile_date_marked_future_reads_the_month_ahead(ending: Catalog) -> None:
    result = propose("members whose membership ends in September", ending)
    rules = [node for _, node in result.rules.walk() if isinstance(node, Attribute)]
    assert [(r.field, r.op, r.value) for r in rules] == [
        ("moviegoers.membership_ends_on", Op.BETWEEN, ("2026-09-01", "2026-09-30"))
    ]
    assert len(result.assumptions) == 1


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("en", "between july 5 th and 10 th"),
        ("fr", "du 5 au 10 juillet"),
        ("de", "vom 5 bis 10 juli"),
        ("en", "5 to 10 july"),  # days before a month need no opener
        ("en", "5 - 10 july"),
        ("fr", "5 au 10 juillet"),
        ("de", "5 bis 10 juli"),
    ],
)
def test_a_range_of_days_in_one_month_includes_both_days(code: str, words: str) -> None:
    found = scan_time(words.split(), 0, AS_OF, load_pack(code))
    assert found is not None
    length, spec = found
    assert length == len(words.split())
    assert spec.window == _between("2025-07-05", "2025-07-10")
    assert spec.next_reading == (_between("2026-07-05", "2026-07-10"),)


@pytest.mark.parametrize("words", ["between 2 and 5 bookings", "2 to 5 bookings in july"])
def test_a_range_of_numbers_is_not_a_range_of_days(words: str) -> None:
    assert scan_time(words.split(), 0, AS_OF, load_pack("en")) is None


def test_a_day_range_ahead_dates_future_events(cinema: Catalog) -> None:
    result = propose("members with a screening between June 20th and 25th", cinema)
    (booking,) = behaviors(result.rules)
    assert booking.window == _between("2026-06-20", "2026-06-25")
