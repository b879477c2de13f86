"""What every placing step shares: which senses anchor, which dependent sense fits an anchor, the
nearest anchor, and how a behaviour or a value joins the draft (``anchors`` places the words;
``orphans`` and ``far_values`` place the values with no behaviour of their own clause).
"""

from __future__ import annotations

from assistant.language import Role, fold
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind, phrase_key

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


def said_as_written(mention: Mention) -> bool:
    """Whether ``mention`` is written as the catalog phrase it was read as ('renewed'), not as
    another form of it ('se renouvelle' read as 'renouvelé')."""
    return phrase_key(fold(mention.text)) == mention.words


def first_sense(mention: Mention, kind: SenseKind) -> Sense:
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


def attach_value(draft: Draft, anchor: Anchor, sense: Sense, mention: Mention) -> None:
    """A dimension, indicator value or key becomes part of ``anchor``."""
    draft.attach(anchor, mention)
    if sense.kind is SenseKind.EVENT_VALUE and sense.column and sense.value is None:
        anchor.date_column = sense.column  # 'expiring in the next 7 days' dates this column
    elif sense.kind is SenseKind.EVENT_VALUE and sense.column and sense.value:
        values = anchor.filters.setdefault(sense.column, [])
        values += [value for value in grouped(sense, mention) if value not in values]
        if not said_as_written(mention) or mention.has(Role.END_VERBS):
            anchor.worded.add(sense.column)  # 'expires in 30 days': still running, not expired
    elif sense.value:
        anchor.values += [value for value in grouped(sense, mention) if value not in anchor.values]


def grouped(sense: Sense, mention: Mention) -> list[str]:
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


def clause_behaviour(draft: Draft, mention: Mention) -> Anchor | None:
    """A behaviour of the mention's own clause (a value of another behaviour is part of it)."""
    return next(
        (a for a in draft.anchors if a.kind is SenseKind.EVENT and a.clause == mention.clause), None
    )
