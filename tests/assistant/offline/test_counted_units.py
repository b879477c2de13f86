"""A unit that says its own count ('half a year', 'ein halbes Jahr', 'un an et demi',
'anderthalb Jahre') is a length of time: six or eighteen months, never 'one' read as a count of
events with 'half' dropped."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.language import load_pack
from assistant.language.text import fold
from assistant.offline.times import scan_time
from audience.rules import AggregateFunc, Behavior, Op, TimeUnit
from schema_catalog import Catalog
from tests.support.planning import propose

AS_OF = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("lang", "phrase", "months"),
    [
        ("en", "more than half a year ago", 6),
        ("en", "more than a year and a half ago", 18),
        ("en", "over a half year ago", 6),
        ("de", "länger als ein halbes jahr her", 6),
        ("de", "vor mehr als anderthalb jahren", 18),
        ("de", "vor über einem halben jahr", 6),
        ("fr", "il y a plus d un an et demi", 18),
        ("fr", "il y a plus d une demi année", 6),
    ],
)
def test_counted_unit_is_a_distance_back(lang: str, phrase: str, months: int) -> None:
    words = fold(phrase).split()
    found = scan_time(words, 0, AS_OF, load_pack(lang))
    assert found is not None and found[0] == len(words)
    ago = found[1].ago
    assert ago is not None and (ago.op, ago.amount, ago.unit) == (Op.GT, months, TimeUnit.MONTH)


@pytest.mark.parametrize(
    ("lang", "phrase", "months"),
    [
        ("en", "in the last half year", 6),
        ("de", "in den letzten anderthalb jahren", 18),
        ("fr", "au cours du dernier an et demi", 18),
    ],
)
def test_counted_unit_is_a_window(lang: str, phrase: str, months: int) -> None:
    words = fold(phrase).split()
    found = scan_time(words, 0, AS_OF, load_pack(lang))
    assert found is not None and found[0] == len(words)
    window = found[1].window
    assert window is not None and (window.amount, window.unit) == (months, TimeUnit.MONTH)


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers whose last site visit was more than half a year ago",
        "Kunden, deren letzter Besuch auf der Website länger als ein halbes Jahr her ist",
        "clients dont la dernière visite sur le site date d'il y a plus d'une demi-année",
    ],
)
def test_last_visit_half_a_year_ago(request_text: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    visits = [n for _, n in result.rules.walk() if isinstance(n, Behavior)]
    assert {v.event for v in visits} == {"web_sessions"}
    assert not [v for v in visits if v.aggregate.op is Op.GT and v.aggregate.value == 1]
    windows = {(v.window.amount, v.window.unit) for v in visits if v.window is not None}
    recency = [v for v in visits if v.aggregate.func is AggregateFunc.DAYS_SINCE_LAST]
    assert windows == {(6, TimeUnit.MONTH)} or recency
