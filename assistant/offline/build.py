"""Fifth pass: anchors become rule-tree nodes; 'or' links become groups.

One small builder per anchor kind, chosen from ``BUILDERS``. A builder that cannot decide (an
indicator with no value, a number column with no threshold) returns an ``Ambiguity`` instead of
guessing; one that had to assume something adds it to the draft's assumptions, which the user
sees before the count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from assistant.language import Pack, Role
from assistant.offline.draft import Ambiguity, Anchor, Draft, Mention
from assistant.offline.events import build_event
from assistant.offline.grouping import merge_adjacent, structure
from assistant.offline.guesses import guess_notes
from assistant.offline.indicators import build_indicator
from assistant.offline.lexicon import ANY_CHANNEL, EVERY_CHANNEL, SenseKind
from assistant.offline.nodes import (
    BuildContext,
    Built,
    anniversary_filter,
    phrase_of,
    scaled_value,
    values_op,
    window_filter,
)
from assistant.offline.spans import Span, SpanKind
from assistant.offline.timespec import Ago, TimeSpec
from assistant.offline.turning import build_turning
from audience.rules import Attribute, Group, Node, Op, Reachable, TimeUnit, field_label
from schema_catalog import Catalog, ColumnType


@dataclass(frozen=True)
class ParsedRule:
    """One top-level rule with the spans it came from."""

    node: Node
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Parse:
    """What the offline parser understood."""

    rules: tuple[ParsedRule, ...] = ()
    ambiguities: tuple[Ambiguity, ...] = ()
    channel: str | None = None
    channel_spans: tuple[Span, ...] = ()
    assumptions: tuple[str, ...] = ()
    stated: tuple[str, ...] = ()
    """Of the assumptions, the readings stated of words said (see ``BuildContext.stated``)."""
    expected_size: int | None = None
    size_spans: tuple[Span, ...] = ()


def build_value(anchor: Anchor, context: BuildContext) -> Built:
    """'Occitanie customers', 'not on a 12- or 24-month contract': a profile value — negated as
    a whole, so people with no value there ('except prepaid lines': those with no line) stay
    in; a value of another table keeps its rows that have another value."""
    table, _column = context.catalog.column(anchor.sense.target)
    whole = anchor.negate and table.name == context.catalog.profile.table
    op, value = values_op(anchor.values, anchor.negate and not whole)
    return Attribute(field=anchor.sense.target, op=op, value=value, negate=whole)


def build_column(anchor: Anchor, context: BuildContext) -> Built:
    _table, column = context.catalog.column(anchor.sense.target)
    field_name = anchor.sense.target
    if column.type in {ColumnType.DATE, ColumnType.TIMESTAMP}:
        if anchor.time is None:
            return Attribute(field=field_name, op=Op.IS_SET, negate=anchor.negate)
        if anchor.turning is not None:
            return build_turning(anchor, context)
        yearly = _names_a_yearly_day(anchor, context.pack)
        found = anniversary_filter(anchor.time, context) if yearly else None
        spec, negate = _gap(anchor)
        if spec is not anchor.time:
            _note_no_date(anchor, context)
        found = found or window_filter(spec, context)
        if found is None:
            return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="time")
        op, value, unit = found
        return Attribute(
            field=field_name,
            op=op,
            value=value,
            unit=unit,
            negate=negate,  # type: ignore[arg-type]
        )
    if column.type in {ColumnType.INTEGER, ColumnType.DECIMAL}:
        if anchor.quantity is None:
            return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="threshold")
        label = field_label(context.catalog, field_name, context.pack.code)
        op, number = scaled_value(anchor, column.scale, label, context)
        return Attribute(field=field_name, op=op, value=number, negate=anchor.negate)
    if column.type is ColumnType.BOOLEAN:
        return Attribute(field=field_name, op=Op.EQ, value=True, negate=anchor.negate)
    if column.is_categorical and field_name in context.valued:
        return None  # 'whose status is VIP': the value carries the rule
    return Attribute(field=field_name, op=Op.IS_SET, negate=anchor.negate)


def _gap(anchor: Anchor) -> tuple[TimeSpec, bool]:
    """The time a date column is compared with, and whether the rule is negated: 'haven't
    opened the app in over 3 months' is a last time more than 3 months ago (a date before the
    window), not 'no date within it' (which would also take people with no date at all)."""
    spec = anchor.time
    assert spec is not None
    if not (anchor.negate and spec.longer and spec.window and spec.window.amount):
        return spec, anchor.negate
    ago = Ago(op=Op.GT, amount=spec.window.amount, unit=spec.window.unit or TimeUnit.DAY)
    return TimeSpec(ago=ago), False


def _note_no_date(anchor: Anchor, context: BuildContext) -> None:
    """'haven't opened the app in over 3 months' read as a last date before the cut-off: the
    people with no such date at all are left out, which the words do not settle — said."""
    label = field_label(context.catalog, anchor.sense.target, context.pack.code)
    phrase = next((m.text for m in anchor.mentions if m.kind is SpanKind.TIME), "")
    context.state(context.pack.say("assume_gap_no_date", phrase=phrase, label=label))


def _names_a_yearly_day(anchor: Anchor, pack: Pack) -> bool:
    """'birthday', 'anniversary': the date is meant as the day it comes round each year."""
    return any(
        pack.says(role, mention.span.words)
        for mention in anchor.mentions
        if mention.kind is SpanKind.TERM
        for role in (Role.BIRTHDAY, Role.ANNIVERSARY)
    )


def build_table(anchor: Anchor, context: BuildContext) -> Built:
    table = context.catalog.table(anchor.sense.table or "")
    stamps = [c for c in table.columns if c.type in {ColumnType.TIMESTAMP, ColumnType.DATE}]
    column = stamps[0] if stamps else table.columns[-1]
    return Attribute(field=f"{table.name}.{column.name}", op=Op.IS_SET, negate=anchor.negate)


def build_channel(anchor: Anchor, context: BuildContext) -> Built:
    channel = str(anchor.sense.channel)
    if channel in {ANY_CHANNEL, EVERY_CHANNEL}:  # 'can't reach on any channel': all declared
        each = [Reachable(channel=str(c.name)) for c in context.catalog.channels]
        # 'unreachable on all channels' means on none of them, like 'not on any channel'
        op = "or" if channel == ANY_CHANNEL or anchor.negate else "and"
        return Group(op=op, rules=each, negate=anchor.negate)  # type: ignore[arg-type]
    return Reachable(channel=channel, negate=anchor.negate)


BUILDERS: dict[SenseKind, Callable[[Anchor, BuildContext], Built]] = {
    SenseKind.VALUE: build_value,
    SenseKind.COLUMN: build_column,
    SenseKind.TABLE: build_table,
    SenseKind.CHANNEL: build_channel,
    SenseKind.INDICATOR: build_indicator,
    SenseKind.EVENT: build_event,
}


def _buildable(
    draft: Draft, anchors: list[Anchor], context: BuildContext, ambiguities: list[Ambiguity]
) -> list[Anchor]:
    """Anchors that make a rule; the ambiguities of the others are collected."""
    probe = replace(context, assumptions=[])
    kept = []
    for anchor in anchors:
        built = BUILDERS[anchor.kind](anchor, probe)
        if isinstance(built, Ambiguity):
            first = anchor.mentions[0] if anchor.mentions else None
            index = _index(draft, first) if first is not None else None
            ambiguities.append(replace(built, index=index))
        elif built is not None:
            kept.append(anchor)
    return kept


def _index(draft: Draft, mention: Mention) -> int:
    return next(i for i, known in enumerate(draft.mentions) if known is mention)


def _rule(anchors: list[Anchor], context: BuildContext) -> ParsedRule:
    nodes = [node for anchor in anchors if (node := BUILDERS[anchor.kind](anchor, context))]
    spans = tuple(m.span for anchor in anchors for m in anchor.mentions)
    for anchor in anchors:
        context.assumptions.extend(note for note in anchor.notes if note not in context.assumptions)
    if len(nodes) == 1:
        return ParsedRule(nodes[0], spans)  # type: ignore[arg-type]
    return ParsedRule(Group(op="and", rules=nodes), spans)  # type: ignore[arg-type]


def _alternatives(chain: list[list[Anchor]], context: BuildContext) -> ParsedRule:
    rules = [_rule(segment, context) for segment in chain]
    spans = tuple(s for rule in rules for s in rule.spans)
    nodes = [rule.node for rule in rules]
    distinct = [node for i, node in enumerate(nodes) if node not in nodes[:i]]  # 'A or A' is A
    if len(distinct) == 1:
        return ParsedRule(distinct[0], spans)
    return ParsedRule(Group(op="or", rules=distinct), spans)


def build_parse(
    draft: Draft, catalog: Catalog, pack: Pack, keys: Mapping[str, str] | None = None
) -> Parse:
    """Nodes for every anchor, combined as ``grouping`` reads the links between them.

    ``keys`` gives indicator keys chosen earlier in the conversation.
    """
    assumptions = list(draft.assumptions)
    valued = frozenset(a.sense.target for a in draft.anchors if a.kind is SenseKind.VALUE)
    context = BuildContext(catalog, pack, catalog.as_of.date(), assumptions, keys or {}, valued)
    for note in guess_notes(draft, catalog):
        context.state(note)
    ambiguities = list(draft.ambiguities)
    anchors = merge_adjacent(draft.mentions, sorted(draft.anchors, key=lambda a: a.position))
    shape = structure(draft.mentions, _buildable(draft, anchors, context, ambiguities))
    _note_shared(draft, shape.shared, pack)
    ordered = [(anchor.position, _rule([anchor], context)) for anchor in shape.root]
    ordered += [(alts[0][0].position, _alternatives(alts, context)) for alts in shape.alternatives]
    rules = _flatten([rule for _, rule in sorted(ordered, key=lambda pair: pair[0])])
    return Parse(
        rules=tuple(rules),
        ambiguities=tuple(ambiguities),
        channel=draft.channel or _reached_channel(rules),
        channel_spans=tuple(m.span for m in draft.channel_mentions),
        assumptions=tuple(assumptions),
        stated=tuple(context.stated),
        expected_size=draft.expected_size,
        size_spans=tuple(m.span for m in draft.size_mentions),
    )


def _note_shared(draft: Draft, shared: list[Anchor], pack: Pack) -> None:
    """The closing clause read as said of every alternative, stated on its first rule."""
    positions = [i for i, m in enumerate(draft.mentions) for a in shared if m in a.mentions]
    if not positions:
        return
    start, end = min(positions), max(positions) + 1
    while start and _plain(draft.mentions[start - 1]):
        start -= 1  # 'who did some shopping in May': the clause from its verb on
    while end < len(draft.mentions) and _plain(draft.mentions[end]):
        end += 1  # 'die im Mai gebucht haben': to its last word
    phrase = " ".join(m.text for m in draft.mentions[start:end])
    shared[0].notes.append(pack.say("assume_clause_shared", phrase=phrase))


def _plain(mention: Mention) -> bool:
    """A word of the clause that is neither a catalog term nor its relative word."""
    return mention.kind in {SpanKind.WORD, SpanKind.UNKNOWN} and not mention.has(Role.RELATIVE)


def _reached_channel(rules: list[ParsedRule]) -> str | None:
    """'reachable by SMS' also names the channel the audience is for — when it is the one
    channel the whole audience must be reachable on (not negated, not one alternative)."""
    channels = {
        rule.node.channel
        for rule in rules
        if isinstance(rule.node, Reachable) and not rule.node.negate
    }
    return channels.pop() if len(channels) == 1 else None


def _flatten(rules: list[ParsedRule]) -> list[ParsedRule]:
    """A plain 'and' group inside the root 'and' adds nothing: lift its rules."""
    flat: list[ParsedRule] = []
    for rule in rules:
        node = rule.node
        if isinstance(node, Group) and node.op == "and" and not node.negate:
            flat += [ParsedRule(child, rule.spans) for child in node.rules]
        else:
            flat.append(rule)
    return _without_bare_duplicates(flat)


def _without_bare_duplicates(rules: list[ParsedRule]) -> list[ParsedRule]:
    """'buyers ... last order': a bare behaviour repeated verbatim is said once."""
    kept: list[ParsedRule] = []
    for rule in rules:
        twin = next((i for i, k in enumerate(kept) if k.node == rule.node), None)
        if twin is not None:
            kept[twin] = ParsedRule(kept[twin].node, kept[twin].spans + rule.spans)
        else:
            kept.append(rule)
    return kept
