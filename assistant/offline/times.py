"""Time expressions → ``TimeSpec``: windows looking back or ahead, 'N units ago', and a bare
'since' that points back at an earlier clause.

'in the last 6 months', 'last 6m', 'since January', 'in 2025', 'between March and May', 'this
week' (the calendar week so far), 'last summer', 'in the next 30 days', 'between 6 and 12 months
ago', 'au cours des 3 derniers mois', 'le mois dernier'. Every word comes from the language
pack's ``periods`` topic; the shapes (which word comes before which) are tried in all the orders
the supported languages use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.language import Pack, Role
from assistant.offline.numbers import number_at
from assistant.offline.periods import Period, month_end, period_at, period_range
from audience.rules import Op, TimeUnit, Window, WindowKind, day_start, shift


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
    comparison), ``ahead`` (the next N units, for future-dated events) or ``anaphoric`` (a bare
    'since', whose time is an earlier clause's).
    """

    window: Window | None = None
    ago: Ago | None = None
    ahead: tuple[int, TimeUnit] | None = None
    anaphoric: bool = False
    alternatives: tuple[Window, ...] = ()
    """Further windows joined by 'or' ('in March or in August')."""
    ago_range: tuple[int, TimeUnit] | None = None
    """'between 6 and 12 months ago': the near end (6 months), for 'last purchase …'."""
    direction_stated: bool = True
    """False for 'in 30 days' / 'within a month': back for past events, ahead for future ones."""


Scanner = Callable[[Sequence[str], int, date, Pack], tuple[int, TimeSpec] | None]


def _word(words: Sequence[str], index: int) -> str:
    return words[index] if 0 <= index < len(words) else ""


def _skip(words: Sequence[str], index: int, pack: Pack, *roles: Role) -> int:
    while index < len(words):
        step = max(pack.has(role, words, index) for role in roles)
        if not step:
            break
        index += step
    return index


def _count(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int] | None:
    """(next index, n) for '6', 'six', 'a'/'an' (one)."""
    found = number_at(words, index, pack, scaled=False)
    if found is not None and isinstance(found[1], int):
        return index + found[0], found[1]
    one = pack.has(Role.ONE, words, index)
    return (index + one, 1) if one else None


def _unit(words: Sequence[str], index: int, pack: Pack) -> tuple[int, int, TimeUnit] | None:
    """(next index, multiplier, unit); 'quarter' is 3 months."""
    found = pack.units.match(words, index)
    if found is None:
        return None
    length, (multiple, unit) = found
    return index + length, multiple, unit


def _last(amount: int, unit: TimeUnit) -> TimeSpec:
    return TimeSpec(window=Window(type=WindowKind.LAST, amount=amount, unit=unit))


def _relative(
    words: Sequence[str], index: int, pack: Pack, before: Role, after_unit: Role
) -> tuple[int, int, TimeUnit] | None:
    """(end, amount, unit) for '<the> last 6 months', '6 derniers mois', 'le mois dernier'."""
    cursor = _skip(words, index, pack, Role.DURING, Role.WITHIN, Role.ARTICLES)
    word_length = pack.has(before, words, cursor)
    if word_length:
        counted = _count(words, cursor + word_length, pack) or (cursor + word_length, 1)
    else:
        counted = _count(words, cursor, pack)
        word_length = pack.has(before, words, counted[0]) if counted else 0
        counted = (counted[0] + word_length, counted[1]) if counted and word_length else None
    if counted is not None:
        unit = _unit(words, counted[0], pack)
        return (unit[0], counted[1] * unit[1], unit[2]) if unit else None
    unit = _unit(words, cursor, pack)
    after = pack.has(after_unit, words, unit[0]) if unit else 0
    return (unit[0] + after, unit[1], unit[2]) if unit and after else None


def scan_last(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'in the last 6 months', 'past year', 'last 6m', 'ces 6 derniers mois', 'le mois dernier'."""
    found = _relative(words, index, pack, Role.PAST, Role.PAST_AFTER_UNIT)
    if found is None or pack.has(Role.AGO_AFTER, words, found[0]):
        return None
    return found[0] - index, _last(found[1], found[2])


def scan_ahead(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'in the next 30 days', 'next month', 'the coming week', 'dans les 30 prochains jours'."""
    found = _relative(words, index, pack, Role.FUTURE, Role.FUTURE_AFTER_UNIT)
    if found is None:
        cursor = _skip(words, index, pack, Role.WITHIN, Role.ARTICLES)
        counted = _count(words, cursor, pack) if cursor > index else None
        unit = _unit(words, counted[0], pack) if counted else None
        after = pack.has(Role.FUTURE_AFTER_UNIT, words, unit[0]) if unit else 0
        if counted is None or unit is None or not after:
            return None
        found = (unit[0] + after, counted[1] * unit[1], unit[2])
    return found[0] - index, TimeSpec(ahead=(found[1], found[2]))


def scan_within(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'within 30 days', 'in 90 days', 'for over 6 months', 'depuis 1 an' (not '... ago')."""
    opener = pack.has(Role.WITHIN, words, index)
    if not opener:
        return None
    cursor = _skip(words, index + opener, pack, Role.ARTICLES)
    compared = pack.before_number.match(words, cursor)
    counted = _count(words, cursor + (compared[0] if compared else 0), pack)
    unit = _unit(words, counted[0], pack) if counted else None
    if counted is None or unit is None or _ago_follows(words, unit[0], pack):
        return None
    if pack.has(Role.FUTURE_AFTER_UNIT, words, unit[0]):
        return None
    window = Window(type=WindowKind.LAST, amount=counted[1] * unit[1], unit=unit[2])
    return unit[0] - index, TimeSpec(window=window, direction_stated=False)


def _ago_follows(words: Sequence[str], index: int, pack: Pack) -> bool:
    return bool(pack.has(Role.AGO_AFTER, words, index))


def _distance(
    words: Sequence[str], index: int, pack: Pack
) -> tuple[int, Op | None, int, TimeUnit] | None:
    """(end, comparison, amount, unit) for '[more than] 6 months' at ``index``."""
    compared = pack.before_number.match(words, index)
    cursor = index + (compared[0] if compared else 0)
    counted = _count(words, cursor, pack)
    unit = _unit(words, counted[0], pack) if counted else None
    if counted is None or unit is None:
        return None
    return unit[0], compared[1] if compared else None, counted[1] * unit[1], unit[2]


def scan_ago(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'more than 6 months ago', 'il y a plus de 3 mois', 'older than a year'."""
    opener = pack.has(Role.AGO_BEFORE, words, index)
    older = 0 if opener else pack.has(Role.OLDER, words, index)
    found = _distance(words, index + opener + older, pack)
    if found is None:
        return None
    end, op, amount, unit = found
    closer = pack.has(Role.AGO_AFTER, words, end)
    if not (opener or older or closer):
        return None
    op = op or (Op.GT if older else Op.GT)
    return end + closer - index, TimeSpec(ago=Ago(op, amount, unit))


def scan_ago_range(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'between 6 and 12 months ago', '6-12 months ago', 'il y a entre 6 et 12 mois'."""
    opener = pack.has(Role.AGO_BEFORE, words, index)
    cursor = index + opener
    opened = pack.has(Role.RANGE_OPEN, words, cursor)
    low = _count(words, cursor + opened, pack)
    joined = pack.has(Role.RANGE_JOIN, words, low[0]) if low else 0
    high = _count(words, low[0] + joined, pack) if low and joined else None
    unit = _unit(words, high[0], pack) if high else None
    if low is None or high is None or unit is None:
        return None
    closer = pack.has(Role.AGO_AFTER, words, unit[0])
    if not (opener or closer):
        return None
    near, far = sorted((low[1] * unit[1], high[1] * unit[1]))
    start = shift(day_start(as_of), -far, unit[2]).date()
    end = shift(day_start(as_of), -near, unit[2]).date() - timedelta(days=1)
    window = Window(type=WindowKind.BETWEEN, start=start, end=end)
    return unit[0] + closer - index, TimeSpec(window=window, ago_range=(near, unit[2]))


def _period_after(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> Period | None:
    return period_at(words, _skip(words, index, pack, Role.ARTICLES), as_of, pack)


def scan_since(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'since January', 'depuis mars 2025', 'since 2024', 'since the start of the year'."""
    opener = pack.has(Role.SINCE, words, index)
    if not opener:
        return None
    cursor = _skip(words, index + opener, pack, Role.ARTICLES, Role.START_OF)
    year_word = pack.has(Role.YEAR_WORDS, words, cursor)
    if year_word:
        start = date(as_of.year, 1, 1)
        return cursor + year_word - index, TimeSpec(window=Window(type=WindowKind.SINCE, start=start))
    period = period_at(words, cursor, as_of, pack)
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
        cursor = _skip(words, end + pack.has(Role.OR, words, end), pack, Role.DURING, Role.ARTICLES)
        following = period_at(words, cursor, as_of, pack)
        if following is None:
            break
        more.append(following)
        end = following.end
    return end, period, tuple(more)


def _between(first: date, last: date) -> Window:
    return Window(type=WindowKind.BETWEEN, start=first, end=last)


def _joined(periods: Sequence[Period]) -> list[Window]:
    """Periods as windows, contiguous ones merged ('July or August' → July–August)."""
    ordered = sorted(periods, key=lambda p: p.first)
    windows: list[Window] = []
    for period in ordered:
        last = windows[-1] if windows else None
        if last is not None and last.end is not None and period.first <= last.end + timedelta(days=1):
            windows[-1] = _between(last.start or period.first, max(last.end, period.last))
        else:
            windows.append(_between(period.first, period.last))
    return windows


def scan_during(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'in 2025', 'in March', 'en septembre 2026', 'in Q1 2026', 'in July or August'."""
    opener = pack.has(Role.DURING, words, index)
    if not opener:
        return None
    period = _period_after(words, index + opener, as_of, pack)
    if period is None or (pack.before_number.match(words, index) and _bare_year(words, period)):
        return None  # 'over 2000 points': a comparison, not the year 2000
    end, first, more = _alternatives(words, period, as_of, pack)
    windows = _joined((first, *more))
    return end - index, TimeSpec(window=windows[0], alternatives=tuple(windows[1:]))


def _bare_year(words: Sequence[str], period: Period) -> bool:
    return period.first.month == 1 and period.last.month == 12 and period.end >= 1 and (
        words[period.end - 1].isdigit()
    )


def scan_past_period(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'last summer', 'last July', 'l'été dernier': the latest such period that has ended."""
    cursor = _skip(words, index, pack, Role.DURING, Role.ARTICLES)
    before = pack.has(Role.PAST, words, cursor)
    period = period_at(words, cursor + before, as_of, pack)
    if period is None or period.year_written:
        return None
    after = 0 if before else pack.has(Role.PAST_AFTER_UNIT, words, period.end)
    if not (before or after):
        return None
    if period.last >= as_of:
        period = period.in_year(period.first.year - 1)
    return period.end + after - index, TimeSpec(window=_between(period.first, period.last))


def scan_range(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'between March and May', 'de janvier à mars', 'from 2024 to 2025'."""
    opener = pack.has(Role.RANGE_OPEN, words, index)
    if not opener:
        return None
    first = _period_after(words, index + opener, as_of, pack)
    joined = pack.has(Role.RANGE_JOIN, words, first.end) if first else 0
    if first is None or not joined:
        return None
    second = _period_after(words, first.end + joined, as_of, pack)
    if second is None:
        return None
    start, end = period_range(first, second)
    return second.end - index, TimeSpec(window=_between(start, end))


def scan_before(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'before 2025', 'avant mars'."""
    opener = pack.has(Role.BEFORE, words, index)
    if not opener:
        return None
    period = _period_after(words, index + opener, as_of, pack)
    if period is None:
        return None
    return period.end - index, TimeSpec(window=Window(type=WindowKind.BEFORE, end=period.first))


def _calendar_start(unit: TimeUnit, multiple: int, as_of: date) -> date:
    """The first day of the calendar ``unit`` that contains as_of ('this week' starts Monday)."""
    if unit is TimeUnit.YEAR:
        return date(as_of.year, 1, 1)
    if unit is TimeUnit.MONTH:
        first_month = (as_of.month - 1) // multiple * multiple + 1
        return date(as_of.year, first_month, 1)
    if unit is TimeUnit.WEEK:
        return as_of - timedelta(days=as_of.weekday())
    return as_of


def scan_this(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """'this year', 'cette année', 'this week' (since Monday), 'this quarter', 'year to date'."""
    to_date = pack.has(Role.YEAR_TO_DATE, words, index)
    if to_date:
        start = date(as_of.year, 1, 1)
        return to_date, TimeSpec(window=Window(type=WindowKind.SINCE, start=start))
    cursor = _skip(words, index, pack, Role.DURING)
    opener = pack.has(Role.THIS, words, cursor)
    unit = _unit(words, cursor + opener, pack) if opener else None
    if unit is None:
        return None
    end = unit[0] + pack.has(Role.THIS, words, unit[0])  # 'ce mois-ci', 'cette année en cours'
    end += int(_word(words, end) == "ci")
    start = _calendar_start(unit[2], unit[1], as_of)
    return end - index, TimeSpec(window=Window(type=WindowKind.SINCE, start=start))


def scan_day_words(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'yesterday', 'today' (the last day), 'tomorrow' (the next day)."""
    for role in (Role.TODAY, Role.YESTERDAY):
        length = pack.has(role, words, index)
        if length:
            return length, _last(1, TimeUnit.DAY)
    length = pack.has(Role.TOMORROW, words, index)
    return (length, TimeSpec(ahead=(1, TimeUnit.DAY))) if length else None


def scan_anaphoric(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """A bare 'since' / 'since then' at a clause end: the time of the clause before."""
    length = pack.has(Role.ANAPHORIC_TIME, words, index)
    if not length:
        return None
    following = _word(words, index + length)
    if following and following not in {",", ";", ".", "!", "?"} and not pack.has(
        Role.AND, words, index + length
    ) and not pack.has(Role.BUT, words, index + length):
        return None
    return length, TimeSpec(anaphoric=True)


SCANNERS: tuple[Scanner, ...] = (
    scan_ago_range,
    scan_ago,
    scan_last,
    scan_ahead,
    scan_past_period,
    scan_range,
    scan_since,
    scan_during,
    scan_before,
    scan_this,
    scan_within,
    scan_day_words,
    scan_anaphoric,
)
"""Tried in order at each position; the first match wins."""


def scan_time(words: Sequence[str], index: int, as_of: date, pack: Pack) -> tuple[int, TimeSpec] | None:
    """The time expression starting at ``index``: (words used, spec), or None.

    >>> from assistant.language import load_pack
    >>> scan_time("in the last 6 months".split(), 0, date(2026, 10, 1), load_pack("en"))[1].window.amount
    6
    >>> scan_time("since january".split(), 0, date(2026, 10, 1), load_pack("en"))[1].window.start
    datetime.date(2026, 1, 1)
    """
    for scanner in SCANNERS:
        found = scanner(words, index, as_of, pack)
        if found:
            return found
    return None


__all__ = ["Ago", "TimeSpec", "month_end", "scan_time"]
