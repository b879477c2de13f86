"""Time on the right column (issue 12): a verb of ending next to a time dates the column the
catalog labels as an end ('runs out in the next 10 days', 'se termine le mois prochain', 'im
April ausläuft'); 'last' before a table of attributes dates its one column labelled 'last'
('last app visit over 30 days ago'); 'this weekend' is Saturday and Sunday of the week.

Built on the cinema catalog (data date Monday 2026-06-15) with a season pass that ends, a
membership that ends, and a club app whose last opening is kept.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.language import load_pack
from assistant.offline.times import scan_time
from audience.rules import Attribute, Condition, Op, Window, WindowKind
from schema_catalog import Catalog, Column, ColumnType, Join, Relationship, Table, TableKind
from tests.support.planning import behaviors, propose


def _column(name: str, kind: ColumnType, **extra: object) -> Column:
    return Column(name=name, type=kind, description=f"The {name}.", **extra)  # type: ignore[arg-type]


def _passes() -> Table:
    return Table(
        name="passes",
        kind=TableKind.EVENT,
        sources=("club",),
        description="Season passes bought by members.",
        synonyms=("pass", "passes", "season pass", "abonnement", "Dauerkarte"),
        key="pass_ref",
        join=Join(column="member_ref", relationship=Relationship.ONE_TO_MANY),
        timestamp="bought_at",
        dimensions=("pass_state",),
        columns=(
            _column("pass_ref", ColumnType.STRING),
            _column("member_ref", ColumnType.STRING),
            _column("bought_at", ColumnType.TIMESTAMP, synonyms=("bought",)),
            _column("valid_until", ColumnType.DATE, label="Pass end", future_dates=True),
            _column("pass_state", ColumnType.STRING, allowed_values=("active", "used_up")),
        ),
    )


def _club_app(*last: str) -> Table:
    return Table(
        name="club_app",
        kind=TableKind.ATTRIBUTE,
        sources=("club",),
        description="The member's club app account.",
        synonyms=("app", "club app", "App"),
        join=Join(column="member_ref"),
        columns=(
            _column("member_ref", ColumnType.STRING),
            _column("installed_on", ColumnType.DATE, synonyms=("installed",)),
            *(_column(name, ColumnType.TIMESTAMP, label="Last opened") for name in last),
        ),
    )


def _extended(cinema: Catalog, *last: str) -> Catalog:
    members = cinema.table("moviegoers")
    ends = _column(
        "membership_ends_on",
        ColumnType.DATE,
        label="Membership end",
        labels={"fr": "Fin d'adhésion", "de": "Mitgliedschaftsende"},
        future_dates=True,
    )
    level = members.column("club_level").model_copy(
        update={"synonyms": ("membership", "adhésion", "Mitgliedschaft")}
    )
    columns = tuple(level if c.name == "club_level" else c for c in members.columns)
    changed = members.model_copy(update={"columns": (*columns, ends)})
    tables = tuple(changed if t.name == "moviegoers" else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": (*tables, _passes(), _club_app(*last))})


@pytest.fixture(scope="module")
def club(cinema: Catalog) -> Catalog:
    return _extended(cinema, "last_opened_at")


def _attributes(catalog: Catalog, request: str) -> list[tuple[str, Op, object]]:
    rules = propose(request, catalog).rules.walk()
    return [(n.field, n.op, n.value) for _, n in rules if isinstance(n, Attribute)]


@pytest.mark.parametrize(
    "request_text",
    [
        "members whose membership runs out in the next 30 days",
        "membres dont l'adhésion se termine dans les 30 prochains jours",
        "Mitglieder, deren Mitgliedschaft in den nächsten 30 Tagen ausläuft",
    ],
)
def test_an_end_verb_dates_the_column_labelled_as_the_end(request_text: str, club: Catalog) -> None:
    assert _attributes(club, request_text) == [
        ("moviegoers.membership_ends_on", Op.WITHIN_NEXT, 30)
    ]


def test_an_end_verb_on_an_event_dates_its_end_and_the_row_still_running(club: Catalog) -> None:
    result = propose("members with a season pass that runs out within the next 10 days", club)
    (held,) = behaviors(result.rules)
    assert held.event == "passes" and held.window is None
    assert Condition(field="valid_until", op=Op.WITHIN_NEXT, value=10, unit="day") in held.filters
    assert Condition(field="pass_state", op=Op.EQ, value="active") in held.filters


def test_an_end_verb_with_no_end_column_is_reported(cinema: Catalog) -> None:
    result = propose("members in Leeds whose level runs out in the next 30 days", cinema)
    unread = [item.phrase for item in result.coverage if item.rule_path is None]
    assert any("runs out" in phrase for phrase in unread), result.coverage


@pytest.mark.parametrize(
    "request_text",
    [
        "members whose last app use was more than 30 days ago",
        "Mitglieder, deren letzte App-Nutzung mehr als 30 Tage zurückliegt",
    ],
)
def test_last_before_a_table_dates_its_column_labelled_last(
    request_text: str, club: Catalog
) -> None:
    assert _attributes(club, request_text) == [("club_app.last_opened_at", Op.LT, "2026-05-16")]


def test_a_table_with_two_last_dates_is_not_guessed(cinema: Catalog) -> None:
    twice = _extended(cinema, "last_opened_at", "last_paid_at")
    result = propose("members whose last app use was more than 30 days ago", twice)
    fields = [n.field for _, n in result.rules.walk() if isinstance(n, Attribute)]
    assert "club_app.last_opened_at" not in fields and "club_app.last_paid_at" not in fields
    assert any(item.rule_path is None for item in result.coverage)


@pytest.mark.parametrize(
    ("code", "words", "saturday"),
    [
        ("en", "this weekend", "2026-06-20"),
        ("fr", "ce week end", "2026-06-20"),
        ("de", "dieses wochenende", "2026-06-20"),
        ("en", "last weekend", "2026-06-13"),
        ("fr", "le week end dernier", "2026-06-13"),
        ("de", "letztes wochenende", "2026-06-13"),
    ],
)
def test_a_weekend_is_saturday_and_sunday_of_its_week(code: str, words: str, saturday: str) -> None:
    found = scan_time(words.split(), 0, date(2026, 6, 15), load_pack(code))
    assert found is not None and found[0] == len(words.split())
    first = date.fromisoformat(saturday)
    assert found[1].window == Window(
        type=WindowKind.BETWEEN, start=first, end=first.replace(day=first.day + 1)
    )


def test_a_screening_this_weekend_is_planned_on_those_two_days(cinema: Catalog) -> None:
    result = propose("members with a screening this weekend", cinema)
    (booking,) = behaviors(result.rules)
    assert booking.window == Window(
        type=WindowKind.BETWEEN, start=date(2026, 6, 20), end=date(2026, 6, 21)
    )


def test_a_window_with_no_direction_on_an_end_date_looks_ahead(club: Catalog) -> None:
    assert _attributes(club, "members whose membership ends within 30 days") == [
        ("moviegoers.membership_ends_on", Op.WITHIN_NEXT, 30)
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "members whose membership runs out this year",
        "membres dont l'adhésion se termine cette année",
        "Mitglieder, deren Mitgliedschaft dieses Jahr ausläuft",
    ],
)
def test_this_period_on_a_date_ahead_is_the_whole_calendar_period(
    request_text: str, club: Catalog
) -> None:
    assert _attributes(club, request_text) == [
        ("moviegoers.membership_ends_on", Op.BETWEEN, ("2026-01-01", "2026-12-31"))
    ]


def test_this_period_on_an_event_date_ahead_bounds_its_filter(club: Catalog) -> None:
    result = propose("members with a season pass that runs out this month", club)
    (held,) = behaviors(result.rules)
    ends = Condition(field="valid_until", op=Op.BETWEEN, value=("2026-06-01", "2026-06-30"))
    assert ends in held.filters


def test_this_period_on_a_past_date_stays_up_to_the_data_date(club: Catalog) -> None:
    assert _attributes(club, "members who joined this year") == [
        ("moviegoers.joined_on", Op.GTE, "2026-01-01")
    ]


@pytest.fixture(scope="module")
def plans(cinema: Catalog) -> Catalog:
    """The cinema catalog with a plan end date named nowhere else in the catalog."""
    members = cinema.table("moviegoers")
    ends = _column(
        "plan_ends_on",
        ColumnType.DATE,
        label="Plan end",
        labels={"fr": "Fin de formule", "de": "Tarif-Ende"},
        future_dates=True,
    )
    changed = members.model_copy(update={"columns": (*members.columns, ends)})
    tables = tuple(changed if t.name == "moviegoers" else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


@pytest.mark.parametrize(
    "request_text",
    [
        "members whose plan ends next month",
        "membres dont la formule se termine le mois prochain",
        "Mitglieder, deren Tarif nächsten Monat endet",
    ],
)
def test_a_word_of_an_end_date_label_before_an_end_verb_names_that_date(
    request_text: str, plans: Catalog
) -> None:
    assert _attributes(plans, request_text) == [
        ("moviegoers.plan_ends_on", Op.BETWEEN, ("2026-07-01", "2026-07-31"))
    ]
