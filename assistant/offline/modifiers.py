"""Third pass: time expressions, quantities, negations and cues attach to anchors."""

from __future__ import annotations

from collections.abc import Callable

from assistant.offline.anchors import Anchor, Draft, nearest, single_order
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.scan import Mention, MentionKind
from assistant.offline.text import fold
from schema_catalog import Catalog, ColumnType

TEMPORAL = frozenset({ColumnType.DATE, ColumnType.TIMESTAMP})
NUMERIC = frozenset({ColumnType.INTEGER, ColumnType.DECIMAL})


def _column_type(catalog: Catalog, anchor: Anchor) -> ColumnType | None:
    if anchor.kind is not SenseKind.COLUMN:
        return None
    return catalog.column(anchor.sense.target)[1].type


def _takes_time(catalog: Catalog, anchor: Anchor) -> bool:
    return anchor.kind is SenseKind.EVENT or _column_type(catalog, anchor) in TEMPORAL


def _takes_number(catalog: Catalog, anchor: Anchor) -> bool:
    if anchor.kind is SenseKind.INDICATOR:
        return catalog.indicator(anchor.sense.indicator or "").type.value == "number"
    return anchor.kind is SenseKind.EVENT or _column_type(catalog, anchor) in NUMERIC


def _pick(anchors: list[Anchor], mention: Mention, index: int) -> Anchor | None:
    return nearest(anchors, mention, index, same_clause=True) or nearest(
        anchors, mention, index, same_clause=False
    )


def attach_time(mentions: list[Mention], index: int, draft: Draft, catalog: Catalog) -> None:
    mention = mentions[index]
    spec = mention.time
    free = [a for a in draft.anchors if _takes_time(catalog, a) and a.time is None]
    anchor = _pick(free, mention, index)
    if anchor is None or spec is None:
        return
    anchor.time = spec
    anchor.mentions.append(mention)
    mention.used = True
    _share_backwards(draft, anchor, spec)


def _share_backwards(draft: Draft, anchor: Anchor, spec: object) -> None:
    """'visited the site or opened an email in the last week': the window applies to both."""
    position = draft.anchors.index(anchor)
    if position == 0 or anchor.kind is not SenseKind.EVENT:
        return
    previous = draft.anchors[position - 1]
    joined = previous.clause == anchor.clause - 1
    untimed = previous.kind is SenseKind.EVENT and previous.time is None
    if untimed and joined and anchor.time is not None and anchor.time.window is not None:
        previous.time = anchor.time


def attach_quantity(mentions: list[Mention], index: int, draft: Draft, catalog: Catalog) -> None:
    mention = mentions[index]
    quantity = mention.quantity
    if quantity is None:
        return
    takers = [a for a in draft.anchors if _takes_number(catalog, a) and a.quantity is None]
    local = [a for a in takers if a.clause == mention.clause]
    anchor = _adjacent(local, index) if quantity.unit != "times" else None
    if quantity.unit in {"currency", "times"}:
        events = [a for a in takers if a.kind is SenseKind.EVENT]
        anchor = anchor or _pick(events, mention, index)
        anchor = anchor or (
            _money_event(draft, mention, index, catalog) if quantity.unit == "currency" else None
        )
    if anchor is None and _describes_person(mentions, index, takers):
        anchor = _age_anchor(draft, mention, index, catalog)
    anchor = anchor or _pick(takers, mention, index)
    anchor = anchor or _age_anchor(draft, mention, index, catalog, least=MIN_AGE)
    if anchor is None:
        return
    anchor.quantity = quantity
    anchor.mentions.append(mention)
    mention.used = True


def _describes_person(mentions: list[Mention], index: int, takers: list[Anchor]) -> bool:
    """'people under 25 who ...': right after a person word, with nothing to count in its clause."""
    if index == 0 or nearest(takers, mentions[index], index, same_clause=True):
        return False
    kinds = {sense.kind for sense in mentions[index - 1].senses}
    return bool(kinds & {SenseKind.SUBJECT, SenseKind.VALUE})


AGE_NAMES = frozenset({"age", "ages", "aged", "age_years"})
"""Names an age indicator carries in a catalog ('age', 'âge' folds to 'age')."""
MAX_AGE = 120
MIN_AGE = 12
"""Below this, a bare number with nothing to count is not read as an age ('at least 3')."""


def _age_anchor(
    draft: Draft, mention: Mention, index: int, catalog: Catalog, least: int = 1
) -> Anchor | None:
    """'women under 40', 'men 50+': a bare comparison of a person reads as their age."""
    quantity = mention.quantity
    if quantity is None or quantity.unit is not None or quantity.op is None:
        return None
    values = quantity.value if isinstance(quantity.value, tuple) else (quantity.value,)
    if not all(isinstance(v, int) and least <= v <= MAX_AGE for v in values):
        return None
    for indicator in catalog.indicators:
        names = {fold(word) for word in (indicator.name, *indicator.synonyms)}
        if indicator.type.value == "number" and names & AGE_NAMES:
            sense = Sense(SenseKind.INDICATOR, indicator=indicator.name)
            anchor = Anchor(sense, index, mention.clause)
            draft.anchors.append(anchor)
            draft.anchors.sort(key=lambda a: a.position)
            return anchor
    return None


def _adjacent(anchors: list[Anchor], index: int) -> Anchor | None:
    """The anchor right after the quantity ('3 orders', '50 ans') or right before it."""
    for position in (index + 1, index - 1, index + 2):
        for anchor in anchors:
            if anchor.position == position:
                return anchor
    return None


def _money_event(draft: Draft, mention: Mention, index: int, catalog: Catalog) -> Anchor | None:
    """'more than 200 euros' with no verb: the event whose measure is named by the currency."""
    for table in catalog.event_tables:
        for name in table.measures:
            column = table.column(name)
            words = {word.lower() for word in column.synonyms}
            if words & {"€", "euros", "euro", "eur", "$", "dollars"}:
                anchor = Anchor(Sense(SenseKind.EVENT, table=table.name), index, mention.clause)
                anchor.measure = name
                draft.anchors.append(anchor)
                draft.anchors.sort(key=lambda a: a.position)
                return anchor
    return None


def attach_negation(mentions: list[Mention], index: int, draft: Draft, catalog: Catalog) -> None:
    after = [a for a in draft.anchors if a.position > index]
    if after:
        anchor = min(after, key=lambda a: a.position)
        anchor = _named_value(anchor, draft) or anchor
        anchor.negate = True
        anchor.mentions.append(mentions[index])
        mentions[index].used = True
        for other in _coordinated_values(mentions, anchor, draft):
            other.negate = True


def _named_value(column: Anchor, draft: Draft) -> Anchor | None:
    """'not based in Paris': the negation goes past the column's name to its value."""
    if column.kind is not SenseKind.COLUMN:
        return None
    later = [a for a in draft.anchors if a.position > column.position]
    value = min(later, key=lambda a: a.position) if later else None
    if value is None or value.kind is not SenseKind.VALUE:
        return None
    return value if value.sense.target == column.sense.target else None


_COORDINATORS = frozenset({"and", "or", "et", "ou", ",", "nor", "ni", "&"})


def _same_field(left: Anchor, right: Anchor) -> bool:
    return left.kind is right.kind and left.sense.target == right.sense.target


def _coordinated_values(mentions: list[Mention], first: Anchor, draft: Draft) -> list[Anchor]:
    """'except gold and VIP', 'outside Paris and Lyon': values listed after the negated one."""
    if first.kind is not SenseKind.VALUE:
        return []
    listed: list[Anchor] = []
    cursor = first.position + 1
    while cursor + 1 < len(mentions) and set(mentions[cursor].words) <= _COORDINATORS:
        twin = next((a for a in draft.anchors if a.position == cursor + 1), None)
        if twin is None or not _same_field(twin, first):
            break
        listed.append(twin)
        cursor += 2
    return listed


def _next_anchor(
    mentions: list[Mention], index: int, draft: Draft, kinds: set[SenseKind], span: int
) -> Anchor | None:
    close = [a for a in draft.anchors if a.kind in kinds and 0 < a.position - index <= span]
    return min(close, key=lambda a: a.position) if close else None


def attach_lapse(mentions: list[Mention], index: int, draft: Draft, catalog: Catalog) -> None:
    """'bought before but not in the last year', 'nothing in 6 months but bought before': a
    negation followed by a window and by no rule of its own clause."""
    following = mentions[index + 1] if index + 1 < len(mentions) else None
    if following is None or following.kind is not MentionKind.TIME or following.used:
        return
    clause = mentions[index].clause
    if any(a.position > index and a.clause == clause for a in draft.anchors):
        return
    events = [a for a in draft.anchors if a.kind is SenseKind.EVENT and a.lapse is None]
    anchor = _pick(events, mentions[index], index)
    if anchor is None or following.time is None or following.time.window is None:
        return
    anchor.lapse = following.time
    anchor.mentions += [mentions[index], following]
    mentions[index].used = following.used = True


def attach_average(mentions: list[Mention], index: int, draft: Draft, catalog: Catalog) -> None:
    anchor = _next_anchor(mentions, index, draft, {SenseKind.EVENT}, 4)
    anchor = anchor or _pick(
        [a for a in draft.anchors if a.kind is SenseKind.EVENT], mentions[index], index
    )
    if anchor is None:
        anchor = _money_event(draft, mentions[index], index, catalog)
    if anchor:
        anchor.average = True
        anchor.mentions.append(mentions[index])
        mentions[index].used = True


def attach_strong(mentions: list[Mention], index: int, draft: Draft, catalog: Catalog) -> None:
    anchor = _next_anchor(mentions, index, draft, {SenseKind.INDICATOR}, 3)
    if anchor:
        anchor.strong = True
        anchor.mentions.append(mentions[index])
        mentions[index].used = True


def attach_last(mentions: list[Mention], index: int, draft: Draft, catalog: Catalog) -> None:
    anchor = _next_anchor(mentions, index, draft, {SenseKind.EVENT}, 3)
    if anchor and anchor.clause == mentions[index].clause:
        anchor.recency = True
        anchor.mentions.append(mentions[index])
        mentions[index].used = True


Attacher = Callable[[list[Mention], int, Draft, Catalog], None]

ATTACHERS: tuple[tuple[MentionKind, Attacher], ...] = (
    (MentionKind.LAST, attach_last),
    (MentionKind.NEGATION, attach_lapse),
    (MentionKind.AVERAGE, attach_average),
    (MentionKind.QUANTITY, attach_quantity),
    (MentionKind.TIME, attach_time),
    (MentionKind.NEGATION, attach_negation),
    (MentionKind.STRONG, attach_strong),
)
"""Applied kind by kind, in this order (quantities before times: '3 orders in 6 months')."""


def attach_modifiers(mentions: list[Mention], draft: Draft, catalog: Catalog) -> None:
    """Attach every modifier mention to its anchor; unattached ones stay unused."""
    for kind, attacher in ATTACHERS:
        for index, mention in enumerate(mentions):
            if mention.kind is kind and not mention.used:
                attacher(mentions, index, draft, catalog)
    for anchor in draft.anchors:
        if anchor.kind is SenseKind.EVENT and anchor.mentions:
            anchor.single = single_order(mentions, anchor, catalog)
