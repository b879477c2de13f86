"""Which language a request is written in, from the language packs' grammar words alone.

Every pack scores the request's words it knows as grammar (function words, connectors, negation,
time words, comparisons, glossary); a word several packs share counts for each of them only by
its share. Catalog words never vote: a French synonym in an English request ('VIP clients') does
not make it French. A word written with its accents ('à', 'été') is exact evidence and counts
double. Ties go to the first pack (English).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.language.pack import Pack, all_packs
from assistant.language.text import raw_tokens

Names = Callable[[Sequence[str], int], int]
"""How many words of a name (a place, a store: 'Île-de-France', 'Grand Est') start at an index:
a name's words are not grammar and never vote."""


def language_scores(
    request: str, packs: Sequence[Pack], names: Names | None = None
) -> dict[str, float]:
    """Each pack's share of the request's grammar words.

    >>> from assistant.language.pack import load_pack
    >>> scores = language_scores("clients qui ont acheté", [load_pack("en"), load_pack("fr")])
    >>> scores["fr"] > scores["en"]
    True
    """
    tokens = raw_tokens(request)
    words = [_bare(token.text) for token in tokens]
    scores = {pack.code: 0.0 for pack in packs}
    for index in _voting(words, names):
        word = words[index]
        written = request[tokens[index].start : tokens[index].end].lower().replace("’", "'")
        knowing = [pack for pack in packs if word in pack.signature]
        for pack in knowing:
            scores[pack.code] += 1 / len(knowing)
        for pack in packs:
            scores[pack.code] += 2 if _bare(written) in pack.accented else 0
    return scores


def _voting(words: Sequence[str], names: Names | None) -> list[int]:
    """Indexes of the words outside names."""
    voting, index = [], 0
    while index < len(words):
        skipped = names(words, index) if names is not None else 0
        if skipped:
            index += skipped
            continue
        voting.append(index)
        index += 1
    return voting


def _bare(word: str) -> str:
    """An elided or contracted word's head ("l'appli" → 'l', "didn't" → 'didn')."""
    return word.split("'")[0] if "'" in word else word


def detect_language(
    request: str, packs: Sequence[Pack] | None = None, names: Names | None = None
) -> Pack:
    """The pack of the language ``request`` is written in (English when nothing tells)."""
    chosen = tuple(packs) if packs is not None else all_packs()
    scores = language_scores(request, chosen, names)
    best = max(chosen, key=lambda pack: scores[pack.code])
    return best if scores[best.code] > 0 else chosen[0]
