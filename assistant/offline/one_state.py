"""A row has one state: 'coupons that expired unused' names one status twice, not two.

Two values of a state column (a column saying where a row stands at the data's date: 'active',
'expired') said side by side, no connector between them, describe one row: read as a list
('expired or active') the rule would keep rows of either state. The settled value stands (the
other word says how it settled: an expired coupon went unused), and the reading is stated; with
no single settled value the words are left as they are.
"""

from __future__ import annotations

from assistant.offline.ahead import state_columns, still_values
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import SpanKind
from schema_catalog import Catalog


def one_state(draft: Draft, catalog: Catalog) -> None:
    """Pass: a behaviour given two adjacent values of one state column keeps the settled one."""
    for anchor in draft.anchors:
        if anchor.kind is not SenseKind.EVENT or anchor.negate:
            continue
        table = catalog.table(anchor.sense.table or "")
        for column in state_columns(table) & set(anchor.filters):
            values = anchor.filters[column]
            said = _adjacent_values(draft, anchor, column)
            if len(values) != 2 or set(values) != {value for _, value in said}:
                continue
            settled = [v for v in values if v not in still_values(table, column)]
            if len(settled) != 1:
                continue
            anchor.filters[column] = settled
            phrase = " ".join(mention.text for mention, _ in said)
            anchor.notes.append(draft.pack.say("assume_one_state", phrase=phrase, value=settled[0]))


def _adjacent_values(draft: Draft, anchor: Anchor, column: str) -> list[tuple[Mention, str]]:
    """The anchor's mentions giving a value to ``column``, when exactly two, next to each other
    (grammar words only between them); empty otherwise."""
    found = [
        (index, mention, sense.value)
        for index, mention in enumerate(draft.mentions)
        if any(mention is own for own in anchor.mentions)
        for sense in mention.senses
        if sense.kind is SenseKind.EVENT_VALUE
        and sense.table == anchor.sense.table
        and sense.column == column
        and sense.value
    ]
    if len(found) != 2 or found[0][1] is found[1][1]:
        return []
    (first, one, left), (second, other, right) = found
    between = draft.mentions[first + 1 : second]
    if any(m.kind is not SpanKind.WORD or m.span.connector is not None for m in between):
        return []
    return [(one, left), (other, right)]
