"""'Only': French 'ne … que' (its two words mean 'only', not a negation and a new clause), and
'only ever placed one order', 'hat bisher nur ein Mal bestellt': a word that says 'only'
before a count of its clause, with only the verb and function words between, makes the count
exact. Next to the number ('only one', 'nur eine') the comparison table reads it already; a few
words before it, it was dropped and the count read as 'at least'."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.language import Pack, Role
from assistant.offline.lexicon import SenseKind
from assistant.offline.numbers import Quantity
from assistant.offline.spans import Span, SpanKind
from audience.rules import Op

_REACH = 4
"""How many spans before the count its 'only' may stand ('only ever really placed one')."""


def exact_counts(spans: tuple[Span, ...], pack: Pack) -> tuple[Span, ...]:
    """``spans`` with every unstated count that an 'only' of its clause restricts made exact."""
    return tuple(
        _exact(span) if _restricted(spans, index, pack) else span
        for index, span in enumerate(spans)
    )


def _exact(span: Span) -> Span:
    assert span.quantity is not None
    return replace(span, quantity=replace(span.quantity, op=Op.EQ))


def _restricted(spans: tuple[Span, ...], index: int, pack: Pack) -> bool:
    quantity = spans[index].quantity
    if quantity is None or quantity.op is not None or quantity.unit not in {None, "times"}:
        return False
    for before in reversed(spans[max(0, index - _REACH) : index]):
        if before.clause != spans[index].clause or not _passable(before):
            return False
        found = pack.before_number.match(before.words, 0)
        if before.kind is SpanKind.WORD and found and found == (len(before.words), Op.EQ):
            return True
    return False


def _passable(span: Span) -> bool:
    """A known word, or the event's own verb ('ordered'), may stand between 'only' and the count."""
    if span.kind is SpanKind.TERM:
        return all(sense.kind is SenseKind.EVENT for sense in span.senses)
    return span.kind in {SpanKind.WORD, SpanKind.UNKNOWN}


_RESTRICTION_REACH = 8
"""How many words after 'ne' its 'que' may come ('n'ont fait le plein qu'une fois')."""


def restrictive_negations(words: Sequence[str], pack: Pack) -> frozenset[int]:
    """Positions of a negation and the word that makes it mean 'only' in its clause (French
    'ne … que'): both are function words, not a negation and a new clause.

    A separator or another negation ('ne … pas … que') ends the search: that clause negates.
    """
    found: set[int] = set()
    for index, word in enumerate(words):
        if not pack.is_word(Role.NEGATION, word) or index in found:
            continue
        for after in range(index + 1, min(len(words), index + 1 + _RESTRICTION_REACH)):
            if pack.is_word(Role.RESTRICTION, words[after]):
                found |= {index, after}
                break
            if any(pack.is_word(role, words[after]) for role in _CLAUSE_ENDS):
                break
    return frozenset(found)


_CLAUSE_ENDS = (Role.SEPARATORS, Role.NEGATION, Role.NEVER, Role.EXCLUSION)

NO_LONGER_REACH = 3
"""How many words after 'ne' its 'plus' may come ('ne l'ont plus', 'n'y sont plus')."""


def no_longer_words(words: Sequence[str], pack: Pack) -> dict[int, bool]:
    """Positions of a word meaning 'no longer' (French 'plus'), each True when it is the
    negation itself (right after 'but': 'mais plus depuis janvier') and False when it ends a
    negation already said in its clause ('n'ont plus appelé': a function word). 'plus' starting
    a number ('plus de 3') is neither."""
    found: dict[int, bool] = {}
    for index, word in enumerate(words):
        if not pack.is_word(Role.NO_LONGER, word) or pack.before_number.match(words, index):
            continue
        if pack.has(Role.NEGATION, words, index) or pack.has(Role.NOTHING, words, index):
            continue  # 'plus du tout', 'plus rien': a negation phrase of its own
        if index and pack.is_word(Role.BUT, words[index - 1]):
            found[index] = True
        elif _after_negation(words, index, pack):
            found[index] = False
    return found


def _after_negation(words: Sequence[str], index: int, pack: Pack) -> bool:
    for at in range(index - 1, max(-1, index - 1 - NO_LONGER_REACH), -1):
        if pack.is_word(Role.NEGATION, words[at]):
            return True
        if not pack.is_word(Role.FUNCTION, words[at]):
            return False
    return False


def restriction(index: int) -> Span:
    """The restricting word of 'ne … que': a function word meaning 'only'."""
    return Span(SpanKind.WORD, index, index + 1, (), roles=frozenset({Role.RESTRICTION}))


def exactly(span: Span) -> Span:
    """'ne … que 2 fois' = exactly twice: an unstated comparison after the restriction is '=';
    'n'a passé qu'une (seule) commande': the article or 'seule' after it is the number one."""
    if span.kind is SpanKind.WORD and (span.has(Role.SINGLE) or span.has(Role.ONE)):
        return replace(span, kind=SpanKind.QUANTITY, quantity=Quantity(Op.EQ, 1))
    quantity = span.quantity
    if quantity is None or quantity.op is not None:
        return span
    return replace(span, quantity=replace(quantity, op=Op.EQ))
