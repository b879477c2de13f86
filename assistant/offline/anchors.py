"""Second pass: mentions become *anchors* (the future rules) and modifiers attach to them.

An anchor is a behaviour, a profile value, a column, an indicator or a channel. Dependent words —
an event's dimension value ('in store'), an indicator's value ('high') or key ('beauty') — and
modifiers (time, quantity, negation) attach to the nearest compatible anchor, preferring the same
clause and the anchor before them. What cannot be decided becomes an ``Ambiguity``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.offline.lexicon import DEPENDENT, Sense, SenseKind
from assistant.offline.quantities import Quantity
from assistant.offline.scan import Mention, MentionKind
from assistant.offline.times import TimeSpec
from assistant.offline.words import CAMPAIGN_CUES, REACH_CUES, SINGLE_WORDS, STRONG_WORDS
from schema_catalog import Catalog

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


@dataclass
class Anchor:
    """A future rule, with everything attached to it so far."""

    sense: Sense
    position: int
    clause: int
    mentions: list[Mention] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    time: TimeSpec | None = None
    quantity: Quantity | None = None
    measure: str | None = None
    average: bool = False
    single: bool = False
    negate: bool = False
    recency: bool = False
    lapse: TimeSpec | None = None
    """'bought before but not in the last year': did it, and not within this window."""
    strong: bool = False
    campaign: bool = False

    @property
    def kind(self) -> SenseKind:
        return self.sense.kind


@dataclass(frozen=True)
class Ambiguity:
    """A phrase the parser could read several ways; becomes a clarification."""

    phrase: str
    senses: tuple[Sense, ...] = ()
    reason: str = "senses"


@dataclass
class Draft:
    """The result of attaching: anchors in order, ambiguities, and campaign channel."""

    anchors: list[Anchor] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    channel: str | None = None
    channel_mentions: list[Mention] = field(default_factory=list)


def compatible(anchor: Anchor, sense: Sense) -> bool:
    """Whether a dependent sense can qualify ``anchor``."""
    if sense.kind is SenseKind.EVENT_VALUE:
        return anchor.kind is SenseKind.EVENT and anchor.sense.table == sense.table
    if sense.kind in {SenseKind.INDICATOR_VALUE, SenseKind.INDICATOR_KEY}:
        return anchor.kind is SenseKind.INDICATOR and anchor.sense.indicator == sense.indicator
    return False


def nearest(
    anchors: list[Anchor], mention: Mention, index: int, same_clause: bool
) -> Anchor | None:
    """The closest anchor (before first, then after), optionally only in the mention's clause."""
    pool = [a for a in anchors if not same_clause or a.clause == mention.clause]
    before = [a for a in pool if a.position < index]
    after = [a for a in pool if a.position > index]
    if before:
        return max(before, key=lambda a: a.position)
    return min(after, key=lambda a: a.position) if after else None


def _cue_near(mentions: list[Mention], index: int, cues: frozenset[str], span: int) -> bool:
    low, high = max(0, index - span), min(len(mentions), index + span + 1)
    return any(set(m.words) & cues for m in mentions[low:high] if m is not mentions[index])


_LISTING = frozenset({"and", "or", "et", "ou", ",", "&", "both", "either", "as", "well", "plus"})
_FOR_A = frozenset({("for", "a"), ("for", "an"), ("pour", "un"), ("pour", "une")})


def _channel_role(mentions: list[Mention], index: int) -> str | None:
    """'reach' after 'reachable by' / 'we can'; 'campaign' near 'campaign' or after 'for a';
    a channel listed after another ('by both email and SMS') takes that one's role."""
    before = [m for m in mentions[max(0, index - 4) : index]]
    if any(set(m.words) & REACH_CUES for m in before):
        return "reach"
    if _cue_near(mentions, index, CAMPAIGN_CUES, 3) or _after_for_a(mentions, index):
        return "campaign"
    cursor = index - 1
    while cursor > 0 and (set(mentions[cursor].words) <= _LISTING or _filler(mentions[cursor])):
        cursor -= 1
    listed = cursor < index - 1 and any(set(m.words) & _LISTING for m in mentions[cursor:index])
    if listed and any(sense.kind is SenseKind.CHANNEL for sense in mentions[cursor].senses):
        return _channel_role(mentions, cursor)
    return None


def _filler(mention: Mention) -> bool:
    return mention.kind is MentionKind.FILLER


def _after_for_a(mentions: list[Mention], index: int) -> bool:
    words = tuple(w for m in mentions[max(0, index - 2) : index] for w in m.words)
    return words[-2:] in _FOR_A


def seed_anchors(mentions: list[Mention], draft: Draft) -> None:
    """Pass 1: indicators, events and channels anchor where they stand."""
    for index, mention in enumerate(mentions):
        if mention.kind is not MentionKind.SENSE:
            continue
        kinds = {sense.kind for sense in mention.senses}
        channel = next((s for s in mention.senses if s.kind is SenseKind.CHANNEL), None)
        role = _channel_role(mentions, index) if channel else None
        if channel and role == "campaign":
            draft.channel, mention.used = channel.channel, True
            draft.channel_mentions.append(mention)
            _use_cues(mentions, index, CAMPAIGN_CUES, draft.channel_mentions)
        elif channel and role == "reach":
            anchor = _add(draft, channel, index, mention)
            for cue in mentions[max(0, index - 4) : index]:
                if set(cue.words) & REACH_CUES and not cue.used:
                    cue.used = True
                    anchor.mentions.append(cue)
        elif SenseKind.INDICATOR in kinds:
            anchor = _add(draft, _first(mention, SenseKind.INDICATOR), index, mention)
            anchor.values += [
                s.value for s in mention.senses if s.kind is SenseKind.INDICATOR_VALUE and s.value
            ]
        elif SenseKind.EVENT in kinds and not _has_dependent_home(mention, draft):
            _add_event(draft, _first(mention, SenseKind.EVENT), index, mention)


def _use_cues(
    mentions: list[Mention], index: int, cues: frozenset[str], into: list[Mention]
) -> None:
    for cue in mentions[max(0, index - 3) : index + 4]:
        if set(cue.words) & cues and not cue.used:
            cue.used = True
            into.append(cue)


def _first(mention: Mention, kind: SenseKind) -> Sense:
    return next(sense for sense in mention.senses if sense.kind is kind)


def _add(draft: Draft, sense: Sense, index: int, mention: Mention) -> Anchor:
    anchor = Anchor(sense=sense, position=index, clause=mention.clause, mentions=[mention])
    mention.used = True
    draft.anchors.append(anchor)
    return anchor


def _add_event(draft: Draft, sense: Sense, index: int, mention: Mention) -> Anchor:
    """A new behaviour, or the same event already anchored in this clause."""
    for anchor in draft.anchors:
        same = anchor.kind is SenseKind.EVENT and anchor.sense.table == sense.table
        if same and anchor.clause == mention.clause:
            anchor.mentions.append(mention)
            mention.used = True
            _note_measure(anchor, mention)
            return anchor
    anchor = _add(draft, sense, index, mention)
    _note_measure(anchor, mention)
    return anchor


def _note_measure(anchor: Anchor, mention: Mention) -> None:
    for sense in mention.senses:
        if sense.kind is SenseKind.MEASURE and sense.table == anchor.sense.table:
            anchor.measure = anchor.measure or sense.column


def _has_dependent_home(mention: Mention, draft: Draft) -> bool:
    """An event word that is also a dimension value of an event already in its clause."""
    return any(
        compatible(anchor, sense) and anchor.clause == mention.clause
        for sense in mention.senses
        if sense.kind in DEPENDENT
        for anchor in draft.anchors
    )


def place_senses(mentions: list[Mention], draft: Draft) -> None:
    """Pass 2: the remaining catalog phrases, resolved by context."""
    for index, mention in enumerate(mentions):
        if mention.kind is MentionKind.SENSE and not mention.used:
            _place(mentions, index, mention, draft)


def _place(mentions: list[Mention], index: int, mention: Mention, draft: Draft) -> None:
    dependent = [s for s in mention.senses if s.kind in DEPENDENT]
    independent = [
        s for s in mention.senses if s.kind in ANCHOR_KINDS and s.kind is not SenseKind.CHANNEL
    ]
    homes = [(a, s) for s in dependent for a in draft.anchors if compatible(a, s)]
    local = [(a, s) for a, s in homes if a.clause == mention.clause]
    if local:
        _attach_value(*min(local, key=lambda pair: abs(pair[0].position - index)), mention)
    elif independent:
        _place_independent(mentions, index, mention, independent, draft)
    elif homes:
        _place_far(mentions, index, mention, homes, draft)
    elif dependent:
        _place_orphan(mentions, index, mention, dependent, draft)


def _attach_value(anchor: Anchor, sense: Sense, mention: Mention) -> None:
    mention.used = True
    anchor.mentions.append(mention)
    if sense.kind is SenseKind.EVENT_VALUE and sense.column and sense.value:
        values = anchor.filters.setdefault(sense.column, [])
        if sense.value not in values:
            values.append(sense.value)
    elif sense.value and sense.value not in anchor.values:
        anchor.values.append(sense.value)


def _place_independent(
    mentions: list[Mention], index: int, mention: Mention, senses: list[Sense], draft: Draft
) -> None:
    targets = {sense.target for sense in senses}
    if len(targets) > 1:
        senses = _disambiguate_by_column(mentions, mention, senses)
        targets = {sense.target for sense in senses}
    if len(targets) > 1:
        draft.ambiguities.append(Ambiguity(mention.text, tuple(senses)))
        mention.used = True
        return
    sense = senses[0]
    if sense.kind is SenseKind.EVENT:
        _add_event(draft, sense, index, mention)
        return
    if sense.kind is SenseKind.MEASURE:
        _add_event(draft, Sense(SenseKind.EVENT, table=sense.table), index, mention)
        return
    anchor = _add(draft, sense, index, mention)
    if sense.value:
        anchor.values.append(sense.value)


def _disambiguate_by_column(
    mentions: list[Mention], mention: Mention, senses: list[Sense]
) -> list[Sense]:
    """'city Luxembourg' vs 'country Luxembourg': a column named in the clause decides."""
    named = {
        sense.target
        for other in mentions
        if other.clause == mention.clause and other is not mention
        for sense in other.senses
        if sense.kind is SenseKind.COLUMN
    }
    chosen = [sense for sense in senses if sense.target in named]
    if chosen:
        return chosen
    values = [sense for sense in senses if sense.kind is SenseKind.VALUE]
    return values if len({s.target for s in values}) == 1 else senses


def _place_far(
    mentions: list[Mention],
    index: int,
    mention: Mention,
    homes: list[tuple[Anchor, Sense]],
    draft: Draft,
) -> None:
    """A dimension value whose behaviour is in another clause ('shoes but never bags')."""
    negated_here = any(
        m.kind is MentionKind.NEGATION and m.clause == mention.clause for m in mentions[:index]
    )
    anchor, sense = min(
        homes, key=lambda pair: (pair[0].position > index, abs(pair[0].position - index))
    )
    if negated_here and sense.kind is SenseKind.EVENT_VALUE:
        anchor = _add(draft, Sense(SenseKind.EVENT, table=sense.table), index, mention)
        anchor.mentions.pop()
    _attach_value(anchor, sense, mention)


def _place_orphan(
    mentions: list[Mention], index: int, mention: Mention, senses: list[Sense], draft: Draft
) -> None:
    """A dependent word with nothing to qualify: it implies its event, if only one."""
    events = {s.table for s in senses if s.kind is SenseKind.EVENT_VALUE}
    host = next(
        (a for a in draft.anchors if a.kind is SenseKind.EVENT and a.clause == mention.clause), None
    )
    if events and host is not None:
        host.mentions.append(mention)  # 'visited the website': the word names the visit itself
        mention.used = True
    elif len(events) == 1:
        event = Sense(SenseKind.EVENT, table=next(iter(events)))
        anchor = _add(draft, event, index, mention)
        anchor.mentions.pop()
        _attach_value(anchor, next(s for s in senses if s.table in events), mention)
    elif len(events) > 1:
        draft.ambiguities.append(Ambiguity(mention.text, tuple(senses), reason="event"))
        mention.used = True
    elif set(mention.words) & STRONG_WORDS:
        mention.kind = MentionKind.STRONG


def single_order(mentions: list[Mention], anchor: Anchor, catalog: Catalog) -> bool:
    """'placed an order over €300': a singular event noun after 'an'/'a single'."""
    first = anchor.mentions[0]
    index = mentions.index(first)
    previous = mentions[index - 1].words if index else ()
    return bool(set(previous) & SINGLE_WORDS) and not first.words[-1].endswith("s")
