"""A catalog word that is also a grammar word of the language ('live': a verb in English) reads
as the catalog's column when it stands before a word of that column's table ('live sport',
'a live comedy screening'), and the proposal says so — one neighbouring word settled it; anywhere
else it stays grammar ('members who live in York')."""

from __future__ import annotations

import pytest

from assistant.language import pack_for
from audience.rules import Attribute, Behavior, Condition, Op, column_label, event_label
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import propose


@pytest.fixture(scope="module")
def live_shows(cinema: Catalog) -> Catalog:
    """The cinema catalog whose bookings say whether the screening was a live broadcast."""
    bookings = cinema.table("bookings")
    live = Column(
        name="live_broadcast",
        type=ColumnType.BOOLEAN,
        description="A live broadcast (a concert, a match) rather than a film.",
        synonyms=("live",),
    )
    changed = bookings.model_copy(update={"columns": (*bookings.columns, live)})
    tables = tuple(changed if t.name == bookings.name else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


def _filters(request: str, catalog: Catalog) -> set[Condition]:
    (rule,) = propose(request, catalog).rules.root.rules
    assert isinstance(rule, Behavior)
    return set(rule.filters)


def test_a_grammar_word_before_a_value_of_its_table_is_the_column(live_shows: Catalog) -> None:
    assert Condition(field="live_broadcast", op=Op.EQ, value=True) in _filters(
        "members who booked live comedies", live_shows
    )


def test_the_same_word_as_a_verb_stays_grammar(live_shows: Catalog) -> None:
    result = propose("members who live in York", live_shows)
    assert result.rules.root.rules == (
        Attribute(field="moviegoers.home_town", op=Op.EQ, value="York"),
    )


@pytest.mark.parametrize(
    "request_text",
    ["viewers who watched live football in January", "people watching live sport on a tablet"],
)
def test_live_sport_is_the_live_flag_of_the_viewing(request_text: str, telecom: Catalog) -> None:
    rules = propose(request_text, telecom).rules.root.rules
    filters = {f for rule in rules if isinstance(rule, Behavior) for f in rule.filters}
    assert Condition(field="live", op=Op.EQ, value=True) in filters
    assert Condition(field="genre", op=Op.EQ, value="sport") in filters


def test_the_column_read_from_a_grammar_word_is_stated(live_shows: Catalog) -> None:
    result = propose("members who booked live comedies", live_shows)
    note = pack_for("en").say(
        "assume_column_word",
        phrase="live",
        field=column_label(live_shows, "bookings", "live_broadcast"),
        event=event_label(live_shows, "bookings"),
    )
    assert note in result.assumptions


def test_the_verb_states_nothing(live_shows: Catalog) -> None:
    assert propose("members who live in York", live_shows).assumptions == ()


def test_live_sport_is_stated_on_the_telecom_catalog(telecom: Catalog) -> None:
    result = propose("viewers who watched live football in January", telecom)
    note = pack_for("en").say(
        "assume_column_word",
        phrase="live",
        field=column_label(telecom, "viewing", "live"),
        event=event_label(telecom, "viewing"),
    )
    assert note in result.assumptions
