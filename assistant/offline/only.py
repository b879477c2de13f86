"""'only ever placed one order', 'hat bisher nur ein Mal bestellt': a word that says 'only'
before a count of its clause, with only the verb and function words between, makes the count
exact. Next to the number ('only one', 'nur eine') the comparison table reads it already; a few
words before it, it was dropped and the count read as 'at least'."""

from __future__ import annotations

from dataclasses import replace

from assistant.language import Pack
from assistant.offline.lexicon import SenseKind
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
