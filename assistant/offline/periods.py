"""Calendar periods named in a request: a date, a day, a month, a season, a quarter, a half, a year.

Each reader looks at the words at one position and returns a ``Period`` (first and last day, both
included). A period written without a year is its most recent occurrence that starts before
as_of: 'August' on 2026-10-01 is August 2026, 'December' December 2025, 'Q4' Q4 2025, 'last
summer' / 'summer' June–August 2026. Month, season and ordinal names come from the language pack.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from assistant.language import Pack, Role
from assistant.offline.numbers import number_at, parse_number
from audience.rules import TimeUnit, day_start, shift


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` (included); ``end`` is the index after the last word read."""

    end: int
    first: date
    last: date
    year_written: bool = True
    """False when the year was inferred from as_of (a month or season without a year)."""

    def in_year(self, year: int) -> Period:
        """The same span moved so that it starts in ``year`` (a range's year written once)."""
        shift = year - self.first.year
        return replace(
            self,
            first=_same_day(self.first, year),
            last=_same_day(self.last, self.last.year + shift),
            year_written=True,
        )


Reader = Callable[[Sequence[str], int, date, Pack], Period | None]


def _word(words: Sequence[str], index: int) -> str:
    return words[index] if 0 <= index < len(words) else ""


def year_at(words: Sequence[str], index: int) -> int | None:
    """A four-digit year at ``index`` (or an apostrophe year such as '25 after a name); a number
    written with a thousands separator ('2,000 points', '2.000') is no year."""
    word = _word(words, index)
    if any(mark in word for mark in ",. \u202f"):
        return None
    number = parse_number(word)
    return number if isinstance(number, int) and 1900 <= number <= 2100 else None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, monthrange(year, month)[1])


def _same_day(day: date, year: int) -> date:
    return date(year, day.month, min(day.day, monthrange(year, day.month)[1]))


def _undated(end: int, first: date, last: date, as_of: date) -> Period:
    """A period written without its year: the most recent one that starts before as_of."""
    year = as_of.year if _same_day(first, as_of.year) < as_of else as_of.year - 1
    moved = Period(end, first, last).in_year(year)
    return replace(moved, year_written=False)


def _span(end: int, year: int | None, first: date, last: date, as_of: date) -> Period:
    if year is not None:
        return Period(end, first, last).in_year(year)
    return _undated(end, first, last, as_of)


def iso_date(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'2025-03-15' and '15/03/2025' (day first, as written in Europe, unless impossible)."""
    word = _word(words, index)
    parts = word.split("-") if "-" in word else word.split("/")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    if "/" in word:
        day, month, year = (int(part) for part in parts)
        if month > 12 >= day:
            day, month = month, day
    else:
        year, month, day = (int(part) for part in parts)
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return Period(index + 1, found, found)


def day_number(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int] | None:
    """(next index, day) for '1', '1st', '1er', '15th'."""
    number = parse_number(_word(words, index))
    if not isinstance(number, int) or not 1 <= number <= 31:
        return None
    suffix = pack.is_word(Role.ORDINAL_SUFFIXES, _word(words, index + 1))
    return index + 1 + int(suffix), number


def _dated(end: int, year: int | None, month: int, day: int, as_of: date) -> Period | None:
    try:
        first = date(year or 2000, month, day)
    except ValueError:
        return None
    return _span(end, year, first, first, as_of)


def _month(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int] | None:
    found = pack.months.match(words, index)
    return (index + found[0], found[1]) if found else None


def day_month(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'1 March', '1st of March 2025', 'le 1er mars'."""
    found = day_number(words, index, pack)
    if found is None:
        return None
    cursor = found[0] + pack.has(Role.ARTICLES, words, found[0])
    cursor += int(_word(words, cursor) in {"of", "de"})
    month = _month(words, cursor, pack)
    if month is None:
        return None
    year = year_at(words, month[0])
    return _dated(month[0] + int(bool(year)), year, month[1], found[1], as_of)


_CLAUSE_END = frozenset({"", ",", ";"})


def month_day(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'March 1st', 'March 15 2025', 'March 15' at a clause end ('in March 3 times' is a count)."""
    month = _month(words, index, pack)
    found = day_number(words, month[0], pack) if month else None
    if month is None or found is None:
        return None
    year = year_at(words, found[0])
    ordinal = found[0] > month[0] + 1
    if year is None and not ordinal and _word(words, found[0]) not in _CLAUSE_END:
        return None
    return _dated(found[0] + int(bool(year)), year, month[1], found[1], as_of)


def month(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'March', 'mars 2025'."""
    found = _month(words, index, pack)
    if found is None:
        return None
    end, number = found
    year = year_at(words, end)
    first, last = date(2000, number, 1), month_end(2000, number)
    return _span(end + int(bool(year)), year, first, last, as_of)


def season(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'summer', 'summer 2025', 'winter' (December to February, ending in the year named)."""
    found = pack.seasons.match(words, index)
    if found is None:
        return None
    end = index + found[0]
    first_month, last_month = found[1]
    end += pack.has(Role.ARTICLES, words, end) if year_at(words, end + 1) else 0
    year = year_at(words, end)
    crosses = last_month < first_month
    first = date(2000, first_month, 1)
    last = month_end(2001 if crosses else 2000, last_month)
    if year is not None:
        start_year = year - 1 if crosses else year
        return Period(end + 1, first.replace(year=start_year), month_end(year, last_month))
    return _undated(end, first, last, as_of)


def named_day(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'Christmas', 'Noël 2025', 'Neujahr': the day a holiday falls on (its most recent one before
    as_of without a year). Read only where a period starts or ends ('since Christmas'); elsewhere
    the same word is a season ('at Christmas' is December)."""
    found = pack.named_days.match(words, index)
    if found is None:
        return None
    end = index + found[0]
    year = year_at(words, end)
    return _dated(end + int(bool(year)), year, *found[1], as_of)


def _ordinal(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int] | None:
    """(next index, n) for 'first', '2nd', '3'."""
    found = pack.ordinals.match(words, index)
    if found is not None and found[1] > 0:
        return index + found[0], found[1]
    number = parse_number(_word(words, index))
    if isinstance(number, int) and 1 <= number <= 4:
        return index + 1 + pack.has(Role.ORDINAL_SUFFIXES, words, index + 1), number
    return None


def _part(words: Sequence[str], index: int, as_of: date, pack: Pack, months: int) -> Period | None:
    """'Q3 2025', 'H1', 'the first half of 2025', 'third quarter', 'T2 2026'."""
    letters, names = (
        (Role.QUARTER_LETTERS, Role.QUARTER_WORDS)
        if months == 3
        else (Role.HALF_LETTERS, Role.HALF_WORDS)
    )
    cursor = index + pack.has(Role.ARTICLES, words, index)
    if pack.is_word(letters, _word(words, cursor)):
        number = parse_number(_word(words, cursor + 1))
        found = (cursor + 2, number) if isinstance(number, int) else None
    else:
        found = _ordinal(words, cursor, pack)
        named = pack.has(names, words, found[0]) if found else 0
        found = (found[0] + named, found[1]) if found and named else None
    if found is None or not 1 <= found[1] <= 12 // months:
        return None
    end = found[0] + pack.has(Role.ARTICLES, words, found[0])
    end += int(_word(words, end) in {"of", "de", "des"})
    if months == 6 and _halves_less(words, skip_of(words, found[0], pack), pack):
        return None  # 'the first half of March': half of the month (``month_part``)
    first_month = months * (found[1] - 1) + 1
    first, last = date(2000, first_month, 1), month_end(2000, first_month + months - 1)
    year = year_at(words, end)
    return _span(end + 1 if year else found[0], year, first, last, as_of)


def _halves_less(words: Sequence[str], index: int, pack: Pack) -> bool:
    """'March', 'the month', 'the week' after 'the first half of': a half of something shorter
    than a year, never the year's first half."""
    unit = pack.units.match(words, index)
    shorter = unit is not None and unit[1][1] is not TimeUnit.YEAR and unit[1][0] < 6
    return shorter or _month(words, index, pack) is not None


def quarter(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    return _part(words, index, as_of, pack, 3)


def half(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    return _part(words, index, as_of, pack, 6)


def skip_of(words: Sequence[str], index: int, pack: Pack) -> int:
    """The index after the words joining a part to its whole ('of the', 'de', 'im', 'des')."""
    while pack.has(Role.PART_OF, words, index) or pack.has(Role.ARTICLES, words, index):
        index += max(pack.has(Role.PART_OF, words, index), pack.has(Role.ARTICLES, words, index))
    return index


def _side(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int] | None:
    """(next index, 1 for the first part, 2 for the second, -1 for the last) at ``index``."""
    found = pack.ordinals.match(words, index)
    if found is not None and found[1] in {1, 2, -1}:
        return index + found[0], found[1]
    last = pack.has(Role.PAST, words, index)
    return (index + last, -1) if last else None


def _count(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int]:
    """(next index, n) for a whole number at ``index``; (index, 1) when there is none."""
    counted = number_at(words, index, pack, scaled=False)
    if counted is None or not isinstance(counted[1], int):
        return index, 1
    return index + counted[0], counted[1]


def _length(
    words: Sequence[str], index: int, amount: int, pack: Pack
) -> tuple[int, int, TimeUnit] | None:
    """(next index, amount, unit) for 'two weeks', '10 days', 'week', 'quinzaine'."""
    cursor, counted = _count(words, index, pack)
    unit = pack.units.match(words, cursor)
    if unit is None:
        return None
    return cursor + unit[0], amount * counted * unit[1][0], unit[1][1]


def month_part(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'the first two weeks of March', 'the last 10 days of June', 'the second half of March',
    'les 15 premiers jours de mars', 'la première quinzaine de mars', 'die ersten zwei Wochen im
    März': that part of the period named after it, both ends included."""
    cursor = index + pack.has(Role.ARTICLES, words, index)
    ahead, counted = _count(words, cursor, pack)  # '15 premiers jours': the count first
    side = _side(words, ahead, pack)
    if side is None:
        return None
    halved = pack.has(Role.HALF_WORDS, words, side[0])
    length = None if halved else _length(words, side[0], counted, pack)
    tail = side[0] + halved if halved else (length[0] if length else 0)
    whole = _whole(words, tail, as_of, pack, halved=bool(halved)) if halved or length else None
    if whole is None or (halved and side[1] not in {1, 2}) or (length and side[1] == 2):
        return None
    if halved:
        middle = whole.first + (whole.last - whole.first + _DAY) // 2
        first, last = (whole.first, middle - _DAY) if side[1] == 1 else (middle, whole.last)
    elif length is not None and side[1] == 1:
        first = whole.first
        last = min(shift(day_start(first), length[1], length[2]).date() - _DAY, whole.last)
    else:
        assert length is not None
        last = whole.last
        first = max(shift(day_start(last + _DAY), -length[1], length[2]).date(), whole.first)
    return replace(whole, first=first, last=last)


_DAY = timedelta(days=1)


def _whole(
    words: Sequence[str], index: int, as_of: date, pack: Pack, *, halved: bool
) -> Period | None:
    """The period a part is taken from, after its joining words ('of March'); a half is of a
    month (a year's halves are calendar halves, read by ``half``)."""
    cursor = skip_of(words, index, pack)
    if cursor == index:
        return None
    for reader in (month,) if halved else (month, season, quarter, half, year):
        found = reader(words, cursor, as_of, pack)
        if found is not None:
            return found
    return None


def year(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'2025', or with the language's word for a year before it: 'the year 2025', 'calendar
    year 2025', "l'année 2025", 'im Jahr 2025'."""
    start = index + pack.has(Role.YEAR_WORDS, words, index)
    found = year_at(words, start)
    return Period(start + 1, date(found, 1, 1), date(found, 12, 31)) if found else None


READERS: tuple[Reader, ...] = (
    iso_date,
    day_month,
    month_day,
    month,
    season,
    month_part,
    quarter,
    half,
    year,
)
"""Tried in order; the first match wins."""


def period_at(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """The calendar period starting at ``index``, or None.

    >>> from assistant.language import load_pack
    >>> period_at(["august"], 0, date(2026, 10, 1), load_pack("en")).first
    datetime.date(2026, 8, 1)
    >>> period_at(["1", "er", "mars"], 0, date(2026, 10, 1), load_pack("fr")).first
    datetime.date(2026, 3, 1)
    """
    for reader in READERS:
        found = reader(words, index, as_of, pack)
        if found:
            return found
    return None


def next_occurrence(period: Period, as_of: date) -> Period:
    """A period written without its year, as its next occurrence: the same one when it has not
    ended by as_of, else the one a year later ('April' on 2026-03-01: April 2026).

    >>> from assistant.language import load_pack
    >>> april = period_at(["april"], 0, date(2026, 3, 1), load_pack("en"))
    >>> april.first, next_occurrence(april, date(2026, 3, 1)).first
    (datetime.date(2025, 4, 1), datetime.date(2026, 4, 1))
    """
    if period.year_written or period.last >= as_of:
        return period
    return replace(period.in_year(period.first.year + 1), year_written=False)


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
