"""Folding and tokenising requests, keeping every token's exact span in the user's text.

Folding (lower case, no accents) works character by character with an offset map, so a token's
``start:end`` always slices the request to the characters the user typed — after contractions
('didn't' → did + not), elisions ("l'appli" → l + appli) and shorthand ('w/o' → without) too.
Which contractions, elisions and shorthands exist is the language pack's business (French 'dont'
is a word, English 'dont' is 'do not'); this module only applies them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\d{4}-\d\d-\d\d"  # ISO date
    r"|\d\d?/\d\d?/\d{4}"  # day/month/year
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])"  # 10 000 (spaced thousands)
    r"|\d+(?:[.,']\d+)*"  # 1,000  0.7  1'000
    r"|[^\W\d_]+(?:'[^\W\d_]+)*'?"  # words, with inner apostrophes (didn't, l'appli, n')
    r"|<=|>=|[€$£%+<>=/&,;:~()\-?!]"
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@dataclass(frozen=True)
class Token:
    """One normalised word with its character span ``[start, end)`` in the original request."""

    text: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower case without accents, apostrophes straightened.

    >>> fold("Acheté en Magasin l’été")
    "achete en magasin l'ete"
    """
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_APOSTROPHES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    lowered = text.lower()
    if lowered.isascii() and len(lowered) == len(text):
        return lowered.translate(_APOSTROPHES), list(range(len(text)))
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        chars.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(chars), offsets


@dataclass(frozen=True)
class Morphology:
    """What a language pack says about writing: contractions, elisions, shorthand, compounds.

    Keys are folded; a contraction key starting with an apostrophe (or ``n'``) is a suffix
    ("'ve", "n't"); values are the words it stands for.
    """

    contractions: Mapping[str, tuple[str, ...]]
    shorthands: Mapping[str, tuple[str, ...]]
    compounds: Mapping[tuple[str, ...], str]
    elisions: frozenset[str]

    @property
    def suffix_contractions(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Suffix contractions, longest first ("n't" before "'t")."""
        suffixes = [(key, words) for key, words in self.contractions.items() if _is_suffix(key)]
        return tuple(sorted(suffixes, key=lambda pair: -len(pair[0])))


def _is_suffix(key: str) -> bool:
    return key.startswith("'") or key.startswith("n'")


def raw_tokens(text: str) -> list[Token]:
    """Folded tokens of ``text`` with their spans, before any language rule.

    >>> [t.text for t in raw_tokens("VIPs who didn't buy in-store, €500")]
    ['vips', 'who', "didn't", 'buy', 'in', '-', 'store', ',', '€', '500']
    """
    folded, offsets = _folded_with_offsets(text)
    return [
        Token(match.group(0), offsets[match.start()], offsets[match.end() - 1] + 1)
        for match in _TOKEN.finditer(folded)
    ]


def tokenize(text: str, morphology: Morphology) -> list[Token]:
    """Tokens of ``text`` for one language: contractions, elisions and shorthand applied.

    A hyphen inside a word only separates it ('in-store' → in store); between numbers it is a
    range ('6-12'); between spaces it is a separator.
    """
    tokens = _join_shorthand(raw_tokens(text), morphology)
    words: list[Token] = []
    for index, token in enumerate(tokens):
        if token.text == "-" and not _spaced_or_numeric(tokens, index):
            continue
        words += _expand(token, morphology)
    return _join_compounds(words, morphology)


def _spaced_or_numeric(tokens: list[Token], index: int) -> bool:
    """A separator (' - ') or a range ('6-12'); a hyphen glued to a word on one side is part of
    the writing ('in-store', German 'Gold- oder Silber-Kunden')."""
    before = tokens[index - 1] if index else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before is None or after is None:
        return True
    if before.text[:1].isdigit() and after.text[:1].isdigit():
        return True
    return before.end < tokens[index].start and tokens[index].end < after.start


_JOINERS = frozenset({"/", "'", "&", "+"})
"""Symbols that may glue a shorthand together ('w/o', 'y/o')."""


def _join_shorthand(tokens: list[Token], morphology: Morphology) -> list[Token]:
    """Touching tokens that together spell a shorthand ('w', '/', 'o' → 'w/o')."""
    joined: list[Token] = []
    index = 0
    while index < len(tokens):
        following = tokens[index + 1].text if index + 1 < len(tokens) else ""
        if following not in _JOINERS:
            joined.append(tokens[index])
            index += 1
            continue
        for length in (3, 2):
            window = tokens[index : index + length]
            spelled = "".join(token.text for token in window)
            touching = all(a.end == b.start for a, b in itertools.pairwise(window))
            if len(window) == length and touching and spelled in morphology.shorthands:
                joined.append(Token(spelled, window[0].start, window[-1].end))
                index += length
                break
        else:
            joined.append(tokens[index])
            index += 1
    return joined


def _expand(token: Token, morphology: Morphology) -> list[Token]:
    """One raw token as the words it stands for, each spanning its own characters when it can."""
    word = token.text
    if word in morphology.shorthands:
        return [Token(part, token.start, token.end) for part in morphology.shorthands[word]]
    if word in morphology.contractions:
        return [Token(part, token.start, token.end) for part in morphology.contractions[word]]
    if "'" not in word:
        return [token]
    return _split_apostrophe(token, morphology)


def _split_apostrophe(token: Token, morphology: Morphology) -> list[Token]:
    word = token.text
    head, _, rest = word.partition("'")
    if head in morphology.elisions:
        cut = token.start + len(head) + 1
        tail = Token(rest, cut, token.end)
        return [Token(head, token.start, cut), *(_expand(tail, morphology) if rest else [])]
    for suffix, parts in morphology.suffix_contractions:
        if word.endswith(suffix) and len(word) > len(suffix):
            cut = token.end - len(suffix)
            stem = Token(word[: -len(suffix)], token.start, cut)
            return [*_expand(stem, morphology), *(Token(p, cut, token.end) for p in parts)]
    return [Token(part, token.start, token.end) for part in word.split("'") if part]


def _join_compounds(tokens: list[Token], morphology: Morphology) -> list[Token]:
    """'opt in', 'opt-in', 'e mail' → one word spanning the user's characters."""
    if not morphology.compounds:
        return tokens
    longest = max(len(key) for key in morphology.compounds)
    joined: list[Token] = []
    index = 0
    while index < len(tokens):
        for length in range(min(longest, len(tokens) - index), 1, -1):
            key = tuple(token.text for token in tokens[index : index + length])
            if key in morphology.compounds:
                joined.append(
                    Token(
                        morphology.compounds[key],
                        tokens[index].start,
                        tokens[index + length - 1].end,
                    )
                )
                index += length
                break
        else:
            joined.append(tokens[index])
            index += 1
    return joined
