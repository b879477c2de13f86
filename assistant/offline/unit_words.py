"""The word after a number that says what it measures ('over 60 litres of fuel', 'more than 10
days outside Europe'): the behaviour and measure it names take the number, and the verb beside
it ('bought', 'spent') is that behaviour's own verb."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.language import Pack, Role, fold
from assistant.offline.anchor_base import attach_value
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.spans import SpanKind
from schema_catalog import Catalog


def unit_named(draft: Draft, index: int, takers: list[Anchor], catalog: Catalog) -> Anchor | None:
    """'over 60 litres of fuel', 'more than 10 days outside Europe': the noun right after a bare
    number is its unit when it names a measure of a behaviour of the clause ('litres' a term
    of its own, 'days' a word of the measure's label 'Days abroad') — the number measures that
    behaviour, in that measure."""
    quantity = draft.mentions[index].span.quantity
    if quantity is None or quantity.unit is not None or index + 1 >= len(draft.mentions):
        return None
    unit = draft.mentions[index + 1]
    clause = [a for a in takers if a.kind is SenseKind.EVENT and a.clause == unit.clause]
    for anchor in clause:
        named = any(
            s.kind is SenseKind.MEASURE and s.table == anchor.sense.table for s in unit.senses
        )
        if named and any(m is unit for m in anchor.mentions):
            return anchor
    if unit.used or unit.kind is not SpanKind.UNKNOWN:
        return None
    found = [(a, m) for a in clause for m in _measures_named(catalog, a.sense.table, unit)]
    if not found:
        return _unit_of_value(draft, clause, unit, catalog)
    if len(found) != 1:
        return None
    anchor, measure = found[0]
    draft.narrow_measures(anchor, {measure})
    draft.attach(anchor, unit)
    return anchor


def _unit_of_value(
    draft: Draft, clause: list[Anchor], unit: Mention, catalog: Catalog
) -> Anchor | None:
    """'spent more than 10 days outside Europe': the unit names a measure of the behaviour
    whose value ('outside Europe') was read as part of the verb's — that value's behaviour is
    the one measured ('spent' its verb, not money)."""
    found = [
        (anchor, mention, sense, measure)
        for anchor in clause
        for mention in anchor.mentions
        for sense in mention.senses
        if sense.kind is SenseKind.EVENT_VALUE and sense.table != anchor.sense.table
        for measure in _measures_named(catalog, sense.table, unit)
    ]
    if len({(id(a), m.text, measure) for a, m, _, measure in found}) != 1:
        return None
    anchor, mention, _, measure = found[0]
    anchor.sense = Sense(SenseKind.EVENT, table=found[0][2].table)
    anchor.measures, anchor.measure = {measure}, None
    anchor.notes = [n for n in anchor.notes if mention.text not in n]
    for _, _, sense, _ in found:
        attach_value(draft, anchor, sense, mention)
    draft.attach(anchor, unit)
    return anchor


def _measures_named(catalog: Catalog, event: str | None, unit: Mention) -> list[str]:
    """The measures of ``event`` one of whose names holds every word of ``unit``."""
    table = catalog.table(event or "")
    words = {fold(word) for word in unit.words}
    found = []
    for measure in table.measures:
        column = table.column(measure)
        names = (column.label or "", *column.labels.values(), *column.synonyms)
        if any(words <= set(fold(name).split()) for name in names if name):
            found.append(measure)
    return found


def fold_verb(draft: Draft, index: int, measured: Anchor) -> None:
    """'bought over 60 litres of fuel', 'mehr als 60 Liter Kraftstoff gekauft': the bare verb
    right before the amount, or right after the measured behaviour's words, is that
    behaviour's own verb, not a behaviour of its own."""
    after = 1 + max((draft.mentions.index(m) for m in measured.mentions), default=index)
    beside = [a for a in draft.anchors if a.position in {index - 1, after}]
    verb = next((a for a in beside if a is not measured), None)
    if verb is None or verb.kind is not SenseKind.EVENT or verb.clause != measured.clause:
        return
    bare = not (verb.values or verb.filters or verb.excluded or verb.time or verb.quantity)
    if bare and len(verb.mentions) == 1 and not verb.negate:
        draft.anchors.remove(verb)
        draft.attach(measured, verb.mentions[0])


def priced_by_name(
    senses: Sequence[Sense], said: Iterable[str], lexicon: Lexicon, pack: Pack
) -> list[Sense]:
    """Of money measures of several events one word names ('spent': the basket's amount, a fuel
    purchase's), those whose own catalog names include the currency the amount is said in
    (``said``: the words of the clause's amounts) — '€' among the basket amount's synonyms
    names that column, as a unit word names one of an event's measures (``events``). Nothing
    when a sense is not a measure or no currency is said ('over 2k').

    A caller keeps the reading only when exactly one measure is so named."""
    currency = set(said) & pack.table(Role.CURRENCY).words()
    if not currency or any(sense.kind is not SenseKind.MEASURE for sense in senses):
        return []
    names = lexicon.column_words
    return [sense for sense in senses if names.get(sense.target, frozenset()) & currency]
