"""First pass of the offline parser: a request becomes an ordered list of *mentions*.

A mention is a span of tokens recognised as one thing: a catalog phrase (with its candidate senses),
a time expression, a quantity, a negation, a conjunction, or an unknown content word. Clause numbers
(split on 'and', 'who', commas...) let the second pass attach modifiers to the right behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from assistant.offline.lexicon import Lexicon, Sense
from assistant.offline.quantities import Quantity, scan_quantity
from assistant.offline.text import Token
from assistant.offline.times import TimeSpec, scan_time
from assistant.offline.words import (
    AVERAGE_PHRASES,
    AVERAGE_WORDS,
    BREAK_WORDS,
    LAST_WORDS,
    LIKELY_WORDS,
    NEGATIONS,
    OR_WORDS,
    STOPWORDS,
    STRONG_WORDS,
    VAGUE_WORDS,
)


class MentionKind(StrEnum):
    SENSE = "sense"
    TIME = "time"
    QUANTITY = "quantity"
    NEGATION = "negation"
    OR = "or"
    BREAK = "break"
    AVERAGE = "average"
    STRONG = "strong"
    LAST = "last"
    VAGUE = "vague"
    UNKNOWN = "unknown"
    FILLER = "filler"


@dataclass
class Mention:
    """A recognised span of tokens ``[start, end)``."""

    kind: MentionKind
    start: int
    end: int
    words: tuple[str, ...]
    senses: tuple[Sense, ...] = ()
    time: TimeSpec | None = None
    quantity: Quantity | None = None
    clause: int = 0
    text: str = ""
    """The user's own words for this span."""
    used: bool = field(default=False)
    """Set when the assembly consumed the mention into a rule."""


Step = Callable[[list[str], int, "ScanContext"], Mention | None]


@dataclass(frozen=True)
class ScanContext:
    lexicon: Lexicon
    as_of: date
    capitals: frozenset[int] = frozenset()
    """Indexes of tokens the user wrote in capitals ('BE', 'IT')."""


def _time(words: list[str], index: int, context: ScanContext) -> Mention | None:
    found = scan_time(words, index, context.as_of)
    if not found:
        return None
    return Mention(MentionKind.TIME, index, index + found[0], (), time=found[1])


def _quantity(words: list[str], index: int, context: ScanContext) -> Mention | None:
    found = scan_quantity(words, index)
    if not found:
        return None
    return Mention(MentionKind.QUANTITY, index, index + found[0], (), quantity=found[1])


def _negation(words: list[str], index: int, context: ScanContext) -> Mention | None:
    for length in (3, 2, 1):
        if tuple(words[index : index + length]) in NEGATIONS:
            return Mention(MentionKind.NEGATION, index, index + length, ())
    return None


def _average(words: list[str], index: int, context: ScanContext) -> Mention | None:
    for length in (3, 2):
        if tuple(words[index : index + length]) in AVERAGE_PHRASES:
            return Mention(MentionKind.AVERAGE, index, index + length, ())
    return None


def _sense(words: list[str], index: int, context: ScanContext) -> Mention | None:
    length, senses = context.lexicon.lookup(words, index)
    if not length or _grammar_word(words, index, length, context):
        return None
    if length == 1 and words[index] in VAGUE_WORDS:
        return Mention(MentionKind.VAGUE, index, index + 1, (), senses=tuple(senses))
    return Mention(MentionKind.SENSE, index, index + length, (), senses=tuple(senses))


CODE_LENGTH = 3


def _grammar_word(words: list[str], index: int, length: int, context: ScanContext) -> bool:
    """Short grammar words ('be', 'it') are not codes unless written in capitals ('BE', 'IT')."""
    short = length == 1 and len(words[index]) <= CODE_LENGTH
    return short and words[index] in STOPWORDS and index not in context.capitals


_SINGLE_WORD_KINDS: tuple[tuple[frozenset[str], MentionKind], ...] = (
    (OR_WORDS, MentionKind.OR),
    (BREAK_WORDS, MentionKind.BREAK),
    (AVERAGE_WORDS, MentionKind.AVERAGE),
    (STRONG_WORDS | LIKELY_WORDS, MentionKind.STRONG),
    (LAST_WORDS, MentionKind.LAST),
    (frozenset(VAGUE_WORDS), MentionKind.VAGUE),
    (STOPWORDS, MentionKind.FILLER),
)


def _single_word(words: list[str], index: int, context: ScanContext) -> Mention | None:
    for vocabulary, kind in _SINGLE_WORD_KINDS:
        if words[index] in vocabulary:
            return Mention(kind, index, index + 1, ())
    if not any(char.isalnum() for char in words[index]):
        return Mention(MentionKind.FILLER, index, index + 1, ())
    return Mention(MentionKind.UNKNOWN, index, index + 1, ())


STEPS: tuple[Step, ...] = (_time, _quantity, _average, _sense, _negation, _single_word)
"""Tried in order at each position; the first that recognises something wins."""


def scan(tokens: list[Token], request: str, context: ScanContext) -> list[Mention]:
    """Mentions of a tokenised request, in order, with clause numbers and original text."""
    words = [token.text for token in tokens]
    capitals = {i for i, t in enumerate(tokens) if request[t.start : t.end].isupper()}
    context = replace(context, capitals=frozenset(capitals))
    mentions: list[Mention] = []
    index, clause = 0, 0
    while index < len(words):
        mention = next(m for m in (step(words, index, context) for step in STEPS) if m)
        if mention.kind in {MentionKind.BREAK, MentionKind.OR}:
            clause += 1
        mention.clause = clause
        mention.words = tuple(words[mention.start : mention.end])
        mention.text = request[tokens[mention.start].start : tokens[mention.end - 1].end]
        mentions.append(mention)
        index = mention.end
    return mentions
