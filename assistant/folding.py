"""Text folding shared by every part of the assistant that matches words: lower case, no accents."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents.

    >>> fold("Acheté en Magasin")
    'achete en magasin'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
