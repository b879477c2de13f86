"""A request word mapped onto the known vocabulary: an inflection, a negating prefix, a
demonym, a compound of two known words, or a typo of a catalog word (``Lexicon.normalise``)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from assistant.language import Pack, Role
from assistant.offline.senses import SenseKind, Words

if TYPE_CHECKING:
    from assistant.offline.lexicon import Lexicon


def normalised_forms(lexicon: Lexicon, word: str, pack: Pack) -> tuple[tuple[str, str], ...]:
    """The (language form, catalog form) pairs of ``word`` (see ``Lexicon.normalise``)."""
    if word in lexicon.words or not word.isalpha() or len(word) < 3:
        return ((word, word),)
    if pack.is_word(Role.FUNCTION, word):
        return ((word, word),)
    if word in pack.vocabulary:
        catalog = _stem(lexicon, word, pack, catalog_only=True)
        return ((word, catalog[0] if catalog else word),)
    forms = (
        _stem(lexicon, word, pack)
        or _negated(lexicon, word, pack)
        or _demonym(lexicon, word, pack)
        or _compound(lexicon, word, pack)
        or _column_word(lexicon, word)
        or _respelled(lexicon, word, pack)
        or _typo(lexicon, word)
        or (word,)
    )
    return tuple((form, form) for form in forms)


def _known(lexicon: Lexicon, pack: Pack, word: str, catalog_only: bool = False) -> bool:
    return word in lexicon.words or (not catalog_only and word in pack.vocabulary)


def _stem(lexicon: Lexicon, word: str, pack: Pack, catalog_only: bool = False) -> Words | None:
    """The known word ``word`` is an inflection of (an ending removed or added); of several
    endings that could be removed, the shortest ('bornes' is 'borne' + s before 'born' + es) —
    unless only a shorter base is a catalog phrase by itself ('prépayées' is 'prépayé' + es, not
    the 'prépayée' of 'carte prépayée'). No ending is added to a word of a column's own names
    ('point' of 'point de retrait' is no 'points')."""
    bases = [
        word[: -len(suffix)]
        for suffix in pack.suffixes
        if word.endswith(suffix)
        and len(word) - len(suffix) >= 3
        and _known(lexicon, pack, word[: -len(suffix)], catalog_only)
    ]
    whole = [base for base in bases if (base,) in lexicon.entries.entries]
    if bases:
        return (max(whole or bases, key=len),)
    for suffix in pack.suffixes:
        if len(suffix) <= 2 and _known(lexicon, pack, word + suffix, catalog_only):
            return None if _names_a_column(lexicon, word) else (word + suffix,)
    for suffix in pack.suffixes:  # 'expiring' → expir → 'expire': an ending replaced a letter
        base = word[: -len(suffix)]
        for ending in (s for s in pack.suffixes if len(s) == 1):
            if (
                word.endswith(suffix)
                and len(base) >= 3
                and _known(lexicon, pack, base + ending, catalog_only)
            ):
                return (base + ending,)
    return None


def _demonym(lexicon: Lexicon, word: str, pack: Pack) -> Words | None:
    """'parisiens', 'Parisians', 'Lyonnais', 'Münchner', 'Bordelais': a place the catalog has as
    a profile value, and an ending that makes it its people. The stem may drop a final 'e',
    double its last letter ('Marseille' → 'marseillais', 'Lyon' → 'lyonnais'), change its last
    letters as the pack says ('München' → 'Münchner'), or be one of the pack's irregular
    demonyms ('Bordeaux' → 'Bordelais')."""
    for suffix in pack.demonym_suffixes:
        base = word[: -len(suffix)]
        if not word.endswith(suffix) or len(base) < 3:
            continue
        for place in _places(base, pack):
            found = lexicon.entries.match(place, 0)
            if found is None or found[0] != len(place):
                continue
            if any(sense.kind is SenseKind.VALUE for sense in found[1]):
                return place
    return None


def _places(base: str, pack: Pack) -> list[Words]:
    """The place names a demonym's stem may come from, regular forms first."""
    places = [(base,), (base + "e",), (base[:-1],)]
    places += [
        (base[: len(base) - len(stem)] + place,)
        for stem, place in pack.demonym_stem_endings
        if base.endswith(stem)
    ]
    irregular = pack.demonym_stems.get(base)
    return places + ([irregular] if irregular else [])


def _negated(lexicon: Lexicon, word: str, pack: Pack) -> Words | None:
    """'inactive' → not active: a negating prefix before a word of the catalog or a state word of
    the language ('active') — never another word of the language ('Inhaber' is no 'in' + 'habe',
    'discount' no 'dis' + 'count')."""
    negation = pack.negation_word
    for prefix in pack.negating_prefixes:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 4:
            base = rest if _known(lexicon, pack, rest) else (_stem(lexicon, rest, pack) or ("",))[0]
            if base and (base in lexicon.words or pack.vague.match((base,), 0) is not None):
                return (negation, base)
    return None


def _catalog(lexicon: Lexicon, pack: Pack, word: str) -> bool:
    """A catalog word, or a word the pack's glossary translates into one ('Filiale')."""
    return word in lexicon.words or pack.glossary.match((word,), 0) is not None


def _part(lexicon: Lexicon, part: str, pack: Pack) -> str | None:
    if len(part) < 3:
        return None
    return part if _known(lexicon, pack, part) else (_stem(lexicon, part, pack) or (None,))[0]


def _compound(lexicon: Lexicon, word: str, pack: Pack) -> Words | None:
    """'Filialbedingung' → Filiale + Bedingung: a word of a language that writes compounds
    closed, made of two known words (one of them the catalog's), joined by a linking letter or
    none; the longest known last part (the compound's head) wins."""
    if not pack.compound_links or len(word) < 7:
        return None
    for cut in range(3, len(word) - 2):
        head = _part(lexicon, word[cut:], pack)
        if head is None:
            continue
        left = word[:cut]
        links = [link for link in pack.compound_links if left.endswith(link)]
        for first in (left, *(left[: -len(link)] for link in links)):
            modifier = _part(lexicon, first, pack)
            if modifier and (_catalog(lexicon, pack, modifier) or _catalog(lexicon, pack, head)):
                return (modifier, head)
    return None


def _column_word(lexicon: Lexicon, word: str) -> Words | None:
    """A word of a column's own names, kept as said (no typo of another catalog word)."""
    return (word,) if _names_a_column(lexicon, word) else None


def _names_a_column(lexicon: Lexicon, word: str) -> bool:
    """A word of a column's names, even of a column no phrase reads alone (an event's 'point de
    retrait')."""
    return any(word in words for words in lexicon.column_words.values())


def _respelled(lexicon: Lexicon, word: str, pack: Pack) -> Words | None:
    """'fuer', 'naechste', 'Strasse': a letter spelled out (the pack's ``respellings``) put
    back — each spelling alone, then all of them — when that makes a known word or an
    inflection of one."""
    pairs = [pair for pair in pack.respellings if pair[0] in word]
    tries = [[pair] for pair in pairs] + ([pairs] if len(pairs) > 1 else [])
    for chosen in tries:
        candidate = word
        for spelled, letter in chosen:
            candidate = candidate.replace(spelled, letter)
        if _known(lexicon, pack, candidate):
            return (candidate,)
        stem = _stem(lexicon, candidate, pack)
        if stem:
            return stem
    return None


def _typo(lexicon: Lexicon, word: str) -> Words | None:
    if len(word) < 5:
        return None
    matches = difflib.get_close_matches(word, lexicon.long_words, n=1, cutoff=0.82)
    return (matches[0],) if matches else None


def unit_typo(lexicon: Lexicon, word: str, pack: Pack) -> tuple[tuple[str, str], ...] | None:
    """'6 monts', '3 semianes': after a number, where a unit of time is expected, an unknown
    word close to one of the pack's units is that unit — before a catalog word it is as close
    to ('monts' is 'months', not the store 'Mons')."""
    if word in lexicon.words or word in pack.vocabulary or not word.isalpha() or len(word) < 3:
        return None
    units = sorted(key[0] for key in pack.units.entries if len(key) == 1 and len(key[0]) > 2)
    matches = difflib.get_close_matches(word, units, n=1, cutoff=_UNIT_CUTOFF)
    return ((matches[0], matches[0]),) if matches else None


_UNIT_CUTOFF = 0.8
"""How close a word must be to a unit to be read as it ('monts' ~ 'months' 0.91)."""
