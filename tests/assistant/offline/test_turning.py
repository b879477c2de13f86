"""Reaching an age within a period ('turning 30 in November', 'qui auront 30 ans en novembre',
'die im November 30 werden', 'turning 50 next month') dates the birth that many years before the
period; a catalog with no birth date reads nothing and says so."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification
from audience.rules import Attribute, Op
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


def _birth(result_rules: object) -> Attribute:
    found = [n for _, n in result_rules.walk() if isinstance(n, Attribute)]  # type: ignore[attr-defined]
    (birth,) = [a for a in found if a.field.endswith(".birth_date")]
    return birth


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
def test_an_age_reached_in_a_period_dates_the_birth(
    request_text: str, start: date, end: date, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    birth = _birth(result.rules)
    assert birth.op is Op.BETWEEN
    assert [str(v) for v in birth.value] == [str(start), str(end)]  # type: ignore[union-attr]
    assert not result.notices


def test_on_another_catalog(telecom: Catalog) -> None:
    birth = _birth(propose("subscribers turning 30 in March", telecom).rules)
    assert [str(v) for v in birth.value] == ["1996-03-01", "1996-03-31"]  # type: ignore[union-attr]


def test_without_a_birth_date_nothing_is_guessed(cinema: Catalog) -> None:
    """The cinema catalog has no birth date: no audience is proposed from the age words."""
    assert isinstance(PLANNER.plan("members turning 30 in March", None, cinema), Clarification)
