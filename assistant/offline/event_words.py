"""Words that belong to a behaviour's own phrase, not to a condition of their own.

'visited the site', 'last contact with customer care': words one of the event's names contains
are part of the behaviour; 'an order over €300' names a single event.
"""

from __future__ import annotations

from assistant.language import Role
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import SenseKind, phrase_key
from assistant.offline.naming import names_table
from assistant.offline.spans import Connector, SpanKind
from schema_catalog import Catalog


def absorb_event_words(draft: Draft, catalog: Catalog) -> None:
    """'visited the site', 'upgraded their plan': a leftover word — or a column named with no
    value — that one of the behaviour's own names contains ('came to the site', 'changed plan')
    belongs to that behaviour's phrase, not to a condition of its own."""
    events = [a for a in draft.anchors if a.kind is SenseKind.EVENT]
    for mention in draft.mentions:
        if not mention.used and mention.kind is SpanKind.UNKNOWN:
            _absorb(draft, events, mention, catalog)
    for column in [a for a in draft.anchors if a.kind is SenseKind.COLUMN and not a.values]:
        if len(column.mentions) == 1 and _absorb(draft, events, column.mentions[0], catalog):
            draft.anchors.remove(column)
    _fold_object_verbs(draft)
    _fold_buyers_into_spend(draft)


def _fold_buyers_into_spend(draft: Draft) -> None:
    """'web buyers who spent over €400', 'acheteurs web qui ont dépensé plus de 400 €', 'Online-
    Käufer, die über 400 € ausgegeben haben': the spend of a relative clause right after the
    people named by a behaviour with values is the spend on that behaviour's events — one
    behaviour summing those events, not 'bought on the web once' beside a total over every
    channel (the reading 'store shoppers who spent …' already had)."""
    events = [a for a in draft.anchors if a.kind is SenseKind.EVENT]
    for spend in events:
        if spend.negate or spend.quantity is None or spend.quantity.unit != "currency":
            continue
        buyers = _buyers_before(draft, spend, events)
        if buyers is None:
            continue
        for column, values in buyers.filters.items():
            spend.filters.setdefault(column, list(values))
        spend.time = spend.time or buyers.time
        spend.notes += [note for note in buyers.notes if note not in spend.notes]
        for mention in buyers.mentions:
            draft.attach(spend, mention)
        draft.anchors.remove(buyers)
        events.remove(buyers)


def _buyers_before(draft: Draft, spend: Anchor, events: list[Anchor]) -> Anchor | None:
    """The behaviour with values and nothing else, of ``spend``'s event, whose words end just
    before the relative word (or the comma) that opens ``spend``'s clause."""
    start = min(draft.mentions.index(m) for m in spend.mentions)
    relative = next(
        (i for i in range(start - 1, -1, -1) if draft.mentions[i].span.connector is not None),
        None,
    )
    opening = {Connector.RELATIVE, Connector.SEPARATOR}  # 'Online-Käufer, die …'
    if relative is None or draft.mentions[relative].span.connector not in opening:
        return None
    for buyers in events:
        bare = not (buyers.quantity or buyers.excluded or buyers.negate or buyers.measures)
        if buyers is spend or not bare or not buyers.filters:
            continue
        end = max(draft.mentions.index(m) for m in buyers.mentions)
        between = draft.mentions[end + 1 : relative]
        same = (
            buyers.sense.table == spend.sense.table
            and not buyers.filters.keys() & spend.filters.keys()
        )
        if same and all(_grammar(m) or m.span.connector is not None for m in between):
            return buyers
    return None


def _fold_object_verbs(draft: Draft) -> None:
    """'bought fuel', 'a acheté du carburant', 'Kraftstoff gekauft': a bare verb of one event
    right beside the noun of another event (only grammar words between) is that event's verb
    — one behaviour, not a second one with no condition of its own."""
    events = [a for a in draft.anchors if a.kind is SenseKind.EVENT]
    for verb in events:
        bare = not (verb.values or verb.filters or verb.excluded or verb.time or verb.quantity)
        if not bare or len(verb.mentions) != 1 or verb.negate or verb.measures:
            continue
        noun = _noun_beside(draft, verb, events)
        if noun is not None:
            draft.anchors.remove(verb)
            draft.attach(noun, verb.mentions[0])


def _noun_beside(draft: Draft, verb: Anchor, events: list[Anchor]) -> Anchor | None:
    """The event named by the first content word before or after ``verb``'s word, in its clause."""
    at = draft.mentions.index(verb.mentions[0])
    for step in (1, -1):
        cursor = at + step
        while 0 <= cursor < len(draft.mentions) and _grammar(draft.mentions[cursor]):
            cursor += step
        if not 0 <= cursor < len(draft.mentions):
            continue
        beside = draft.mentions[cursor]
        for other in events:
            named = other.mentions and other.mentions[0] is beside and _event_noun(beside, other)
            if other is not verb and named and other.clause == verb.clause:
                return other if other.sense.table != verb.sense.table else None
    return None


def _grammar(mention: Mention) -> bool:
    return mention.kind is SpanKind.WORD and not mention.used


def _absorb(draft: Draft, events: list[Anchor], mention: Mention, catalog: Catalog) -> bool:
    compounds = bool(draft.pack.compound_links)
    for anchor in events:
        table = anchor.sense.table or ""
        names = _event_names(catalog, table)
        named = all(
            word in names or names_table(word, catalog.table(table), compounds)
            for word in mention.words
        )
        if anchor.clause == mention.clause and named:
            draft.attach(anchor, mention)
            return True
    return False


def _event_names(catalog: Catalog, table: str) -> frozenset[str]:
    """Every word of the event's synonyms and labels ('contacts' of 'Customer-care contacts')."""
    spec = catalog.table(table)
    names = (*spec.synonyms, spec.label or "", *spec.labels.values())
    return frozenset(word for name in names for word in phrase_key(name))


def names_event(catalog: Catalog, anchor: Anchor, mention: Mention) -> bool:
    """Whether every word of ``mention`` is a word of ``anchor``'s event names, as said or in
    the plural ('last contact with customer care': 'contact' is the contacts' own noun)."""
    names = _event_names(catalog, anchor.sense.table or "")
    return bool(mention.words) and all(
        word in names or f"{word}s" in names for word in mention.words
    )


def single_event(draft: Draft, anchor: Anchor) -> bool:
    """'placed an order over €300', '3 items in one order', '4 Artikel pro Einkauf', 'a single
    home delivery basket': a singular noun of the event after 'an' / 'one' / 'per' (and the
    event's own values) — the threshold holds for one event."""
    for mention in anchor.mentions:
        index = draft.mentions.index(mention)
        while index and any(m is draft.mentions[index - 1] for m in anchor.mentions):
            index -= 1  # 'single home delivery basket': the value is part of the noun
        previous = _before_phrase(draft, index, anchor)
        if previous is None or not previous.has(Role.SINGLE) or mention.words[-1].endswith("s"):
            continue
        if mention is anchor.mentions[0] or _event_noun(mention, anchor):
            draft.attach(anchor, previous)  # 'one' is no count of its own here
            return True
    return False


def _before_phrase(draft: Draft, index: int, anchor: Anchor) -> Mention | None:
    """The word before the event's phrase starting at ``index``, across one grammar word before
    a value of the event ('einem *noch* gültigen Gutschein': 'einem' is the coupon's article)."""
    if not index:
        return None
    previous = draft.mentions[index - 1]
    value = not _event_noun(draft.mentions[index], anchor)
    grammar = previous.kind is SpanKind.WORD and previous.has(Role.FUNCTION)
    if value and index > 1 and grammar and not previous.has(Role.SINGLE):
        return draft.mentions[index - 2]
    return previous


def _event_noun(mention: Mention, anchor: Anchor) -> bool:
    return any(
        sense.kind is SenseKind.EVENT and sense.table == anchor.sense.table
        for sense in mention.senses
    )
