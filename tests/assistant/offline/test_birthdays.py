"""Birthdays (issue 12): a time on the day a birth date comes round each year is a month and day,
any year — 'in the next 2 weeks', a month named without its year (its next occurrence), 'this
month' (the whole calendar month) — in English, French and German. The words are the packs'
(``periods.birthday``); the date is the catalog's date marked ``anniversaries: true``.

The cinema catalog's data date is 2026-06-15; a birth date is added to its members here.
"""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Op
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import PLANNER, propose

BORN = "moviegoers.born_on"


@pytest.fixture(scope="module")
def birthdays(cinema: Catalog) -> Catalog:
    """The cinema catalog with a personal birth date open to anniversary rules, unnamed."""
    born = Column(name="born_on", type=ColumnType.DATE, pii=True, anniversaries=True)
    tables = tuple(
        t.model_copy(update={"columns": (*t.columns, born)}) if t.name == "moviegoers" else t
        for t in cinema.tables
    )
    return cinema.model_copy(update={"tables": tables})


def _yearly(result: Proposal) -> list[tuple[str, Op, object, object]]:
    return [
        (node.field, node.op, node.value, node.unit and node.unit.value)
        for _, node in result.rules.walk()
        if isinstance(node, Attribute)
    ]


@pytest.mark.parametrize(
    ("request_text", "amount", "unit"),
    [
        ("members with a birthday in the next 2 weeks", 2, "week"),
        ("membres dont l'anniversaire est dans les 10 prochains jours", 10, "day"),
        ("Mitglieder mit Geburtstag in den nächsten 7 Tagen", 7, "day"),
    ],
)
def test_a_birthday_ahead_is_the_month_and_day_in_the_coming_days(
    request_text: str, amount: int, unit: str, birthdays: Catalog
) -> None:
    result = propose(request_text, birthdays)
    assert _yearly(result) == [(BORN, Op.ANNIVERSARY_WITHIN_NEXT, amount, unit)]


@pytest.mark.parametrize(
    "request_text",
    [
        "members whose birthday is in March",
        "membres qui ont leur anniversaire en mars",
        "Mitglieder, die im März Geburtstag haben",
    ],
)
def test_a_birthday_month_without_its_year_is_the_next_one(
    request_text: str, birthdays: Catalog
) -> None:
    result = propose(request_text, birthdays)
    assert _yearly(result) == [(BORN, Op.ANNIVERSARY_BETWEEN, ("2027-03-01", "2027-03-31"), None)]


@pytest.mark.parametrize(
    "request_text",
    [
        "members with a birthday this month",
        "membres dont c'est l'anniversaire ce mois-ci",
        "Mitglieder mit Geburtstag diesen Monat",
    ],
)
def test_birthdays_this_month_cover_the_whole_month(request_text: str, birthdays: Catalog) -> None:
    result = propose(request_text, birthdays)
    assert _yearly(result) == [(BORN, Op.ANNIVERSARY_BETWEEN, ("2026-06-01", "2026-06-30"), None)]


def test_without_a_date_open_to_anniversaries_a_birthday_makes_no_date_rule(
    cinema: Catalog,
) -> None:
    result = PLANNER.plan("members with a birthday in the next 2 weeks", None, cinema)
    rules = _yearly(result) if isinstance(result, Proposal) else []
    yearly = (Op.ANNIVERSARY_BETWEEN, Op.ANNIVERSARY_WITHIN_NEXT)
    assert all(op not in yearly for _, op, _, _ in rules)
    assert not isinstance(result, Proposal) or result.notices


@pytest.mark.parametrize(
    "request_text",
    [
        "members with birthdays coming up in the next 10 days",
        "membres dont l'anniversaire est à venir dans les 10 prochains jours",
        "Mitglieder mit anstehenden Geburtstagen in den nächsten 10 Tagen",
    ],
)
def test_upcoming_then_a_length_is_one_window_ahead(request_text: str, birthdays: Catalog) -> None:
    result = propose(request_text, birthdays)
    assert _yearly(result) == [(BORN, Op.ANNIVERSARY_WITHIN_NEXT, 10, "day")]
    assert not result.notices


def test_a_birthday_in_a_past_year_is_the_birth_date_itself(birthdays: Catalog) -> None:
    result = PLANNER.plan("members whose birthday is in April 1985", None, birthdays)
    rules = _yearly(result) if isinstance(result, Proposal) else []
    assert all(
        op not in (Op.ANNIVERSARY_BETWEEN, Op.ANNIVERSARY_WITHIN_NEXT) for _, op, _, _ in rules
    )
