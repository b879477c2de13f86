"""A catalog value phrase said in two parts: 'never used a coupon', 'jamais utilisé un seul bon'.

The catalog may name a state of an event by a word and the event's noun together ('used coupon',
'bon utilisé' for a redeemed coupon). A request often says the word as a verb before the noun,
other words between ('used a coupon', 'utilisé un seul bon de réduction'): the word is a grammar
word of its language, so without this pass it is left aside and the rule counts every coupon,
whatever its state. When the word and a noun naming the same event make one of the event's value
phrases, and only one value, that value filters the event, as if said together.
"""

from __future__ import annotations

from assistant.language import Pack, fold
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import SenseKind, phrase_key
from assistant.offline.spans import SpanKind
from schema_catalog import Catalog

REACH = 3
"""How many spans before its event's noun the word may stand ('used' … 'a' … 'coupon')."""


def attach_split_value(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    """A grammar word at ``index`` that, with the noun of the next event of its clause, is one
    value phrase of that event: the value filters it (attacher of ``modifiers``)."""
    mention = draft.mentions[index]
    anchor = _next_event(draft, index)
    if anchor is None or draft.lexicon is None:
        return
    table = catalog.table(anchor.sense.table or "")
    found = {
        (column.name, value)
        for column in table.columns
        if column.name not in anchor.filters
        for value, synonyms in column.value_synonyms.items()
        for synonym in synonyms
        if _split(synonym, mention, anchor, draft, pack)
    }
    if len(found) != 1:
        return
    ((column, value),) = found
    anchor.filters[column] = [value]
    draft.attach(anchor, mention)


def _next_event(draft: Draft, index: int) -> Anchor | None:
    """The event named within ``REACH`` spans after ``index``, in the same clause, with only
    grammar words between."""
    clause = draft.mentions[index].clause
    for anchor in sorted(draft.anchors, key=lambda a: a.position):
        distance = anchor.position - index
        if 0 < distance <= REACH and anchor.clause == clause:
            between = draft.mentions[index + 1 : anchor.position]
            quiet = all(m.kind is SpanKind.WORD for m in between)
            return anchor if anchor.kind is SenseKind.EVENT and quiet else None
    return None


def _split(synonym: str, mention: Mention, anchor: Anchor, draft: Draft, pack: Pack) -> bool:
    """Whether ``synonym`` is the word of ``mention`` plus words that name ``anchor``'s event."""
    words = tuple(fold(word) for word in phrase_key(synonym))
    said = tuple(fold(word) for word in mention.words)
    if len(words) <= len(said):
        return False
    if words[: len(said)] == said:
        rest = words[len(said) :]
    elif words[-len(said) :] == said:
        rest = words[: -len(said)]
    else:
        return False
    assert draft.lexicon is not None
    length, senses = draft.lexicon.lookup(rest, 0, pack)
    return length == len(rest) and any(
        sense.kind is SenseKind.EVENT and sense.table == anchor.sense.table for sense in senses
    )
