"""A vague word that is also a state of an event ('active' subscriptions, 'abonnements actifs',
'aktive Abonnements') is that state when the event it qualifies is named next to it — before
or after it, a value of that same event possibly between them ('an active TV subscription') —
and the proposal says which value it read, since one neighbouring word settled it.
Alone ('active customers') it stays vague and is asked about."""

from __future__ import annotations

import pytest

from assistant import Clarification
from assistant.language import pack_for
from audience.rules import Behavior, Condition, Op
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import PLANNER, propose


@pytest.mark.parametrize(
    ("request_text", "service"),
    [
        ("accounts holding active subscriptions", None),
        ("accounts holding an active broadband subscription", "broadband"),
        ("comptes avec un abonnement internet actif", "broadband"),
        ("comptes avec des abonnements actifs", None),
        ("Konten mit aktiven Abonnements", None),
    ],
)
def test_the_named_event_settles_its_state(
    request_text: str, service: str | None, telecom: Catalog
) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior)
    assert rule.event == "subscriptions"
    assert Condition(field="status", op=Op.EQ, value="active") in rule.filters
    if service is not None:
        assert Condition(field="service", op=Op.EQ, value=service) in rule.filters


def test_the_vague_word_alone_is_still_asked(telecom: Catalog) -> None:
    assert isinstance(PLANNER.plan("active accounts", None, telecom), Clarification)


@pytest.fixture(scope="module")
def booking_states(cinema: Catalog) -> Catalog:
    """The cinema catalog whose bookings are active, used or cancelled."""
    bookings = cinema.table("bookings")
    state = Column(
        name="booking_state",
        type=ColumnType.STRING,
        description="Where the booking stands.",
        allowed_values=("active", "used", "cancelled"),
    )
    changed = bookings.model_copy(
        update={
            "columns": (*bookings.columns, state),
            "dimensions": (*bookings.dimensions, state.name),
        }
    )
    tables = tuple(changed if t.name == bookings.name else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


def test_a_state_before_its_event_on_another_catalog(booking_states: Catalog) -> None:
    (rule,) = propose("members with active bookings", booking_states).rules.root.rules
    assert isinstance(rule, Behavior)
    assert rule.event == "bookings"
    assert Condition(field="booking_state", op=Op.EQ, value="active") in rule.filters


@pytest.mark.parametrize(
    ("request_text", "lang", "word"),
    [
        ("accounts holding an active broadband subscription", "en", "active"),
        ("comptes avec un abonnement internet actif", "fr", "actif"),
        ("Konten mit aktiven Abonnements", "de", "aktiven"),
    ],
)
def test_the_state_settled_by_its_neighbour_is_stated(
    request_text: str, lang: str, word: str, telecom: Catalog
) -> None:
    result = propose(request_text, telecom)
    note = pack_for(lang).say("assume_value_word", phrase=word, value="active")
    assert note in result.assumptions


def test_a_state_before_its_event_is_stated_on_another_catalog(booking_states: Catalog) -> None:
    result = propose("members with active bookings", booking_states)
    assert pack_for("en").say("assume_value_word", phrase="active", value="active") in (
        result.assumptions
    )
