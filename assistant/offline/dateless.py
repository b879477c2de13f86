"""A period said of a state the catalog keeps no date for: asked, not dropped.

'unlimited plan people from last year', 'Plus 100 customers from last summer', 'les clients en
illimité depuis l'été dernier': the value is a profile state (the plan they are on today), a
column with no date, so the period cannot apply to it. Dropping the period answers another
question (everyone on the plan today); the sentence may mean a change to that value in the
period, a row of an event that records that value (a renewal of the plan), or today's state
anyway. When the catalog holds the same value in a column of a dated event table, the value
becomes a question whose options are those readings — each event's, with the period, and
today's state — each a complete audience. A value no event records keeps the period reported
as not read (a one-option question would ask nothing).
"""

from __future__ import annotations

from assistant.offline.draft import Ambiguity, Anchor, Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.spans import SpanKind
from schema_catalog import Catalog

REASON = "dateless"
"""The ambiguity reason (its options: today's value and the dated events holding it)."""


def ask_dateless(draft: Draft, catalog: Catalog) -> None:
    """Pass: a period nothing took, in the clause of a profile value that dated events also
    record, makes that value an ambiguity between today's state and those events."""
    if draft.ambiguities:
        return
    for mention in draft.mentions:
        if mention.kind is not SpanKind.TIME or mention.used or mention.span.time is None:
            continue
        for anchor in draft.anchors:
            found = _dated_readings(draft, anchor, mention, catalog)
            if found is None:
                continue
            index, senses = found
            draft.ambiguities.append(
                Ambiguity(draft.mentions[index].text, senses, reason=REASON, index=index)
            )
            return


def _dated_readings(
    draft: Draft, anchor: Anchor, period: Mention, catalog: Catalog
) -> tuple[int, tuple[Sense, ...]] | None:
    """(the value's span, today's value and the event readings) when ``anchor`` is a profile
    value in ``period``'s clause, read as said (not a forced option), that dated events record."""
    profile = catalog.profile.table
    sense = anchor.sense
    if anchor.kind is not SenseKind.VALUE or sense.table != profile or anchor.forced:
        return None
    if anchor.clause != period.clause or anchor.negate or len(anchor.values) != 1:
        return None
    if anchor.position in draft.choices:
        return None
    value = anchor.values[0]
    events = tuple(
        Sense(SenseKind.EVENT_VALUE, table=table.name, column=column.name, value=value)
        for table in catalog.event_tables
        if table.timestamp
        for column in table.columns
        if value in (column.allowed_values or ())
    )
    if not events:
        return None
    return anchor.position, (sense, *events)
