"""How anchors combine: value lists, 'and' binding tighter than 'or', shared qualifiers.

Between two consecutive anchors the words decide the link: an 'or' word makes an alternative, a
relative word or a comma ('who', 'that', ',', 'either') closes a qualifier, anything else binds
them with 'and'. So 'VIP women or gold men' is (VIP and women) or (gold and men), while 'customers
in Lyon who bought shoes or opened an email' keeps 'in Lyon' outside the alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from assistant.language import Role
from assistant.offline.draft import Anchor, Mention
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import Connector, Negation

CLOSERS = frozenset({Connector.RELATIVE, Connector.SEPARATOR, Connector.BUT, Connector.EITHER})
"""Connectors that end a qualifier: what comes after is not 'and'-bound to what comes before."""


class Link(StrEnum):
    """How two consecutive anchors are joined."""

    AND = "and"
    OR = "or"
    UNION = "union"
    """'plus anyone who …', 'ainsi que ceux qui …': everything said before is one group and
    what follows another ('VIPs in Lyon who ordered, plus anyone who opened an email')."""
    CLOSE = "close"


@dataclass
class Structure:
    """Root-level anchors, and the alternatives of each 'or' (each alternative an 'and')."""

    root: list[Anchor] = field(default_factory=list)
    alternatives: list[list[list[Anchor]]] = field(default_factory=list)
    shared: list[Anchor] = field(default_factory=list)
    """Anchors of a closing clause read as said of every alternative before it (an assumption)."""


def _between(mentions: list[Mention], left: Anchor, right: Anchor) -> list[Mention]:
    own = [i for i, m in enumerate(mentions) if any(m is mine for mine in left.mentions)]
    last = max([i for i in own if i < right.position] or [left.position])
    return mentions[last + 1 : right.position]


def _connectors(between: list[Mention]) -> set[Connector]:
    return {m.span.connector for m in between if m.span.connector is not None}


def link(mentions: list[Mention], left: Anchor, right: Anchor) -> Link:
    """The link between two consecutive anchors (see the module docstring)."""
    between = _between(mentions, left, right)
    union = next((m for m in between if m.span.has(Role.UNION)), None)
    if union is not None and not _excluding(mentions[: mentions.index(union)]):
        return Link.UNION
    found = _connectors([m for m in between if m is not union])
    if Connector.OR in found:
        return Link.OR
    return Link.CLOSE if found & CLOSERS else Link.AND


def _excluding(before: list[Mention]) -> bool:
    """'except VIPs as well as anyone who …': a group said after an exclusion word of the same
    clause may be a further exclusion — not read as a group joining the audience."""
    for mention in reversed(before):
        if mention.span.negation is Negation.EXCLUDE:
            return True
        if mention.span.connector not in {None, Connector.SEPARATOR}:
            return False
    return False


def _same_values(left: Anchor, right: Anchor) -> bool:
    return (
        left.kind is SenseKind.VALUE
        and right.kind is SenseKind.VALUE
        and left.sense.target == right.sense.target
        and left.negate == right.negate
    )


def _absorb(into: Anchor, other: Anchor) -> None:
    into.values += [value for value in other.values if value not in into.values]
    into.mentions += [m for m in other.mentions if all(m is not k for k in into.mentions)]


def _new_population(mentions: list[Mention], left: Anchor, right: Anchor) -> bool:
    """'VIPs, or gold members who ...': after ', or', a value naming its own population starts
    a new alternative instead of extending a list."""
    after = mentions[right.position + 1] if right.position + 1 < len(mentions) else None
    if after is None or not any(s.kind is SenseKind.SUBJECT for s in after.senses):
        return False
    comma = Connector.SEPARATOR in _connectors(_between(mentions, left, right))
    return comma and link(mentions, left, right) in {Link.OR, Link.UNION}


def merge_adjacent(mentions: list[Mention], anchors: list[Anchor]) -> list[Anchor]:
    """'Paris or Lyon', 'gold & VIP', 'Paris, Lyon or Nice': consecutive values of one field;
    'Wein oder Käse gekauft': one behaviour whose filter takes either value."""
    merged: list[Anchor] = []
    for anchor in anchors:
        joins = merged and not _new_population(mentions, merged[-1], anchor)
        if joins and _same_values(merged[-1], anchor):
            _absorb(merged[-1], anchor)
        elif merged and _either_value(mentions, merged[-1], anchor):
            _absorb_event(merged[-1], anchor)
        else:
            merged.append(anchor)
    return merged


_SAME = (
    "negate",
    "never",
    "average",
    "single",
    "measure",
    "date_column",
    "recency",
    "lapse",
    "lapse_any",
    "comeback",
    "excluded",
)
"""What two behaviours must share to be one behaviour with either value."""


def _either_value(mentions: list[Mention], left: Anchor, right: Anchor) -> bool:
    """Two behaviours of one event, joined by 'or', that differ only by the value of the one
    column each filters on (a time or a count said once belongs to both)."""
    return (
        left.kind is SenseKind.EVENT
        and right.kind is SenseKind.EVENT
        and left.sense.table == right.sense.table
        and len(left.filters) == 1
        and left.filters.keys() == right.filters.keys()
        and all(getattr(left, name) == getattr(right, name) for name in _SAME)
        and _agree(left.time, right.time)
        and _agree(left.quantity, right.quantity)
        and link(mentions, left, right) in {Link.OR, Link.UNION}
    )


def _agree(one: object, other: object) -> bool:
    return one is None or other is None or one == other


def _absorb_event(into: Anchor, other: Anchor) -> None:
    for column, values in other.filters.items():
        kept = into.filters.setdefault(column, [])
        kept += [value for value in values if value not in kept]
    into.time = into.time or other.time
    into.quantity = into.quantity or other.quantity
    into.notes += [note for note in other.notes if note not in into.notes]
    into.mentions += [m for m in other.mentions if all(m is not k for k in into.mentions)]


def merge_values(anchors: list[Anchor]) -> list[Anchor]:
    """Several values of one profile column in one conjunction → one anchor."""
    merged: list[Anchor] = []
    for anchor in anchors:
        twin = next((m for m in merged if _same_values(m, anchor)), None)
        if twin is None:
            merged.append(anchor)
        else:
            _absorb(twin, anchor)
    return merged


def _segments(mentions: list[Mention], anchors: list[Anchor]) -> list[tuple[Link, list[Anchor]]]:
    """Runs of 'and'-bound anchors, each with the link that precedes it."""
    segments: list[tuple[Link, list[Anchor]]] = []
    for index, anchor in enumerate(anchors):
        joined = link(mentions, anchors[index - 1], anchor) if index else Link.CLOSE
        if joined is Link.AND and segments:
            segments[-1][1].append(anchor)
        else:
            segments.append((joined, [anchor]))
    return segments


def _whole_run(segments: list[tuple[Link, list[Anchor]]], start: int) -> int:
    """End (excluded) of the alternative starting at ``start``: its segment, plus the clauses
    closed after it when it has its own ('women who ... or men who ...')."""
    end = start + 1
    while end < len(segments) and segments[end][0] is Link.CLOSE:
        end += 1
    return end


def _flat(segments: list[tuple[Link, list[Anchor]]]) -> list[Anchor]:
    return [anchor for _, segment in segments for anchor in segment]


def structure(mentions: list[Mention], anchors: list[Anchor]) -> Structure:
    """Root anchors and 'or' alternatives of anchors already sorted by position."""
    segments = _segments(mentions, anchors)
    pending: list[list[Anchor]] = []
    chains: list[list[list[Anchor]]] = []
    shared: list[Anchor] = []
    index = 0
    while index < len(segments):
        joined, segment = segments[index]
        if joined not in {Link.OR, Link.UNION}:
            pending.append(segment)
            index += 1
            continue
        end = _whole_run(segments, index)
        right = _flat(segments[index:end])
        if joined is Link.UNION and not pending and chains:
            chains[-1].append(right)  # 'A or B, plus everyone C': a third alternative
        elif joined is Link.UNION:
            chains.append([[a for s in pending for a in s], right])
            pending = []
        elif end > index + 1 and _said_of_both(mentions, pending, segments[index][1]):
            chains.append([pending.pop(), segments[index][1]])
            closing = _flat(segments[index + 1 : end])
            shared += closing
            pending.append(closing)
        elif not pending and chains:
            chains[-1].append(right)
        elif end > index + 1:
            chains.append([[a for s in pending for a in s], right])
            pending = []
        else:
            chains.append([pending.pop() if pending else [], right])
        index = end
    return _shaped(pending, chains, shared)


def _said_of_both(
    mentions: list[Mention], pending: list[list[Anchor]], right: list[Anchor]
) -> bool:
    """'family cards or households of 4+ who shopped in May': a clause closing the last
    alternative is said of both when the first has no clause of its own and the last does not
    start a new group of people ('VIPs, or gold members who …', 'VIPs or customers who …')."""
    if len(pending) != 1 or not right:
        return False
    start = right[0].position
    comma = Connector.SEPARATOR in _connectors(mentions[pending[0][-1].position + 1 : start])
    around = (mentions[i] for i in (start - 1, start + 1) if 0 <= i < len(mentions))
    people = any(s.kind is SenseKind.SUBJECT for m in around for s in m.senses)
    return not (comma or people)


def _shaped(
    pending: list[list[Anchor]], chains: list[list[list[Anchor]]], shared: list[Anchor]
) -> Structure:
    root = [anchor for segment in pending for anchor in segment]
    alternatives = []
    for chain in chains:
        kept = [alternative for alternative in chain if alternative]
        if len(kept) > 1:
            alternatives.append([merge_values(alternative) for alternative in kept])
        else:
            root += [anchor for alternative in kept for anchor in alternative]
    return Structure(root=merge_values(root), alternatives=alternatives, shared=shared)
