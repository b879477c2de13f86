"""Which language a request is written in, from the language packs' own words.

Every pack scores the request's words it knows as grammar (function words, connectors, negation,
time words, comparisons, glossary); a word several packs share counts for each of them only by
its share. Catalog words never vote: a French synonym in an English request ('VIP clients') does
not make it French. A word written with its accents ('à', 'été') is exact evidence and counts
double. When the grammar words tie (a short request: 'Abonnenten in Bretagne', 'clients
fidèles'), weaker evidence decides between the tied packs: the pack's other words (people nouns,
cues, verbs: 'Abonnenten'), the end of a compound ('Stammkunden'), then letters only one of them
writes ('é', 'ß'). Ties left go to the first pack (English).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.language.pack import Pack, all_packs
from assistant.language.text import raw_tokens

Names = Callable[[Sequence[str], int], int]
"""How many words of a name (a place, a store: 'Île-de-France', 'Grand Est') start at an index:
a name's words are not grammar and never vote."""

_COMPOUND_HEAD = 4
"""Shortest known word read as the end of a compound ('kunden' of 'Stammkunden')."""


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
        _share(scores, [pack for pack in packs if word in pack.signature])
        for pack in packs:
            scores[pack.code] += 2 if _bare(written) in pack.accented else 0
    return scores


def lexical_scores(
    request: str, packs: Sequence[Pack], names: Names | None = None
) -> dict[str, float]:
    """Each pack's share of the request's other words it knows, then of its letters: the
    weaker evidence read when grammar words tie.

    >>> from assistant.language.pack import load_pack
    >>> scores = lexical_scores("Stammkunden", [load_pack("en"), load_pack("de")])
    >>> scores["de"] > scores["en"]
    True
    """
    tokens = raw_tokens(request)
    words = [_bare(token.text) for token in tokens]
    scores = {pack.code: 0.0 for pack in packs}
    for index in _voting(words, names):
        word = words[index]
        known = [pack for pack in packs if word in pack.vocabulary]
        _share(scores, known or [pack for pack in packs if _compound_of(word, pack)])
        written = set(request[tokens[index].start : tokens[index].end].lower())
        _share(scores, [pack for pack in packs if pack.letters & written], weight=0.5)
    return scores


def _share(scores: dict[str, float], knowing: Sequence[Pack], weight: float = 1.0) -> None:
    """One word's vote, shared by the packs that know it."""
    for pack in knowing:
        scores[pack.code] += weight / len(knowing)


def _compound_of(word: str, pack: Pack) -> bool:
    """Whether ``word`` closes on a word of ``pack``, as the languages that write compounds in
    one word do ('Stammkunden' → 'kunden')."""
    if not pack.compound_links:
        return False
    ends = range(1, len(word) - _COMPOUND_HEAD + 1)
    return any(word[start:] in pack.vocabulary for start in ends)


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
    tied = _best(chosen, language_scores(request, chosen, names))
    if len(tied) > 1:
        tied = _best(tied, lexical_scores(request, tied, names))
    return tied[0]


def _best(packs: Sequence[Pack], scores: dict[str, float]) -> tuple[Pack, ...]:
    """The packs with the highest score, in their order."""
    top = max(scores[pack.code] for pack in packs)
    return tuple(pack for pack in packs if scores[pack.code] == top)
