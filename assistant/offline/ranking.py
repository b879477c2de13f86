"""Reading a ranked request: 'the top 1,000 customers by spend', 'our 500 best buyers', 'les 200
clients qui ont le plus dépensé', 'die 100 umsatzstärksten Kunden'.

A whole number of people next to a ranking word of the language pack (``ranking.yml``: 'top',
a superlative, 'most'/'least', 'by') is how many to keep, not the size the marketer expects;
the measure is the catalog word said with it ('by spend', 'the most orders'), or the one a
superlative names ('highest-spending' → 'spent'). Without a ranking word the number stays an
expected size ('around 10,000 people'): the two are read apart. The words found are the
phrase's *positions* in the request, so the rest of the request is read as usual without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from assistant.language import Pack, Role
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.numbers import number_at
from assistant.offline.scanner import ScanContext, people_follow, term_at
from assistant.offline.spans import SpanKind
from assistant.offline.times import scan_time
from assistant.offline.understand import normalised_tokens
from audience.rules import RankDirection, Window

REACH = 3
"""How many words after the number 'best', 'top' or 'by' may come ('500 best', 'top 100 … by')."""
MEASURED_REACH = 6
"""How far 'most'/'least' may come ('50 accounts that paid us the most')."""
_CUES = (Role.RANK_BEST, Role.RANK_WORST, Role.RANK_MOST, Role.RANK_LEAST, Role.RANK_TOP)
_DIRECTION = {
    Role.RANK_BEST: RankDirection.DESC,
    Role.RANK_MOST: RankDirection.DESC,
    Role.RANK_TOP: RankDirection.DESC,
    Role.RANK_WORST: RankDirection.ASC,
    Role.RANK_LEAST: RankDirection.ASC,
}
_MEASURED_CUES = frozenset({Role.RANK_MOST, Role.RANK_LEAST})
"""Cues said with their measure ('the most orders'); 'best', 'worst', 'top' name none."""
_MEASURE_KINDS = frozenset(
    {SenseKind.MEASURE, SenseKind.EVENT, SenseKind.EVENT_VALUE, SenseKind.COLUMN,
     SenseKind.INDICATOR}
)  # fmt: skip


@dataclass(frozen=True)
class RankPhrase:
    """A ranking said in a request: how many, which way, by what (when said), where."""

    size: int
    direction: RankDirection
    senses: tuple[Sense, ...] = ()
    """The catalog readings of the measure words; empty when the request does not say."""
    counted: bool = False
    """'by number of orders': the measure counts events."""
    window: Window | None = None
    """A period said right after the measure ('by spend in the last 12 months')."""
    positions: frozenset[int] = field(default_factory=frozenset)
    """Token indexes of the ranking's words (number, cues, measure, period)."""
    text: str = ""
    """The ranking's words as the request writes them (first to last)."""
    spans: tuple[tuple[int, int], ...] = ()
    """Where each of the ranking's words stands in the request (start, end)."""

    def rest_of(self, request: str) -> str:
        """``request`` with the ranking's words blanked (same length: positions still hold)."""
        chars = list(request)
        for start, end in self.spans:
            chars[start:end] = " " * (end - start)
        return "".join(chars)


@dataclass(frozen=True)
class _Words:
    words: list[str]
    context: ScanContext

    @property
    def pack(self) -> Pack:
        return self.context.pack

    @property
    def lexicon(self) -> Lexicon:
        return self.context.lexicon

    def senses_at(self, index: int) -> tuple[int, tuple[Sense, ...]]:
        """(length, senses) of the catalog phrase at ``index``, as the scanner reads it."""
        span = term_at(self.words, index, self.context) if index < len(self.words) else None
        if span is None or span.kind is not SpanKind.TERM:
            return 0, ()
        return span.end - span.start, span.senses


def find_ranking(request: str, pack: Pack, lexicon: Lexicon, as_of: date) -> RankPhrase | None:
    """The ranking ``request`` asks for, or None (see the module docstring)."""
    tokens, terms = normalised_tokens(request, pack, lexicon)
    context = ScanContext(pack, lexicon, as_of, terms=tuple(terms))
    said = _Words([t.text for t in tokens], context)
    for index in range(len(tokens)):
        found = _ranking_at(said, index)
        if found is not None:
            first, last = min(found.positions), max(found.positions)
            spans = tuple((tokens[i].start, tokens[i].end) for i in sorted(found.positions))
            text = request[tokens[first].start : tokens[last].end]
            return replace(found, text=text, spans=spans)
    return None


def _ranking_at(said: _Words, index: int) -> RankPhrase | None:
    number = _count_of_people(said, index)
    if number is None:
        return None
    length, size = number
    positions = set(range(index, index + length))
    top = _top_before(said, index)
    positions |= top
    for start in range(index + length, min(index + length + MEASURED_REACH, len(said.words))):
        if said.pack.has(Role.SEPARATORS, said.words, start):
            break  # a ranking word of another clause ranks nothing here
        found = _cue_at(said, start, index + length, size, positions)
        if found is not None:
            return found
    if not top:
        return None
    found = _measured_by(said, index + length, size, RankDirection.DESC, positions, MEASURED_REACH)
    return found or _phrase(said, size, RankDirection.DESC, (), positions)


def _count_of_people(said: _Words, index: int) -> tuple[int, int] | None:
    """(words, N) for a whole number of people at ``index``: not a threshold ('more than 500'),
    not an amount or a period ('500 €', '12 months'), with a people word after it."""
    pack, words = said.pack, said.words
    found = number_at(words, index, pack)
    if found is None or not float(found[1]).is_integer() or found[1] < 1:
        return None
    end = index + found[0]
    if _compared(said, index) or _unit_at(said, end) or _in_time(said, index):
        return None
    reach = range(end, min(end + REACH, len(words)))
    if not any(_people(said, at) or people_follow(words, at, said.context) for at in reach):
        return None
    return found[0], int(found[1])


def _compared(said: _Words, index: int) -> bool:
    """A comparison ends right before the number ('more than 500', 'plus de 500')."""
    table = said.pack.before_number
    return any(
        table.length(said.words, index - size) == size for size in (1, 2, 3) if size <= index
    )


def _in_time(said: _Words, index: int) -> bool:
    """The number is part of a date or a period ('15 April 2026', 'in the last 12 months')."""
    for start in range(max(0, index - 3), index + 1):
        found = scan_time(said.words, start, said.context.as_of, said.pack)
        if found is not None and start + found[0] > index:
            return True
    return False


def _unit_at(said: _Words, index: int) -> bool:
    pack, words = said.pack, said.words
    if index >= len(words):
        return False
    roles = (Role.CURRENCY, Role.COUNT_UNITS, Role.PERCENT)
    return any(pack.has(role, words, index) for role in roles) or bool(
        pack.units.match(words, index)
    )


def _people(said: _Words, index: int) -> bool:
    """A people word: a size noun of the language, or the catalog's name of its profiles."""
    pack, words = said.pack, said.words
    if pack.has(Role.SIZE_NOUNS, words, index) or pack.has(Role.POPULATION, words, index):
        return True
    length, senses = said.senses_at(index)
    return bool(length) and any(sense.kind is SenseKind.SUBJECT for sense in senses)


def _top_before(said: _Words, index: int) -> set[int]:
    """'top 1000', 'the top 1000': the positions of 'top' just before the number."""
    for size in (1, 2):
        start = index - size
        if start >= 0 and said.pack.has(Role.RANK_TOP, said.words, start) == size:
            return set(range(start, index))
    return set()


def _cue_at(
    said: _Words, start: int, number_end: int, size: int, positions: set[int]
) -> RankPhrase | None:
    """The ranking word at ``start`` and its measure, if one is there."""
    measured = said.pack.rank_measured.match(said.words, start)
    if measured is not None:
        cue = set(range(start, start + measured[0]))
        senses = _senses_of_word(said, measured[1])
        return _phrase(said, size, RankDirection.DESC, senses, positions | cue)
    if _inside_comparison(said, start):
        return None  # 'at least one', 'au moins', 'mindestens': a threshold, not a ranking
    for role in _CUES:
        length = said.pack.has(role, said.words, start)
        if not length or (role not in _MEASURED_CUES and start - number_end >= REACH):
            continue
        cue = positions | set(range(start, start + length))
        if role in _MEASURED_CUES:
            return _with_measure(said, start, start + length, size, _DIRECTION[role], cue)
        by = _measured_by(said, start + length, size, _DIRECTION[role], cue)
        return by or _phrase(said, size, _DIRECTION[role], (), cue)
    return None


def _inside_comparison(said: _Words, index: int) -> bool:
    """A comparison phrase ('at least', 'le moins de') starts before ``index`` and covers it."""
    table = said.pack.before_number
    return any(
        start + table.length(said.words, start) > index for start in range(max(0, index - 2), index)
    )


def _with_measure(
    said: _Words, cue: int, end: int, size: int, direction: RankDirection, positions: set[int]
) -> RankPhrase:
    """The measure said after the cue ('the most orders', 'by spend'), else right before it
    ('who spent the most', 'die am meisten ausgegeben haben' reads the word after)."""
    after = _measure_after(said, end)
    if after is not None:
        # 'the 1000 most active customers by number of orders': a 'by' phrase after the cue's
        # word says what the superlative is measured by.
        by = _measured_by(said, max(after[0]) + 1, size, direction, positions | after[0])
        return by or _phrase(said, size, direction, after[1], positions | after[0], after[2])
    before = _measure_before(said, cue)
    if before is not None:
        return _phrase(said, size, direction, before[1], positions | before[0])
    vague = _vague_at(said, end)
    by = _measured_by(said, end + len(vague), size, direction, positions | vague)
    return by or _phrase(said, size, direction, (), positions)


def _vague_at(said: _Words, index: int) -> set[int]:
    """The positions of a vague word right after 'most' ('the 300 most loyal … ranked by'): a
    'by' phrase after it says what it is measured by, so it belongs to the ranking."""
    span = term_at(said.words, index, said.context) if index < len(said.words) else None
    return set(range(span.start, span.end)) if span and span.kind is SpanKind.VAGUE else set()


def _measured_by(
    said: _Words,
    start: int,
    size: int,
    direction: RankDirection,
    positions: set[int],
    reach: int = REACH,
) -> RankPhrase | None:
    """'top 1000 customers by spend': the 'by' phrase within reach after the number ('top 300
    VIPs in Lyon by spend': further after 'top', in the same clause)."""
    for at in range(start, min(start + reach, len(said.words))):
        if said.pack.has(Role.SEPARATORS, said.words, at):
            break
        length = said.pack.has(Role.RANK_BY, said.words, at)
        if length:
            after = _measure_after(said, at + length)
            if after is not None:
                cue = positions | set(range(at, at + length)) | after[0]
                return _phrase(said, size, direction, after[1], cue, after[2])
    return None


def _measure_after(said: _Words, start: int) -> tuple[set[int], tuple[Sense, ...], bool] | None:
    """(positions, senses, counted) of the catalog phrase at ``start``, after 'number of'."""
    at, counted = start, False
    counting = said.pack.has(Role.RANK_NUMBER_OF, said.words, at)
    if counting:
        at, counted = at + counting, True
    at += said.pack.has(Role.RANK_TOTALS, said.words, at)
    length, senses = said.senses_at(at)
    senses = tuple(s for s in senses if s.kind in _MEASURE_KINDS)
    if not length or not senses:
        return None
    return set(range(start, at + length)), senses, counted


def _measure_before(said: _Words, cue: int) -> tuple[set[int], tuple[Sense, ...]] | None:
    """The catalog phrase ending within the three words before the cue ('who spent the most',
    'that paid us the most'): only grammar words may stand between."""
    for start in range(cue - 1, max(cue - 4, -1), -1):
        length, senses = said.senses_at(start)
        senses = tuple(s for s in senses if s.kind in _MEASURE_KINDS)
        between = said.words[start + length : cue]
        if length and senses and start + length <= cue and all(_grammar(said, w) for w in between):
            return set(range(start, start + length)), senses
    return None


def _grammar(said: _Words, word: str) -> bool:
    return said.pack.is_word(Role.FUNCTION, word)


def _senses_of_word(said: _Words, word: str) -> tuple[Sense, ...]:
    """The catalog readings of a pack word ('spent', 'umsatz'), through the glossary."""
    tokens, terms = normalised_tokens(word, said.pack, said.lexicon)
    context = replace(said.context, terms=tuple(terms))
    length, senses = _Words([t.text for t in tokens], context).senses_at(0)
    return tuple(s for s in senses if s.kind in _MEASURE_KINDS) if length else ()


def _phrase(
    said: _Words,
    size: int,
    direction: RankDirection,
    senses: Sequence[Sense],
    positions: set[int],
    counted: bool = False,
) -> RankPhrase:
    """The ranking, with a period said right after its last word as the measure's window."""
    window, end = None, max(positions) + 1
    found = scan_time(said.words, end, said.context.as_of, said.pack) if senses else None
    if found is not None and found[1].window is not None and not found[1].alternatives:
        window = found[1].window
        positions = positions | set(range(end, end + found[0]))
    return RankPhrase(size, direction, tuple(senses), counted, window, frozenset(positions))
