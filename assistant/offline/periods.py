"""Calendar periods named in a request: a year, a quarter, a month, a day, an ISO date.

Each parser reads the tokens at one position and returns a ``Period`` (first and last day, both
included). A period written without a year is its most recent occurrence that starts before as_of:
'August' on 2026-10-01 is August 2026, 'December' is December 2025, 'Q4' is Q4 2025.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from assistant.offline.quantities import parse_number
from assistant.offline.words import MONTHS

ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th", "er", "ere", "e", "eme"})
_CLAUSE_END = frozenset({"", ",", ";", "and", "or", "et", "ou", "but", "who", "with"})
QUARTER_LETTERS = frozenset({"q", "t"})
"""'Q2 2026' and the French 'T2 2026' (trimestre)."""


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` (included); ``end`` is the index after the last token read."""

    end: int
    first: date
    last: date
    year_written: bool = True
    """False when the year was inferred from as_of (a month or day written without a year)."""

    def in_year(self, year: int) -> Period:
        """The same month-and-day span in another ``year`` (a range's year written once)."""
        return replace(
            self,
            first=self.first.replace(year=year),
            last=_same_day(self.last, year),
            year_written=True,
        )


Parser = Callable[[list[str], int, date], Period | None]


def _word(words: list[str], index: int) -> str:
    return words[index] if index < len(words) else ""


def year_at(words: list[str], index: int) -> int | None:
    """A four-digit year at ``index``."""
    number = parse_number(_word(words, index))
    return number if isinstance(number, int) and 1900 <= number <= 2100 else None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, monthrange(year, month)[1])


def _same_day(day: date, year: int) -> date:
    return date(year, day.month, min(day.day, monthrange(year, day.month)[1]))


def _recent(first: date, as_of: date) -> int:
    """The year of the most recent occurrence of ``first``'s month and day before as_of."""
    return as_of.year if _same_day(first, as_of.year) < as_of else as_of.year - 1


def _undated(end: int, first: date, last: date, as_of: date) -> Period:
    year = _recent(first, as_of)
    shifted = Period(end, first, last).in_year(year)
    last = _same_day(last, year + (last.year - first.year))
    return replace(shifted, last=last, year_written=False)


def iso_date(words: list[str], index: int, as_of: date) -> Period | None:
    """'2025-03-15'."""
    parts = _word(words, index).split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return Period(index + 1, day, day)


def _day_number(words: list[str], index: int) -> tuple[int, int] | None:
    """(next index, day) for '1', '1st', '1er', '15th'."""
    number = parse_number(_word(words, index))
    if not isinstance(number, int) or not 1 <= number <= 31:
        return None
    return index + 1 + int(_word(words, index + 1) in ORDINAL_SUFFIXES), number


def _dated(end: int, year: int | None, month: int, day: int, as_of: date) -> Period | None:
    try:
        first = date(year or 2000, month, day)
    except ValueError:
        return None
    if year:
        return Period(end, first, first)
    return _undated(end, first, first, as_of)


def day_month(words: list[str], index: int, as_of: date) -> Period | None:
    """'1 March', '1st of March 2025', 'le 1er mars'."""
    found = _day_number(words, index)
    if found is None:
        return None
    cursor = found[0] + int(_word(words, found[0]) in {"of", "de"})
    month = MONTHS.get(_word(words, cursor))
    if month is None:
        return None
    year = year_at(words, cursor + 1)
    return _dated(cursor + 1 + int(bool(year)), year, month, found[1], as_of)


def month_day(words: list[str], index: int, as_of: date) -> Period | None:
    """'March 1st', 'March 15 2025', 'March 15' at a clause end ('in March 3 times' is a count)."""
    month = MONTHS.get(_word(words, index))
    found = _day_number(words, index + 1) if month else None
    if month is None or found is None:
        return None
    year = year_at(words, found[0])
    if year is None and found[0] == index + 2 and _word(words, found[0]) not in _CLAUSE_END:
        return None
    return _dated(found[0] + int(bool(year)), year, month, found[1], as_of)


def month(words: list[str], index: int, as_of: date) -> Period | None:
    """'March', 'mars 2025'."""
    number = MONTHS.get(_word(words, index))
    if number is None:
        return None
    year = year_at(words, index + 1)
    if year:
        return Period(index + 2, date(year, number, 1), month_end(year, number))
    first = date(2000, number, 1)
    return _undated(index + 1, first, month_end(2000, number), as_of)


def quarter(words: list[str], index: int, as_of: date) -> Period | None:
    """'Q1 2026', 'T2 2026', 'Q3'."""
    number = parse_number(_word(words, index + 1))
    if _word(words, index) not in QUARTER_LETTERS or number not in {1, 2, 3, 4}:
        return None
    first_month = 3 * (int(number) - 1) + 1
    year = year_at(words, index + 2)
    if year:
        return Period(index + 3, date(year, first_month, 1), month_end(year, first_month + 2))
    first = date(2000, first_month, 1)
    return _undated(index + 2, first, month_end(2000, first_month + 2), as_of)


def year(words: list[str], index: int, as_of: date) -> Period | None:
    """'2025'."""
    found = year_at(words, index)
    return Period(index + 1, date(found, 1, 1), date(found, 12, 31)) if found else None


PARSERS: tuple[Parser, ...] = (iso_date, day_month, month_day, month, quarter, year)
"""Tried in order; the first match wins."""


def period_at(words: list[str], index: int, as_of: date) -> Period | None:
    """The calendar period starting at ``index``, or None.

    >>> period_at(["august"], 0, date(2026, 10, 1)).first
    datetime.date(2026, 8, 1)
    >>> period_at(["1", "er", "mars"], 0, date(2026, 10, 1)).first
    datetime.date(2026, 3, 1)
    """
    for parser in PARSERS:
        found = parser(words, index, as_of)
        if found:
            return found
    return None


def period_range(first: Period, second: Period) -> tuple[date, date]:
    """First and last day of 'from <first> to <second>'; a year written once applies to both."""
    if not first.year_written and second.year_written:
        first = first.in_year(second.last.year)
        if first.first > second.last:
            first = first.in_year(second.last.year - 1)
    last = second.last
    if last < first.first:
        last = _same_day(last, first.first.year + 1)
    return first.first, last
