"""Does a column hold personal data? From its name (several languages) and from its values.

The name words live in ``words/pii.yml`` (one block per language). Values are checked against
patterns of e-mail addresses and phone numbers. Only text and date columns can be personal by
name: a boolean ``optin_email`` is a consent flag, not an address.

>>> looks_personal("mobil", ColumnType.STRING)
True
>>> looks_personal("optin_email", ColumnType.BOOLEAN)
False
>>> values_look_personal(["ana@example.com", "bo@example.org"])
'email'
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from schema_catalog.model import ColumnType

_WORDS_FILE = Path(__file__).parent / "words" / "pii.yml"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[\d\s().-]{9,20}$")
_MIN_DIGITS = 8
_MATCHING_SHARE = 0.8
_NAMED_TYPES = (ColumnType.STRING, ColumnType.DATE)


@functools.cache
def _name_words() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    data = yaml.safe_load(_WORDS_FILE.read_text(encoding="utf-8"))
    entries = [str(word).lower() for words in data.values() for word in words]
    single = frozenset(entry for entry in entries if " " not in entry)
    pairs = {tuple(entry.split(" ", 1)) for entry in entries if " " in entry}
    return single, frozenset((a, b) for a, b in pairs)


def name_words(name: str) -> list[str]:
    """A column name split into lower-case words: ``emailAddr_2`` → ``['email', 'addr', '2']``."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return [word for word in re.split(r"[\s_.\-]+", spaced.lower()) if word]


def personal_name_word(name: str) -> str | None:
    """The word of ``name`` that marks it as personal, or None."""
    single, pairs = _name_words()
    words = name_words(name)
    for first, second in itertools.pairwise(words):
        if (first, second) in pairs:
            return f"{first} {second}"
    return next((word for word in words if word in single), None)


def looks_personal(name: str, column_type: ColumnType) -> bool:
    """True when a text or date column's name says it holds personal data."""
    return column_type in _NAMED_TYPES and personal_name_word(name) is not None


def _is_phone(text: str) -> bool:
    return bool(_PHONE.match(text)) and sum(ch.isdigit() for ch in text) >= _MIN_DIGITS


def values_look_personal(values: Iterable[object]) -> str | None:
    """``'email'`` or ``'phone'`` when most sample values look like one; else None."""
    texts = [str(value).strip() for value in values if isinstance(value, str) and value.strip()]
    if not texts:
        return None
    for kind, test in (("email", lambda t: bool(_EMAIL.match(t))), ("phone", _is_phone)):
        if sum(1 for text in texts if test(text)) >= _MATCHING_SHARE * len(texts):
            return kind
    return None
