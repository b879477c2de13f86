"""A dimension value whose behaviour stands in another clause ('shoes but never bags', 'bought
shoes but not online', '…, and it was online'): joined to it, excluded from it, or a behaviour
of its own.
"""

from __future__ import annotations

from assistant.language import Role
from assistant.offline.anchor_base import attach_value
from assistant.offline.bookings import booked_or_done
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.numbers import Quantity
from assistant.offline.spans import Connector, SpanKind
from audience.rules import Op


def place_far(
    index: int, mention: Mention, homes: list[tuple[Anchor, Sense]], draft: Draft
) -> None:
    """A dimension value whose behaviour is in another clause ('shoes but never bags')."""
    negated_here = any(
        m.kind is SpanKind.NEGATION and m.clause == mention.clause for m in draft.mentions[:index]
    )
    anchor, sense = min(
        homes, key=lambda pair: (pair[0].position > index, abs(pair[0].position - index))
    )
    exact = _exact_count(draft, anchor) if _refers_back(draft, mention) else None
    if negated_here and anchor.position > index and sense.kind is SenseKind.EVENT_VALUE:
        # 'no chat with customer care', 'aucun achat en ligne chez nous': the negation comes before
        # the value and the value before its behaviour — no such events, not other ones.
        attach_value(draft, anchor, sense, mention)
        return
    if negated_here and _excludes(anchor, sense):
        _exclude_value(draft, index, anchor, sense)
        return
    alternative = _across_or(draft, anchor, index) and (
        (anchor.position > index and _own_behaviour(draft, mention, sense))
        or (anchor.position < index and _parallel(draft, anchor, mention, sense))
    )
    each = _each_required(draft, anchor, index, sense)
    if (negated_here or exact or alternative or each) and sense.kind is SenseKind.EVENT_VALUE:
        sense = _booked_or_done(draft, mention, sense)
        anchor = draft.add(Sense(SenseKind.EVENT, table=sense.table), index)
        anchor.quantity = exact
    attach_value(draft, anchor, sense, mention)


def _booked_or_done(draft: Draft, mention: Mention, sense: Sense) -> Sense:
    """'a delivery booked next week, never had a home delivery before': a value two events
    record, booked and done, becoming a behaviour of its own is read by its own clause, not by
    the booking it was near (see ``bookings``)."""
    twice = draft.lexicon.twice if draft.lexicon else {}
    clause = [m.span for m in draft.mentions if m.clause == mention.clause]
    return booked_or_done(twice, mention.senses, clause) or sense


def _excludes(anchor: Anchor, sense: Sense) -> bool:
    """'bought shoes but not online': a negated value of a column the behaviour does not filter
    yet narrows those same events; of a column it filters ('shoes but not bags') it is another
    purchase, not made."""
    column = sense.column or ""
    return sense.kind is SenseKind.EVENT_VALUE and bool(column) and column not in anchor.filters


def _exclude_value(draft: Draft, index: int, anchor: Anchor, sense: Sense) -> None:
    """The value, and the negation of its clause before it, become part of ``anchor``."""
    mention = draft.mentions[index]
    negation = next(
        m
        for m in reversed(draft.mentions[:index])
        if m.kind is SpanKind.NEGATION and m.clause == mention.clause
    )
    draft.attach(anchor, negation)
    draft.attach(anchor, mention)
    values = anchor.excluded.setdefault(sense.column or "", [])
    if sense.value and sense.value not in values:
        values.append(sense.value)


def _refers_back(draft: Draft, mention: Mention) -> bool:
    """'…, and it was online': the value's clause points back at the events with a pronoun."""
    return any(m.clause == mention.clause and m.has(Role.OBJECT_ANAPHORA) for m in draft.mentions)


def _exact_count(draft: Draft, anchor: Anchor) -> Quantity | None:
    """'only one order, and it was online', 'exactly two, both in store': the exact count of
    ``anchor``'s clause. Said of those events, the value holds for all of them — the same count
    of events with the value — not for the count itself ('exactly 1 web order' would also take
    people who ordered in store besides)."""
    return next(
        (
            m.span.quantity
            for m in draft.mentions
            if m.clause == anchor.clause and m.span.quantity and m.span.quantity.op is Op.EQ
        ),
        None,
    )


def _parallel(draft: Draft, anchor: Anchor, mention: Mention, sense: Sense) -> bool:
    """'beauty in the app or jewellery in store': after an 'or', a value of a column the
    behaviour filters, said with another value of a column it also filters, pairs with it — a
    behaviour of its own, not one more value of each list ('shoes or bags online' keeps one
    behaviour: 'online' filters nothing yet)."""
    if sense.column not in anchor.filters:
        return False
    return any(
        other is not mention
        and other.clause == mention.clause
        and any(
            s.kind is SenseKind.EVENT_VALUE
            and s.table == sense.table
            and s.column != sense.column
            and s.column in anchor.filters
            for s in other.senses
        )
        for other in draft.mentions
    )


def _each_required(draft: Draft, anchor: Anchor, index: int, sense: Sense) -> bool:
    """'bought both meat and drinks', 'à la fois de la viande et des boissons', 'sowohl Fleisch
    als auch Getränke': after a word saying each is required, a value of a column the behaviour
    already filters is another behaviour, not one more value of its list."""
    if sense.column not in anchor.filters:
        return False
    first, last = sorted((anchor.position, index))
    between = draft.mentions[first + 1 : last]
    joined = any(mention.span.connector is Connector.AND for mention in between)
    said = any(
        mention.has(Role.BOTH) and mention.clause in {anchor.clause, draft.mentions[index].clause}
        for mention in draft.mentions[:last]
    )
    return joined and said


def _across_or(draft: Draft, anchor: Anchor, index: int) -> bool:
    """Whether an 'or' stands between ``anchor`` and the word at ``index``."""
    first, last = sorted((anchor.position, index))
    return any(
        mention.span.connector is Connector.OR for mention in draft.mentions[first + 1 : last]
    )


def _own_behaviour(draft: Draft, mention: Mention, sense: Sense) -> bool:
    """'missed a drive pickup or cancelled an order': another word of the mention's clause names
    a value of the same event — the clause is a behaviour of its own, not one more value of
    the behaviour across the 'or' ('organic fish or seafood')."""
    return any(
        other is not mention
        and other.clause == mention.clause
        and any(s.kind is SenseKind.EVENT_VALUE and s.table == sense.table for s in other.senses)
        for other in draft.mentions
    )
