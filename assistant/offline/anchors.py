"""Second pass: catalog terms become anchors, each sense chosen with the whole sentence.

Indicators, events and channels anchor where they stand. Dependent words — an event's dimension
value ('in store'), an indicator's value ('high') or key ('beauty') — attach to the nearest
compatible anchor of their clause. A term with several senses (a city that is a home city and a
store city, 'spent' on two tables) is scored against the rest of the sentence (``sense_scores``).
Shared steps live in ``anchor_base``; values with no behaviour of their own clause in
``orphans`` (nothing to qualify) and ``far_values`` (a behaviour in another clause).
"""

from __future__ import annotations

from assistant.language import Role
from assistant.offline.anchor_base import (
    ANCHOR_KINDS,
    add_event,
    attach_value,
    clause_behaviour,
    compatible,
    first_sense,
    grouped,
)
from assistant.offline.channels import anchor_channel, said_channel
from assistant.offline.column_cues import column_cues, names_next_value
from assistant.offline.draft import Ambiguity, Anchor, Draft, Guess, Mention
from assistant.offline.far_values import place_far
from assistant.offline.lexicon import DEPENDENT, Sense, SenseKind
from assistant.offline.orphans import place_orphan
from assistant.offline.sense_scores import choose_senses, group_noun, sense_evidence
from assistant.offline.spans import SpanKind

INTEREST_REACH = 3
"""How many spans from a term a word of interest may stand ('die sich für Sport interessieren')."""

# -- seeding --------------------------------------------------------------------------------


def seed_anchors(draft: Draft) -> None:
    """Pass 1: indicators, events and channels anchor where they stand."""
    for index, mention in draft.terms():
        if mention.used:
            continue
        senses = [s for s in mention.senses if s.kind is not SenseKind.SUBJECT]
        if group_noun(draft, mention, senses):  # 'the Valenciennes drivers': asked
            draft.ambiguities.append(Ambiguity(mention.text, tuple(senses), index=index))
            mention.used = True
            continue
        kinds = {sense.kind for sense in mention.senses}
        channel = next((s for s in mention.senses if s.kind is SenseKind.CHANNEL), None)
        channel = channel or said_channel(draft, mention)
        if channel and anchor_channel(draft, index, channel):
            continue
        if SenseKind.INDICATOR in kinds and len(_targets(mention.senses, ANCHOR_KINDS)) == 1:
            anchor = _add_indicator(
                draft, first_sense(mention, SenseKind.INDICATOR), index, mention
            )
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
            anchor = add_event(draft, first_sense(mention, SenseKind.EVENT), index, mention)
            for sense in mention.senses:  # 'upgraded': the event and its direction
                if sense.kind is SenseKind.EVENT_VALUE and sense.table == anchor.sense.table:
                    attach_value(draft, anchor, sense, mention)


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
    local = [(a, s) for a, s in homes if _in_clause(a, mention.clause)]
    cued = [s for s in independent if column_cues(draft, index, s)]
    if local and not cued:
        timed = any(m.kind is SpanKind.TIME and m.clause == mention.clause for m in draft.mentions)
        anchor, sense = min(
            local,
            key=lambda pair: (
                _across_negation(draft, pair[0].position, index),
                abs(pair[0].position - index),
                (pair[1].value is None) != timed,
            ),
        )
        attach_value(draft, anchor, sense, mention)
    elif not cued and (held := draft.held_earlier(senses)):
        place = place_orphan if held[0].kind in DEPENDENT else _place_independent
        place(index, mention, held, draft)
    elif _refines_earlier(draft, dependent, senses) and not _named_here(draft, index, dependent):
        place_orphan(index, mention, _earlier(draft, dependent), draft)
    elif not cued and (
        (dependent and independent and _asks_interest(draft, index, mention))
        or _asks_via(draft, index, mention, dependent)
        or _asks_unrelated(draft, mention, dependent, independent, index)
    ):
        return
    elif independent:
        chosen = choose_senses(draft, index, mention, cued or independent)
        if chosen is not None:
            _place_independent(index, mention, chosen, draft)
            if not cued:
                _guess_over_whole(draft, index, mention, chosen[0], dependent)
    elif homes and not clause_behaviour(draft, mention):
        place_far(index, mention, homes, draft)
    elif dependent:
        place_orphan(index, mention, dependent, draft)


def _in_clause(anchor: Anchor, clause: int) -> bool:
    """The behaviour is the clause's: seeded there, or a word of the clause already became part
    of it ('drive customers who *collect* at Arras': the relative clause's verb is the drive's,
    so Arras is its store)."""
    return anchor.clause == clause or any(
        known.clause == clause and known.kind is SpanKind.TERM for known in anchor.mentions
    )


def _across_negation(draft: Draft, position: int, index: int) -> bool:
    """'viewed bag pages last week without ordering': a negation between a value and a
    behaviour puts them on two sides — the value stays with the behaviour on its own side."""
    low, high = sorted((position, index))
    return any(m.kind is SpanKind.NEGATION for m in draft.mentions[low + 1 : high])


def _guess_over_whole(
    draft: Draft, index: int, mention: Mention, chosen: Sense, dependent: list[Sense]
) -> None:
    """'bought cheese at Lille Centre': the value is also one of the whole event of the
    clause's behaviour (the basket's store, of which a line has none), so the profile value
    read instead is stated, with the event's reading it was preferred to."""
    wholes = draft.lexicon.wholes if draft.lexicon else {}
    tables = {
        wholes.get(anchor.sense.table or "")
        for anchor in draft.anchors
        if anchor.kind is SenseKind.EVENT and anchor.clause == mention.clause
    }
    rivals = tuple(sense for sense in dependent if sense.table in tables)
    if rivals and not any(guess.index == index for guess in draft.guesses):
        draft.guesses.append(Guess(index, chosen, rivals))


def _asks_interest(draft: Draft, index: int, mention: Mention) -> bool:
    """'into sports', 'fans de sport', 'die sich für Sport interessieren': a word of interest
    says no more than a liking, so a term that is both a profile value and a value of events
    the sentence does not name (the sports TV package, sport watched, a sports trial) is asked
    about — every reading an option — rather than read as the profile value by default."""
    near = draft.mentions[max(index - INTEREST_REACH, 0) : index + INTEREST_REACH + 1]
    if not any(m.clause == mention.clause and m.has(Role.INTEREST) for m in near):
        return False
    senses = tuple(s for s in mention.senses if s.kind is not SenseKind.SUBJECT)
    draft.ambiguities.append(Ambiguity(mention.text, senses, index=index))
    mention.used = True
    return True


def _asks_unrelated(
    draft: Draft, mention: Mention, dependent: list[Sense], independent: list[Sense], index: int
) -> bool:
    """'our Plus customers': a word naming a profile value and values of events that are other
    things (the Plus mobile plan, the Onda+ streaming service: their values share no word), in a
    clause with no behaviour — nothing says which, so every reading is an option, rather than
    the profile value by default ('sports': the sports package, sport watched, share a word)."""
    profile = [s for s in independent if s.kind is SenseKind.VALUE and s.value is not None]
    events = [s for s in dependent if s.kind is SenseKind.EVENT_VALUE and s.value is not None]
    if not (profile and events) or clause_behaviour(draft, mention) is not None:
        return False
    if any(_value_words(p) & _value_words(e) for p in profile for e in events):
        return False
    said = {sense: sense_evidence(draft, index, sense).strong for sense in (*profile, *events)}
    if max(said[p] for p in profile) != max(said[e] for e in events):
        return False  # 'the Plus plan': a word of the sentence names one of them
    senses = tuple(s for s in mention.senses if s.kind is not SenseKind.SUBJECT)
    draft.ambiguities.append(Ambiguity(mention.text, senses, index=index))
    mention.used = True
    return True


def _value_words(sense: Sense) -> set[str]:
    """The words of a value's code ('plus_100gb': plus, 100gb)."""
    return set(str(sense.value).lower().replace("-", "_").split("_")) - {""}


def _asks_via(draft: Draft, index: int, mention: Mention, dependent: list[Sense]) -> bool:
    """'came through the app', 'über die App': a channel word after 'through' / 'via', in a
    clause with no behaviour, where the channel is a value of several events (a plan change
    made in the app, a care contact through it) — every reading is an option."""
    before = [m for m in draft.mentions[max(index - 2, 0) : index] if m.clause == mention.clause]
    if not any(m.has(Role.VIA) for m in before) or clause_behaviour(draft, mention) is not None:
        return False
    if len({sense.table for sense in dependent}) < 2:
        return False
    senses = tuple(s for s in mention.senses if s.kind is not SenseKind.SUBJECT)
    draft.ambiguities.append(Ambiguity(mention.text, senses, index=index))
    mention.used = True
    return True


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
    return not (verb or counted) and clause_behaviour(draft, mention) is None


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


def _named_here(draft: Draft, index: int, dependent: list[Sense]) -> bool:
    """'no, I meant coupons that expired': the follow-up names the value's behaviour itself —
    the value belongs to it there, as in a first request, not to the earlier one."""
    tables = {s.table for s in _earlier(draft, dependent)}
    return any(
        a.kind is SenseKind.EVENT and a.sense.table in tables and a.position < index
        for a in draft.anchors
    )


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
        anchor.values += [value for value in grouped(sense, mention) if value not in anchor.values]
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
    host = clause_behaviour(draft, mention)
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


def _value_named(anchor: Anchor) -> bool:
    """An indicator rule that a value named on its own ('fresh foodies'): another value of the
    indicator is another rule ('fresh foodies in Lille or budget shoppers in Roubaix')."""
    return anchor.kind is SenseKind.INDICATOR and not any(
        sense.kind is SenseKind.INDICATOR for m in anchor.mentions for sense in m.senses
    )
