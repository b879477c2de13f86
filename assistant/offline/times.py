"""Time expressions → ``TimeSpec``: windows looking back or ahead, 'N units ago', and a bare
'since' that points back at an earlier clause.

'in the last 6 months', 'last 6m', 'since January', 'in 2025', 'between March and May', 'this
week' (the calendar week so far), 'last summer', 'in the next 30 days', 'between 6 and 12 months
ago', 'au cours des 3 derniers mois', 'le mois dernier'. Every word comes from the language
pack's ``periods`` topic; the shapes (which word comes before which) are tried in all the orders
the supported languages use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from assistant.language import Pack, Role
from assistant.offline.dates import (
    calendar_start,
    scan_bare_period,
    scan_before,
    scan_during,
    scan_past_period,
    scan_range,
    scan_since,
    scan_this,
    scan_weekend,
)
from assistant.offline.period_bounds import next_period, scan_before_period, scan_period_end
from assistant.offline.periods import period_at, skip_of
from assistant.offline.timespec import (
    Ago,
    Scanner,
    TimeSpec,
    between_window,
    count_at,
    last_window,
    skip,
    unit_at,
    word_at,
)
from audience.rules import Op, TimeUnit, Window, WindowKind, day_start, shift, window_fits


def _relative(
    words: Sequence[str], index: int, pack: Pack, before: Role, after_unit: Role
) -> tuple[int, int, TimeUnit] | None:
    """(end, amount, unit) for '<the> last 6 months', '6 derniers mois', 'le mois dernier'."""
    cursor = skip(words, index, pack, Role.DURING, Role.WITHIN, Role.ARTICLES)
    word_length = pack.has(before, words, cursor)
    counted: tuple[int, int] | None
    if word_length:
        counted = count_at(words, cursor + word_length, pack) or (cursor + word_length, 1)
    else:
        counted = count_at(words, cursor, pack)
        word_length = pack.has(before, words, counted[0]) if counted else 0
        counted = (counted[0] + word_length, counted[1]) if counted and word_length else None
    if counted is not None:
        unit = unit_at(words, _after_count(words, counted[0], pack)[0], pack)
        fits = unit is not None and window_fits(counted[1] * unit[1], unit[2])
        return (unit[0], counted[1] * unit[1], unit[2]) if unit and fits else None
    unit = unit_at(words, cursor, pack)
    after = pack.has(after_unit, words, unit[0]) if unit else 0
    return (unit[0] + after, unit[1], unit[2]) if unit and after else None


CALENDAR_PERIODS: dict[tuple[int, TimeUnit], str] = {
    (1, TimeUnit.WEEK): "week",
    (1, TimeUnit.MONTH): "month",
    (3, TimeUnit.MONTH): "quarter",
    (1, TimeUnit.YEAR): "year",
}
"""The periods a bare 'last <unit>' names on the calendar (weeks run Monday to Sunday)."""


def scan_last(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'in the last 6 months', 'past year', 'last 6m', 'ces 6 derniers mois', 'le mois dernier'.

    A bare 'last month' / 'le mois dernier' / 'letzten Monat' is the previous calendar period;
    'in the last month', 'over the last week', 'im letzten Jahr' and counted ones are rolling.
    """
    found = _relative(words, index, pack, Role.PAST, Role.PAST_AFTER_UNIT)
    if found is None or pack.has(Role.AGO_AFTER, words, found[0]):
        return None
    whole = skip_of(words, found[0], pack)
    if whole > found[0] and period_at(words, whole, as_of, pack):
        return None  # 'the last 10 days of June': a part of June (``month_part``)
    reading = _calendar_reading(words[index : found[0]], found[1], found[2], pack)
    if reading is None:
        return found[0] - index, last_window(found[1], found[2])
    start = calendar_start(found[2], found[1], as_of)
    first = shift(day_start(start), -found[1], found[2]).date()
    window = between_window(first, start - timedelta(days=1))
    return found[0] - index, TimeSpec(window=window, calendar_reading=reading)


def _calendar_reading(said: Sequence[str], amount: int, unit: TimeUnit, pack: Pack) -> str | None:
    """The calendar period a bare 'last month' names; None for a rolling window."""
    counted = any(
        word[:1].isdigit() or pack.cardinals.match(said, i) for i, word in enumerate(said)
    )
    roles = [pack.roles_at(said, i) for i in range(len(said))]
    calendar_word = any(Role.CALENDAR_PREVIOUS in found for found in roles)
    quarter = any(Role.QUARTER_WORDS in found for found in roles)  # only the calendar has one
    within = any(Role.WITHIN in found for found in roles) and not quarter
    if counted or not calendar_word or within:
        return None
    return CALENDAR_PERIODS.get((amount, unit))


def _calendar_like(said: Sequence[str], amount: int, unit: TimeUnit, pack: Pack) -> bool:
    """'next month', 'le mois prochain' (no count, no 'in the'): the next calendar period —
    not 'in the next month', not 'next 2 months'."""
    counted = any(
        word[:1].isdigit() or pack.cardinals.match(said, i) for i, word in enumerate(said)
    )
    timed = any(pack.has(role, said, 0) for role in (Role.DURING, Role.WITHIN))
    return amount == 1 and unit is not TimeUnit.DAY and not counted and not timed


def scan_ahead(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'in the next 30 days', 'next month', 'the coming week', 'dans les 30 prochains jours'."""
    found = _relative(words, index, pack, Role.FUTURE, Role.FUTURE_AFTER_UNIT)
    if found is None:
        cursor = skip(words, index, pack, Role.WITHIN, Role.ARTICLES)
        counted = count_at(words, cursor, pack) if cursor > index else None
        unit = unit_at(words, counted[0], pack) if counted else None
        after = pack.has(Role.FUTURE_AFTER_UNIT, words, unit[0]) if unit else 0
        if counted is None or unit is None or not after:
            return None
        found = (unit[0] + after, counted[1] * unit[1], unit[2])
    opened = skip(words, index, pack, Role.DURING, Role.WITHIN)
    rolling = opened > index and pack.has(Role.ARTICLES, words, opened)  # 'in the next week'
    if not rolling and _calendar_like(words[opened : found[0]], found[1], found[2], pack):
        return found[0] - index, TimeSpec(window=next_period(found[2], as_of), calendar_ahead=True)
    return found[0] - index, TimeSpec(ahead=(found[1], found[2]))


def scan_upcoming(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'a slot coming up', 'un créneau à venir': still ahead, with no length given — unless a
    length or a period follows ('coming up in the next 2 weeks', 'coming up in the first two
    weeks of March'): then that window (a period's next occurrence), both phrases read."""
    length = pack.has(Role.UPCOMING, words, index)
    if not length:
        return None
    following = scan_ahead(words, index + length, as_of, pack) or scan_period_end(
        words, index + length, as_of, pack
    )
    if following is not None:
        return length + following[0], following[1]
    period = scan_during(words, index + length, as_of, pack)
    if period is not None:
        return length + period[0], period[1].read_ahead()
    return length, TimeSpec(open_ahead=True)


def scan_within(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'within 30 days', 'in 90 days', 'for over 6 months', 'depuis 1 an' (not '... ago')."""
    opener = pack.has(Role.WITHIN, words, index)
    if not opener:
        return None
    cursor = skip(words, index + opener, pack, Role.ARTICLES)
    compared = pack.before_number.match(words, cursor)
    counted = count_at(words, cursor + (compared[0] if compared else 0), pack)
    if counted is None or not unit_at(words, _after_count(words, counted[0], pack)[0], pack):
        counted = count_at(words, index + opener, pack)  # 'in a month': the article is 'one'
    said_after = _after_count(words, counted[0], pack) if counted else None
    unit = unit_at(words, said_after[0], pack) if said_after else None
    if counted is None or unit is None or _ago_follows(words, unit[0], pack):
        return None
    if not window_fits(counted[1] * unit[1], unit[2]):
        return None
    if pack.has(Role.FUTURE_AFTER_UNIT, words, unit[0]):
        return None
    window = Window(type=WindowKind.LAST, amount=counted[1] * unit[1], unit=unit[2])
    op = compared[1] if compared else said_after[1] if said_after else None
    longer = op in {Op.GT, Op.GTE}
    return unit[0] - index, TimeSpec(window=window, direction_stated=False, longer=longer)


def _ago_follows(words: Sequence[str], index: int, pack: Pack) -> bool:
    return bool(pack.has(Role.AGO_AFTER, words, index))


def _distance(
    words: Sequence[str], index: int, pack: Pack
) -> tuple[int, Op | None, int, TimeUnit] | None:
    """(end, comparison, amount, unit) for '[more than] 6 months', '6+ months', '6 or more
    months' at ``index``."""
    compared = pack.before_number.match(words, index)
    cursor = index + (compared[0] if compared else 0)
    counted = count_at(words, cursor, pack)
    said_after = _after_count(words, counted[0], pack) if counted else None
    unit = unit_at(words, said_after[0], pack) if said_after else None
    if counted is None or said_after is None or unit is None:
        return None
    op = compared[1] if compared else said_after[1]
    return unit[0], op, counted[1] * unit[1], unit[2]


def _after_count(words: Sequence[str], index: int, pack: Pack) -> tuple[int, Op | None]:
    """(index of the unit, comparison) after a count: '6+ months', '6 or more months' compare
    the length of time, not a count of events — taken only when a unit of time follows it."""
    said = pack.after_number.match(words, index)
    if said is not None and unit_at(words, index + said[0], pack):
        return index + said[0], said[1]
    return index, None


def scan_ago(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'more than 6 months ago', 'il y a plus de 3 mois', 'older than a year'."""
    opener = pack.has(Role.AGO_BEFORE, words, index)
    older = 0 if opener else pack.has(Role.OLDER, words, index)
    found = _distance(words, index + opener + older, pack)
    if found is None:
        return None
    end, op, amount, unit = found
    closer = pack.has(Role.AGO_AFTER, words, end) or _old_after(words, end, amount, unit, pack)
    if not (opener or older or closer):
        return None
    op = op or Op.GT  # 'six months ago' alone: further back than that
    return end + closer - index, TimeSpec(ago=Ago(op, amount, unit))


# The fewest years a customer's age is said in: 'over a year old', '2 years old' are how long ago
# something was (a customer is not 2); '30 years old' is an age.
_YOUNGEST_AGE_YEARS = 16


def _old_after(words: Sequence[str], index: int, amount: int, unit: TimeUnit, pack: Pack) -> int:
    """'more than 60 days old', 'over a year old': the age of something reads as 'ago', except
    a number of years a person can be ('30 years old')."""
    if unit is TimeUnit.YEAR and amount >= _YOUNGEST_AGE_YEARS:
        return 0
    return pack.has(Role.OLD_AFTER, words, index)


def scan_ago_range(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'between 6 and 12 months ago', '6-12 months ago', 'il y a entre 6 et 12 mois'."""
    opener = pack.has(Role.AGO_BEFORE, words, index)
    cursor = index + opener
    opened = pack.has(Role.RANGE_OPEN, words, cursor)
    low = count_at(words, cursor + opened, pack)
    joined = pack.has(Role.RANGE_JOIN, words, low[0]) if low else 0
    high = count_at(words, low[0] + joined, pack) if low and joined else None
    unit = unit_at(words, high[0], pack) if high else None
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


def scan_day_words(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'yesterday', 'today' (the last day), 'tomorrow' (the next day)."""
    for role in (Role.TODAY, Role.YESTERDAY):
        length = pack.has(role, words, index)
        if length:
            return length, replace(last_window(1, TimeUnit.DAY), today=role is Role.TODAY)
    length = pack.has(Role.TOMORROW, words, index)
    return (length, TimeSpec(ahead=(1, TimeUnit.DAY))) if length else None


def scan_anaphoric(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """A bare 'since' / 'since then' at a clause end — or before the negation that ends it
    ('aber seitdem nicht mehr') —, or an adverb pointing back anywhere ('seitdem'): the time of
    the clause before."""
    adverb = pack.has(Role.ANAPHORIC_ADVERBS, words, index)
    if adverb:
        return adverb, TimeSpec(anaphoric=True)
    length = pack.has(Role.ANAPHORIC_TIME, words, index)
    if not length:
        return None
    end = index + length
    end += pack.has(Role.NEGATION, words, end) or 0
    if not _clause_ends(words, end, pack):
        return None
    return length, TimeSpec(anaphoric=True)


def _clause_ends(words: Sequence[str], index: int, pack: Pack) -> bool:
    following = word_at(words, index)
    return (
        not following
        or following in {",", ";", ".", "!", "?"}
        or bool(pack.has(Role.AND, words, index))
        or bool(pack.has(Role.BUT, words, index))
    )


def scan_same_period(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """'that week', 'in that time', 'cette semaine-là': the period of the clause or turn before."""
    length = pack.has(Role.SAME_PERIOD, words, index)
    return (length, TimeSpec(anaphoric=True, same_period=True)) if length else None


SCANNERS: tuple[Scanner, ...] = (
    scan_same_period,
    scan_weekend,
    scan_ago_range,
    scan_ago,
    scan_last,
    scan_ahead,
    scan_upcoming,
    scan_past_period,
    scan_range,
    scan_since,
    scan_during,
    scan_period_end,
    scan_before_period,
    scan_before,
    scan_this,
    scan_within,
    scan_day_words,
    scan_anaphoric,
    scan_bare_period,
)


def scan_time(
    words: Sequence[str], index: int, as_of: date, pack: Pack
) -> tuple[int, TimeSpec] | None:
    """The time expression starting at ``index``: (words used, spec), or None.

    >>> from assistant.language import load_pack
    >>> last = scan_time("in the last 6 months".split(), 0, date(2026, 10, 1), load_pack("en"))
    >>> last[1].window.amount
    6
    >>> scan_time("since january".split(), 0, date(2026, 10, 1), load_pack("en"))[1].window.start
    datetime.date(2026, 1, 1)
    """
    for scanner in SCANNERS:
        found = scanner(words, index, as_of, pack)
        if found:
            return found
    return None


__all__ = ["Ago", "TimeSpec", "scan_time"]
