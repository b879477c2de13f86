"""Fifth pass: anchors become rule-tree nodes; 'or' links become groups.

One small builder per anchor kind, chosen from ``BUILDERS``. A builder that cannot decide (an
indicator with no value, a number column with no threshold) returns an ``Ambiguity`` instead of
guessing; one that had to assume something adds it to the draft's assumptions, which the user
sees before the count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from assistant.language import Pack, Role, fold
from assistant.offline.draft import Ambiguity, Anchor, Draft, Mention
from assistant.offline.grouping import merge_adjacent, structure
from assistant.offline.lexicon import Sense, SenseKind, phrase_key
from assistant.offline.numbers import Quantity
from assistant.offline.spans import Span
from assistant.offline.times import TimeSpec
from audience.rules import (
    Aggregate,
    AggregateFunc,
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Node,
    Op,
    Reachable,
    TimeUnit,
    Window,
    WindowKind,
    day_start,
    shift,
)
from schema_catalog import Catalog, ColumnType, Indicator, IndicatorType

DEFAULT_SCORE = 0.5
"""Threshold for a 0-to-1 score indicator named without a number ('appetite for beauty')."""
STRONG_SCORE = 0.7
"""Threshold for 'strong' / 'high' on a 0-to-1 score indicator."""

_UNIT_SCALE = re.compile(r"\b0\b.{0,20}\bto\b\s*1\b")

Built = Node | Ambiguity | None


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
    expected_size: int | None = None
    size_spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class BuildContext:
    catalog: Catalog
    pack: Pack
    as_of: date
    assumptions: list[str]
    keys: Mapping[str, str] = field(default_factory=dict)
    """Indicator → key already chosen earlier in the conversation ('tighten it to strong')."""


def _phrase(anchor: Anchor) -> str:
    return anchor.mentions[0].text if anchor.mentions else anchor.sense.target


def _values_op(values: list[str], negate: bool) -> tuple[Op, str | list[str]]:
    if len(values) == 1:
        return (Op.NEQ if negate else Op.EQ), values[0]
    return (Op.NOT_IN if negate else Op.IN), list(values)


def build_value(anchor: Anchor, context: BuildContext) -> Built:
    op, value = _values_op(anchor.values, anchor.negate)
    return Attribute(field=anchor.sense.target, op=op, value=value)


def _quantity_value(quantity: Quantity) -> tuple[Op, float | int | list[float | int]]:
    if isinstance(quantity.value, tuple):
        return Op.BETWEEN, list(quantity.value)
    return quantity.op or Op.GTE, quantity.value


def ahead_window(amount: int, unit: TimeUnit) -> Window:
    """The next ``amount`` ``unit``s after as_of (future-dated events only)."""
    return Window(type=WindowKind.NEXT, amount=amount, unit=unit)


def _window_filter(
    spec: TimeSpec, context: BuildContext
) -> tuple[Op, object, TimeUnit | None] | None:
    if spec.ahead is not None:
        return Op.WITHIN_NEXT, spec.ahead[0], spec.ahead[1]
    window = spec.window or _ago_window(spec, context)
    if window is None:
        return None
    if window.type is WindowKind.LAST:
        return Op.WITHIN_LAST, window.amount, window.unit
    if window.type is WindowKind.SINCE:
        return Op.GTE, str(window.start), None
    if window.type is WindowKind.BEFORE:
        return Op.LT, str(window.end), None
    return Op.BETWEEN, [str(window.start), str(window.end)], None


def build_column(anchor: Anchor, context: BuildContext) -> Built:
    _table, column = context.catalog.column(anchor.sense.target)
    field_name = anchor.sense.target
    if column.type in {ColumnType.DATE, ColumnType.TIMESTAMP}:
        if anchor.time is None:
            return Attribute(field=field_name, op=Op.IS_SET, negate=anchor.negate)
        found = _window_filter(anchor.time, context)
        if found is None:
            return Ambiguity(_phrase(anchor), (anchor.sense,), reason="time")
        op, value, unit = found
        return Attribute(
            field=field_name, op=op, value=value, unit=unit, negate=anchor.negate  # type: ignore[arg-type]
        )
    if column.type in {ColumnType.INTEGER, ColumnType.DECIMAL}:
        if anchor.quantity is None:
            return Ambiguity(_phrase(anchor), (anchor.sense,), reason="threshold")
        op, number = _quantity_value(anchor.quantity)
        return Attribute(field=field_name, op=op, value=number, negate=anchor.negate)
    if column.type is ColumnType.BOOLEAN:
        return Attribute(field=field_name, op=Op.EQ, value=True, negate=anchor.negate)
    if column.is_categorical:
        return None
    return Attribute(field=field_name, op=Op.IS_SET, negate=anchor.negate)


def build_table(anchor: Anchor, context: BuildContext) -> Built:
    table = context.catalog.table(anchor.sense.table or "")
    stamps = [c for c in table.columns if c.type in {ColumnType.TIMESTAMP, ColumnType.DATE}]
    column = stamps[0] if stamps else table.columns[-1]
    return Attribute(field=f"{table.name}.{column.name}", op=Op.IS_SET, negate=anchor.negate)


def build_channel(anchor: Anchor, context: BuildContext) -> Built:
    return Reachable(channel=anchor.sense.channel, negate=anchor.negate)  # type: ignore[arg-type]


def _is_unit_score(indicator: Indicator) -> bool:
    return bool(_UNIT_SCALE.search(indicator.description))


def build_indicator(anchor: Anchor, context: BuildContext) -> Built:
    indicator = context.catalog.indicator(anchor.sense.indicator or "")
    keys = [
        v for v in anchor.values if indicator.dimension and v in indicator.dimension.allowed_values
    ]
    if indicator.dimension and not keys and indicator.name in context.keys:
        keys = [context.keys[indicator.name]]
    if indicator.dimension and len(keys) != 1:
        return Ambiguity(_phrase(anchor), (anchor.sense,), reason="key")
    key = keys[0] if keys else None
    return _INDICATOR_BUILDERS[indicator.type](anchor, indicator, key, context)


def _boolean_indicator(
    anchor: Anchor, indicator: Indicator, key: str | None, context: BuildContext
) -> Built:
    return IndicatorRule(
        indicator=indicator.name, key=key, op=Op.EQ, value=True, negate=anchor.negate
    )


def _category_indicator(
    anchor: Anchor, indicator: Indicator, key: str | None, context: BuildContext
) -> Built:
    values = [v for v in anchor.values if v in (indicator.allowed_values or ())]
    values = values or _implied_values(anchor, indicator, context.pack)
    if not values:
        return Ambiguity(_phrase(anchor), (anchor.sense,), reason="value")
    op, value = _values_op(values, False)
    return IndicatorRule(
        indicator=indicator.name, key=key, op=op, value=value, negate=anchor.negate
    )


def _implied_values(anchor: Anchor, indicator: Indicator, pack: Pack) -> list[str]:
    """'at risk of churn' contains the value synonym 'at risk' → high; 'likely to churn' names
    the likelihood itself → the band the language calls strong ('high')."""
    words = [w for m in anchor.mentions for w in m.words]
    said = " " + " ".join(words) + " "
    named = [
        value
        for value in indicator.allowed_values or ()
        for synonym in indicator.value_synonyms.get(value, ())
        if len(phrase_key(synonym)) > 1 and f" {' '.join(phrase_key(synonym))} " in said
    ][:1]
    likely = any(pack.is_word(Role.LIKELY, word) for word in words)
    if named or not (likely or anchor.strong):
        return named
    strong = pack.table(Role.STRONG).words()
    return [
        value
        for value in indicator.allowed_values or ()
        if {fold(value), *(fold(s) for s in indicator.value_synonyms.get(value, ()))} & strong
    ][:1]


def _number_indicator(
    anchor: Anchor, indicator: Indicator, key: str | None, context: BuildContext
) -> Built:
    if anchor.quantity is not None:
        op, number = _quantity_value(anchor.quantity)
    elif _is_unit_score(indicator):
        op, number = Op.GTE, STRONG_SCORE if anchor.strong else DEFAULT_SCORE
        context.assumptions.append(
            context.pack.say(
                "assume_score", phrase=_phrase(anchor), label=indicator.label.lower(), value=number
            )
        )
    else:
        return Ambiguity(_phrase(anchor), (anchor.sense,), reason="threshold")
    return IndicatorRule(
        indicator=indicator.name, key=key, op=op, value=number, negate=anchor.negate
    )


_INDICATOR_BUILDERS: dict[
    IndicatorType, Callable[[Anchor, Indicator, str | None, BuildContext], Built]
] = {
    IndicatorType.BOOLEAN: _boolean_indicator,
    IndicatorType.CATEGORY: _category_indicator,
    IndicatorType.NUMBER: _number_indicator,
}


def _ago_window(spec: TimeSpec, context: BuildContext) -> Window | None:
    """'more than 6 months ago' ends 6 months before as_of; 'less than ...' is a 'last' window."""
    ago = spec.ago
    if ago is None:
        return None
    if ago.op in {Op.LT, Op.LTE}:
        return Window(type=WindowKind.LAST, amount=ago.amount, unit=ago.unit)
    end = shift(day_start(context.as_of), -ago.amount, ago.unit).date()
    return Window(type=WindowKind.BEFORE, end=end)


def _measured(anchor: Anchor) -> bool:
    quantity = anchor.quantity
    if quantity is None or quantity.unit == "times":
        return False
    return quantity.unit == "currency" or bool(anchor.measure or anchor.measures)


def _aggregate(anchor: Anchor, context: BuildContext) -> Aggregate | Ambiguity:
    quantity = anchor.quantity
    if quantity is None:
        return Aggregate()
    op, value = _quantity_value(quantity)
    if not _measured(anchor):
        return Aggregate(op=op, value=value)
    func = AggregateFunc.AVG if anchor.average else AggregateFunc.SUM
    func = AggregateFunc.MAX if anchor.single and not anchor.average else func
    measure = _measure(anchor, context)
    if isinstance(measure, Ambiguity):
        return measure
    return Aggregate(func=func, measure=measure, op=op, value=value)


def _measure(anchor: Anchor, context: BuildContext) -> str | Ambiguity | None:
    """The measure named, or the table's only money measure; several left → ask which."""
    if anchor.measure:
        return anchor.measure
    table = context.catalog.table(anchor.sense.table or "")
    decimals = [m for m in table.measures if table.column(m).type is ColumnType.DECIMAL]
    candidates = sorted(anchor.measures) if anchor.measures else decimals or list(table.measures)
    if len(candidates) > 1:
        senses = tuple(Sense(SenseKind.MEASURE, table=table.name, column=m) for m in candidates)
        return Ambiguity(_phrase(anchor), senses, reason="measure")
    return candidates[0] if candidates else None


def _event_window(anchor: Anchor, context: BuildContext) -> Window | Ambiguity | None:
    spec = anchor.time
    if spec is None or spec.anaphoric:
        return None
    future = context.catalog.table(anchor.sense.table or "").future_events
    if spec.ahead is None and not (future and not spec.direction_stated):
        return spec.window or _ago_window(spec, context)
    amount, unit = spec.ahead or (spec.window.amount or 0, spec.window.unit)  # type: ignore[union-attr]
    window = ahead_window(amount, unit or TimeUnit.DAY) if future else None
    return window or Ambiguity(_phrase(anchor), (anchor.sense,), reason="ahead")


def build_event(anchor: Anchor, context: BuildContext) -> Built:
    filters = [
        Condition(field=column, op=_values_op(values, False)[0], value=_values_op(values, False)[1])
        for column, values in anchor.filters.items()
    ]
    event = anchor.sense.table or ""
    spec = anchor.time
    if spec is not None and spec.ago is not None and anchor.recency:
        return _recency(anchor, filters, spec)
    if spec is not None and spec.ago_range is not None and anchor.recency and spec.window:
        return _last_between(anchor, filters, spec.window, spec.ago_range)
    window = _event_window(anchor, context)
    aggregate = _aggregate(anchor, context)
    if isinstance(window, Ambiguity):
        return window
    if isinstance(aggregate, Ambiguity):
        return aggregate
    behavior = Behavior(
        event=event, filters=filters, window=window, aggregate=aggregate, negate=anchor.negate
    )
    alternatives = spec.alternatives if spec is not None and window is not None else ()
    if alternatives:
        behavior = Group(
            op="or",
            negate=anchor.negate,
            rules=[behavior.model_copy(update={"negate": False})]
            + [behavior.model_copy(update={"window": w, "negate": False}) for w in alternatives],
        )
    if anchor.lapse is None or anchor.lapse.window is None:
        return behavior
    lapsed = Behavior(event=event, filters=filters, window=anchor.lapse.window, negate=True)
    return Group(op="and", rules=[behavior, lapsed])


def _recency(anchor: Anchor, filters: list[Condition], spec: TimeSpec) -> Node:
    """'last purchase more than 90 days ago' (days) or '... over 6 months ago' (months)."""
    event = anchor.sense.table or ""
    ago = spec.ago
    assert ago is not None
    if ago.unit is TimeUnit.DAY:
        aggregate = Aggregate(func=AggregateFunc.DAYS_SINCE_LAST, op=ago.op, value=ago.amount)
        return Behavior(event=event, filters=filters, aggregate=aggregate, negate=anchor.negate)
    recent = Window(type=WindowKind.LAST, amount=ago.amount, unit=ago.unit)
    return Group(
        op="and",
        negate=anchor.negate,
        rules=[
            Behavior(event=event, filters=filters),
            Behavior(event=event, filters=filters, window=recent, negate=True),
        ],
    )


def _last_between(
    anchor: Anchor, filters: list[Condition], window: Window, near: tuple[int, TimeUnit]
) -> Node:
    """'last purchase between 6 and 12 months ago': one in that span, none since."""
    event = anchor.sense.table or ""
    since = Window(type=WindowKind.LAST, amount=near[0], unit=near[1])
    return Group(
        op="and",
        negate=anchor.negate,
        rules=[
            Behavior(event=event, filters=filters, window=window),
            Behavior(event=event, filters=filters, window=since, negate=True),
        ],
    )


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
    probe = BuildContext(context.catalog, context.pack, context.as_of, [], context.keys)
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
    return ParsedRule(Group(op="or", rules=[rule.node for rule in rules]), spans)


def build_parse(
    draft: Draft, catalog: Catalog, pack: Pack, keys: Mapping[str, str] | None = None
) -> Parse:
    """Nodes for every anchor, combined as ``grouping`` reads the links between them.

    ``keys`` gives indicator keys chosen earlier in the conversation.
    """
    assumptions = list(draft.assumptions)
    context = BuildContext(catalog, pack, catalog.as_of.date(), assumptions, keys or {})
    ambiguities = list(draft.ambiguities)
    anchors = merge_adjacent(draft.mentions, sorted(draft.anchors, key=lambda a: a.position))
    shape = structure(draft.mentions, _buildable(draft, anchors, context, ambiguities))
    ordered = [(anchor.position, _rule([anchor], context)) for anchor in shape.root]
    ordered += [(alts[0][0].position, _alternatives(alts, context)) for alts in shape.alternatives]
    rules = _flatten([rule for _, rule in sorted(ordered, key=lambda pair: pair[0])])
    return Parse(
        rules=tuple(rules),
        ambiguities=tuple(ambiguities),
        channel=draft.channel,
        channel_spans=tuple(m.span for m in draft.channel_mentions),
        assumptions=tuple(assumptions),
        expected_size=draft.expected_size,
        size_spans=tuple(m.span for m in draft.size_mentions),
    )


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
        if twin is not None and isinstance(rule.node, Behavior):
            kept[twin] = ParsedRule(kept[twin].node, kept[twin].spans + rule.spans)
        else:
            kept.append(rule)
    return kept
