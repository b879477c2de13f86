"""Numbers and comparisons: 'at least twice', 'more than 3', '€500', 'entre 25 et 35', '40+'.

A ``Quantity`` is unit-agnostic; what it counts (orders, euros, years of age, points) is decided by
the words around it when the parse is assembled.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.offline.words import (
    COMPARATORS,
    COUNT_UNITS,
    CURRENCY,
    NUMBER_WORDS,
    RANGE_JOINERS,
    RANGE_OPENERS,
    SUFFIX_COMPARATORS,
    THOUSANDS,
    TIMES_WORDS,
)
from audience.rules import Op

Number = int | float


@dataclass(frozen=True)
class Quantity:
    """A threshold: ``op`` (None when unstated) and ``value`` (a pair for 'between')."""

    op: Op | None
    value: Number | tuple[Number, Number]
    unit: str | None = None
    """'times', 'currency', 'percent' or None."""


def match_phrase(
    words: list[str], start: int, table: dict[tuple[str, ...], Op]
) -> tuple[int, Op | None]:
    """Longest key of ``table`` at ``start``: (length, value) or (0, None)."""
    for length in (3, 2, 1):
        key = tuple(words[start : start + length])
        if len(key) == length and key in table:
            return length, table[key]
    return 0, None


def parse_number(word: str) -> Number | None:
    """Digits with ',' or '.' as decimal or thousands separator.

    >>> parse_number("1,000"), parse_number("0,7"), parse_number("12")
    (1000, 0.7, 12)
    """
    if not word[:1].isdigit() or "-" in word:
        return None
    parts = word.replace(",", ".").split(".")
    if len(parts) > 1 and all(len(part) == 3 for part in parts[1:]):
        return int("".join(parts))
    if len(parts) > 2:
        return None
    number = float(".".join(parts))
    return int(number) if number.is_integer() and len(parts) == 1 else number


def _number_at(words: list[str], index: int) -> tuple[int, Number, str | None] | None:
    """(length, number, implied unit) of a number at ``index``, with '€' and 'k' around it."""
    if index >= len(words):
        return None
    length, unit = 0, None
    if words[index] in CURRENCY:
        length, unit = 1, "currency"
    word = words[index + length] if index + length < len(words) else ""
    if word in TIMES_WORDS:
        return length + 1, TIMES_WORDS[word], "times"
    number = parse_number(word)
    if number is None and word in NUMBER_WORDS and word not in {"a", "an", "un", "une"}:
        number = NUMBER_WORDS[word]
    if number is None:
        return None
    length += 1
    if index + length < len(words) and words[index + length] in THOUSANDS:
        number, length = number * 1000, length + 1
    return length, number, unit


def _unit_at(words: list[str], index: int) -> tuple[int, str | None]:
    word = words[index] if index < len(words) else ""
    if word in CURRENCY:
        return 1, "currency"
    if word in COUNT_UNITS:
        return 1, "times"
    if word == "%":
        return 1, "percent"
    return 0, None


def _range_at(words: list[str], index: int) -> tuple[int, Quantity] | None:
    """'between 25 and 35', 'entre 200 et 500 €', '25 to 34' (no opener)."""
    opened = words[index] in RANGE_OPENERS if index < len(words) else False
    cursor = index + int(opened)
    low = _number_at(words, cursor)
    if low is None:
        return None
    cursor += low[0]
    skipped, low_unit = _unit_at(words, cursor)
    cursor += skipped
    if cursor >= len(words) or words[cursor] not in RANGE_JOINERS:
        return None
    if not opened and words[cursor] != "to":
        return None
    high = _number_at(words, cursor + 1)
    if high is None:
        return None
    cursor += 1 + high[0]
    skipped, high_unit = _unit_at(words, cursor)
    unit = high_unit or low_unit or high[2] or low[2]
    return cursor + skipped - index, Quantity(Op.BETWEEN, (low[1], high[1]), unit)


def scan_quantity(words: list[str], index: int) -> tuple[int, Quantity] | None:
    """The quantity starting at ``index``: (tokens used, quantity), or None.

    >>> scan_quantity("at least twice in store".split(), 0)
    (3, Quantity(op=<Op.GTE: 'gte'>, value=2, unit='times'))
    >>> scan_quantity("plus de 300 € en beaute".split(), 0)[1].unit
    'currency'
    """
    ranged = _range_at(words, index)
    if ranged:
        return ranged
    skipped, op = match_phrase(words, index, COMPARATORS)
    cursor = index + skipped
    number = _number_at(words, cursor)
    if number is None:
        return None
    cursor += number[0]
    unit_length, unit = _unit_at(words, cursor)
    cursor += unit_length
    suffix_length, suffix_op = match_phrase(words, cursor, SUFFIX_COMPARATORS)
    if op is None and suffix_op is None and _bare_year(words[cursor - 1], unit or number[2]):
        return None
    quantity = Quantity(op or suffix_op, number[1], unit or number[2])
    return cursor + suffix_length - index, quantity


def _bare_year(word: str, unit: str | None) -> bool:
    value = parse_number(word)
    return unit is None and isinstance(value, int) and 1900 <= value <= 2100
