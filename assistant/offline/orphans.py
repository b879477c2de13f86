"""A dependent word with no behaviour to qualify (an orphan value): it implies its event — the
event rather than its lines, the booking or the thing done — or names its indicator on its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.offline.anchor_base import attach_value, clause_behaviour
from assistant.offline.bookings import booked_or_done
from assistant.offline.draft import Ambiguity, Anchor, Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.sense_scores import sense_score


def place_orphan(index: int, mention: Mention, senses: list[Sense], draft: Draft) -> None:
    """A dependent word with nothing to qualify: it implies its event, if only one (of an
    event and its lines, both holding the value, the event: 'Onda+' is the subscription, not
    each of its renewals) — unless another word of the sentence names the lines."""
    events = _wholes_only(
        draft, mention, {s.table for s in senses if s.kind is SenseKind.EVENT_VALUE}
    )
    senses = [s for s in senses if s.kind is not SenseKind.EVENT_VALUE or s.table in events]
    host = clause_behaviour(draft, mention)
    only = next(iter(events)) if len(events) == 1 else None
    lines = _lines_of(draft, host, events)
    if host is not None and lines is not None:
        # 'a wine purchase', 'no fish purchase': the behaviour is the event the value's lines
        # itemise — the lines of that event, where the value lives.
        host.sense = Sense(SenseKind.EVENT, table=lines)
        attach_value(draft, host, next(s for s in senses if s.table == lines), mention)
    elif host is not None and only is not None and _also_names(draft, host, only):
        # 'Wein gekauft': the verb also names the purchase lines, where the value lives.
        host.sense = Sense(SenseKind.EVENT, table=only)
        attach_value(draft, host, next(s for s in senses if s.table == only), mention)
    elif events and host is not None:
        # 'looked at bags online': a word naming another event's dimension, in a behaviour
        # that has no such dimension, is read as part of that behaviour — and said so.
        draft.attach(host, mention)
        host.notes.append(draft.pack.say("assume_part_of", phrase=mention.text))
    elif len(events) == 1:
        anchor = draft.add(Sense(SenseKind.EVENT, table=next(iter(events))), index)
        anchor.holding = _beside_people(draft, index)
        attach_value(draft, anchor, next(s for s in senses if s.table in events), mention)
        _say_beside_other(draft, index, anchor)
    elif len(events) > 1 and (chosen := _booked_or_done(draft, index, senses)) is not None:
        anchor = draft.add(Sense(SenseKind.EVENT, table=chosen.table), index)
        attach_value(draft, anchor, chosen, mention)
    elif len(events) > 1:
        draft.ambiguities.append(
            Ambiguity(mention.text, tuple(senses), reason="event", index=index)
        )
        mention.used = True
    elif (named := _named_indicator_value(draft, mention, senses)) is not None:
        anchor = draft.add(Sense(SenseKind.INDICATOR, indicator=named.indicator), index)
        attach_value(draft, anchor, named, mention)


def _wholes_only(draft: Draft, mention: Mention, tables: set[str | None]) -> set[str]:
    """Of an event and its lines in ``tables``, the event — or the lines when a word of the
    sentence other than ``mention`` names them ('a failed Onda+ payment': a renewal)."""
    wholes = draft.lexicon.wholes if draft.lexicon else {}
    known = {t for t in tables if t}
    parts = {t for t in known if wholes.get(t) in known}
    named = {t for m in draft.mentions if m is not mention for t in _lines_named(m, wholes)}
    return (parts & named) or (known - parts)


def _lines_named(mention: Mention, wholes: Mapping[str, str]) -> set[str]:
    """Tables of lines ``mention`` names, and not their event too ('cancelled' is a state of a
    subscription and of a renewal: it names neither apart)."""
    tables = {s.table for s in mention.senses if s.table}
    return {t for t in tables if t in wholes and wholes[t] not in tables}


def _lines_of(draft: Draft, host: Anchor | None, events: set[str]) -> str | None:
    """The one table of ``events`` that itemises ``host``'s event (basket lines of a
    purchase), when ``host`` has no filter or measure yet."""
    wholes = draft.lexicon.wholes if draft.lexicon else {}
    if host is None or host.filters or host.measures:
        return None
    lines = [table for table in events if wholes.get(table) == host.sense.table]
    return lines[0] if len(lines) == 1 else None


def _also_names(draft: Draft, host: Anchor, table: str) -> bool:
    """Whether the words that made ``host`` also name ``table``'s event, as said or as the
    language's glossary gives them in the catalog's words."""
    lexicon = draft.lexicon
    if lexicon is None or host.filters or host.measures:
        return False
    for mention in host.mentions:
        glossed = draft.pack.glossary.match(mention.words, 0)
        for words in (mention.words, glossed[1] if glossed else ()):
            length, senses = lexicon.lookup(words, 0, draft.pack) if words else (0, ())
            if length and any(s.kind is SenseKind.EVENT and s.table == table for s in senses):
                return True
    return False


def _beside_people(draft: Draft, index: int) -> bool:
    """The value at ``index`` stands next to the catalog's own name for its people ('Onda+
    subscribers', 'abonnés Onda+'): it says what they hold."""
    people = draft.lexicon.people if draft.lexicon else frozenset()
    clause = draft.mentions[index].clause
    beside = draft.mentions[max(0, index - 1) : index + 2]
    return any(m.clause == clause and tuple(m.words) in people for m in beside)


def _say_beside_other(draft: Draft, index: int, anchor: Anchor) -> None:
    """'lapsed app users': the value implies its own event, yet it stands next to a word naming
    another table, which it may only describe — the reading taken is said."""
    clause = draft.mentions[index].clause
    beside = draft.mentions[max(0, index - 1) : index + 2]
    other = next(
        (
            m
            for m in beside
            if m.clause == clause
            and any(s.kind in _NAMING and s.table != anchor.sense.table for s in m.senses)
        ),
        None,
    )
    if other is not None:
        phrase = draft.mentions[index].text
        anchor.notes.append(draft.pack.say("assume_own_condition", phrase=phrase, other=other.text))


_NAMING = frozenset({SenseKind.TABLE, SenseKind.EVENT})


def _booked_or_done(draft: Draft, index: int, senses: list[Sense]) -> Sense | None:
    """'used the drive', 'drive slot next week': a value two events record, booked and done,
    read by the words of the sentence first, then by whether its clause looks ahead."""
    twice = draft.lexicon.twice if draft.lexicon else {}
    clause = [m.span for m in draft.mentions if m.clause == draft.mentions[index].clause]
    if booked_or_done(twice, senses, clause) is None:
        return None
    scored = sorted(((sense_score(draft, index, s), s) for s in senses), key=lambda p: -p[0])
    best = [sense for score, sense in scored if score == scored[0][0]]
    if len({sense.table for sense in best}) == 1:
        return best[0]
    return booked_or_done(twice, best, clause)


def _named_indicator_value(draft: Draft, mention: Mention, senses: list[Sense]) -> Sense | None:
    """'budget-conscious shoppers', 'Feinschmecker': a value of one indicator, said without the
    indicator's name, still names it — unless its clause has a behaviour it may qualify ('low
    spend', 'faible dépense') or the word is one of the language's own (a level such as 'high'
    needs its indicator said)."""
    values = [s for s in senses if s.kind is SenseKind.INDICATOR_VALUE and s.indicator]
    if len({s.indicator for s in values}) != 1 or _behaviour_words(draft, mention):
        return None
    if len(mention.words) == 1 and mention.words[0] in draft.pack.vocabulary:
        return None
    return values[0]


def _behaviour_words(draft: Draft, mention: Mention) -> bool:
    """Whether the mention's clause has a behaviour, or a word not yet placed that can only
    name an event, its value or its measure (a town that is also a store is not one)."""
    kinds = {SenseKind.EVENT, SenseKind.EVENT_VALUE, SenseKind.MEASURE}
    return clause_behaviour(draft, mention) is not None or any(
        other is not mention
        and not other.used
        and other.clause == mention.clause
        and any(sense.kind in kinds for sense in other.senses)
        and not any(sense.kind is SenseKind.VALUE for sense in other.senses)
        for other in draft.mentions
    )
