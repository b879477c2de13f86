"""Times bounded by a calendar period: 'before this year' is before the period began (not the
period itself, the opposite); 'before the end of the month', 'by the end of next month',
"d'ici la fin de l'année", 'bis Ende des Jahres' run from the data's date to the period's last
day. The cinema catalog's data date is 2026-06-15; its bookings are future-dated, its visits
are not."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.language import load_pack
from assistant.language.text import tokenize
from assistant.offline.times import scan_time
from audience.rules import Attribute, Op, Window, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose

AS_OF = date(2026, 6, 15)


def _scan(lang: str, phrase: str) -> Window | None:
    pack = load_pack(lang)
    words = [token.text for token in tokenize(phrase, pack.morphology)]
    found = scan_time(words, 0, AS_OF, pack)
    assert found is not None and found[0] == len(words), phrase
    return found[1].window


@pytest.mark.parametrize(
    ("lang", "phrase", "end"),
    [
        ("en", "before this year", date(2026, 1, 1)),
        ("en", "before this month", date(2026, 6, 1)),
        ("en", "before last month", date(2026, 5, 1)),
        ("fr", "avant cette année", date(2026, 1, 1)),
        ("fr", "avant l année dernière", date(2025, 1, 1)),
        ("de", "vor diesem jahr", date(2026, 1, 1)),
        ("de", "vor diesem quartal", date(2026, 4, 1)),
    ],
)
def test_before_a_calendar_period_is_before_it_began(lang: str, phrase: str, end: date) -> None:
    assert _scan(lang, phrase) == Window(type=WindowKind.BEFORE, end=end)


@pytest.mark.parametrize(
    ("lang", "phrase", "last"),
    [
        ("en", "before the end of the month", date(2026, 6, 30)),
        ("en", "by the end of next month", date(2026, 7, 31)),
        ("en", "until the end of the year", date(2026, 12, 31)),
        ("en", "by year-end", date(2026, 12, 31)),
        ("en", "before the end of september", date(2026, 9, 30)),
        ("fr", "d ici la fin du mois", date(2026, 6, 30)),
        ("fr", "avant la fin de l année", date(2026, 12, 31)),
        ("fr", "jusqu à la fin du trimestre prochain", date(2026, 9, 30)),
        ("de", "bis ende des jahres", date(2026, 12, 31)),
        ("de", "bis zum ende des monats", date(2026, 6, 30)),
        ("de", "bis jahresende", date(2026, 12, 31)),
    ],
)
def test_to_the_end_of_a_period_runs_from_the_data_date(lang: str, phrase: str, last: date) -> None:
    assert _scan(lang, phrase) == Window(type=WindowKind.BETWEEN, start=AS_OF, end=last)


def test_the_end_of_a_period_already_over_bounds_from_after() -> None:
    assert _scan("en", "before the end of 2025") == Window(
        type=WindowKind.BEFORE, end=date(2026, 1, 1)
    )


@pytest.mark.parametrize(
    "request_text",
    [
        "members whose latest visit was before this year",
        "membres dont la dernière visite date d'avant cette année",
        "Mitglieder, deren letzter Besuch vor diesem Jahr war",
    ],
)
def test_last_visit_before_this_year_is_none_since(request_text: str, cinema: Catalog) -> None:
    visits = behaviors(propose(request_text, cinema).rules)
    since = Window(type=WindowKind.SINCE, start=date(2026, 1, 1))
    assert {(v.event, v.window, v.negate) for v in visits} >= {("visits", since, True)}
    assert not [v for v in visits if v.window == since and not v.negate]


@pytest.mark.parametrize(
    "request_text",
    [
        "members with a screening before the end of the month",
        "membres avec une réservation d'ici la fin du mois",
        "Mitglieder mit einer Buchung bis Ende des Monats",
    ],
)
def test_bookings_to_the_end_of_the_month(request_text: str, cinema: Catalog) -> None:
    (booking,) = behaviors(propose(request_text, cinema).rules)
    assert booking.window == Window(type=WindowKind.BETWEEN, start=AS_OF, end=date(2026, 6, 30))


def test_a_membership_ending_before_the_end_of_the_year(ending: Catalog) -> None:
    result = propose("members whose membership ends before the end of the year", ending)
    rules = [node for _, node in result.rules.walk() if isinstance(node, Attribute)]
    assert [(r.field, r.op, r.value) for r in rules] == [
        ("moviegoers.membership_ends_on", Op.BETWEEN, ("2026-06-15", "2026-12-31"))
    ]
