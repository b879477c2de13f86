"""Fourth pass: anchors become rule-tree nodes; 'or' links become groups.

One small builder per anchor kind, chosen from ``BUILDERS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from assistant.offline.anchors import Ambiguity, Anchor, Draft
from assistant.offline.lexicon import SenseKind, phrase_key
from assistant.offline.quantities import Quantity
from assistant.offline.scan import Mention, MentionKind
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
)
from audience.windows import day_start, shift
from schema_catalog.model import Catalog, ColumnType, Indicator

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
    """'at risk of churn' contains the value synonym 'at risk' → high."""
    said = " " + " ".join(w for m in anchor.mentions for w in m.words) + " "
    return [
        value
        for value in indicator.allowed_values or ()
        for synonym in indicator.value_synonyms.get(value, ())
        if len(phrase_key(synonym)) > 1 and f" {' '.join(phrase_key(synonym))} " in said
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
    return Behavior(
        event=event,
        filters=filters,
        window=window,
        aggregate=_aggregate(anchor, context),
        negate=anchor.negate,
    )


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


def merge_values(anchors: list[Anchor]) -> list[Anchor]:
    """Several values of one profile column ('Paris or Lyon', 'gold and VIP') → one anchor."""
    merged: list[Anchor] = []
    for anchor in anchors:
        twin = next(
            (
                m
                for m in merged
                if m.kind is SenseKind.VALUE
                and anchor.kind is SenseKind.VALUE
                and m.sense.target == anchor.sense.target
                and m.negate == anchor.negate
            ),
            None,
        )
        if twin is None:
            merged.append(anchor)
            continue
        twin.values += [v for v in anchor.values if v not in twin.values]
        twin.mentions += anchor.mentions
    return merged


def _linked_by_or(mentions: list[Mention], left: Anchor, right: Anchor) -> bool:
    ends = [i for i, m in enumerate(mentions) if any(m is own for own in left.mentions)]
    last = max([i for i in ends if i < right.position] or [left.position])
    between = mentions[last + 1 : right.position]
    return any(m.kind is MentionKind.OR for m in between)


def build_parse(mentions: list[Mention], draft: Draft, catalog: Catalog) -> Parse:
    """Nodes for every anchor; runs joined by 'or' become an 'or' group."""
    parse = Parse(
        ambiguities=list(draft.ambiguities),
        channel=draft.channel,
        channel_mentions=draft.channel_mentions,
    )
    context = BuildContext(catalog, catalog.as_of.date(), parse.assumptions)
    runs: list[list[tuple[Anchor, Node]]] = []
    previous: Anchor | None = None
    for anchor in merge_values(sorted(draft.anchors, key=lambda a: a.position)):
        built = BUILDERS[anchor.kind](anchor, context)
        if isinstance(built, Ambiguity):
            parse.ambiguities.append(built)
        if built is None or isinstance(built, Ambiguity):
            continue
        if previous is not None and runs and _linked_by_or(mentions, previous, anchor):
            runs[-1].append((anchor, built))
        else:
            runs.append([(anchor, built)])
        previous = anchor
    parse.rules = _flatten([_run_rule(run) for run in runs])
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


def _run_rule(run: list[tuple[Anchor, Node]]) -> ParsedRule:
    mentions = [m for anchor, _ in run for m in anchor.mentions]
    if len(run) == 1:
        return ParsedRule(run[0][1], mentions)
    return ParsedRule(Group(op="or", rules=[node for _, node in run]), mentions)
