"""Numbers as a language writes them: counts, decimals, percentages and amounts.

The separators and patterns are data, ``languages/<code>/format.yml``; ``format_number`` is the
one function every page, message and description writes a number with. A language without the
file writes numbers the default language's way.
"""

from __future__ import annotations

import unicodedata

from pydantic import BaseModel, ConfigDict

from languages.packs import DEFAULT_LANG, has_topic, load_topic

TOPIC = "format"


class NumberFormat(BaseModel):
    """``format.yml``: how the language writes numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    thousands: str
    """Between groups of three digits: ',' (85,473), '\u202f' (85 473), '.' (85.473)."""
    decimal: str
    """Before the decimals: '.' (12.5) or ',' (12,5)."""
    percent: str
    """A percentage, with {number}: '{number}%' (12.5%) or '{number}\u202f%' (12,5 %)."""
    money: str
    """An amount in a currency, with {number} and {unit}: '{unit}{number}' (€1,234.50)."""
    measure: str
    """A quantity in any other unit, with {number} and {unit}: '{number} {unit}' (12 kg)."""


def number_format(lang: str) -> NumberFormat:
    """The number format of ``lang`` (the default language's when it has no ``format.yml``)."""
    return load_topic(lang if has_topic(lang, TOPIC) else DEFAULT_LANG, TOPIC, NumberFormat)


def format_number(
    value: float,
    lang: str = DEFAULT_LANG,
    *,
    digits: int | None = None,
    unit: str | None = None,
    share: bool = False,
) -> str:
    """``value`` as ``lang`` writes it.

    Args:
        value: the number.
        lang: a language code (its ``format.yml``; the default language's without one).
        digits: decimals shown; default none for a whole number, else 2 for an amount in a
            currency, 1 for a ``share``, and as many as the value has otherwise (0.75).
        unit: written beside the number: before or after it as the language writes a currency
            ('€', 'CHF'), after it as any other unit ('kg').
        share: ``value`` is a fraction (0.125), written as a percentage (12.5%).

    >>> format_number(85473), format_number(85473, "fr"), format_number(85473, "de")
    ('85,473', '85\u202f473', '85.473')
    >>> format_number(0.125, share=True), format_number(0.125, "fr", share=True)
    ('12.5%', '12,5\u202f%')
    >>> format_number(1234.5, unit="€"), format_number(0.75, "fr")
    ('€1,234.50', '0,75')
    """
    said = number_format(lang)
    shown = value * 100 if share else value
    if digits is None:
        digits = _digits(shown, unit, share)
    grouped = f"{shown:,.{digits}f}"
    number = grouped.replace(",", "\0").replace(".", said.decimal).replace("\0", said.thousands)
    if share:
        return said.percent.format(number=number)
    if unit is None:
        return number
    pattern = said.money if _is_currency(unit) else said.measure
    return pattern.format(number=number, unit=unit)


def _digits(value: float, unit: str | None, share: bool) -> int:
    if float(value).is_integer():
        return 0
    if share:
        return 1
    if unit is not None and _is_currency(unit):
        return 2  # cents
    return min(len(repr(float(value)).partition(".")[2]), 6)


def _is_currency(unit: str) -> bool:
    """A currency sign ('€', '$') or an ISO 4217 code ('EUR', 'CHF')."""
    is_code = len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper()
    return is_code or (len(unit) == 1 and unicodedata.category(unit) == "Sc")
