"""Which language a request is written in, from the language packs' grammar words alone.

Every pack scores the request's words it knows as grammar (function words, connectors, negation,
time words, comparisons, glossary); a word several packs share counts for each of them only by
its share. Catalog words never vote: a French synonym in an English request ('VIP clients') does
not make it French. A word written with its accents ('à', 'été') is exact evidence and counts
double. Ties go to the first pack (English).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.language.pack import Pack, all_packs
from assistant.language.text import raw_tokens


def language_scores(request: str, packs: Sequence[Pack]) -> dict[str, float]:
    """Each pack's share of the request's grammar words.

    >>> from assistant.language.pack import load_pack
    >>> scores = language_scores("clients qui ont acheté", [load_pack("en"), load_pack("fr")])
    >>> scores["fr"] > scores["en"]
    True
    """
    words = [_bare(token.text) for token in raw_tokens(request)]
    scores = {pack.code: 0.0 for pack in packs}
    for word in words:
        knowing = [pack for pack in packs if word in pack.signature]
        for pack in knowing:
            scores[pack.code] += 1 / len(knowing)
    for word in request.lower().replace("’", "'").split():
        for pack in packs:
            if word.strip(".,;:!?") in pack.accented:
                scores[pack.code] += 2
    return scores


def _bare(word: str) -> str:
    """An elided or contracted word's head ("l'appli" → 'l', "didn't" → 'didn')."""
    return word.split("'")[0] if "'" in word else word


def detect_language(request: str, packs: Sequence[Pack] | None = None) -> Pack:
    """The pack of the language ``request`` is written in (English when nothing tells)."""
    chosen = tuple(packs) if packs is not None else all_packs()
    scores = language_scores(request, chosen)
    best = max(chosen, key=lambda pack: scores[pack.code])
    return best if scores[best.code] > 0 else chosen[0]
