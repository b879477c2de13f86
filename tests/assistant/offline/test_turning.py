"""Reaching an age within a period ('turning 30 in November', 'qui auront 30 ans en novembre',
'die im November 30 werden', 'turning 50 next month') is a birth that many years before the
period; a catalog with no birth date reads nothing and says so.

A birth date that is personal data is never compared (its year would be), only its
anniversary: the same people are then read as the birthday in the period and the age on the
data's date that reaches N on it (N-1 for a birthday still to come, N for one already past).
Each reading is checked here against every day of birth, the way the engine computes both.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assistant import Clarification, Proposal
from audience.rules import Attribute, Group, IndicatorRule, Node, Op
from schema_catalog import Catalog
from tests.support.planning import PLANNER, play, propose


def _birth(result_rules: object) -> Attribute:
    found = [n for _, n in result_rules.walk() if isinstance(n, Attribute)]  # type: ignore[attr-defined]
    (birth,) = [a for a in found if a.field.endswith(".birth_date")]
    return birth


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _holds(node: Node, born: date, as_of: date) -> bool:
    """Whether someone born on ``born`` is in ``node`` (birth date and age rules only)."""
    if isinstance(node, Group):
        parts = [_holds(rule, born, as_of) for rule in node.rules]  # type: ignore[arg-type]
        return any(parts) if node.op == "or" else all(parts)
    if isinstance(node, IndicatorRule):
        assert node.indicator == "age" and node.op is Op.EQ
        later = (born.month, born.day) > (as_of.month, as_of.day)
        return as_of.year - born.year - later == node.value
    assert isinstance(node, Attribute) and node.op is Op.ANNIVERSARY_BETWEEN
    first, last = (date.fromisoformat(str(v)) for v in node.value)  # type: ignore[union-attr]
    days = {_shift_years(born, year - born.year) for year in (first.year, last.year)}
    return any(first <= day <= last for day in days)


def _same_people(node: Node, age: int, first: date, last: date, as_of: date) -> None:
    """Every day of birth over 80 years is in ``node`` iff its anniversary ``age`` falls in
    the period (29 February left out: its anniversary is 28 February in other years)."""
    born = date(1930, 1, 1)
    while born < date(2010, 1, 1):
        if (born.month, born.day) != (2, 29):
            expected = first <= _shift_years(born, age) <= last
            assert _holds(node, born, as_of) is expected, born
        born += timedelta(days=1)


def _yearly_tree(result: Proposal) -> Node:
    """The birth-date and age part of the proposal (without the other attributes)."""
    parts = [
        rule
        for rule in result.rules.root.rules
        if not (isinstance(rule, Attribute) and not rule.field.endswith(".birth_date"))
    ]
    return Group(op="and", rules=parts)


@pytest.mark.parametrize(
    ("request_text", "age", "first", "last"),
    [
        ("customers turning 30 in November", 30, date(2026, 11, 1), date(2026, 11, 30)),
        ("clients qui auront 25 ans en décembre", 25, date(2026, 12, 1), date(2026, 12, 31)),
        ("Kunden, die im Dezember 25 werden", 25, date(2026, 12, 1), date(2026, 12, 31)),
        ("customers who turn 40 in June", 40, date(2027, 6, 1), date(2027, 6, 30)),
        ("clients qui fêtent leurs 40 ans en juin", 40, date(2027, 6, 1), date(2027, 6, 30)),
        ("Kunden, die im Mai 50 werden", 50, date(2027, 5, 1), date(2027, 5, 31)),
        ("shoppers who turn 60 next month", 60, date(2026, 11, 1), date(2026, 11, 30)),
        ("Customers turning 30 this year", 30, date(2026, 1, 1), date(2026, 12, 31)),
        ("clients qui auront 30 ans cette année", 30, date(2026, 1, 1), date(2026, 12, 31)),
        ("Kunden, die dieses Jahr 30 werden", 30, date(2026, 1, 1), date(2026, 12, 31)),
        ("VIPs turning 40 before the end of the year", 40, date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_an_age_reached_in_a_period_on_a_personal_birth_date(
    request_text: str, age: int, first: date, last: date, catalog: Catalog
) -> None:
    result = play(catalog, request_text)
    assert isinstance(result, Proposal), result
    assert all(a.op is not Op.BETWEEN for a in _attributes(result) if "birth" in a.field)
    _same_people(_yearly_tree(result), age, first, last, catalog.as_of.date())


def _attributes(result: Proposal) -> list[Attribute]:
    return [n for _, n in result.rules.walk() if isinstance(n, Attribute)]


def test_on_another_catalog(telecom: Catalog) -> None:
    """Telecom's data date is 1 March: a birthday on that day is already past, the rest of
    March still to come."""
    result = play(telecom, "subscribers turning 30 in March")
    assert isinstance(result, Proposal), result
    first, last = date(2026, 3, 1), date(2026, 3, 31)
    _same_people(_yearly_tree(result), 30, first, last, telecom.as_of.date())


@pytest.mark.parametrize(
    ("request_text", "start", "end"),
    [
        ("shoppers turning 25 in December", date(2001, 12, 1), date(2001, 12, 31)),
        ("clients qui auront 25 ans en décembre", date(2001, 12, 1), date(2001, 12, 31)),
        ("Kunden, die im Dezember 25 werden", date(2001, 12, 1), date(2001, 12, 31)),
        ("shoppers who turn 60 next month", date(1966, 11, 1), date(1966, 11, 30)),
        ("shoppers turning 45 this year", date(1981, 1, 1), date(1981, 12, 31)),
    ],
)
def test_a_birth_date_open_to_comparison_is_dated_directly(
    request_text: str, start: date, end: date, compiler_catalog: Catalog
) -> None:
    result = propose(request_text, compiler_catalog)
    birth = _birth(result.rules)
    assert birth.op is Op.BETWEEN
    assert [str(v) for v in birth.value] == [str(start), str(end)]  # type: ignore[union-attr]
    assert not result.notices


def test_without_a_birth_date_nothing_is_guessed(cinema: Catalog) -> None:
    """The cinema catalog has no birth date: no audience is proposed from the age words."""
    assert isinstance(PLANNER.plan("members turning 30 in March", None, cinema), Clarification)
