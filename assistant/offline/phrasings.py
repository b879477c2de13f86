"""A catalog phrase said otherwise than the catalog writes it: with an ending on its last word
('fresh foodies' for 'fresh foodie'), with another small word ('opted in for SMS' for 'opted in
to SMS'), with an auxiliary between its noun and its participle ('the payment was declined', 'le
paiement a été rejeté' for 'payment declined', 'paiement rejeté'), or a word agreeing with its
noun that the catalog writes bare and, agreeing, only inside a longer phrase ('une ligne
prépayée' for 'prépayé', though the catalog also has 'carte prépayée')."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.language import Pack, PhraseTable, Role
from assistant.offline.senses import Sense, Words

Found = tuple[int, tuple[Sense, ...]]
"""How many request words a catalog phrase covers, and its senses."""

_GRAMMAR_ROLES = (
    Role.FUNCTION,
    Role.AND,
    Role.OR,
    Role.RELATIVE,
    Role.ARTICLES,
    Role.NEGATION,
    Role.DURING,
)


def grammar_word(pack: Pack, word: str) -> bool:
    """Whether ``word`` is a grammar word of ``pack``'s language ('live', 'in', 'the')."""
    return any(pack.is_word(role, word) for role in _GRAMMAR_ROLES)


def _auxiliaries(words: Sequence[str], start: int, pack: Pack) -> int:
    """How many auxiliaries follow each other from ``start`` ('has been', 'a été')."""
    end = start
    while end < len(words) and pack.is_word(Role.AUXILIARIES, words[end]):
        end += 1
    return end - start


@dataclass(frozen=True, eq=False)
class Phrasings:
    """The catalog's phrases of several words, by first word, for the looser readings."""

    entries: PhraseTable[tuple[Sense, ...]]

    @functools.cached_property
    def _by_first(self) -> Mapping[str, tuple[Words, ...]]:
        """First word → catalog phrases of two words or more starting with it, longest first."""
        found: dict[str, list[Words]] = {}
        for key in self.entries.entries:
            if len(key) >= 2:
                found.setdefault(key[0], []).append(key)
        return {word: tuple(sorted(keys, key=len, reverse=True)) for word, keys in found.items()}

    def _starting(self, words: Sequence[str], start: int) -> tuple[Words, ...]:
        return self._by_first.get(words[start] if start < len(words) else "", ())

    def longest(self, words: Sequence[str], start: int, pack: Pack) -> Found | None:
        """The longest of the looser readings at ``start`` (None when none applies)."""
        said = [self.inflected(words, start, pack), self.with_auxiliary(words, start, pack)]
        found = [reading for reading in said if reading is not None]
        return max(found, key=lambda reading: reading[0]) if found else None

    def inflected(self, words: Sequence[str], start: int, pack: Pack) -> Found | None:
        """A phrase said with an ending on its last word ('fresh foodies' for the catalog's
        'fresh foodie', 'Familienkarten' inside a longer phrase): the last word is the
        catalog's with one of the language's endings added."""
        for key in self._starting(words, start):
            end = start + len(key)
            if end > len(words) or tuple(words[start : end - 1]) != key[:-1]:
                continue
            said, last = words[end - 1], key[-1]
            if any(said == last + suffix for suffix in pack.suffixes):
                return len(key), self.entries.entries[key]
        return None

    def loosely(self, words: Sequence[str], start: int, pack: Pack) -> Found | None:
        """A long phrase said with another small word ('opted in for SMS' for the catalog's
        'opted in to SMS'): the words that differ are all function words."""
        for key in (key for key in self._starting(words, start) if len(key) >= 3):
            said = tuple(words[start : start + len(key)])
            if len(said) != len(key):
                continue
            differ = [(a, b) for a, b in zip(said, key, strict=True) if a != b]
            content = [word for word in key if not grammar_word(pack, word)]
            loose = len(differ) == 1 and said[-1] == key[-1] and len(content) >= 2
            if loose and all(grammar_word(pack, a) and grammar_word(pack, b) for a, b in differ):
                return len(key), self.entries.entries[key]
        return None

    def with_auxiliary(self, words: Sequence[str], start: int, pack: Pack) -> Found | None:
        """A phrase 'noun participle' said with an auxiliary between its last two words ('the
        payment was declined' for 'payment declined'): the auxiliary is the language's."""
        for key in self._starting(words, start):
            before = start + len(key) - 1
            if tuple(words[start:before]) != key[:-1] or grammar_word(pack, key[-1]):
                continue
            between = _auxiliaries(words, before, pack)
            if between and before + between < len(words) and words[before + between] == key[-1]:
                return len(key) + between, self.entries.entries[key]
        return None

    def agreeing(self, words: Sequence[str], start: int, pack: Pack) -> Found | None:
        """A word that is no phrase by itself, said with an agreement ending on a word that is
        one ('prépayée' → 'prépayé'); never a word of the language itself ('households' is the
        people, not the catalog's 'household')."""
        word = words[start] if start < len(words) else ""
        if word in pack.vocabulary:
            return None
        for suffix in pack.suffixes:
            base = word[: -len(suffix)]
            if word.endswith(suffix) and len(base) >= 3 and (base,) in self.entries.entries:
                return 1, self.entries.entries[(base,)]
        return None
