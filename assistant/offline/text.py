"""Normalising and tokenising requests: accents, case, contractions, shorthand and typos.

Tokens keep their character span in the original request so coverage can quote the user's words.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.folding import fold
from assistant.offline.words import SHORTHANDS

_TOKEN = re.compile(r"\d{4}#\d\d#\d\d|\d\d?/\d\d?/\d{4}|\d+(?:[.,]\d+)*|[a-z]+|[€$£%+<>=/&,;:]")
_CONTRACTIONS = (
    (re.compile(r"n['’]t\b"), " not"),
    (re.compile(r"['’](ve|re|ll|d|m)\b"), " "),
    (re.compile(r"['’]s\b"), " "),
)
_RANGE = re.compile(r"(\d)\s*[-–]\s*(\d)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b")
_SLASHED: dict[tuple[str, ...], str] = {("w", "/", "o"): "without", ("w", "/"): "with"}
"""Chat shorthand written with a slash, which would otherwise read as 'or'."""
_COMPOUNDS: dict[tuple[str, ...], str] = {("opt", "in"): "optin", ("opt", "out"): "optout"}
"""Words written hyphenated, spaced or glued ('opt-in', 'opt in', 'optin') → one form."""
_SUFFIXES = ("ing", "ers", "er", "ed", "es", "s", "e", "d")
_NEGATING_PREFIXES = ("in", "un", "non")


@dataclass(frozen=True)
class Token:
    """One normalised word with its character span in the original request."""

    text: str
    start: int
    end: int


def _padded(replacement: str) -> Callable[[re.Match[str]], str]:
    def pad(match: re.Match[str]) -> str:
        return replacement.ljust(len(match.group(0)))

    return pad


def _prepare(text: str) -> str:
    """Fold and rewrite contractions and ranges, keeping the string length where it matters."""
    folded = fold(text)
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(_padded(replacement), folded)
    folded = _ISO_DATE.sub(r"\1#\2#\3", folded)
    folded = _RANGE.sub(lambda m: f"{m.group(1)}/{m.group(2)}", folded)
    return folded.replace("-", " ").replace("'", " ").replace("’", " ")


def split_words(text: str) -> list[Token]:
    """Tokens of ``text`` with spans; numbers, words and a few symbols.

    >>> [t.text for t in split_words("VIPs who didn't buy in-store (last 6m), €500")]
    ['vips', 'who', 'did', 'not', 'buy', 'in', 'store', 'last', '6', 'm', ',', '€', '500']
    """
    prepared = _prepare(text)
    tokens: list[Token] = []
    for match in _TOKEN.finditer(prepared):
        text = _slashed_date(match.group(0)) or match.group(0).replace("#", "-")
        tokens.append(Token(text, match.start(), match.end()))
    return _join_slashed(_split_glued_numbers(tokens))


def _slashed_date(text: str) -> str | None:
    """'15/03/2025' → '2025-03-15' (day first, as in Europe, unless the day cannot be first)."""
    parts = text.split("/")
    if len(parts) != 3:
        return None
    first, second, year = (int(part) for part in parts)
    day, month = (second, first) if second > 12 >= first else (first, second)
    return f"{year:04d}-{month:02d}-{day:02d}"


def _join_slashed(tokens: list[Token]) -> list[Token]:
    """'w/', 'w/o', 'opt-in' become one token ('with', 'without', 'optin') spanning the user's
    characters."""
    result: list[Token] = []
    index = 0
    joins = [(key, word, True) for key, word in _SLASHED.items()]
    joins += [(key, word, False) for key, word in _COMPOUNDS.items()]
    while index < len(tokens):
        for key, word, glued in joins:
            window = tokens[index : index + len(key)]
            if tuple(t.text for t in window) == key and (_touching(window) or not glued):
                result.append(Token(word, window[0].start, window[-1].end))
                index += len(key)
                break
        else:
            result.append(tokens[index])
            index += 1
    return result


def _touching(tokens: list[Token]) -> bool:
    return all(left.end == right.start for left, right in itertools.pairwise(tokens))


def _split_glued_numbers(tokens: list[Token]) -> list[Token]:
    """'6m' is already split by the regex; a range 'x/y' between digits becomes 'x to y'."""
    result: list[Token] = []
    for index, token in enumerate(tokens):
        between_digits = (
            token.text == "/"
            and 0 < index < len(tokens) - 1
            and tokens[index - 1].text[0].isdigit()
            and tokens[index + 1].text[0].isdigit()
        )
        result.append(Token("to", token.start, token.end) if between_digits else token)
    return result


_SPEAK = frozenset({"speak", "speaks", "parle", "parlent"})
_PREFER = frozenset({"prefer", "prefers", "preferring", "prefere", "preferent", "preferant"})
"""'who prefer English': a language preference when '<word> speaking' is a catalog phrase."""


def _speaking_last(tokens: list[Token], phrases: frozenset[tuple[str, ...]]) -> list[Token]:
    """'who speak German' → 'who German speaking', the order catalogs use for languages."""
    result = list(tokens)
    for index in range(len(result) - 1):
        named = (result[index + 1].text, "speaking")
        if result[index].text in _SPEAK or (result[index].text in _PREFER and named in phrases):
            spoken, verb = result[index + 1], result[index]
            result[index] = Token(spoken.text, spoken.start, spoken.end)
            result[index + 1] = Token("speaking", verb.start, verb.end)
    return result


class Normaliser:
    """Maps raw tokens onto the vocabulary: shorthand, light stemming, negating prefixes, typos."""

    def __init__(self, vocabulary: Iterable[str], phrases: Iterable[tuple[str, ...]] = ()) -> None:
        self.vocabulary = frozenset(vocabulary)
        self.phrases = frozenset(phrases)
        self._by_length = sorted(word for word in self.vocabulary if len(word) >= 4)
        self._cache: dict[str, tuple[str, ...]] = {}

    def tokens(self, text: str) -> list[Token]:
        """Normalised tokens of ``text``; one raw word may become several ('didnt' → did not)."""
        result: list[Token] = []
        for token in split_words(text):
            for word in self.word(token.text):
                result.append(Token(word, token.start, token.end))
        return _speaking_last(result, self.phrases)

    def word(self, word: str) -> tuple[str, ...]:
        """The vocabulary form(s) of one raw word."""
        if word not in self._cache:
            self._cache[word] = self._resolve(word)
        return self._cache[word]

    def _resolve(self, word: str) -> tuple[str, ...]:
        if word in SHORTHANDS:
            return tuple(SHORTHANDS[word].split())
        if word in self.vocabulary or not word.isalpha() or len(word) < 3:
            return (word,)
        return self._stem(word) or self._negated(word) or self._typo(word) or (word,)

    def _stem(self, word: str) -> tuple[str, ...] | None:
        for suffix in _SUFFIXES:
            base = word[: -len(suffix)]
            if word.endswith(suffix) and len(base) >= 3 and base in self.vocabulary:
                return (base,)
        for suffix in ("s", "es", "d", "ed"):
            if word + suffix in self.vocabulary:
                return (word + suffix,)
        return None

    def _negated(self, word: str) -> tuple[str, ...] | None:
        for prefix in _NEGATING_PREFIXES:
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= 4 and rest in self.vocabulary:
                return ("not", rest)
        return None

    def _typo(self, word: str) -> tuple[str, ...] | None:
        if len(word) < 5:
            return None
        matches = difflib.get_close_matches(word, self._by_length, n=1, cutoff=0.82)
        return (matches[0],) if matches else None
