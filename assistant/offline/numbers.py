"""Numbers and comparisons: 'at least twice', 'more than 3', '€500', 'entre 25 et 35', '40+'.

A ``Quantity`` is unit-agnostic: what it measures (a count of events, euros, an age, points, the
size of the audience) is decided from the whole sentence (``readings``). Number words, scales,
comparison words and units come from the language pack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.language import Pack, Role
from audience.rules import Op

Number = int | float
Unit = Literal["times", "currency", "percent", "seconds"]


@dataclass(frozen=True)
class Quantity:
    """A threshold: ``op`` (None when unstated) and ``value`` (a pair for 'between')."""

    op: Op | None
    value: Number | tuple[Number, Number]
    unit: Unit | None = None
    """'times', 'currency', 'percent', 'seconds' (a length of time, its value in seconds) or
    None."""


def parse_number(word: str) -> Number | None:
    """Digits with ',' '.' ' ' or "'" grouping thousands ('1,000', '10 000'), or one decimal mark.

    >>> parse_number("1,000"), parse_number("0,7"), parse_number("12"), parse_number("10 000")
    (1000, 0.7, 12, 10000)
    """
    if not word[:1].isdigit():
        return None
    parts = _SEPARATORS.split(word)
    if not all(part.isdigit() for part in parts):
        return None
    if len(parts) > 1 and all(len(part) == 3 for part in parts[1:]):
        return int("".join(parts))
    if len(parts) == 1:
        return int(parts[0])
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}")
    return None


_SEPARATORS = re.compile(r"[ \u00a0\u202f.,']")


def _word(words: Sequence[str], index: int) -> str:
    return words[index] if 0 <= index < len(words) else ""


def number_at(
    words: Sequence[str], index: int, pack: Pack, *, scaled: bool = True
) -> tuple[int, Number] | None:
    """(words used, number) for digits or a number word at ``index``, with a scale ('10k')
    unless ``scaled`` is False (a count of time units: 'last 6m' is six months)."""
    number = parse_number(_word(words, index))
    length = 1
    if number is None:
        found = pack.cardinals.match(words, index)
        if found is None:
            return None
        length, number = found
    scale = pack.scales.match(words, index + length) if scaled else None
    if scale is not None:
        number, length = number * scale[1], length + scale[0]
    return length, number


def _unit_at(words: Sequence[str], index: int, pack: Pack) -> tuple[int, Unit | None]:
    for role, unit in (
        (Role.CURRENCY, "currency"),
        (Role.COUNT_UNITS, "times"),
        (Role.PERCENT, "percent"),
    ):
        length = pack.has(role, words, index)
        if length:
            return length, unit  # type: ignore[return-value]
    return 0, None


def _amount_at(
    words: Sequence[str], index: int, pack: Pack
) -> tuple[int, Number, Unit | None] | None:
    """A number with its currency before or unit after ('€500', '500 €', 'twice', '3 times')."""
    before, unit = _unit_at(words, index, pack)
    if unit != "currency":
        before, unit = 0, None
    cursor = index + before
    counted = pack.multiplicatives.match(words, cursor)
    if counted is not None:
        return before + counted[0], counted[1], "times"
    whole = pack.whole_durations.match(words, cursor)
    if whole is not None and not before:
        return whole[0], whole[1], "seconds"
    found = number_at(words, cursor, pack)
    if found is None:
        return None
    lasting = pack.durations.match(words, cursor + found[0])
    if lasting is not None and not before:
        return found[0] + lasting[0], found[1] * lasting[1], "seconds"
    after, after_unit = _unit_at(words, cursor + found[0], pack)
    return before + found[0] + after, found[1], unit or after_unit


def _one_at(words: Sequence[str], index: int, pack: Pack) -> tuple[int, Number, Unit | None] | None:
    """'un' / 'einem' after a comparison ('exactement un', 'mindestens einen'): the number 1,
    which the language writes like its article."""
    length = pack.has(Role.ONE, words, index)
    if not length:
        return None
    after, unit = _unit_at(words, index + length, pack)
    return length + after, 1, unit


def _range_at(words: Sequence[str], index: int, pack: Pack) -> tuple[int, Quantity] | None:
    """'between 25 and 35', 'entre 200 et 500 €', '25 to 34', '6-12' (no opener)."""
    opened = pack.has(Role.RANGE_OPEN, words, index)
    low = _amount_at(words, index + opened, pack)
    if low is None:
        return None
    cursor = index + opened + low[0]
    joined = pack.has(Role.RANGE_JOIN, words, cursor)
    if not joined or (not opened and _word(words, cursor) not in {"to", "-", "a", "bis"}):
        return None
    high = _amount_at(words, cursor + joined, pack)
    if high is None or (low[2] == "times") != (high[2] == "times"):
        return None
    end = cursor + joined + high[0]
    return end - index, Quantity(Op.BETWEEN, (low[1], high[1]), high[2] or low[2])


def scan_quantity(words: Sequence[str], index: int, pack: Pack) -> tuple[int, Quantity] | None:
    """The quantity starting at ``index``: (words used, quantity), or None.

    >>> from assistant.language import load_pack
    >>> scan_quantity("at least twice in store".split(), 0, load_pack("en"))
    (3, Quantity(op=<Op.GTE: 'gte'>, value=2, unit='times'))
    >>> scan_quantity("plus de 300 € en beaute".split(), 0, load_pack("fr"))[1].unit
    'currency'
    """
    ranged = _range_at(words, index, pack)
    if ranged:
        return ranged
    before = pack.before_number.match(words, index)
    cursor = index + (before[0] if before else 0)
    amount = _amount_at(words, cursor, pack)
    if amount is None and before:
        # 'exactement un achat', 'plus d'un achat'; 'au moins un' says no more than 'a'
        amount = _one_at(words, cursor, pack) if before[1] is not Op.GTE else None
        if amount is None:  # the comparison starts a count word: 'une seule fois'
            cursor, amount = index, _amount_at(words, index, pack)
    if amount is None:
        return None
    cursor += amount[0]
    after = pack.after_number.match(words, cursor)
    op = before[1] if before else (after[1] if after else _after_noun(words, cursor, pack))
    if op is None and amount[2] is None and is_year(amount[1]):
        return None
    end = cursor + (after[0] if after else 0)
    return end - index, Quantity(op, amount[1], amount[2])


def _after_noun(words: Sequence[str], index: int, pack: Pack) -> Op | None:
    """The comparison said after the number's noun ('2 stars or lower', '2 000 points ou plus',
    '3 Sterne oder weniger'): the noun stays for the catalog to read, the comparison is the
    number's."""
    noun = _word(words, index)
    if not noun.isalpha() or pack.is_word(Role.FUNCTION, noun):
        return None
    after = pack.after_number.match(words, index + 1)
    return after[1] if after else None


def trailing_comparison(words: Sequence[str], index: int, pack: Pack) -> int:
    """How many words of a comparison said after a number's noun start at ``index`` ('or
    lower' of '2 stars or lower'): the number's, never a connector joining two conditions."""
    after = pack.after_number.match(words, index)
    if after is None or index < 2 or parse_number(_word(words, index - 2)) is None:
        return 0
    return after[0] if _after_noun(words, index - 1, pack) is not None else 0


def is_year(value: Number) -> bool:
    """A bare four-digit number that reads as a year ('in 2025')."""
    return isinstance(value, int) and 1900 <= value <= 2100
