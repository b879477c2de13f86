"""Masking of personal data in samples: PII columns (catalog ``pii: true``) are masked by default.

Each masker keeps just enough to recognise a row without revealing the person:
emails ``j***@e***.com``, phones ``+33 6** ** ** 12``, names ``J.``, dates the year only, anything
else its first two characters. A column is matched to a masker by its type and name, first rule
that applies wins (``MASKING_RULES``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from schema_catalog import Column, ColumnType

CellValue = str | int | float | bool | date | Decimal | None
"""A value of a sample cell (``datetime`` is a ``date``)."""

MASK = "***"

# E.164 country codes with three digits start with these two digits (e.g. 352 Luxembourg).
_THREE_DIGIT_PREFIXES = frozenset(
    ["35", "37", "38", "42", "50", "59", "67", "68", "69", "80", "85", "87", "88", "96", "97", "99"]
)


def mask_email(value: str) -> str:
    """Keep the first letter of the local part and of the domain, and the top-level domain.

    >>> mask_email("jane.doe@example.com")
    'j***@e***.com'
    """
    local, at, domain = value.partition("@")
    if not at:
        return mask_text(value)
    host, dot, tld = domain.rpartition(".")
    masked_domain = f"{host[:1]}{MASK}.{tld}" if dot else f"{domain[:1]}{MASK}"
    return f"{local[:1]}{MASK}@{masked_domain}"


def mask_phone(value: str) -> str:
    """Keep the country code, the first and the last two digits of the national number.

    >>> mask_phone("+33612345612")
    '+33 6** ** ** 12'
    """
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return MASK
    country, national = _split_country_code(digits) if value.startswith("+") else ("", digits)
    masked = national[:1] + "*" * (len(national) - 3) + national[-2:]
    head = 3 if len(masked) % 2 else 2  # pairs line up with the last two digits
    groups = [masked[:head]] + [masked[i : i + 2] for i in range(head, len(masked), 2)]
    prefix = f"+{country} " if country else ""
    return prefix + " ".join(groups)


def _split_country_code(digits: str) -> tuple[str, str]:
    if digits[:1] in {"1", "7"}:
        size = 1
    elif digits[:2] in _THREE_DIGIT_PREFIXES:
        size = 3
    else:
        size = 2
    return digits[:size], digits[size:]


def mask_name(value: str) -> str:
    """The initial and a dot.

    >>> mask_name("Jeanne")
    'J.'
    """
    stripped = value.strip()
    return f"{stripped[:1].upper()}." if stripped else MASK


def mask_text(value: str) -> str:
    """The first two characters, then a fixed mask (the length is not revealed).

    >>> mask_text("f9c2a1b0e4")
    'f9***'
    """
    return f"{value[:2]}{MASK}" if len(value) > 4 else MASK


def mask_date(value: date) -> int:
    """The year only.

    >>> mask_date(date(1985, 4, 12))
    1985
    """
    return value.year


def _is_date(column: Column) -> bool:
    return column.type in {ColumnType.DATE, ColumnType.TIMESTAMP}


def _name_has(*parts: str) -> Callable[[Column], bool]:
    return lambda column: any(part in column.name.lower() for part in parts)


def _masks_text(masker: Callable[[str], str]) -> Callable[[CellValue], CellValue]:
    return lambda value: masker(value) if isinstance(value, str) else MASK


def _masks_date(value: CellValue) -> CellValue:
    return mask_date(value) if isinstance(value, date) else MASK


MASKING_RULES: tuple[tuple[Callable[[Column], bool], Callable[[CellValue], CellValue]], ...] = (
    (_is_date, _masks_date),
    (_name_has("email", "mail"), _masks_text(mask_email)),
    (_name_has("phone", "mobile"), _masks_text(mask_phone)),
    (_name_has("name"), _masks_text(mask_name)),
    (lambda column: True, _masks_text(mask_text)),
)


def mask_value(column: Column, value: CellValue) -> CellValue:
    """Mask ``value`` if ``column`` is PII or sensitive; NULL stays NULL, others pass through.

    >>> mask_value(Column(name="email", type="string", pii=True), "jane@example.com")
    'j***@e***.com'
    """
    if value is None or not (column.pii or column.sensitive):
        return value
    for applies, masker in MASKING_RULES:
        if applies(column):
            return masker(value)
    return MASK
