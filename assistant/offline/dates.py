"""Time expressions anchored on the calendar: 'since January', 'in 2025', 'in July or August',
'last summer', 'between March and May', 'before 2024', 'this week' (the calendar week so far).

Calendar names come from ``periods`` (and the language pack); the shapes are tried in the orders
the supported languages use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from assistant.language import Pack, Role
from assistant.offline.periods import (
    Period,
    day_number,
    half,
    iso_date,
    named_day,
    next_occurrence,
    period_at,
    period_range,
    quarter,
    season,
)
from assistant.offline.timespec import TimeSpec, between_window, skip, unit_at, word_at
from audience.rules import TimeUnit, Window, WindowKind, day_start, shift


def _period_after(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    return period_at(words, skip(words, index, pack, Role.ARTICLES), as_of, pack)


def _bound_at(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """The period a bound ('since', 'before') opens on at ``index``: a holiday is its day, not
    its season ('since Christmas' counts from 25 December; 'in December' and 'at Christmas'
    stay months)."""
    return named_day(words, index, as_of, pack) or period_at(words, index, as_of, pack)


def scan_since(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'since January', 'depuis mars 2025', 'since 2024', 'since the start of the year'."""
    opener = pack.has(Role.SINCE, words, index)
    if not opener:
        return None
    cursor = skip(words, index + opener, pack, Role.ARTICLES, Role.START_OF)
    year_word = pack.has(Role.YEAR_WORDS, words, cursor)
    if year_word:
        start = date(as_of.year, 1, 1)
        return cursor + year_word - index, TimeSpec(
            window=Window(type=WindowKind.SINCE, start=start)
        )
    period = _bound_at(words, cursor, as_of, pack)
    if period is None:
        return None
    return period.end - index, TimeSpec(window=Window(type=WindowKind.SINCE, start=period.first))


def _alternatives(
    words: Sequence[str], period: Period, as_of: date, pack: Pack
) -> tuple[int, Period, tuple[Period, ...]]:
    """'July or August', 'en juillet ou en août': more periods joined by 'or'."""
    more: list[Period] = []
    end = period.end
    while pack.has(Role.OR, words, end):
        cursor = skip(words, end + pack.has(Role.OR, words, end), pack, Role.DURING, Role.ARTICLES)
        following = period_at(words, cursor, as_of, pack)
        if following is None:
            break
        more.append(following)
        end = following.end
    return end, period, tuple(more)


def _spec(periods: Sequence[Period], as_of: date) -> TimeSpec:
    """The windows of ``periods`` and, when one was written without its year and has ended, of
    their next occurrences (read on dates that may lie ahead)."""
    windows = _joined(periods)
    ahead = _joined([next_occurrence(period, as_of) for period in periods])
    return TimeSpec(
        window=windows[0],
        alternatives=tuple(windows[1:]),
        next_reading=tuple(ahead) if ahead != windows else (),
    )


def _joined(periods: Sequence[Period]) -> list[Window]:
    """Periods as windows, contiguous ones merged ('July or August' → July–August)."""
    ordered = sorted(periods, key=lambda p: p.first)
    windows: list[Window] = []
    for period in ordered:
        last = windows[-1] if windows else None
        if (
            last is not None
            and last.end is not None
            and period.first <= last.end + timedelta(days=1)
        ):
            windows[-1] = between_window(last.start or period.first, max(last.end, period.last))
        else:
            windows.append(between_window(period.first, period.last))
    return windows


def scan_during(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'in 2025', 'in March', 'en septembre 2026', 'in Q1 2026', 'in July or August'."""
    opener = pack.has(Role.DURING, words, index)
    if not opener:
        return None
    period = _period_after(words, index + opener, as_of, pack)
    if period is None or (pack.before_number.match(words, index) and _bare_year(words, period)):
        return None  # 'over 2000 points': a comparison, not the year 2000
    end, first, more = _alternatives(words, period, as_of, pack)
    return end - index, _spec((first, *more), as_of)


def _bare_year(words: Sequence[str], period: Period) -> bool:
    return (
        period.first.month == 1
        and period.last.month == 12
        and period.end >= 1
        and (words[period.end - 1].isdigit())
    )


def scan_past_period(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'last summer', 'last July', 'l'été dernier': the latest such period that has ended."""
    cursor = skip(words, index, pack, Role.DURING, Role.ARTICLES)
    before = pack.has(Role.PAST, words, cursor)
    period = period_at(words, cursor + before, as_of, pack)
    if period is None or period.year_written:
        return None
    after = 0 if before else pack.has(Role.PAST_AFTER_UNIT, words, period.end)
    if not (before or after):
        return None
    if period.last >= as_of:
        period = period.in_year(period.first.year - 1)
    return period.end + after - index, TimeSpec(window=between_window(period.first, period.last))


def scan_bare_period(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'Q3', 'H1 2025', '2026-03-15' with no 'in' before them: shapes that can only be a period
    (a bare month or year could be a word or a number, so they need their 'in')."""
    for reader in (iso_date, quarter, half):
        period = reader(words, index, as_of, pack)
        if period is not None:
            end, first, more = _alternatives(words, period, as_of, pack)
            windows = _joined((first, *more))
            return end - index, TimeSpec(window=windows[0], alternatives=tuple(windows[1:]))
    return None


def scan_range(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'between March and May', 'de janvier à mars', 'from 2024 to 2025', and days of one month
    ('between March 5th and 10th', 'du 5 au 10 mars', 'vom 5. bis 10. März'), both included;
    days of a month need no opener ('4 to 19 April': no count reads a month after it)."""
    opener = pack.has(Role.RANGE_OPEN, words, index)
    cursor = skip(words, index + opener, pack, Role.ARTICLES) if opener else index
    named = period_at(words, cursor, as_of, pack) if opener else None
    first = named or _day_of_next(words, cursor, as_of, pack)
    joined = pack.has(Role.RANGE_JOIN, words, first.end) if first else 0
    if first is None or not joined:
        return None
    second = _period_after(words, first.end + joined, as_of, pack) or _day_of(
        words, first.end + joined, first, pack
    )
    if second is None:
        return None
    return second.end - index, _range_spec(first, second, as_of)


def _day_of(words: Sequence[str], index: int, month: Period, pack: Pack) -> Period | None:
    """'10th' after 'March 5th and': a day of the month of ``month`` (a single day)."""
    found = day_number(words, index, pack)
    if found is None or month.first != month.last:
        return None
    try:
        day = month.first.replace(day=found[1])
    except ValueError:
        return None
    return replace(month, end=found[0], first=day, last=day)


def _day_of_next(words: Sequence[str], index: int, as_of: date, pack: Pack) -> Period | None:
    """'5' in 'du 5 au 10 mars': a day of the month of the single day that follows the join."""
    found = day_number(words, index, pack)
    joined = pack.has(Role.RANGE_JOIN, words, found[0]) if found else 0
    following = period_at(words, found[0] + joined, as_of, pack) if found and joined else None
    if found is None or following is None:
        return None
    day = _day_of(words, index, following, pack)
    return replace(day, end=found[0]) if day else None


def _range_spec(first: Period, second: Period, as_of: date) -> TimeSpec:
    """The window from ``first`` to ``second`` and, written without a year and ended, the same
    span a year later (read on dates that may lie ahead)."""
    start, end = period_range(first, second)
    spec = TimeSpec(window=between_window(start, end))
    if first.year_written or second.year_written:
        return spec
    ahead = next_occurrence(Period(second.end, start, end, year_written=False), as_of)
    if ahead.first == start:
        return spec
    return replace(spec, next_reading=(between_window(ahead.first, ahead.last),))


def scan_before(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'before 2025', 'avant mars'."""
    opener = pack.has(Role.BEFORE, words, index)
    if not opener:
        return None
    period = _bound_at(words, skip(words, index + opener, pack, Role.ARTICLES), as_of, pack)
    if period is None:
        return None
    spec = TimeSpec(window=Window(type=WindowKind.BEFORE, end=period.first))
    ahead = next_occurrence(period, as_of)
    if ahead.first != period.first:  # 'before 15 July' on a date that may lie ahead
        spec = replace(spec, next_reading=(Window(type=WindowKind.BEFORE, end=ahead.first),))
    return period.end - index, spec


def calendar_start(unit: TimeUnit, multiple: int, as_of: date) -> date:
    """The first day of the calendar ``unit`` that contains as_of ('this week' starts Monday).

    >>> calendar_start(TimeUnit.MONTH, 3, date(2026, 10, 1))  # the quarter of as_of
    datetime.date(2026, 10, 1)
    """
    if unit is TimeUnit.YEAR:
        return date(as_of.year, 1, 1)
    if unit is TimeUnit.MONTH:
        first_month = (as_of.month - 1) // multiple * multiple + 1
        return date(as_of.year, first_month, 1)
    if unit is TimeUnit.WEEK:
        return as_of - timedelta(days=as_of.weekday())
    return as_of


def scan_this(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'this year', 'cette année', 'this week' (since Monday), 'this quarter', 'year to date'."""
    to_date = pack.has(Role.YEAR_TO_DATE, words, index)
    if to_date:
        start = date(as_of.year, 1, 1)
        return to_date, TimeSpec(window=Window(type=WindowKind.SINCE, start=start))
    cursor = skip(words, index, pack, Role.DURING)
    opener = pack.has(Role.THIS, words, cursor)
    unit = unit_at(words, cursor + opener, pack) if opener else None
    if unit is None:
        return _this_named(words, index, cursor + opener, as_of, pack) if opener else None
    end = unit[0] + pack.has(Role.THIS, words, unit[0])  # 'ce mois-ci', 'cette année en cours'
    end += int(word_at(words, end) == "ci")
    start = calendar_start(unit[2], unit[1], as_of)
    last = shift(day_start(start), unit[1], unit[2]).date() - timedelta(days=1)
    window = Window(type=WindowKind.SINCE, start=start)
    return end - index, TimeSpec(window=window, calendar_end=last, period_ahead=start == as_of)


def _this_named(
    words: Sequence[str], index: int, cursor: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'this spring', 'ce printemps', 'diesen Sommer': a season named without its year after
    the word for 'this' is the one of the data's year, as 'in spring' reads it (its latest
    occurrence that has begun)."""
    found = season(words, cursor, as_of, pack)
    if found is None or found.year_written:
        return None
    return found.end - index, _spec((found,), as_of)


_WEEK_SHIFTS = ((Role.THIS, 0), (Role.FUTURE, 1), (Role.PAST, -1))
_SHIFTS_AFTER = ((Role.FUTURE_AFTER_UNIT, 1), (Role.PAST_AFTER_UNIT, -1))


def scan_weekend(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'this weekend', 'ce week-end', 'dieses Wochenende': Saturday and Sunday of as_of's
    calendar week; 'next weekend', 'le week-end prochain' the week after; 'last weekend' the
    week before."""
    cursor = skip(words, index, pack, Role.DURING, Role.ARTICLES)
    for role, weeks in _WEEK_SHIFTS:
        opener = pack.has(role, words, cursor)
        named = pack.has(Role.WEEKEND, words, cursor + opener) if opener else 0
        if named:
            return cursor + opener + named - index, _weekend(as_of, weeks)
    named = pack.has(Role.WEEKEND, words, cursor)
    for role, weeks in _SHIFTS_AFTER if named else ():
        after = pack.has(role, words, cursor + named)
        if after:
            return cursor + named + after - index, _weekend(as_of, weeks)
    return None


def _weekend(as_of: date, weeks: int) -> TimeSpec:
    saturday = calendar_start(TimeUnit.WEEK, 1, as_of) + timedelta(days=5 + 7 * weeks)
    window = between_window(saturday, saturday + timedelta(days=1))
    return TimeSpec(window=window, calendar_ahead=weeks > 0)  # 'next weekend' is said
