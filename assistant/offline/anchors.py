"""Second pass: catalog terms become anchors, each sense chosen with the whole sentence.

Indicators, events and channels anchor where they stand. Dependent words — an event's dimension
value ('in store'), an indicator's value ('high') or key ('beauty') — attach to the nearest
compatible anchor of their clause. A term with several senses (a city that is a home city and a
store city, 'spent' on two tables) is scored against the rest of the sentence (``sense_scores``).
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.language import Role, fold
from assistant.offline.bookings import booked_or_done
from assistant.offline.channels import anchor_channel, said_channel
from assistant.offline.column_cues import column_cues, names_next_value
from assistant.offline.draft import Ambiguity, Anchor, Draft, Mention
from assistant.offline.lexicon import DEPENDENT, Sense, SenseKind, phrase_key
from assistant.offline.numbers import Quantity
from assistant.offline.sense_scores import choose_senses, sense_score
from assistant.offline.spans import Connector, SpanKind
from audience.rules import Op

ANCHOR_KINDS = frozenset(
    {
        SenseKind.EVENT,
        SenseKind.VALUE,
        SenseKind.COLUMN,
        SenseKind.TABLE,
        SenseKind.INDICATOR,
        SenseKind.CHANNEL,
        SenseKind.MEASURE,
    }
)


def compatible(anchor: Anchor, sense: Sense) -> bool:
    """Whether a dependent sense can qualify ``anchor``."""
    if sense.kind is SenseKind.EVENT_VALUE:
        return anchor.kind is SenseKind.EVENT and anchor.sense.table == sense.table
    if sense.kind in {SenseKind.INDICATOR_VALUE, SenseKind.INDICATOR_KEY}:
        return anchor.kind is SenseKind.INDICATOR and anchor.sense.indicator == sense.indicator
    return False


def nearest(anchors: list[Anchor], clause: int, index: int, same_clause: bool) -> Anchor | None:
    """The closest anchor (before first, then after), optionally only in ``clause``."""
    pool = [a for a in anchors if not same_clause or a.clause == clause]
    before = [a for a in pool if a.position < index]
    after = [a for a in pool if a.position > index]
    if before:
        return max(before, key=lambda a: a.position)
    return min(after, key=lambda a: a.position) if after else None


# -- seeding --------------------------------------------------------------------------------


def seed_anchors(draft: Draft) -> None:
    """Pass 1: indicators, events and channels anchor where they stand."""
    for index, mention in draft.terms():
        if mention.used:
            continue
        kinds = {sense.kind for sense in mention.senses}
        channel = next((s for s in mention.senses if s.kind is SenseKind.CHANNEL), None)
        channel = channel or said_channel(draft, mention)
        if channel and anchor_channel(draft, index, channel):
            continue
        if SenseKind.INDICATOR in kinds and len(_targets(mention.senses, ANCHOR_KINDS)) == 1:
            anchor = _add_indicator(draft, _first(mention, SenseKind.INDICATOR), index, mention)
            anchor.values += [
                s.value
                for s in mention.senses
                if s.kind is SenseKind.INDICATOR_VALUE and s.value and s.value not in anchor.values
            ]
        elif (
            _single_event(mention)
            and not _has_dependent_home(mention, draft)
            and not _qualifies_next(draft, index)
        ):
            anchor = add_event(draft, _first(mention, SenseKind.EVENT), index, mention)
            for sense in mention.senses:  # 'upgraded': the event and its direction
                if sense.kind is SenseKind.EVENT_VALUE and sense.table == anchor.sense.table:
                    attach_value(draft, anchor, sense, mention)


def said_as_written(mention: Mention) -> bool:
    """Whether ``mention`` is written as the catalog phrase it was read as ('renewed'), not as
    another form of it ('se renouvelle' read as 'renouvelé')."""
    return phrase_key(fold(mention.text)) == mention.words


def _add_indicator(draft: Draft, sense: Sense, index: int, mention: Mention) -> Anchor:
    """A new indicator rule, or the same indicator already named in this clause ('à risque de
    churn élevé' names churn risk twice)."""
    for anchor in draft.anchors:
        if anchor.sense == sense and anchor.clause == mention.clause:
            draft.attach(anchor, mention)
            return anchor
    return draft.add(sense, index, mention)


def _targets(senses: tuple[Sense, ...], kinds: frozenset[SenseKind]) -> set[str]:
    return {sense.target for sense in senses if sense.kind in kinds}


def _single_event(mention: Mention) -> bool:
    events = {s.table for s in mention.senses if s.kind is SenseKind.EVENT}
    return len(events) == 1


def _first(mention: Mention, kind: SenseKind) -> Sense:
    return next(sense for sense in mention.senses if sense.kind is kind)


def add_event(draft: Draft, sense: Sense, index: int, mention: Mention) -> Anchor:
    """A new behaviour, or the same event already anchored in this clause."""
    for anchor in draft.anchors:
        same = anchor.kind is SenseKind.EVENT and anchor.sense.table == sense.table
        if same and anchor.clause == mention.clause:
            draft.attach(anchor, mention)
            _note_measure(draft, anchor, mention)
            return anchor
    anchor = draft.add(sense, index, mention)
    _note_measure(draft, anchor, mention)
    return anchor


def _note_measure(draft: Draft, anchor: Anchor, mention: Mention) -> None:
    columns = {
        sense.column
        for sense in mention.senses
        if sense.kind is SenseKind.MEASURE and sense.table == anchor.sense.table and sense.column
    }
    draft.narrow_measures(anchor, columns)


def _qualifies_next(draft: Draft, index: int) -> bool:
    """'drive purchase', 'Drive-Einkauf': a word that is also a value of the event the next
    word names qualifies that event; it is not an event of its own."""
    mention = draft.mentions[index]
    following = draft.mentions[index + 1] if index + 1 < len(draft.mentions) else None
    if following is None or following.kind is not SpanKind.TERM:
        return False
    tables = {s.table for s in following.senses if s.kind is SenseKind.EVENT}
    return following.clause == mention.clause and any(
        s.kind is SenseKind.EVENT_VALUE and s.table in tables for s in mention.senses
    )


def _has_dependent_home(mention: Mention, draft: Draft) -> bool:
    """An event word that is also a dimension value of an event already in its clause."""
    return any(
        compatible(anchor, sense) and anchor.clause == mention.clause
        for sense in mention.senses
        if sense.kind in DEPENDENT
        for anchor in draft.anchors
    )


# -- placing the other terms ------------------------------------------------------------------


def place_senses(draft: Draft) -> None:
    """Pass 2: the remaining catalog terms, each sense chosen from the sentence. A word that is
    both a profile value and an event's value is placed late, so it sees every behaviour the
    sentence names ('our Paris stores': the stores make Paris a store city)."""
    terms = sorted(draft.terms(), key=lambda pair: _profile_or_event(pair[1]))
    for index, mention in terms:
        if not mention.used:
            _place(index, mention, draft)


def _profile_or_event(mention: Mention) -> tuple[bool, bool]:
    """Placed last: words that may be the people themselves ('cards'), after every word that
    could be read as their verb or a column's cue; before them, profile-or-event values."""
    kinds = {sense.kind for sense in mention.senses}
    return SenseKind.SUBJECT in kinds, {SenseKind.VALUE, SenseKind.EVENT_VALUE} <= kinds


def _place(index: int, mention: Mention, draft: Draft) -> None:
    """Tiers, as a reader settles a word: a value of a behaviour of its clause; a rule of its
    own; a value of a behaviour of another clause; an orphan value implying its behaviour. Within
    a tier, several readings are scored with the sentence (``choose_senses``)."""
    if _names_the_people(draft, index, mention) or names_next_value(draft, index):
        mention.used = True
        return
    senses = [s for s in mention.senses if s.kind is not SenseKind.SUBJECT]
    dependent = [s for s in senses if s.kind in DEPENDENT]
    independent = [s for s in senses if s.kind in ANCHOR_KINDS and s.kind is not SenseKind.CHANNEL]
    homes = [
        (a, s)
        for s in dependent
        for a in draft.anchors
        if compatible(a, s) and not (a.forced and independent) and not _value_named(a)
    ]
    local = [(a, s) for a, s in homes if a.clause == mention.clause]
    cued = [s for s in independent if column_cues(draft, index, s)]
    if local and not cued:
        timed = any(m.kind is SpanKind.TIME and m.clause == mention.clause for m in draft.mentions)
        anchor, sense = min(
            local,
            key=lambda pair: (abs(pair[0].position - index), (pair[1].value is None) != timed),
        )
        attach_value(draft, anchor, sense, mention)
    elif not cued and (held := draft.held_earlier(senses)):
        place = _place_orphan if held[0].kind in DEPENDENT else _place_independent
        place(index, mention, held, draft)
    elif _refines_earlier(draft, dependent, senses):
        _place_orphan(index, mention, _earlier(draft, dependent), draft)
    elif independent:
        chosen = choose_senses(draft, index, mention, cued or independent)
        if chosen is not None:
            _place_independent(index, mention, chosen, draft)
    elif homes and not _host(draft, mention):
        _place_far(index, mention, homes, draft)
    elif dependent:
        _place_orphan(index, mention, dependent, draft)


def _beside_people(draft: Draft, index: int) -> bool:
    """The value at ``index`` stands next to the catalog's own name for its people ('Onda+
    subscribers', 'abonnés Onda+'): it says what they hold."""
    people = draft.lexicon.people if draft.lexicon else frozenset()
    clause = draft.mentions[index].clause
    beside = draft.mentions[max(0, index - 1) : index + 2]
    return any(m.clause == clause and tuple(m.words) in people for m in beside)


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


def _names_the_people(draft: Draft, index: int, mention: Mention) -> bool:
    """'cards attached to Mons': a word that names the people (the profile's key: one card, one
    cardholder) and also an event's value ('paid by card') is the people when nothing in its
    clause does anything — no behaviour, no unread word before it that could be the verb."""
    kinds = {sense.kind for sense in mention.senses}
    if SenseKind.SUBJECT not in kinds or not kinds - {SenseKind.SUBJECT} <= DEPENDENT:
        return False
    clause = [m for m in draft.mentions[:index] if m.clause == mention.clause]
    verb = any(m.kind is SpanKind.UNKNOWN and not m.used for m in clause)
    after = draft.mentions[index + 1 : index + 4]
    counted = any(m.kind is SpanKind.QUANTITY and m.clause == mention.clause for m in after)
    return not (verb or counted) and _host(draft, mention) is None


def _earlier(draft: Draft, dependent: list[Sense]) -> list[Sense]:
    return [
        s
        for s in dependent
        if s.kind is SenseKind.EVENT_VALUE
        and s.table in draft.earlier_events
        and not draft.restates(s)
    ]


def _refines_earlier(draft: Draft, dependent: list[Sense], senses: list[Sense]) -> bool:
    """'only those who did it through the app': in a follow-up, a value of a behaviour already in
    the audience refines it — unless the word is also a profile value ('only those in Paris')."""
    profile = any(sense.kind is SenseKind.VALUE for sense in senses)
    return not profile and len({s.table for s in _earlier(draft, dependent)}) == 1


def attach_value(draft: Draft, anchor: Anchor, sense: Sense, mention: Mention) -> None:
    """A dimension, indicator value or key becomes part of ``anchor``."""
    draft.attach(anchor, mention)
    if sense.kind is SenseKind.EVENT_VALUE and sense.column and sense.value is None:
        anchor.date_column = sense.column  # 'expiring in the next 7 days' dates this column
    elif sense.kind is SenseKind.EVENT_VALUE and sense.column and sense.value:
        values = anchor.filters.setdefault(sense.column, [])
        values += [value for value in _grouped(sense, mention) if value not in values]
        if not said_as_written(mention):
            anchor.worded.add(sense.column)
    elif sense.value:
        anchor.values += [value for value in _grouped(sense, mention) if value not in anchor.values]


def _grouped(sense: Sense, mention: Mention) -> list[str]:
    """'online' for the drive and the home delivery: a word the catalog gives to several values
    of one column means any of them."""
    same = (sense.kind, sense.table, sense.column, sense.indicator)
    values = [
        other.value
        for other in (sense, *mention.senses)
        if other.value is not None
        and (other.kind, other.table, other.column, other.indicator) == same
    ]
    return list(dict.fromkeys(values))


def _place_independent(index: int, mention: Mention, senses: list[Sense], draft: Draft) -> None:
    sense = senses[0]
    if sense.kind is SenseKind.EVENT:
        add_event(draft, sense, index, mention)
        return
    if sense.kind is SenseKind.MEASURE:
        _place_measure(index, mention, sense, draft)
        return
    twin = _same_column(draft, sense, mention)
    if twin is not None:  # 'Punktestand von über 2.500 Punkten' names one column twice
        draft.attach(twin, mention)
        return
    anchor = draft.add(sense, index, mention)
    if sense.value:
        anchor.values += [value for value in _grouped(sense, mention) if value not in anchor.values]
    for cue in column_cues(draft, index, sense):
        draft.attach(anchor, cue)


def _same_column(draft: Draft, sense: Sense, mention: Mention) -> Anchor | None:
    """A rule on the same column already named in the mention's clause, with no value yet."""
    if sense.kind is not SenseKind.COLUMN:
        return None
    return next(
        (
            anchor
            for anchor in draft.anchors
            if anchor.sense == sense and anchor.clause == mention.clause and not anchor.values
        ),
        None,
    )


def _place_measure(index: int, mention: Mention, sense: Sense, draft: Draft) -> None:
    """A measure's name: with a number in its clause it measures its event ('5 items'); without,
    it is the object of the behaviour of its clause ('bought baby products'), or nothing."""
    numbered = any(
        m.kind is SpanKind.QUANTITY and m.clause == mention.clause for m in draft.mentions
    )
    host = _host(draft, mention)
    qualified = _qualified_event(draft, mention, sense.table or "")
    if numbered and host is None and qualified is not None:
        draft.attach(qualified, mention)  # 'an order with 6 items': that order's own measure
        draft.narrow_measures(qualified, {sense.column or ""})
    elif numbered:
        add_event(draft, Sense(SenseKind.EVENT, table=sense.table), index, mention)
    elif host is not None:
        draft.attach(host, mention)


def _qualified_event(draft: Draft, mention: Mention, table: str) -> Anchor | None:
    """The behaviour a relative clause qualifies ('an order with 6 items', 'eine Bestellung mit
    6 Artikeln'): the event named right before the relative word that opens ``mention``'s
    clause, when it is the measure's own event."""
    opener = next((m for m in draft.mentions if m.clause == mention.clause), None)
    if opener is None or not opener.has(Role.RELATIVE):
        return None
    before = draft.mentions.index(opener) - 1
    return next(
        (
            a
            for a in draft.anchors
            if a.kind is SenseKind.EVENT
            and a.sense.table == table
            and a.clause == mention.clause - 1
            and before >= 0
            and draft.mentions[before] in a.mentions
        ),
        None,
    )


def _place_far(
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
    if negated_here and _excludes(anchor, sense):
        _exclude_value(draft, index, anchor, sense)
        return
    alternative = (
        anchor.position > index
        and _across_or(draft, anchor, index)
        and _own_behaviour(draft, mention, sense)
    )
    if (negated_here or exact or alternative) and sense.kind is SenseKind.EVENT_VALUE:
        anchor = draft.add(Sense(SenseKind.EVENT, table=sense.table), index)
        anchor.quantity = exact
    attach_value(draft, anchor, sense, mention)


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


def _host(draft: Draft, mention: Mention) -> Anchor | None:
    """A behaviour of the mention's own clause (a value of another behaviour is part of it)."""
    return next(
        (a for a in draft.anchors if a.kind is SenseKind.EVENT and a.clause == mention.clause), None
    )


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


def _place_orphan(index: int, mention: Mention, senses: list[Sense], draft: Draft) -> None:
    """A dependent word with nothing to qualify: it implies its event, if only one (of an
    event and its lines, both holding the value, the event: 'Onda+' is the subscription, not
    each of its renewals) — unless another word of the sentence names the lines."""
    events = _wholes_only(
        draft, mention, {s.table for s in senses if s.kind is SenseKind.EVENT_VALUE}
    )
    senses = [s for s in senses if s.kind is not SenseKind.EVENT_VALUE or s.table in events]
    host = _host(draft, mention)
    only = next(iter(events)) if len(events) == 1 else None
    if host is not None and only is not None and _also_names(draft, host, only):
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


def _across_or(draft: Draft, anchor: Anchor, index: int) -> bool:
    """Whether an 'or' stands between ``anchor`` and the word at ``index``."""
    first, last = sorted((anchor.position, index))
    return any(
        mention.span.connector is Connector.OR for mention in draft.mentions[first + 1 : last]
    )


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
    return _host(draft, mention) is not None or any(
        other is not mention
        and not other.used
        and other.clause == mention.clause
        and any(sense.kind in kinds for sense in other.senses)
        and not any(sense.kind is SenseKind.VALUE for sense in other.senses)
        for other in draft.mentions
    )


def _value_named(anchor: Anchor) -> bool:
    """An indicator rule that a value named on its own ('fresh foodies'): another value of the
    indicator is another rule ('fresh foodies in Lille or budget shoppers in Roubaix')."""
    return anchor.kind is SenseKind.INDICATOR and not any(
        sense.kind is SenseKind.INDICATOR for m in anchor.mentions for sense in m.senses
    )
