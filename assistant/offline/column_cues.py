"""Words that settle which column a shared value belongs to.

A town that is both a home town and a home store, a store that is a home store and a store of
purchase: the sentence often says which without naming the column in full — a word of one
column's names ('cards *attached* to Mons' for the 'attached store', 'qui *habitent* à Lille' for
'habite'), or the reading of a value it is listed with ('à Lille ou à Villeneuve': Lille is only
a home town, so Villeneuve is one too). Both count when the senses are scored (``anchors``); a
cue word that settled a reading becomes part of its rule, so the coverage map shows it read.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.explain import language_of
from assistant.language import Role
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import column_named, grammar_word
from assistant.offline.senses import Sense, SenseKind
from assistant.offline.spans import Connector, SpanKind
from audience.rules import column_label, event_label
from schema_catalog import Catalog

CUE_REACH = 4
"""How many spans away from the value a column's word may stand ('rattachés au magasin de X')."""
_SHORTEST = 5
"""Shorter words ('in', 'with', 'paid') are grammar or too common to name a column."""
_STEM = 6
"""Letters an inflected word must share with the column's word ('rattachés' / 'rattachement')."""
_COLUMNS = frozenset({SenseKind.VALUE, SenseKind.EVENT_VALUE, SenseKind.COLUMN})
_LISTING = frozenset({Connector.AND, Connector.OR, Connector.SEPARATOR, Connector.EITHER})


def _same_word(said: str, name: str) -> bool:
    """'attached' names 'attached'; 'habitent' names 'habite' (one stem, another ending).

    >>> _same_word("rattachés", "rattachement"), _same_word("paid", "paid")
    (True, False)
    """
    if min(len(said), len(name)) < _SHORTEST:
        return False
    shared = next(
        (i for i, (a, b) in enumerate(zip(said, name, strict=False)) if a != b),
        min(len(said), len(name)),
    )
    return said == name or (shared >= _STEM and shared >= min(len(said), len(name)) - 3)


def _names(draft: Draft, mention: Mention, target: str, rivals: set[str]) -> bool:
    """Whether a word of ``mention`` is a word of ``target``'s names and of no rival's."""
    words = draft.lexicon.column_words if draft.lexicon else {}
    own = words.get(target, frozenset())
    others = frozenset().union(*(words.get(rival, frozenset()) for rival in rivals))
    return any(
        _same_word(said, name)
        for said in mention.words
        for name in own
        if not any(_same_word(said, other) for other in others)
    )


def _residence(draft: Draft, target: str) -> bool:
    """A column whose names or description say where people live ('City of residence')."""
    return draft.lexicon is not None and target in draft.lexicon.residences


def _settles(draft: Draft, cue: Mention, target: str, rivals: set[str]) -> bool:
    """``cue`` names ``target``'s column, or says where people live and only ``target`` is
    where they live."""
    if _names(draft, cue, target, rivals):
        return True
    return (
        cue.has(Role.RESIDENCE)
        and _residence(draft, target)
        and not any(_residence(draft, rival) for rival in rivals)
    )


def _free(mention: Mention) -> bool:
    """An unread word that may name a column (not a catalog term, number or connector)."""
    word = mention.kind is SpanKind.WORD and (
        mention.has(Role.FUNCTION) or mention.has(Role.RESIDENCE)
    )
    return (mention.kind is SpanKind.UNKNOWN or word) and not mention.used


def _listing(mention: Mention, value: Mention) -> bool:
    """A word of a list of values like ``value`` ('in Bath *or Hull* wohnen')."""
    if mention.kind is SpanKind.CONNECTOR:
        return mention.span.connector in _LISTING
    if mention.kind is SpanKind.TERM:
        return bool({s.target for s in mention.senses} & {s.target for s in value.senses})
    return mention.kind is SpanKind.WORD and mention.has(Role.FUNCTION)


def _reaches(draft: Draft, cue: int, index: int) -> bool:
    """The cue is in the value's clause, or only the value's list stands between them."""
    value = draft.mentions[index]
    if draft.mentions[cue].clause == value.clause:
        return True
    low, high = sorted((cue, index))
    return all(_listing(m, value) for m in draft.mentions[low + 1 : high])


def column_cues(draft: Draft, index: int, sense: Sense) -> list[Mention]:
    """Unread words near the value at ``index`` that name ``sense``'s column and no other
    column the value could be read on."""
    if sense.kind not in _COLUMNS or sense.column is None:
        return []
    mention = draft.mentions[index]
    rivals = {s.target for s in mention.senses if s.kind in _COLUMNS} - {sense.target}
    if not rivals:
        return []
    near = range(max(0, index - CUE_REACH), min(len(draft.mentions), index + CUE_REACH + 1))
    return [
        draft.mentions[at]
        for at in near
        if _free(draft.mentions[at])
        and _reaches(draft, at, index)
        and _settles(draft, draft.mentions[at], sense.target, rivals)
    ]


def listed_reading(draft: Draft, index: int) -> frozenset[str]:
    """The columns the value before ``index`` was read on, when the two are listed together
    ('Lille or Villeneuve', 'Lille, Roubaix et Lens'); empty otherwise."""
    cursor, listed = index - 1, False
    while cursor >= 0:
        mention = draft.mentions[cursor]
        if mention.kind is SpanKind.CONNECTOR and mention.span.connector in _LISTING:
            listed = True
        elif not (mention.kind is SpanKind.WORD and mention.has(Role.FUNCTION)):
            break
        cursor -= 1
    if not listed or cursor < 0 or draft.mentions[cursor].kind is not SpanKind.TERM:
        return frozenset()
    before = draft.mentions[cursor]
    held: set[str] = set()
    for anchor in draft.anchors:
        if any(known is before for known in anchor.mentions):
            held.add(anchor.sense.target)
            held.update(f"{anchor.sense.table}.{column}" for column in anchor.filters)
    return frozenset(s.target for s in before.senses if s.target in held)


def names_next_value(draft: Draft, index: int) -> bool:
    """'au magasin de Douai': a value phrase ('au magasin', in store) whose last word is the noun
    of the next value's column ('magasin' for the store Douai), joined to it by a naming word
    ('de', 'of'), names that column here ('en magasin à Lyon' stays in store, in Lyon)."""
    mention = draft.mentions[index]
    if mention.kind is not SpanKind.TERM or not mention.senses:
        return False
    if any(sense.kind not in _COLUMNS or sense.value is None for sense in mention.senses):
        return False
    after = index + 1
    while after < len(draft.mentions) and draft.mentions[after].has(Role.NAMING):
        after += 1
    if after == index + 1 or after >= len(draft.mentions):
        return False
    value = draft.mentions[after]
    own = {sense.target for sense in mention.senses}
    targets = {s.target for s in value.senses if s.kind in _COLUMNS and s.value} - own
    head = Mention(replace(mention.span, words=mention.words[-1:]))
    return value.kind is SpanKind.TERM and any(
        _names(draft, head, target, own) for target in targets
    )


def say_grammar_columns(draft: Draft, catalog: Catalog) -> None:
    """'live sport': a grammar word of the language read as a catalog column because a word of
    that column's table follows it (``Lexicon``) — one neighbouring word settled it, so the
    proposal says which column it became."""
    for mention in draft.mentions:
        if not (mention.used and len(mention.words) == 1):
            continue
        if not grammar_word(draft.pack, mention.words[0]):
            continue
        sense = next((s for s in mention.senses if column_named(s) and s.table and s.column), None)
        if sense is None:
            continue
        lang = language_of(draft.pack.code)
        field = column_label(catalog, sense.table or "", sense.column or "", lang)
        event = event_label(catalog, sense.table or "", lang)
        draft.assumptions.append(
            draft.pack.say("assume_column_word", phrase=mention.text, field=field, event=event)
        )


def absorb_value_nouns(draft: Draft, catalog: Catalog) -> None:
    """'an android phone', 'un téléphone Android': a noun right beside a value that one of the
    value column's own names holds ('phone' of the platform, 'Phone operating system') is the
    value's head noun — part of the value's rule, not a condition on another column that also
    answers to it (the mobile number). A word the catalog did not know as a term ('ein
    Android-Handy') taken so is stated: only a name of the column vouches for it."""
    for noun in [a for a in draft.anchors if a.kind is SenseKind.COLUMN and not a.values]:
        if len(noun.mentions) != 1:
            continue
        at = draft.mentions.index(noun.mentions[0])
        found = _value_beside(draft, at, noun.sense.target)
        if found is not None:
            draft.anchors.remove(noun)
            draft.attach(found[0], noun.mentions[0])
    for at, mention in enumerate(draft.mentions):
        if mention.kind is SpanKind.UNKNOWN and not mention.used:
            found = _value_beside(draft, at, "")
            if found is not None:
                draft.attach(found[0], mention)
                _say_column_word(draft, catalog, mention, found[1])


def _say_column_word(draft: Draft, catalog: Catalog, mention: Mention, column: str) -> None:
    table, _, name = column.partition(".")
    lang = language_of(draft.pack.code)
    field = column_label(catalog, table, name, lang)
    event = event_label(catalog, table, lang)
    draft.assumptions.append(
        draft.pack.say("assume_column_word", phrase=mention.text, field=field, event=event)
    )


def _value_beside(draft: Draft, at: int, rival: str) -> tuple[Anchor, str] | None:
    """The anchor of the value next to the noun at ``at`` whose column's names hold the noun,
    and that column."""
    noun = draft.mentions[at]
    for step in (-1, 1):
        near = at + step
        if not 0 <= near < len(draft.mentions) or draft.mentions[near].kind is not SpanKind.TERM:
            continue
        value = draft.mentions[near]
        for anchor in draft.anchors:
            if all(known is not value for known in anchor.mentions):
                continue
            columns = _value_columns(anchor) - {rival}
            named = [column for column in sorted(columns) if _names(draft, noun, column, set())]
            if named:
                return anchor, named[0]
    return None


def _value_columns(anchor: Anchor) -> set[str]:
    """The columns ``anchor`` gives a value: its own, or its behaviour's filters."""
    sense = anchor.sense
    own = {sense.target} if sense.kind in _COLUMNS and anchor.values else set()
    return own | {f"{sense.table}.{column}" for column in anchor.filters}
