"""A part of a named period: 'the first two weeks of March', 'the last 10 days of June', 'the
second half of March', 'la première quinzaine de mars', 'les 15 premiers jours de mars', 'die
ersten zwei Wochen im März' — those days of it, both ends included (telecom dev6 convention:
'first two weeks of March' = 1–14 March), never the rolling 'last 10 days' nor the year's half.
The cinema catalog's data date is 2026-06-15; its bookings are future-dated."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.language import load_pack
from assistant.language.text import tokenize
from assistant.offline.times import scan_time
from audience.rules import Window, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose

AS_OF = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("lang", "phrase", "first", "last"),
    [
        ("en", "in the first two weeks of March", "2026-03-01", "2026-03-14"),
        ("en", "in the last 10 days of May", "2026-05-22", "2026-05-31"),
        ("en", "in the last week of March", "2026-03-25", "2026-03-31"),
        ("en", "in the second half of March", "2026-03-16", "2026-03-31"),
        ("fr", "dans la première quinzaine de mars", "2026-03-01", "2026-03-14"),
        ("fr", "pendant les 10 premiers jours de mars", "2026-03-01", "2026-03-10"),
        ("fr", "au cours de la dernière semaine de mars", "2026-03-25", "2026-03-31"),
        ("fr", "pendant la seconde moitié de mars", "2026-03-16", "2026-03-31"),
        ("de", "in den ersten zwei Wochen im März", "2026-03-01", "2026-03-14"),
        ("de", "in der letzten Woche im März", "2026-03-25", "2026-03-31"),
        ("de", "in der zweiten Hälfte des März", "2026-03-16", "2026-03-31"),
    ],
)
def test_a_part_of_a_month(lang: str, phrase: str, first: str, last: str) -> None:
    pack = load_pack(lang)
    words = [token.text for token in tokenize(phrase, pack.morphology)]
    found = scan_time(words, 0, AS_OF, pack)
    assert found is not None and found[0] == len(words)
    assert found[1].window == Window(
        type=WindowKind.BETWEEN, start=date.fromisoformat(first), end=date.fromisoformat(last)
    )


@pytest.mark.parametrize(
    ("phrase", "first", "last"),
    [
        ("in the first half of 2025", "2025-01-01", "2025-06-30"),  # a year's half stays H1
        ("in the first quarter of 2026", "2026-01-01", "2026-03-31"),
    ],
)
def test_parts_of_a_year_stay_calendar_parts(phrase: str, first: str, last: str) -> None:
    found = scan_time(phrase.split(), 0, AS_OF, load_pack("en"))
    assert found is not None and found[1].window == Window(
        type=WindowKind.BETWEEN, start=date.fromisoformat(first), end=date.fromisoformat(last)
    )


@pytest.mark.parametrize(
    "request_text",
    [
        "members with a screening coming up in the first two weeks of August",
        "members with a screening in the first two weeks of August",
        "membres avec une réservation dans la première quinzaine d'août",
        "Mitglieder mit einer Buchung in den ersten zwei Wochen im August",
    ],
)
def test_bookings_in_a_part_of_a_month_ahead(request_text: str, cinema: Catalog) -> None:
    (booking,) = behaviors(propose(request_text, cinema).rules)
    assert booking.window == Window(
        type=WindowKind.BETWEEN, start=date(2026, 8, 1), end=date(2026, 8, 14)
    )


@pytest.mark.parametrize(
    "phrase", ["in the first half of the month", "in the second half of the week"]
)
def test_a_half_of_a_shorter_unit_is_never_the_years_half(phrase: str) -> None:
    """Not read (and so reported) rather than read as January–June."""
    found = scan_time(phrase.split(), 0, AS_OF, load_pack("en"))
    assert found is None or found[1].window is None or found[1].window.start != date(2026, 1, 1)
