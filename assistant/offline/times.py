"""Time expressions → ``Window``: 'in the last 6 months', 'last 6m', 'since January', 'in 2025',
'between March and May', 'this year', 'au cours des 3 derniers mois', 'depuis janvier'.

Month names resolve against the catalog's ``as_of``: a month alone is its most recent start before
as_of ('since January' on 2026-10-01 is 2026-01-01). 'N units ago' is kept apart (``ago``): it
means a window that *ends* N units before as_of, or a recency condition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from assistant.offline.periods import period_at, period_range
from assistant.offline.quantities import match_phrase, parse_number
from assistant.offline.words import COMPARATORS, NUMBER_WORDS, TIME_UNITS
from audience.rules import Op, TimeUnit, Window, WindowKind


@dataclass(frozen=True)
class TimeSpec:
    """A parsed time expression: a window, or 'N units ago' with a comparison."""

    window: Window | None = None
    ago_op: Op | None = None
    ago_amount: int = 0
    ago_unit: TimeUnit = TimeUnit.DAY


Scanner = Callable[[list[str], int, date], tuple[int, TimeSpec] | None]

_PREPS = frozenset(
    {
        "in",
        "during",
        "over",
        "for",
        "within",
        "on",
        "throughout",
        "au",
        "lors",
        "pendant",
        "durant",
        "sur",
        "dans",
        "en",
    }
)
_ARTICLES = frozenset({"the", "des", "les", "ces", "de", "la", "le", "l", "cours", "du", "these"})
_LAST = frozenset({"last", "past", "previous", "recent", "prior", "preceding"})
_FR_LAST = frozenset(
    {"derniers", "dernieres", "dernier", "derniere", "passes", "passees", "ecoules", "ecoulees"}
)
_FR_AFTER_UNIT = frozenset({"dernier", "derniere", "passe", "passee", "ecoule", "ecoulee"})
_DURING = frozenset({"in", "during", "en", "pendant", "durant", "throughout", "au", "on"})
_SINCE = frozenset({"since", "depuis", "from", "after", "apres"})
_BEFORE = frozenset({"before", "avant", "prior"})
_RANGE_OPEN = frozenset({"between", "from", "entre", "de", "du"})
_RANGE_JOIN = frozenset({"and", "to", "et", "a", "au", "until", "till", "through", "thru"})
_THIS = frozenset({"this", "cette", "ce", "current"})

TIME_GRAMMAR = (
    _PREPS | _ARTICLES | _LAST | _FR_LAST | _FR_AFTER_UNIT | _DURING | _SINCE | _BEFORE
) | (_RANGE_OPEN | _RANGE_JOIN | _THIS)
"""Every word the time scanners read, so typo correction never rewrites them."""


def _skip(words: list[str], index: int, options: frozenset[str]) -> int:
    while index < len(words) and words[index] in options:
        index += 1
    return index


def _count(words: list[str], index: int) -> tuple[int, int] | None:
    word = words[index] if index < len(words) else ""
    number = parse_number(word)
    if isinstance(number, int):
        return index + 1, number
    if word in NUMBER_WORDS:
        return index + 1, NUMBER_WORDS[word]
    return None


def _unit(words: list[str], index: int) -> tuple[int, int, TimeUnit] | None:
    """(next index, multiplier, unit); 'quarter' is 3 months."""
    word = words[index] if index < len(words) else ""
    if word in TIME_UNITS:
        return index + 1, 1, TIME_UNITS[word]
    if word in {"quarter", "quarters", "trimestre", "trimestres"}:
        return index + 1, 3, TimeUnit.MONTH
    return None


def _last(amount: int, unit: TimeUnit) -> TimeSpec:
    return TimeSpec(window=Window(type=WindowKind.LAST, amount=amount, unit=unit))


def scan_last(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'in the last 6 months', 'past year', 'last 6m', 'au cours des 3 derniers mois'."""
    cursor = _skip(words, _skip(words, index, _PREPS), _ARTICLES)
    if cursor < len(words) and words[cursor] in _LAST | _FR_LAST:
        cursor += 1
        counted = _count(words, cursor) or (cursor, 1)
    else:
        found = _count(words, cursor)
        if found is None or found[0] >= len(words) or words[found[0]] not in _FR_LAST:
            return None
        counted = (found[0] + 1, found[1])
    unit = _unit(words, counted[0])
    if unit is None:
        return None
    return unit[0] - index, _last(counted[1] * unit[1], unit[2])


def scan_unit_last(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """French 'le mois dernier', 'l'année passée'."""
    cursor = _skip(words, _skip(words, index, _PREPS), _ARTICLES)
    unit = _unit(words, cursor)
    if unit is None or unit[0] >= len(words) or words[unit[0]] not in _FR_AFTER_UNIT:
        return None
    return unit[0] + 1 - index, _last(unit[1], unit[2])


def scan_within(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'within 30 days', 'in 90 days', 'for over 6 months', 'depuis 1 an' (not '... ago')."""
    if words[index] not in _PREPS | {"depuis"}:
        return None
    cursor = _skip(words, index + 1, frozenset({"the"}))
    skipped, _ = match_phrase(words, cursor, COMPARATORS)
    counted = _count(words, cursor + skipped) or _article_one(words, cursor + skipped)
    unit = _unit(words, counted[0]) if counted else None
    if counted is None or unit is None or (unit[0] < len(words) and words[unit[0]] == "ago"):
        return None
    return unit[0] - index, _last(counted[1] * unit[1], unit[2])


def _article_one(words: list[str], index: int) -> tuple[int, int] | None:
    word = words[index] if index < len(words) else ""
    return (index + 1, 1) if word in {"a", "an", "un", "une"} else None


_AGO_OPENERS: dict[tuple[str, ...], Op | None] = {
    ("il", "y", "a"): None,
    ("remonte", "a"): None,
    ("remontent", "a"): None,
    ("date", "de"): None,
    ("older", "than"): Op.GT,
    ("earlier", "than"): Op.GT,
}
"""Phrases that say 'N units ago' without the word 'ago' ('il y a 3 mois', 'older than a year')."""


def _ago_opener(words: list[str], index: int) -> tuple[int, Op | None] | None:
    for key, op in _AGO_OPENERS.items():
        if tuple(words[index : index + len(key)]) == key:
            return len(key), op
    return None


def scan_ago(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'more than 6 months ago', 'il y a plus de 3 mois', 'older than a year'."""
    opener = _ago_opener(words, index)
    cursor = index + (opener[0] if opener else 0)
    skipped, op = match_phrase(words, cursor, COMPARATORS)
    counted = _count(words, cursor + skipped) or _article_one(words, cursor + skipped)
    unit = _unit(words, counted[0]) if counted else None
    if counted is None or unit is None:
        return None
    end = unit[0]
    if opener is None:
        if end >= len(words) or words[end] != "ago":
            return None
        end += 1
    op = op or (opener[1] if opener else None) or Op.GT
    spec = TimeSpec(ago_op=op, ago_amount=counted[1] * unit[1], ago_unit=unit[2])
    return end - index, spec


def scan_since(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'since January', 'depuis mars 2025', 'since 2024', 'since the start of the year'."""
    if words[index] not in _SINCE:
        return None
    cursor = _skip(
        words,
        index + 1,
        frozenset({"the", "le", "la", "l", "debut", "start", "beginning", "of", "de", "d"}),
    )
    if cursor < len(words) and words[cursor] in {"year", "annee", "an"}:
        start = date(as_of.year, 1, 1)
        return cursor + 1 - index, TimeSpec(window=Window(type=WindowKind.SINCE, start=start))
    period = period_at(words, cursor, as_of)
    if period is None:
        return None
    return period.end - index, TimeSpec(window=Window(type=WindowKind.SINCE, start=period.first))


def scan_during(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'in 2025', 'in March', 'en septembre 2026', 'in Q1 2026'."""
    if words[index] not in _DURING:
        return None
    period = period_at(words, _skip(words, index + 1, frozenset({"the", "le", "la"})), as_of)
    if period is None:
        return None
    window = Window(type=WindowKind.BETWEEN, start=period.first, end=period.last)
    return period.end - index, TimeSpec(window=window)


def scan_range(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'between March and May', 'de janvier à mars', 'from 2024 to 2025'."""
    if words[index] not in _RANGE_OPEN:
        return None
    first = period_at(words, _skip(words, index + 1, _ARTICLES), as_of)
    if first is None or first.end >= len(words) or words[first.end] not in _RANGE_JOIN:
        return None
    second = period_at(words, _skip(words, first.end + 1, _ARTICLES), as_of)
    if second is None:
        return None
    start, end = period_range(first, second)
    window = Window(type=WindowKind.BETWEEN, start=start, end=end)
    return second.end - index, TimeSpec(window=window)


def scan_before(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'before 2025', 'avant mars'."""
    if words[index] not in _BEFORE:
        return None
    period = period_at(words, _skip(words, index + 1, frozenset({"the", "to", "le", "la"})), as_of)
    if period is None:
        return None
    return period.end - index, TimeSpec(window=Window(type=WindowKind.BEFORE, end=period.first))


def scan_this(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'this year', 'cette année', 'this month', 'year to date'."""
    if words[index : index + 3] == ["year", "to", "date"] or words[index] == "ytd":
        length, unit = (1 if words[index] == "ytd" else 3), TimeUnit.YEAR
    elif words[index] in _THIS and _unit(words, index + 1):
        length, unit = 2, _unit(words, index + 1)[2]  # type: ignore[index]
        length += int(index + 2 < len(words) and words[index + 2] == "ci")
    else:
        return None
    starts = {TimeUnit.YEAR: date(as_of.year, 1, 1), TimeUnit.MONTH: as_of.replace(day=1)}
    start = starts.get(unit, as_of.fromordinal(as_of.toordinal() - as_of.weekday()))
    return length, TimeSpec(window=Window(type=WindowKind.SINCE, start=start))


def scan_day_words(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """'yesterday', 'today', 'hier', 'aujourd'hui'."""
    if words[index] in {"yesterday", "today", "hier", "aujourd"}:
        length = 2 if words[index + 1 : index + 2] == ["hui"] else 1
        return length, _last(1, TimeUnit.DAY)
    return None


SCANNERS: tuple[Scanner, ...] = (
    scan_ago,
    scan_last,
    scan_unit_last,
    scan_range,
    scan_since,
    scan_during,
    scan_before,
    scan_this,
    scan_within,
    scan_day_words,
)
"""Tried in order at each position; the first match wins."""


def scan_time(words: list[str], index: int, as_of: date) -> tuple[int, TimeSpec] | None:
    """The time expression starting at ``index``: (tokens used, spec), or None.

    >>> scan_time("in the last 6 months".split(), 0, date(2026, 10, 1))[1].window.amount
    6
    >>> scan_time("since january".split(), 0, date(2026, 10, 1))[1].window.start
    datetime.date(2026, 1, 1)
    """
    for scanner in SCANNERS:
        found = scanner(words, index, as_of)
        if found:
            return found
    return None
