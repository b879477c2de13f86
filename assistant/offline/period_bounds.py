"""Times bounded by a calendar period's first or last day.

'before this year', 'avant ce mois-ci', 'vor diesem Jahr': before the current period began (the
period itself is no window of its own here). 'before the end of the month', 'by the end of next
month', "d'ici la fin de l'année", 'bis Ende des Jahres': from the data's date to that period's
last day — what is still to come in it ('VIPs turning 40 before the end of the year', 'contracts
ending before the end of the quarter'); a period already over ('before the end of 2024') bounds
the time from after. 'By' a day ('by March 10th') is up to that day, included.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from assistant.language import Pack, Role
from assistant.offline.dates import calendar_start
from assistant.offline.periods import next_occurrence, period_at
from assistant.offline.timespec import TimeSpec, between_window, skip, unit_at
from audience.rules import TimeUnit, Window, WindowKind, day_start, shift

CALENDAR_UNITS = frozenset(
    {(1, TimeUnit.WEEK), (1, TimeUnit.MONTH), (3, TimeUnit.MONTH), (6, TimeUnit.MONTH)}
    | {(1, TimeUnit.YEAR)}
)
"""The (multiple, unit) pairs that name a calendar period: week, month, quarter, half, year."""

_SHIFTS_BEFORE = ((Role.THIS, 0), (Role.FUTURE, 1), (Role.CALENDAR_PREVIOUS, -1))
_SHIFTS_AFTER = ((Role.THIS, 0), (Role.FUTURE_AFTER_UNIT, 1), (Role.PAST_AFTER_UNIT, -1))


def next_period(unit: TimeUnit, as_of: date) -> Window:
    """'next week', 'le mois prochain' (no count, no 'in the'): the next calendar period (weeks
    Monday to Sunday), as a bare 'last week' is the previous one."""
    first, last = calendar_period(1, unit, 1, as_of)
    return Window(type=WindowKind.BETWEEN, start=first, end=last)


def calendar_period(multiple: int, unit: TimeUnit, moved: int, as_of: date) -> tuple[date, date]:
    """First and last day of the calendar period of ``multiple`` ``unit`` holding as_of, moved
    by ``moved`` periods (1: the next one, -1: the previous one).

    >>> calendar_period(3, TimeUnit.MONTH, 1, date(2026, 3, 10))
    (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    """
    start = shift(day_start(calendar_start(unit, multiple, as_of)), moved * multiple, unit)
    last = shift(start, multiple, unit).date() - timedelta(days=1)
    return start.date(), last


def _shift(
    words: Sequence[str], index: int, pack: Pack, shifts: tuple[tuple[Role, int], ...]
) -> tuple[int, int | None]:
    for role, moved in shifts:
        length = pack.has(role, words, index)
        if length:
            return length, moved
    return 0, None


def _unit_period(
    words: Sequence[str], index: int, as_of: date, pack: Pack, *, bare: bool
) -> tuple[int, date, date] | None:
    """(end, first day, last day) of 'this month', 'next year', 'le mois prochain', 'de l'année
    en cours', 'letzten Monats'; with ``bare``, 'the month' alone is the current one."""
    cursor = skip(words, index, pack, Role.ARTICLES)
    before, moved = _shift(words, cursor, pack, _SHIFTS_BEFORE)
    unit = unit_at(words, cursor + before, pack)
    if unit is None or (unit[1], unit[2]) not in CALENDAR_UNITS:
        return None
    after, moved_after = (0, None) if before else _shift(words, unit[0], pack, _SHIFTS_AFTER)
    moved = moved if before else moved_after
    if moved is None and not bare:
        return None
    first, last = calendar_period(unit[1], unit[2], moved or 0, as_of)
    return unit[0] + after, first, last


def _named_period(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, date, date] | None:
    """'April', 'Q2', '2026' after 'the end of': a period written without its year is its next
    occurrence (its end is what is looked at)."""
    period = period_at(words, skip(words, index, pack, Role.ARTICLES), as_of, pack)
    if period is None:
        return None
    period = next_occurrence(period, as_of)
    return period.end, period.first, period.last


def _day_named(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, date] | None:
    """(end, the day) of the day after 'by' ('by March 10th', "d'ici le 10 mars", 'bis zum 10.
    März'): that day included. Written without its year, the day in the data's year when it
    has passed, else its next occurrence ('by March 10th' on 2026-03-01 is 2026-03-10)."""
    period = period_at(words, skip(words, index, pack, Role.ARTICLES), as_of, pack)
    if period is None or period.first != period.last:
        return None
    if not period.year_written and period.first.year != as_of.year:
        period = next_occurrence(period, as_of)
    return period.end, period.last


def _period_ended(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, date] | None:
    """(end, last day) of 'the end of the month', 'end of April', 'year-end' ('year end')."""
    cursor = skip(words, index, pack, Role.ARTICLES)
    end_of = pack.has(Role.END_OF, words, cursor)
    if end_of:
        found = _unit_period(words, cursor + end_of, as_of, pack, bare=True) or _named_period(
            words, cursor + end_of, as_of, pack
        )
        return (found[0], found[2]) if found else None
    found = _unit_period(words, cursor, as_of, pack, bare=True)
    after = pack.has(Role.END_OF, words, found[0]) if found else 0
    return (found[0] + after, found[2]) if found and after else None


def scan_period_end(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'before the end of the month', 'by the end of next month', "d'ici la fin de l'année",
    'bis zum Ende des Jahres': from as_of to that period's last day."""
    by_end = pack.has(Role.BY_END, words, index)
    opener = max(pack.has(Role.BEFORE, words, index), by_end)
    found = _period_ended(words, index + opener, as_of, pack) if opener else None
    if found is None and by_end:
        found = _day_named(words, index + by_end, as_of, pack)
    if found is None:
        return None
    end, last = found
    if last < as_of:
        return end - index, TimeSpec(
            window=Window(type=WindowKind.BEFORE, end=last + timedelta(days=1))
        )
    return end - index, TimeSpec(window=between_window(as_of, last))


def scan_before_period(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'before this year', 'avant ce mois-ci', 'vor diesem Jahr', 'before last month': before
    that calendar period began."""
    opener = pack.has(Role.BEFORE, words, index)
    found = _unit_period(words, index + opener, as_of, pack, bare=False) if opener else None
    if found is None:
        return None
    end, first, _ = found
    end += int(end < len(words) and words[end] == "ci")  # 'ce mois-ci'
    return end - index, TimeSpec(window=Window(type=WindowKind.BEFORE, end=first))


__all__ = ["calendar_period", "next_period", "scan_before_period", "scan_period_end"]
