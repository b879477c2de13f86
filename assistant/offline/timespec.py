"""Parsed time expressions and the word-level readers the time scanners share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from assistant.language import Pack, Role
from assistant.offline.numbers import number_at
from audience.rules import Op, TimeUnit, Window, WindowKind


@dataclass(frozen=True)
class Ago:
    """'more than 6 months ago': a comparison on how long ago the event was."""

    op: Op
    amount: int
    unit: TimeUnit


@dataclass(frozen=True)
class TimeSpec:
    """A parsed time expression.

    Exactly one of: ``window`` (a period looking back), ``ago`` (a distance back in time with a
    comparison), ``ahead`` (the next N units, for future-dated events), ``open_ahead`` (from
    as_of on) or ``anaphoric`` (a bare 'since', whose time is an earlier clause's).
    """

    window: Window | None = None
    ago: Ago | None = None
    ahead: tuple[int, TimeUnit] | None = None
    anaphoric: bool = False
    same_period: bool = False
    """With ``anaphoric``: the earlier period itself ('that week'), not what follows it."""
    alternatives: tuple[Window, ...] = ()
    """Further windows joined by 'or' ('in March or in August')."""
    ago_range: tuple[int, TimeUnit] | None = None
    """'between 6 and 12 months ago': the near end (6 months), for 'last purchase …'."""
    calendar_end: date | None = None
    """'this week': the period's last day; on future-dated events it bounds the window."""
    direction_stated: bool = True
    """False for 'in 30 days' / 'within a month': back for past events, ahead for future ones."""
    calendar_reading: str | None = None
    """'last month' with no count and no 'in the': read as the previous calendar period ('week',
    'month', 'quarter' or 'year', the window holding its days); the proposal says so and how to
    ask for the rolling window instead."""
    calendar_ahead: bool = False
    """'next week' with no count and no 'in the': the next calendar period, said so."""
    period_ahead: bool = False
    """'this week' read on the period's first day: no day of it is before the data's date, so
    the period is all ahead (a booking, not a thing done)."""
    today: bool = False
    """'today', 'aujourd'hui', 'heute': the last day; read at 00:00 it is the day before (said)."""
    open_ahead: bool = False
    """'a slot coming up': ahead of as_of with no end (future-dated rows only)."""
    longer: bool = False
    """'for over 6 months', 'depuis plus de 6 mois', 'seit über 6 Monaten': the window is a gap
    of more than its length — negated, the last time was before it."""
    next_reading: tuple[Window, ...] = ()
    """'in April' written without its year: the windows of its next occurrence (the window and
    its alternatives), for dates that may lie ahead; empty when the year was written or the
    period has not ended."""

    def read_ahead(self) -> TimeSpec:
        """The same time with its period read as the next occurrence (see ``next_reading``)."""
        if not self.next_reading:
            return self
        first, *more = self.next_reading
        return replace(self, window=first, alternatives=tuple(more), next_reading=())


Scanner = Callable[[Sequence[str], int, date, Pack], tuple[int, TimeSpec] | None]


def word_at(words: Sequence[str], index: int) -> str:
    return words[index] if 0 <= index < len(words) else ""


def skip(words: Sequence[str], index: int, pack: Pack, *roles: Role) -> int:
    while index < len(words):
        step = max(pack.has(role, words, index) for role in roles)
        if not step:
            break
        index += step
    return index


def count_at(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int] | None:
    """(next index, n) for '6', 'six', 'a'/'an' (one); a unit that says its own count ('half a
    year') is one, read by ``unit_at`` from the same index."""
    found = number_at(words, index, pack, scaled=False)
    if found is not None and isinstance(found[1], int):
        return index + found[0], found[1]
    one = pack.has(Role.ONE, words, index)
    if one:
        return index + one, 1
    return (index, 1) if pack.has(Role.COUNTED_UNITS, words, index) else None


def unit_at(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int, TimeUnit] | None:
    """(next index, multiplier, unit); 'quarter' is 3 months."""
    found = pack.units.match(words, index)
    if found is None:
        return None
    length, (multiple, unit) = found
    return index + length, multiple, unit


def last_window(amount: int, unit: TimeUnit) -> TimeSpec:
    return TimeSpec(window=Window(type=WindowKind.LAST, amount=amount, unit=unit))


def between_window(first: date, last: date) -> Window:
    return Window(type=WindowKind.BETWEEN, start=first, end=last)
