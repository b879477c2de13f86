"""Fourth pass: anchors become rule-tree nodes; 'or' links become groups.

One small builder per anchor kind, chosen from ``BUILDERS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from assistant.offline.anchors import Ambiguity, Anchor, Draft
from assistant.offline.grouping import merge_adjacent, structure
from assistant.offline.lexicon import SenseKind, phrase_key
from assistant.offline.quantities import Quantity
from assistant.offline.scan import Mention
from assistant.offline.text import fold
from assistant.offline.times import TimeSpec
from assistant.offline.words import LIKELY_WORDS, STRONG_WORDS
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
from schema_catalog import Catalog, ColumnType, Indicator

DEFAULT_SCORE = 0.5
"""Threshold for a 0-to-1 score indicator named without a number ('appetite for beauty')."""
STRONG_SCORE = 0.7
"""Threshold for 'strong' / 'high' on a 0-to-1 score indicator."""

_UNIT_SCALE = re.compile(r"\b0\b.{0,20}\bto\b\s*1\b")

Built = Node | Ambiguity | None


@dataclass
class ParsedRule:
    """One top-level rule with the mentions it came from."""

    node: Node
    mentions: list[Mention]


@dataclass
class Parse:
    """What the offline parser understood."""

    rules: list[ParsedRule] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    channel: str | None = None
    channel_mentions: list[Mention] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BuildContext:
    catalog: Catalog
    as_of: date
    assumptions: list[str]
    keys: Mapping[str, str] = field(default_factory=dict)
    """Indicator → key already chosen earlier in the conversation ('tighten it to strong')."""


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


def _window_filter(spec: TimeSpec, context: BuildContext) -> tuple[Op, object, TimeUnit | None]:
    window = spec.window or _ago_window(spec, context)
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
        op, value, unit = _window_filter(anchor.time, context)
        return Attribute(
            field=field_name,
            op=op,
            value=value,
            unit=unit,  # type: ignore[arg-type]
            negate=anchor.negate,
        )
    if column.type in {ColumnType.INTEGER, ColumnType.DECIMAL}:
        if anchor.quantity is None:
            return Ambiguity(anchor.mentions[0].text, (anchor.sense,), reason="threshold")
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
        return Ambiguity(anchor.mentions[0].text, (anchor.sense,), reason="key")
    key = keys[0] if keys else None
    builder = _INDICATOR_BUILDERS[indicator.type.value]
    return builder(anchor, indicator, key, context)


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
    values = values or _implied_values(anchor, indicator)
    if not values:
        return Ambiguity(anchor.mentions[0].text, (anchor.sense,), reason="value")
    op, value = _values_op(values, False)
    return IndicatorRule(
        indicator=indicator.name, key=key, op=op, value=value, negate=anchor.negate
    )


def _implied_values(anchor: Anchor, indicator: Indicator) -> list[str]:
    """'at risk of churn' contains the value synonym 'at risk' → high; 'likely to churn' names
    the likelihood itself → the band called high."""
    words = [w for m in anchor.mentions for w in m.words]
    said = " " + " ".join(words) + " "
    named = [
        value
        for value in indicator.allowed_values or ()
        for synonym in indicator.value_synonyms.get(value, ())
        if len(phrase_key(synonym)) > 1 and f" {' '.join(phrase_key(synonym))} " in said
    ][:1]
    if named or not (set(words) & LIKELY_WORDS or anchor.strong):
        return named
    return [
        value
        for value in indicator.allowed_values or ()
        if {value, *(fold(s) for s in indicator.value_synonyms.get(value, ()))} & STRONG_WORDS
    ][:1]


def _number_indicator(
    anchor: Anchor, indicator: Indicator, key: str | None, context: BuildContext
) -> Built:
    if anchor.quantity is not None:
        op, number = _quantity_value(anchor.quantity)
    elif _is_unit_score(indicator):
        op, number = Op.GTE, STRONG_SCORE if anchor.strong else DEFAULT_SCORE
        context.assumptions.append(
            f"'{anchor.mentions[0].text}' read as {indicator.label.lower()} score ≥ {number}."
        )
    else:
        return Ambiguity(anchor.mentions[0].text, (anchor.sense,), reason="threshold")
    return IndicatorRule(
        indicator=indicator.name, key=key, op=op, value=number, negate=anchor.negate
    )


_INDICATOR_BUILDERS: dict[str, Callable[[Anchor, Indicator, str | None, BuildContext], Built]] = {
    "boolean": _boolean_indicator,
    "category": _category_indicator,
    "number": _number_indicator,
}


def _ago_window(spec: TimeSpec, context: BuildContext) -> Window:
    """'more than 6 months ago' ends 6 months before as_of; 'less than ...' is a 'last' window."""
    if spec.ago_op in {Op.LT, Op.LTE}:
        return Window(type=WindowKind.LAST, amount=spec.ago_amount, unit=spec.ago_unit)
    end = shift(day_start(context.as_of), -spec.ago_amount, spec.ago_unit).date()
    return Window(type=WindowKind.BEFORE, end=end)


def _aggregate(anchor: Anchor, context: BuildContext) -> Aggregate:
    quantity = anchor.quantity
    if quantity is None:
        return Aggregate()
    op, value = _quantity_value(quantity)
    if quantity.unit == "currency" or (anchor.measure and quantity.unit != "times"):
        func = AggregateFunc.AVG if anchor.average else AggregateFunc.SUM
        func = AggregateFunc.MAX if anchor.single and not anchor.average else func
        measure = anchor.measure or _money_measure(anchor, context)
        return Aggregate(func=func, measure=measure, op=op, value=value)
    return Aggregate(op=op, value=value)


def _money_measure(anchor: Anchor, context: BuildContext) -> str | None:
    table = context.catalog.table(anchor.sense.table or "")
    decimals = [m for m in table.measures if table.column(m).type is ColumnType.DECIMAL]
    candidates = decimals or list(table.measures)
    return candidates[0] if candidates else None


def build_event(anchor: Anchor, context: BuildContext) -> Built:
    filters = [
        Condition(field=column, op=_values_op(values, False)[0], value=_values_op(values, False)[1])
        for column, values in anchor.filters.items()
    ]
    event = anchor.sense.table or ""
    spec = anchor.time
    if spec is not None and spec.window is None and anchor.recency:
        return _recency(anchor, filters, spec)
    window = None if spec is None else (spec.window or _ago_window(spec, context))
    behavior = Behavior(
        event=event,
        filters=filters,
        window=window,
        aggregate=_aggregate(anchor, context),
        negate=anchor.negate,
    )
    if anchor.lapse is None or anchor.lapse.window is None:
        return behavior
    lapsed = Behavior(event=event, filters=filters, window=anchor.lapse.window, negate=True)
    return Group(op="and", rules=[behavior, lapsed])


def _recency(anchor: Anchor, filters: list[Condition], spec: TimeSpec) -> Node:
    """'last purchase more than 90 days ago' (days) or '... over 6 months ago' (months)."""
    event = anchor.sense.table or ""
    if spec.ago_unit is TimeUnit.DAY:
        aggregate = Aggregate(
            func=AggregateFunc.DAYS_SINCE_LAST, op=spec.ago_op or Op.GT, value=spec.ago_amount
        )
        return Behavior(event=event, filters=filters, aggregate=aggregate)
    recent = Window(type=WindowKind.LAST, amount=spec.ago_amount, unit=spec.ago_unit)
    return Group(
        op="and",
        negate=anchor.negate,
        rules=[
            Behavior(event=event, filters=filters),
            Behavior(event=event, filters=filters, window=recent, negate=True),
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
    anchors: list[Anchor], catalog: Catalog, parse: Parse, keys: Mapping[str, str]
) -> list[Anchor]:
    """Anchors that make a rule; the ambiguities of the others go to ``parse``."""
    probe = BuildContext(catalog, catalog.as_of.date(), [], keys)
    kept = []
    for anchor in anchors:
        built = BUILDERS[anchor.kind](anchor, probe)
        if isinstance(built, Ambiguity):
            parse.ambiguities.append(built)
        elif built is not None:
            kept.append(anchor)
    return kept


def _rule(anchors: list[Anchor], context: BuildContext) -> ParsedRule:
    nodes = [node for anchor in anchors if (node := BUILDERS[anchor.kind](anchor, context))]
    mentions = [m for anchor in anchors for m in anchor.mentions]
    if len(nodes) == 1:
        return ParsedRule(nodes[0], mentions)  # type: ignore[arg-type]
    return ParsedRule(Group(op="and", rules=nodes), mentions)  # type: ignore[arg-type]


def _alternatives(chain: list[list[Anchor]], context: BuildContext) -> ParsedRule:
    rules = [_rule(segment, context) for segment in chain]
    mentions = [m for rule in rules for m in rule.mentions]
    return ParsedRule(Group(op="or", rules=[rule.node for rule in rules]), mentions)


def build_parse(
    mentions: list[Mention], draft: Draft, catalog: Catalog, keys: Mapping[str, str] | None = None
) -> Parse:
    """Nodes for every anchor, combined as ``grouping`` reads the links between them.

    ``keys`` gives indicator keys chosen earlier in the conversation.
    """
    parse = Parse(
        ambiguities=list(draft.ambiguities),
        channel=draft.channel,
        channel_mentions=draft.channel_mentions,
    )
    keys = keys or {}
    context = BuildContext(catalog, catalog.as_of.date(), parse.assumptions, keys)
    anchors = merge_adjacent(mentions, sorted(draft.anchors, key=lambda a: a.position))
    shape = structure(mentions, _buildable(anchors, catalog, parse, keys))
    ordered: list[tuple[int, ParsedRule]] = [
        (anchor.position, _rule([anchor], context)) for anchor in shape.root
    ]
    ordered += [(alts[0][0].position, _alternatives(alts, context)) for alts in shape.alternatives]
    parse.rules = _flatten([rule for _, rule in sorted(ordered, key=lambda pair: pair[0])])
    return parse


def _flatten(rules: list[ParsedRule]) -> list[ParsedRule]:
    """A plain 'and' group inside the root 'and' adds nothing: lift its rules."""
    flat: list[ParsedRule] = []
    for rule in rules:
        node = rule.node
        if isinstance(node, Group) and node.op == "and" and not node.negate:
            flat += [ParsedRule(child, rule.mentions) for child in node.rules]
        else:
            flat.append(rule)
    return _without_bare_duplicates(flat)


def _without_bare_duplicates(rules: list[ParsedRule]) -> list[ParsedRule]:
    """'buyers ... last order': a bare behaviour repeated verbatim is said once."""
    kept: list[ParsedRule] = []
    for rule in rules:
        twin = next((k for k in kept if k.node == rule.node), None)
        if twin is not None and isinstance(rule.node, Behavior):
            twin.mentions += rule.mentions
        else:
            kept.append(rule)
    return kept
