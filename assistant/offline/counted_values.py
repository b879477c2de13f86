"""Catalog values named by a number and a time unit ('24_months'): a request says them with the
same length in any unit and language ('a 2-year contract', '24m contracts', 'engagement de 24
mois', 'Vertrag über 24 Monate'). Read as the value only beside a name of its column — elsewhere
'24 months' stays a length of time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.language import Pack
from assistant.offline.numbers import number_at
from assistant.offline.senses import Sense, SenseKind, phrase_key
from audience.rules import TimeUnit
from schema_catalog import Catalog, TableKind

Length = tuple[int, TimeUnit]
"""A length of time in its smallest whole unit: months for months and years, days for days and
weeks."""

_IN_SMALLER = {TimeUnit.YEAR: (12, TimeUnit.MONTH), TimeUnit.WEEK: (7, TimeUnit.DAY)}


def length_of(count: int, unit: TimeUnit) -> Length:
    """'2 years' → (24, month): lengths said in different units compare equal."""
    factor, smaller = _IN_SMALLER.get(unit, (1, unit))
    return count * factor, smaller


def counted_values(catalog: Catalog, packs: Sequence[Pack]) -> dict[Length, tuple[Sense, ...]]:
    """Length → the values whose code is that number and unit ('24_months', '1 year')."""
    found: dict[Length, list[Sense]] = {}
    for table in catalog.tables:
        kind = SenseKind.EVENT_VALUE if table.kind is TableKind.EVENT else SenseKind.VALUE
        for column in table.columns:
            for value in column.allowed_values or ():
                length = _value_length(value, packs)
                if length is not None:
                    sense = Sense(kind, table=table.name, column=column.name, value=value)
                    found.setdefault(length, []).append(sense)
    return {length: tuple(senses) for length, senses in found.items()}


def _value_length(value: str, packs: Sequence[Pack]) -> Length | None:
    words = phrase_key(value.replace("_", " ").lower())
    if len(words) != 2 or not words[0].isdigit():
        return None
    for pack in packs:
        unit = pack.units.match(words, 1)
        if unit is not None and unit[0] == 1:
            count, time_unit = unit[1]
            return length_of(int(words[0]) * count, time_unit)
    return None


def counted_at(
    words: Sequence[str], index: int, pack: Pack, values: Mapping[Length, tuple[Sense, ...]]
) -> tuple[int, tuple[Sense, ...]] | None:
    """(end, values) of a number and a time unit at ``index`` that is a catalog value's length
    ('2 yr', 'deux ans', '24 Monate'), or None."""
    if not values:
        return None
    number = number_at(words, index, pack, scaled=False)
    if number is None or number[1] != int(number[1]) or number[1] <= 0:
        return None
    end = index + number[0]
    unit = pack.units.match(words, end)
    if unit is None:
        return None
    count, time_unit = unit[1]
    senses = values.get(length_of(int(number[1]) * count, time_unit))
    return (end + unit[0], senses) if senses else None
