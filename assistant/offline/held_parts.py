"""In a follow-up, a word that is part of the name of one value of an event the audience holds
narrows that event to the value.

'subscribers whose Onda+ trial ends in the next 10 days' → 'only the premium ones' / 'seulement
les premium' / 'nur die Premium-Kunden': 'premium' is part of one trialled offer's name ('Onda+
Premium') and of nothing else of the trials; the earlier turn said the rest of that name
('Onda+'): the two together name the value, its only reading. Otherwise the word is read
as it would be anyway ('premium' is also a TV package; 'issue' alone is no 'TV issue').
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.language import Pack
from assistant.offline.senses import Sense, SenseKind, Words, phrase_key
from assistant.offline.spans import Span, SpanKind
from audience.rules import Behavior, RuleTree
from schema_catalog import Catalog

_READ = frozenset({SpanKind.TERM, SpanKind.VAGUE, SpanKind.UNKNOWN})


def _names(catalog: Catalog, table: str, column: str, value: str) -> list[Words]:
    found = catalog.table(table).column(column)
    phrases = [value.replace("_", " "), *found.value_synonyms.get(value, ())]
    return [tuple(w.lower() for w in phrase_key(phrase)) for phrase in phrases]


def _held_values(tree: RuleTree, catalog: Catalog) -> Iterator[tuple[Sense, list[Words]]]:
    """Each value of a dimension of an event of ``tree``, with its names."""
    events = {node.event for _, node in tree.walk() if isinstance(node, Behavior)}
    for event in sorted(events):
        table = catalog.table(event)
        for column in table.dimensions:
            for value in table.column(column).allowed_values or ():
                sense = Sense(SenseKind.EVENT_VALUE, table=event, column=column, value=str(value))
                yield sense, _names(catalog, event, column, str(value))


def _part_of(words: Words, name: Words) -> int | None:
    """Where ``words`` lie inside ``name`` when they are a part of it, not all of it."""
    size = len(words)
    if not size or size >= len(name):
        return None
    return next((i for i in range(len(name) - size + 1) if name[i : i + size] == words), None)


def _completed(words: Words, names: list[Words], earlier: set[str]) -> bool:
    """Whether the earlier turns said the rest of one of the value's names ('Onda+' of 'Onda+
    Premium')."""
    for name in names:
        at = _part_of(words, name)
        rest = name[:at] + name[at + len(words) :] if at is not None else ()
        if rest and set(rest) <= earlier:
            return True
    return False


def read_held_parts(
    spans: tuple[Span, ...],
    previous: RuleTree | None,
    catalog: Catalog,
    pack: Pack,
    earlier: Sequence[str] = (),
) -> tuple[Span, ...]:
    """``spans`` with each word that is part of the name of one held event value read as it
    (see the module doc)."""
    if previous is None:
        return spans
    held = list(_held_values(previous, catalog))
    said = {w.lower() for text in earlier for w in phrase_key(text)}
    return tuple(_read(span, held, said) for span in spans)


def _read(span: Span, held: list[tuple[Sense, list[Words]]], earlier: set[str]) -> Span:
    if span.kind not in _READ or (span.is_subject and span.kind is SpanKind.TERM):
        return span
    words = tuple(w.lower() for w in span.words)
    matches = [
        (sense, names)
        for sense, names in held
        if any(_part_of(words, name) is not None for name in names)
    ]
    if len({sense for sense, _ in matches}) != 1 or any(
        s.kind is SenseKind.EVENT_VALUE and s.table == matches[0][0].table for s in span.senses
    ):
        return span
    sense, names = matches[0]
    if not _completed(words, names, earlier):
        return span  # 'issue' alone is no 'TV issue'; 'premium' alone is also a TV package
    return replace(span, kind=SpanKind.TERM, vague=None, senses=(sense,))
