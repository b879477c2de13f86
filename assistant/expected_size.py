"""The audience size a request says it expects ("about 10,000", "environ 10 000").

Request parsing, so it lives in the assistant; the size policy in ``audience.workflow`` only
compares numbers.
"""

from __future__ import annotations

import re

_NUMBER = r"(?P<num>\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+|\d+(?:[.,]\d+)?)"
_SCALE = r"\s*(?P<scale>k\b|m\b|thousand|mille|million(?:s)?|millier(?:s)?)?"
_BEFORE = (
    r"(?:about|around|approximately|approx\.?|roughly|some|circa|nearly|close to|~|≈|"
    r"expect(?:ed|ing)?(?: size)?(?: of)?|"
    r"environ|à peu près|a peu pres|autour de|près de|pres de|approximativement|quelque|"
    r"de l'ordre de|attendu(?:e|s)?(?: de)?)"
)
_PATTERNS = (
    re.compile(_BEFORE + r"\s*:?\s*" + _NUMBER + _SCALE, re.IGNORECASE),
    re.compile(_NUMBER + _SCALE + r"\s*(?:\w+\s+)?environ\b", re.IGNORECASE),
)
_SCALES = {"k": 1_000, "thousand": 1_000, "mille": 1_000, "m": 1_000_000}


def expected_size_from_text(text: str) -> int | None:
    """The size a request says it expects ("about 10,000", "environ 10 000"), or None.

    >>> expected_size_from_text("VIP customers in Lyon, about 10,000 people")
    10000
    >>> expected_size_from_text("environ 2,5k clientes")
    2500
    >>> expected_size_from_text("bought twice in the last 6 months") is None
    True
    """
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match:
            return _to_int(match.group("num"), (match.group("scale") or "").lower())
    return None


def _to_int(number: str, scale: str) -> int:
    factor = _SCALES.get(scale, 1_000_000 if scale.startswith("million") else 1)
    if scale.startswith("millier"):
        factor = 1_000
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+", number):
        return int(re.sub(r"\D", "", number)) * factor
    return round(float(number.replace(",", ".").replace(" ", "")) * factor)
