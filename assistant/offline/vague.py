"""Vague words: a stated default, or a question with complete audiences as options.

'recent buyers': a recency word on a behaviour takes the language pack's default window, and the
proposal says so before the count ('recent' = in the last 90 days). Every other vague word —
'active', 'loyal', 'big spenders', 'young' — and a recency word with no behaviour to qualify
('recent customers': signed up or bought?) become an ``Ambiguity`` of their kind; the planner asks,
with the catalog's readings as options. A word the catalog itself defines as a value is not vague
here: the scan already read it as a catalog term.
"""

from __future__ import annotations

from assistant.language import Pack, Role, all_packs, fold
from assistant.offline.draft import Ambiguity, Choice, Draft, Mention
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.naming import names_column
from assistant.offline.spans import SpanKind
from assistant.offline.times import TimeSpec
from audience.rules import Window, WindowKind
from schema_catalog import Catalog

_VALUES = frozenset({SenseKind.VALUE, SenseKind.EVENT_VALUE})

REASONS = {"value": "worth"}
"""Vague kinds whose ambiguity reason has another name (an indicator 'value' is a band)."""

UNMEASURED = "unmeasured"
"""A word that grades something the catalog defines no measure for ('low usage', 'un tarif
günstig', 'mécontents', 'long-standing'): asked openly, which measure and what threshold."""


def settle_by_column(draft: Draft, catalog: Catalog) -> None:
    """'senior card holders', 'mit Seniorenkarte': a vague word that is also a value of a column,
    next to a word of that column's name, is that value — the sentence settles it. So is a
    state of an event next to a word of that event or of one of its values ('active
    subscriptions', 'an active TV subscription', 'aktive Onda+-Abonnenten'): the event it
    qualifies is named; those values are then read on it as usual."""
    for index, mention in enumerate(draft.mentions):
        if mention.kind is not SpanKind.VAGUE or mention.used or index in draft.choices:
            continue
        found = _settling(draft, index, catalog)
        if len({sense.target for sense, _ in found}) != 1:
            continue
        sense = found[0][0]
        anchor = draft.choose(index, Choice(label=mention.text, sense=sense))
        anchor.forced = not any(_of_event(other, sense.table) for _, other in found)
        # One word beside it settled the vague word: the reading is said, not silent.
        draft.assumptions.append(
            draft.pack.say("assume_value_word", phrase=mention.text, value=sense.value)
        )
        for _, other in found:
            if not (other.span.is_subject or _value_of_event(other, sense.table)):
                draft.attach(anchor, other)


def _settling(draft: Draft, index: int, catalog: Catalog) -> list[tuple[Sense, Mention]]:
    """The value senses of the vague word at ``index`` with the words near it that settle them."""
    mention = draft.mentions[index]
    near = [
        other
        for other in draft.mentions[max(0, index - 1) : index + 2]
        if other is not mention and other.clause == mention.clause
    ] + _qualified_event(draft, index)
    return [
        (s, m)
        for s in mention.senses
        if s.kind in _VALUES
        for m in near
        if _names(s, m, draft.pack, catalog)
    ]


def _of_event(mention: Mention, table: str | None) -> bool:
    """``mention`` names the event ``table`` or one of its values ('aktive Onda+-Abonnenten')."""
    kinds = {SenseKind.EVENT, SenseKind.EVENT_VALUE}
    return any(s.kind in kinds and s.table == table for s in mention.senses)


def _value_of_event(mention: Mention, table: str | None) -> bool:
    """A value of the event ``table`` that settled the state ('TV' in 'active TV
    subscription'): it is read on the event later, as any value; attaching it here would leave
    it without its condition."""
    return not _is_event(mention) and any(
        s.kind is SenseKind.EVENT_VALUE and s.table == table for s in mention.senses
    )


def _is_event(mention: Mention) -> bool:
    return any(s.kind is SenseKind.EVENT for s in mention.senses)


def _qualified_event(draft: Draft, index: int) -> list[Mention]:
    """The event words the vague word at ``index`` qualifies: the term next to it in its clause
    (before: 'active subscriptions'; after: 'abonnements actifs'), or the one beyond a value
    of that same event ('active TV subscription', 'abonnement TV actif')."""
    mention = draft.mentions[index]
    after = draft.mentions[index + 1 : index + 3]
    before = draft.mentions[max(0, index - 2) : index][::-1]
    return [
        event
        for side in (after, before)
        if (event := _event_beyond([m for m in side if m.clause == mention.clause]))
    ]


def _event_beyond(side: list[Mention]) -> Mention | None:
    """The first event word of ``side`` (nearest first) when only values of that event lie
    before it."""
    events = [m for m in side if _is_event(m)]
    if not events:
        return None
    tables = {s.table for s in events[0].senses if s.kind is SenseKind.EVENT}
    between = side[: side.index(events[0])]
    return events[0] if all(any(s.table in tables for s in m.senses) for m in between) else None


def _names(sense: Sense, mention: Mention, pack: Pack, catalog: Catalog) -> bool:
    """Whether a word of ``mention`` names the column of the value ``sense``, or (for the
    value of an event's column) is a word of that event."""
    if not (sense.table and sense.column):
        return False
    if sense.kind is SenseKind.EVENT_VALUE and _of_event(mention, sense.table):
        return True
    column = catalog.table(sense.table).column(sense.column)
    compounds = bool(pack.compound_links)
    return any(names_column(word, column, compounds) for word in mention.words)


def settle_by_catalog(draft: Draft) -> None:
    """'seniors', 'Senioren': an age word the catalog defines as a value of one column (the card
    type 'senior') reads as that value, and the proposal says so — the user sees the reading
    before the count and can say an age instead. (Other vague words the catalog has as a value,
    'active', stay a question whose first option is that value: their other readings are the
    catalog's own, not a guessed age band.)"""
    for index, mention in enumerate(draft.mentions):
        if mention.kind is not SpanKind.VAGUE or mention.used or index in draft.choices:
            continue
        if mention.span.vague != "age":
            continue
        values = [s for s in mention.senses if s.kind is not SenseKind.SUBJECT]
        if not values or any(s.kind is not SenseKind.VALUE for s in values):
            continue
        if len({s.target for s in values}) != 1 or values[0].value is None:
            continue
        anchor = draft.add(values[0], index, mention)
        anchor.values.append(values[0].value)
        draft.assumptions.append(
            draft.pack.say("assume_value_word", phrase=mention.text, value=values[0].value)
        )


def place_vague(draft: Draft, pack: Pack) -> None:
    """Assume the default window for recency words on a behaviour; the others are ambiguities.
    A lapse word nothing took, in a clause that names no activity ('app users who've gone
    quiet', 'dormant cardholders': no period, no behaviour) is unmeasured too: which activity
    stopped, and for how long, is asked. Beside a behaviour ('previously bought shoes') it
    only says the behaviour happened."""
    for index, mention in enumerate(draft.mentions):
        if _lapse_of_nothing(draft, mention):
            draft.ambiguities.append(Ambiguity(mention.text, reason=UNMEASURED, index=index))
            mention.used = True
            continue
        if mention.kind is not SpanKind.VAGUE or mention.used or index in draft.choices:
            continue
        kind = mention.span.vague or "value"
        if kind == "recency" and _recent_behaviour(draft, index, pack):
            continue
        reason = REASONS.get(kind, kind)
        draft.ambiguities.append(
            Ambiguity(mention.text, tuple(mention.senses), reason=reason, index=index)
        )
        mention.used = True


def _lapse_of_nothing(draft: Draft, mention: Mention) -> bool:
    if mention.kind is not SpanKind.WORD or not mention.has(Role.LAPSE) or mention.used:
        return False
    return not any(a.kind is SenseKind.EVENT and a.clause == mention.clause for a in draft.anchors)


def _recent_behaviour(draft: Draft, index: int, pack: Pack) -> bool:
    mention = draft.mentions[index]
    events = [
        a
        for a in draft.anchors
        if a.kind is SenseKind.EVENT and a.clause == mention.clause and a.time is None
    ]
    if not events:
        return False
    anchor = min(events, key=lambda a: abs(a.position - index))
    default = pack.recency_window
    anchor.time = TimeSpec(
        window=Window(type=WindowKind.LAST, amount=default.amount, unit=default.unit)
    )
    draft.attach(anchor, mention)
    unit = pack.unit_name(default.unit)
    draft.assumptions.append(
        pack.say("assume_recency", phrase=mention.text, amount=default.amount, unit=unit)
    )
    return True


# -- settled by the sentence --------------------------------------------------------------------

NEAR = 3
"""How far apart (in spans) a vague word and a word settling it may be ('engagés sur l'email')."""


def settle_vague(draft: Draft) -> None:
    """A vague word the rest of the sentence settles reads as that one indicator.

    'customers who are still active', 'clients engagés sur l'email': exactly one indicator has a
    catalog phrase made of the vague word and words the request also says — the population noun
    it describes anywhere before it, any other word near it in its clause. Those words join the
    indicator's rule. Runs before the anchors are seeded, so negation and time attach as usual.
    """
    for index, mention in enumerate(draft.mentions):
        if mention.kind is not SpanKind.VAGUE or mention.used or index in draft.choices:
            continue
        if _timed(draft, mention):
            continue
        settled = _settled(draft, draft.lexicon, index) if draft.lexicon else None
        if settled is None:
            continue
        sense, partners = settled
        anchor = draft.add(sense, index, mention)
        for partner in partners:
            if draft.mentions[partner].kind is SpanKind.TERM:
                draft.attach(anchor, draft.mentions[partner])


def _timed(draft: Draft, mention: Mention) -> bool:
    """'inactifs depuis plus de 6 mois': a period in the vague word's clause says over what
    time — not the indicator's own fixed window; the question keeps that period."""
    return any(m.kind is SpanKind.TIME and m.clause == mention.clause for m in draft.mentions)


def _settled(draft: Draft, lexicon: Lexicon, index: int) -> tuple[Sense, set[int]] | None:
    stems = {stem[:4] for stem in _stems(draft.pack, " ".join(draft.mentions[index].words))}
    said = _said(draft, index)
    found: dict[Sense, set[int]] = {}
    for phrase, senses in lexicon.entries.entries.items():
        indicator = next((s for s in senses if s.kind is SenseKind.INDICATOR), None)
        if indicator is None or not any(_stem(word, 4) in stems for word in phrase):
            continue
        others = [w for w in phrase if _stem(w, 4) not in stems and not _function(w)]
        hits = [_hit(said, lexicon, word) for word in others]
        if others and all(hit is not None for hit in hits):
            found.setdefault(indicator, set()).update(h for h in hits if h is not None)
    return next(iter(found.items())) if len(found) == 1 else None


def _said(draft: Draft, index: int) -> dict[str, int]:
    """Stems of the words that may settle the vague word at ``index`` → their span: the people
    noun it describes anywhere before it, any word near it in its clause."""
    vague = draft.mentions[index]
    said: dict[str, int] = {}
    for position, mention in enumerate(draft.mentions):
        people = position < index and _people(draft.pack, mention)
        near = mention.clause == vague.clause and abs(position - index) <= NEAR
        if position != index and (people or near):
            said.update((stem, position) for stem in _stems(draft.pack, mention.text))
        if position != index and people and _profile_named(draft, mention):
            said.setdefault(_PEOPLE, position)
    return said


_PEOPLE = "\0people"
"""Key of ``_said`` for the catalog's own name of its people said before the vague word."""


def _profile_named(draft: Draft, mention: Mention) -> bool:
    """'porteurs de carte', 'Karteninhaber': a name the catalog gives its people (not a generic
    'people', which says nothing of whom the catalog's phrase means)."""
    return draft.lexicon is not None and tuple(mention.words) in draft.lexicon.people


def _hit(said: dict[str, int], lexicon: Lexicon, word: str) -> int | None:
    """Where the request says ``word`` of an indicator's phrase; a people noun of the phrase
    ('clients' of 'clients actifs') is said by the catalog's own name of its people
    ('porteurs de carte inactifs', 'Karteninhaber, die inaktiv sind')."""
    found = said.get(_stem(word))
    if found is None and _people_word(lexicon, word):
        return said.get(_PEOPLE)
    return found


def _people_word(lexicon: Lexicon, word: str) -> bool:
    match = lexicon.entries.match((word,), 0)
    return match is not None and any(s.kind is SenseKind.SUBJECT for s in match[1])


def _people(pack: Pack, mention: Mention) -> bool:
    """'customers', 'Kunden', or the catalog's own name for its people ('cardholders')."""
    return mention.span.is_subject or bool(pack.has(Role.POPULATION, [fold(mention.text)], 0))


def _stems(pack: Pack, text: str) -> set[str]:
    """Stems of ``text``'s words, and of their glossary readings in the catalog's words
    ('Kunden' → customers, 'aktiv' → active)."""
    words = tuple(pack.tokens(text))
    stems = {_stem(word) for word in words}
    for start in range(len(words)):
        glossed = pack.glossary.match(words, start)
        stems |= {_stem(part) for part in (glossed[1] if glossed else ())}
    return stems


def _stem(word: str, length: int = 5) -> str:
    """The first letters that inflections keep ('actives', 'actif' and 'active' share 'acti')."""
    return fold(word).replace("-", "")[:length]


def _function(word: str) -> bool:
    return len(word) <= 2 or any(pack.is_word(Role.FUNCTION, word) for pack in all_packs())
