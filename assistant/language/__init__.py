"""Language packs for request parsing: compiled word lists, tokeniser, language detection.

The words themselves live in ``languages/<code>/<topic>.yml``; adding a language adds a directory
there, not code.
"""

from __future__ import annotations

from assistant.language.detect import detect_language, language_scores
from assistant.language.pack import (
    LanguagePackError,
    Pack,
    PhraseTable,
    Role,
    all_packs,
    available_codes,
    load_pack,
    pack_for,
)
from assistant.language.text import Token, fold, raw_tokens, tokenize

__all__ = [
    "LanguagePackError",
    "Pack",
    "PhraseTable",
    "Role",
    "Token",
    "all_packs",
    "available_codes",
    "detect_language",
    "fold",
    "language_scores",
    "load_pack",
    "pack_for",
    "raw_tokens",
    "tokenize",
]
