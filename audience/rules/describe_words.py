"""The words ``describe`` uses, per language: the model of ``languages/<code>/describe.yml``.

The words live in the language packs; this model says what a pack's file must hold (a phrase for
every operator, a name for every time unit) so an incomplete language fails when it is loaded,
naming the file, not in the middle of a sentence.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from audience.rules.ranking import RANKING_FUNCS, RankDirection
from audience.rules.tree import AggregateFunc, Op, TimeUnit
from languages import format_number, load_topic

MEASURED_FUNCS = (AggregateFunc.SUM, AggregateFunc.AVG, AggregateFunc.MIN, AggregateFunc.MAX)


class ChangeVerb(StrEnum):
    """What a refinement did to a rule; each has its note template in the pack."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"
    CHOSEN = "chosen"


def quote_value(value: Any) -> str:
    """A value as shown to people: text quoted, booleans as literals, whole floats as integers.

    >>> quote_value("vip"), quote_value(True), quote_value(2.0)
    ("'vip'", 'true', '2')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def value_text(value: Any, lang: str, unit: str | None = None) -> str:
    """A value as shown to people in ``lang``: a number as the language writes it (with its
    unit), anything else as ``quote_value`` shows it.

    >>> value_text(1500.0, "en", "€"), value_text(2500.5, "fr", "€"), value_text(0.7, "de")
    ('€1,500', '2\u202f500,50\u202f€', '0,7')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return quote_value(value)
    if unit is None and float(value).is_integer():
        return quote_value(value)  # a year, an identifier, a small count: as written
    return format_number(value, lang, unit=unit)


class DescribeWords(BaseModel):
    """The templates of one language (``str.format``; each field names its placeholders)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    people: str
    everyone: str
    """{people}"""
    all_of: str
    any_of: str
    nothing: str
    negated: str
    """{text}"""
    and_word: str
    where: str
    count: str
    """{quantity} {event}"""
    recency: str
    """{quantity} {event}"""
    measure: str
    """{func} {measure} {event} {quantity}"""
    funcs: dict[AggregateFunc, str]
    """A word for each of sum, avg, min, max."""
    keyed: str
    """{label} {key}"""
    reachable: str
    """{channel}"""
    segment: str
    """{name}"""
    channel: str
    """{channel}"""
    sample: str
    """{share}"""
    limit: str
    """{limit} {key}"""
    ranked: str
    """{limit} {direction} {measure} {key}: a ranked audience ('the 1,000 with the highest …')."""
    directions: dict[RankDirection, str]
    """How 'desc' and 'asc' read in ``ranked``."""
    ranked_funcs: dict[AggregateFunc, str]
    """A ranking measure of events: count ({event}); sum, avg, min, max ({measure} {event})."""
    ranked_reachable: str
    """{channel}: a ranked audience for a channel ranks only the profiles reachable on it."""
    last: str
    """{amount}"""
    next: str
    """{amount}"""
    between: str
    """{start} {end}"""
    before: str
    """{end}"""
    since: str
    """{start}"""
    units: dict[TimeUnit, tuple[str, str]]
    """Each time unit as [one, many]."""
    operators: dict[Op, str]
    """Every operator's phrase, with {field} and {value}."""
    quantities: dict[Op, str] = {}
    """A threshold on its own ("at least {value}"); operators not listed show the value."""
    changes: dict[ChangeVerb, str]
    """Refinement notes: added/removed/chosen ({rule}), changed ({before} {after})."""

    @model_validator(mode="after")
    def _complete(self) -> DescribeWords:
        missing = [
            *(f"operators.{op.value}" for op in Op if op not in self.operators),
            *(f"units.{unit.value}" for unit in TimeUnit if unit not in self.units),
            *(f"funcs.{func.value}" for func in MEASURED_FUNCS if func not in self.funcs),
            *(f"changes.{verb.value}" for verb in ChangeVerb if verb not in self.changes),
            *(f"ranked_funcs.{f.value}" for f in RANKING_FUNCS if f not in self.ranked_funcs),
            *(f"directions.{d.value}" for d in RankDirection if d not in self.directions),
        ]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        return self

    def amount(self, amount: int, unit: TimeUnit | None) -> str:
        """'6 months' / '6 mois'."""
        one, many = self.units[unit] if unit is not None else ("", "")
        return f"{amount} {one if amount == 1 else many}".rstrip()

    def operator(self, op: Op) -> str:
        """The phrase of ``op``, with ``{field}`` and ``{value}``."""
        return self.operators[op]

    def quantity(self, op: Op) -> str:
        """A threshold with ``op`` on its own, with ``{value}``."""
        return self.quantities.get(op, "{value}")


def describe_words(lang: str) -> DescribeWords:
    """The describe words of ``lang`` (``languages/<lang>/describe.yml``, read once).

    Raises:
        languages.UnknownLanguageError: no pack for ``lang``.
        languages.LanguagePackError: the file is missing or incomplete (with file and line).
    """
    return load_topic(lang, "describe", DescribeWords)
