"""The words ``describe`` uses, per language: the model of ``languages/<code>/describe.yml``.

The words live in the language packs; this model says what a pack's file must hold (a phrase for
every operator, a name for every time unit) so an incomplete language fails when it is loaded,
naming the file, not in the middle of a sentence.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from audience.rules.tree import AggregateFunc, Op, TimeUnit
from languages import load_topic

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


def with_unit(value: Any, unit: str | None, thousands: str = ",", decimal: str = ".") -> str:
    """A number with its unit and the language's separators; anything else as ``quote_value``
    shows it.

    >>> with_unit(1500.0, "€"), with_unit(2500.5, "€", " ", ","), with_unit(2, None)
    ('1,500 €', '2 500,50 €', '2')
    """
    if unit is None or isinstance(value, bool) or not isinstance(value, int | float):
        return quote_value(value)
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    grouped = number.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return f"{grouped} {unit}"


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
    thousands: str = ","
    """Between groups of three digits of an amount with a unit ('1,500 €' / '1 500 €')."""
    decimal: str = "."
    """Before the decimals of such an amount ('2,500.50 €' / '2 500,50 €')."""

    @model_validator(mode="after")
    def _complete(self) -> DescribeWords:
        missing = [
            *(f"operators.{op.value}" for op in Op if op not in self.operators),
            *(f"units.{unit.value}" for unit in TimeUnit if unit not in self.units),
            *(f"funcs.{func.value}" for func in MEASURED_FUNCS if func not in self.funcs),
            *(f"changes.{verb.value}" for verb in ChangeVerb if verb not in self.changes),
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


def number_text(value: float, lang: str, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals and the separators of ``lang``.

    >>> number_text(85473, "en"), number_text(85473, "fr"), number_text(17.09, "de", 1)
    ('85,473', '85\u202f473', '17,1')
    """
    words = describe_words(lang)
    grouped = f"{value:,.{digits}f}"
    return grouped.replace(",", "\0").replace(".", words.decimal).replace("\0", words.thousands)
