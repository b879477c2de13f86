"""Helpers for language-pack tests: the placeholders of every phrase of a pack file."""

from __future__ import annotations

import string


def placeholders(doc: object, path: str = "") -> dict[str, set[str]]:
    """Each phrase's dotted path → the names of its placeholders ('{count}' → 'count')."""
    if isinstance(doc, dict):
        found: dict[str, set[str]] = {}
        for key, value in doc.items():
            found |= placeholders(value, f"{path}.{key}" if path else str(key))
        return found
    if isinstance(doc, str):
        return {path: {name for _, name, _, _ in string.Formatter().parse(doc) if name}}
    return {}
