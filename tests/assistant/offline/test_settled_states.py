"""A state on the row decides which way an undated month reads (issue 12): a settled state
written as such ('renewed in August') keeps the month back; another form of the event's word
('se renouvelle en août') that the catalog only knows as a settled state is overruled by a
window wholly ahead, and the state still to come is taken — said. A word that is both an event
and a value of the event named right after it ('open air visit') qualifies that event.

The cinema catalog (data date 2026-06-15) with renewals of memberships, future-dated.
"""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import Aggregate, AggregateFunc, Condition, Op, Window, WindowKind
from schema_catalog import Catalog, Column, ColumnType, Join, Relationship, Table, TableKind
from tests.support.planning import behaviors, propose


def _column(name: str, kind: ColumnType, **extra: object) -> Column:
    return Column(name=name, type=kind, description=f"The {name}.", **extra)  # type: ignore[arg-type]


def _renewals() -> Table:
    state = _column(
        "state",
        ColumnType.STRING,
        allowed_values=("done", "due"),
        value_synonyms={"done": ("renewed", "renouvelé", "verlängert"), "due": ("due",)},
    )
    return Table(
        name="renewals",
        kind=TableKind.EVENT,
        sources=("club",),
        description="Membership renewals, past and scheduled.",
        synonyms=("renewal", "renewals", "renouvellement", "Verlängerung"),
        join=Join(column="member_ref", relationship=Relationship.ONE_TO_MANY),
        timestamp="renewal_on",
        future_events=True,
        dimensions=("state",),
        columns=(
            _column("member_ref", ColumnType.STRING),
            _column("renewal_on", ColumnType.DATE),
            state,
        ),
    )


def _outdoor() -> Table:
    return Table(
        name="outdoor_events",
        kind=TableKind.EVENT,
        sources=("club",),
        description="Open-air events the member signed up to.",
        synonyms=("open air", "open air event"),
        join=Join(column="member_ref", relationship=Relationship.ONE_TO_MANY),
        timestamp="held_on",
        columns=(_column("member_ref", ColumnType.STRING), _column("held_on", ColumnType.DATE)),
    )


@pytest.fixture(scope="module")
def club(cinema: Catalog) -> Catalog:
    return cinema.model_copy(update={"tables": (*cinema.tables, _renewals(), _outdoor())})


def _window(first: str, last: str) -> Window:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return Window(type=WindowKind.BETWEEN, start=start, end=end)


def test_a_settled_state_written_as_such_keeps_the_month_back(club: Catalog) -> None:
    result = propose("members who renewed in August", club)
    (renewal,) = behaviors(result.rules)
    assert renewal.window == _window("2025-08-01", "2025-08-31")
    assert renewal.filters == (Condition(field="state", op=Op.EQ, value="done"),)


@pytest.mark.parametrize(
    "request_text",
    ["membres dont l'adhésion se renouvelle en août", "Mitglieder, die sich im August verlängern"],
)
def test_another_form_of_the_word_is_overruled_by_a_window_ahead(
    request_text: str, club: Catalog
) -> None:
    result = propose(request_text, club)
    (renewal,) = behaviors(result.rules)
    assert renewal.window == _window("2026-08-01", "2026-08-31")
    assert renewal.filters == (Condition(field="state", op=Op.EQ, value="due"),)
    assert len(result.assumptions) == 2  # the state still to come, and the month ahead


def test_a_word_naming_an_event_and_a_value_of_the_next_one_qualifies_it(club: Catalog) -> None:
    result = propose("members whose last open air visit was more than 30 days ago", club)
    (visit,) = behaviors(result.rules)
    assert visit.event == "visits"
    assert visit.filters == (Condition(field="screen", op=Op.EQ, value="outdoor"),)
    assert visit.aggregate == Aggregate(func=AggregateFunc.DAYS_SINCE_LAST, op=Op.GT, value=30)
