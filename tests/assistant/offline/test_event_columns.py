"""A catalog's own columns settle words a new user writes (found by a trial on a gym database):
an event's 'booked_at' is what 'booked in the last 7 days' dates; a word that is a value of a
profile column is offered as that value when it is also a vague word; a value named like a word
of the language ('Plus') is the value when the user writes it as a name, and one named with a
number ('12-month pass') is that value, not a time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import Clarification
from audience.rules import Attribute, Op
from schema_catalog import Catalog, load_catalog
from tests.support.planning import CINEMA, PLANNER, behaviors, propose

BOOKED_AT = "  - {name: booked_at, type: timestamp, description: When the seats were booked.}\n"
STATUS = """  - name: membership_status
    type: string
    description: Whether the membership runs.
    allowed_values: [active, paused, ended]
  - name: pass_name
    type: string
    description: The pass the member holds.
    synonyms: [pass]
    allowed_values: [plus, basic]
    value_synonyms:
      basic: [basic, 12-month pass, 12 month pass]
"""


@pytest.fixture(scope="module")
def club(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The cinema catalog with a booking time apart from the show date, and a status column."""
    folder = tmp_path_factory.mktemp("club") / "catalog"
    shutil.copytree(CINEMA, folder)
    _append(folder / "tables" / "bookings.yml", BOOKED_AT)
    _append(folder / "tables" / "moviegoers.yml", STATUS)
    return load_catalog(folder)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_time_on_the_verb_of_an_events_date_column_dates_that_column(club: Catalog) -> None:
    (booking,) = behaviors(propose("members who booked during the past 10 days", club).rules)
    assert booking.window is None
    assert [(f.field, f.op, f.value) for f in booking.filters] == [
        ("booked_at", Op.WITHIN_LAST, 10)
    ]


def test_the_events_own_time_still_dates_the_event(club: Catalog) -> None:
    (booking,) = behaviors(propose("members with a screening in the next 2 weeks", club).rules)
    assert booking.filters == () and booking.window is not None


def test_a_vague_word_that_is_a_catalog_value_offers_that_value(club: Catalog) -> None:
    result = PLANNER.plan("active platinum members", None, club)
    assert isinstance(result, Clarification)
    first = result.options[0].rules
    assert first is not None
    assert Attribute(field="moviegoers.membership_status", op=Op.EQ, value="active") in (
        first.root.rules
    )


def test_an_options_reading_leaves_the_other_words_as_they_read(club: Catalog) -> None:
    result = PLANNER.plan("active members living in Hull", None, club)
    assert isinstance(result, Clarification) and len(result.options) >= 3
    home = Attribute(field="moviegoers.home_town", op=Op.EQ, value="Hull")
    for option in result.options:
        assert option.rules is not None and home in option.rules.root.rules, option.label
        assert all(not b.filters for b in behaviors(option.rules)), option.label


def test_a_value_written_as_a_name_is_the_value_not_the_word(club: Catalog) -> None:
    result = propose("members in York on the Plus pass", club)
    assert (
        Attribute(field="moviegoers.pass_name", op=Op.EQ, value="plus") in result.rules.root.rules
    )


def test_the_same_word_written_as_grammar_stays_grammar(club: Catalog) -> None:
    rules = propose("platinum members plus members in York", club).rules.root.rules
    assert all(getattr(rule, "field", None) != "moviegoers.pass_name" for rule in rules)


def test_a_value_named_with_a_number_is_the_value_not_a_time(club: Catalog) -> None:
    result = propose("members on a 12 month pass", club)
    assert result.rules.root.rules == (
        Attribute(field="moviegoers.pass_name", op=Op.EQ, value="basic"),
    )
    (visit,) = behaviors(propose("members who visited in the last 12 months", club).rules)
    assert visit.window is not None and visit.window.amount == 12


@pytest.mark.parametrize(
    "request_text",
    ["members with a drama booked in the next 5 days", "members with a drama booked next week"],
)
def test_a_window_ahead_dates_the_row_itself_not_when_it_was_booked(
    request_text: str, club: Catalog
) -> None:
    (booking,) = behaviors(propose(request_text, club).rules)
    assert booking.window is not None
    assert all(condition.field != "booked_at" for condition in booking.filters)


@pytest.mark.parametrize(
    "request_text",
    ["members who haven't visited in a month", "members who have not visited for a week"],
)
def test_a_spelled_one_unit_window_is_kept(request_text: str, cinema: Catalog) -> None:
    (visit,) = behaviors(propose(request_text, cinema).rules)
    assert visit.negate and visit.window is not None and visit.window.amount == 1
