"""Plain-language description of a rule tree, in any language with a pack, for the approval screen.

The one describer of rule trees: the approval screen, the CLI's ``explain``, the assistant's
explanations and refinement notes all read trees through it. Words come from the language pack
(``languages/<code>/describe.yml``: a phrase per operator, the connecting words); labels from the
catalog (table, column, indicator and channel labels, else humanised names). Time windows show
their bounds resolved against the catalog's ``as_of``: "in the last 6 months (2026-04-01 →
2026-09-30)".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Any, assert_never

from audience.rules.describe_words import (
    ChangeVerb,
    quote_value,
    value_text,
)
from audience.rules.labels import (
    LabelContext,
    column_label_of,
    column_unit_of,
    column_values_of,
    field_label_of,
    humanise,
    indicator_label,
    people_of,
    table_label_of,
)
from audience.rules.ranking import (
    BehaviorMeasure,
    FieldMeasure,
    IndicatorMeasure,
    Ranking,
    RankMeasure,
)
from audience.rules.tree import (
    AggregateFunc,
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Node,
    Op,
    Reachable,
    RuleTree,
    Scalar,
    SegmentRef,
    TimeUnit,
    Window,
    WindowKind,
    value_items,
)
from audience.rules.windows import last_bounds, next_bounds, resolve_window
from languages import DEFAULT_LANG, Lang, format_number
from schema_catalog import Catalog, Indicator, IndicatorType, instant_text


@dataclass(frozen=True)
class DescribedRule:
    """One top-level rule in words, with its path in the tree."""

    path: str
    text: str


@dataclass(frozen=True)
class Description:
    """A whole tree in words: ``text`` (one paragraph) and ``lines`` (one per top-level rule)."""

    text: str
    lines: list[DescribedRule] = field(default_factory=list)


def _day(value: Any) -> str:
    return str(value)


def _span(ctx: LabelContext, start: Any, stop: Any) -> str:
    """Whole days when the bounds are midnights (the last day inclusive); otherwise the
    instants themselves, as with ``as_of: latest`` at the newest event's time."""
    if all(bound is None or bound.time() == time(0) for bound in (start, stop)):
        first = start.date().isoformat() if start else "…"
        last = (stop - timedelta(days=1)).date().isoformat() if stop else "…"
        return f"({first} → {last})"
    first, last = (instant_text(b) if b else "…" for b in (start, stop))
    return f"({first} → {last} UTC)"


def _amount(ctx: LabelContext, amount: int, unit: TimeUnit | None) -> str:
    return ctx.words.amount(amount, unit)


def _value_text(
    ctx: LabelContext, op: Op, value: Any, unit: TimeUnit | None, measure_unit: str | None = None,
    labels: dict[str, str] | None = None,
) -> str:  # fmt: skip
    if op in (Op.WITHIN_LAST, Op.WITHIN_NEXT, Op.ANNIVERSARY_WITHIN_NEXT):
        bounds = last_bounds if op is Op.WITHIN_LAST else next_bounds
        start, stop = bounds(int(value), unit or TimeUnit.DAY, ctx.catalog.as_of)
        return f"{_amount(ctx, int(value), unit)} {_span(ctx, start, stop)}"
    words = ctx.words
    items = [(labels or {}).get(v, v) if isinstance(v, str) else v for v in value_items(value)]
    shown = [value_text(v, ctx.lang, measure_unit) for v in items]
    if op in (Op.BETWEEN, Op.ANNIVERSARY_BETWEEN) and len(shown) == 2:
        return f"{shown[0]} {words.and_word} {shown[1]}"
    if isinstance(value, tuple):
        return ", ".join(shown)
    return shown[0] if shown else quote_value(value)


def _comparison(
    ctx: LabelContext, label: str, op: Op, value: Any, unit: TimeUnit | None = None,
    measure_unit: str | None = None, labels: dict[str, str] | None = None,
) -> str:  # fmt: skip
    """``label`` compared with ``value``; values with a label in ``labels`` are shown by it."""
    text = _value_text(ctx, op, value, unit, measure_unit, labels)
    return ctx.words.operator(op).format(field=label, value=text)


def _quantity(ctx: LabelContext, op: Op, value: Any, measure_unit: str | None = None) -> str:
    return ctx.words.quantity(op).format(value=_value_text(ctx, op, value, None, measure_unit))


def _negated(ctx: LabelContext, text: str, negate: bool) -> str:
    return ctx.words.negated.format(text=text) if negate else text


def window_text(window: Window, catalog: Catalog, lang: Lang = DEFAULT_LANG) -> str:
    """A window in words with its resolved bounds, e.g. 'in the last 6 months (… → …)'."""
    ctx = LabelContext.of(catalog, lang)
    start, stop = resolve_window(window, catalog.as_of)
    return f"{_window_head(ctx, window)} {_span(ctx, start, stop)}"


def _window_head(ctx: LabelContext, window: Window) -> str:
    words = ctx.words
    match window.type:
        case WindowKind.LAST:
            return words.last.format(amount=_amount(ctx, window.amount or 0, window.unit))
        case WindowKind.NEXT:
            return words.next.format(amount=_amount(ctx, window.amount or 0, window.unit))
        case WindowKind.BETWEEN:
            return words.between.format(start=_day(window.start), end=_day(window.end))
        case WindowKind.BEFORE:
            return words.before.format(end=_day(window.end))
        case WindowKind.SINCE:
            return words.since.format(start=_day(window.start))
        case _:
            assert_never(window.type)


def _filter_text(ctx: LabelContext, event: str, condition: Condition) -> str:
    label = column_label_of(ctx, event, condition.field)
    labels = column_values_of(ctx, event, condition.field)
    return _comparison(ctx, label, condition.op, condition.value, condition.unit, labels=labels)


def _describe_attribute(node: Attribute, ctx: LabelContext) -> str:
    table, _, column = node.field.partition(".")
    label, money = field_label_of(ctx, node.field), column_unit_of(ctx, table, column)
    labels = column_values_of(ctx, table, column)
    text = _comparison(ctx, label, node.op, node.value, node.unit, money, labels)
    return _negated(ctx, text, node.negate)


def _describe_behavior(node: Behavior, ctx: LabelContext) -> str:
    event = table_label_of(ctx, node.event)
    aggregate = node.aggregate
    if aggregate.func is AggregateFunc.COUNT:
        head = ctx.words.count.format(
            quantity=_quantity(ctx, aggregate.op, aggregate.value), event=event
        )
    elif aggregate.func is AggregateFunc.DAYS_SINCE_LAST:
        head = ctx.words.recency.format(
            quantity=_quantity(ctx, aggregate.op, aggregate.value), event=event
        )
    else:
        unit = column_unit_of(ctx, node.event, str(aggregate.measure))
        head = ctx.words.measure.format(
            func=ctx.words.funcs[aggregate.func],
            measure=column_label_of(ctx, node.event, str(aggregate.measure)),
            event=event,
            quantity=_quantity(ctx, aggregate.op, aggregate.value, unit),
        )
    parts = [head]
    if node.filters:
        parts.append(
            ctx.words.where
            + " "
            + f" {ctx.words.and_word} ".join(_filter_text(ctx, node.event, f) for f in node.filters)
        )
    if node.window is not None:
        parts.append(window_text(node.window, ctx.catalog, ctx.lang))
    return _negated(ctx, " ".join(parts), node.negate)


def _known_indicator(ctx: LabelContext, name: str) -> Indicator | None:
    return next((i for i in ctx.catalog.indicators if i.name == name), None)


def _indicator_text(name: str, key: str | None, ctx: LabelContext) -> str:
    """The indicator's label, with its dimension key when it has one ('appetite for shoes')."""
    label = indicator_label(ctx.catalog, name, ctx.lang)
    if key is None:
        return label
    shown = _key_label(ctx, _known_indicator(ctx, name), key)
    return ctx.words.keyed.format(label=label, key=shown)


def _describe_indicator(node: IndicatorRule, ctx: LabelContext) -> str:
    indicator = _known_indicator(ctx, node.indicator)
    label = _indicator_text(node.indicator, node.key, ctx)
    if indicator is not None and indicator.type is IndicatorType.BOOLEAN:
        truth = (node.value is True) == (node.op is Op.EQ)
        return _negated(ctx, label, node.negate == truth)
    money = indicator.unit if indicator else None
    labels = indicator.value_labels_in(ctx.lang) if indicator else None
    text = _comparison(ctx, label, node.op, node.value, measure_unit=money, labels=labels)
    return _negated(ctx, text, node.negate)


def _key_label(ctx: LabelContext, indicator: Indicator | None, key: str) -> str:
    """An indicator's dimension value ('shoes') as it reads in the language."""
    dimension = indicator.dimension if indicator else None
    shown = dimension.value_label(key, ctx.lang) if dimension else key
    return humanise(shown)


def _channel_label(ctx: LabelContext, name: str) -> str:
    """The channel's label, or its name as written when the catalog lacks it."""
    return ctx.catalog.channel_label(name, ctx.lang)


def _describe_reachable(node: Reachable, ctx: LabelContext) -> str:
    label = _channel_label(ctx, node.channel)
    return _negated(ctx, ctx.words.reachable.format(channel=label), node.negate)


def _describe_segment(node: SegmentRef, ctx: LabelContext) -> str:
    return _negated(ctx, ctx.words.segment.format(name=node.segment), node.negate)


def _describe_group(node: Group, ctx: LabelContext) -> str:
    joiner = ctx.words.all_of if node.op == "and" else ctx.words.any_of
    inner = "; ".join(_describe(child, ctx) for child in node.rules) or ctx.words.nothing
    return _negated(ctx, f"({joiner}: {inner})", node.negate)


def _describe(node: Node, ctx: LabelContext) -> str:
    match node:
        case Attribute():
            return _describe_attribute(node, ctx)
        case Behavior():
            return _describe_behavior(node, ctx)
        case IndicatorRule():
            return _describe_indicator(node, ctx)
        case Reachable():
            return _describe_reachable(node, ctx)
        case SegmentRef():
            return _describe_segment(node, ctx)
        case Group():
            return _describe_group(node, ctx)
        case _:
            assert_never(node)


def _options(tree: RuleTree, ctx: LabelContext) -> list[str]:
    words = ctx.words
    notes = []
    if tree.channel is not None:
        notes.append(words.channel.format(channel=_channel_label(ctx, tree.channel)))
    if tree.sample_share is not None:
        notes.append(words.sample.format(share=round(tree.sample_share * 100, 2)))
    if tree.limit is not None and tree.ranking is not None:
        notes.append(_ranking_text(tree, tree.ranking, tree.limit, ctx))
    elif tree.limit is not None:
        notes.append(words.limit.format(limit=tree.limit, key=humanise(ctx.catalog.profile.key)))
    return notes


def describe_ranking(tree: RuleTree, catalog: Catalog, *, lang: Lang = DEFAULT_LANG) -> str | None:
    """The tree's ranking in words ('Keeps the 1,000 with the highest …'); None without one."""
    if tree.ranking is None or tree.limit is None:
        return None
    return _ranking_text(tree, tree.ranking, tree.limit, LabelContext.of(catalog, lang))


def _ranking_text(tree: RuleTree, ranking: Ranking, limit: int, ctx: LabelContext) -> str:
    """'Keeps the 1,000 with the highest total amount of orders in the last 12 months …'."""
    words = ctx.words
    text = words.ranked.format(
        limit=format_number(limit, ctx.lang),
        direction=words.directions[ranking.direction],
        measure=_measure_text(ranking.by, ctx),
        key=humanise(ctx.catalog.profile.key),
    )
    if tree.channel is None:
        return text
    return f"{text}, {words.ranked_reachable.format(channel=_channel_label(ctx, tree.channel))}"


def _measure_text(by: RankMeasure, ctx: LabelContext) -> str:
    match by:
        case FieldMeasure():
            return field_label_of(ctx, by.field)
        case IndicatorMeasure():
            return _indicator_text(by.indicator, by.key, ctx)
        case BehaviorMeasure():
            return _events_measure_text(by, ctx)
        case _:
            assert_never(by)


def _events_measure_text(by: BehaviorMeasure, ctx: LabelContext) -> str:
    event = table_label_of(ctx, by.event)
    measure = column_label_of(ctx, by.event, str(by.measure)) if by.measure else ""
    parts = [ctx.words.ranked_funcs[by.func].format(event=event, measure=measure)]
    if by.filters:
        shown = f" {ctx.words.and_word} ".join(_filter_text(ctx, by.event, f) for f in by.filters)
        parts.append(f"{ctx.words.where} {shown}")
    if by.window is not None:
        parts.append(window_text(by.window, ctx.catalog, ctx.lang))
    return " ".join(parts)


def describe_rules(tree: RuleTree, catalog: Catalog, *, lang: Lang = DEFAULT_LANG) -> Description:
    """The tree in plain words of ``lang``.

    Args:
        tree: the audience definition (need not be valid: unknown names are shown as written).
        catalog: gives labels and the ``as_of`` windows resolve against.
        lang: a language with a pack (``languages.available_languages()``), e.g. ``"fr"``.

    Returns:
        ``Description`` with the whole paragraph and one line per top-level rule.

    Raises:
        languages.UnknownLanguageError: no pack for ``lang``.
    """
    ctx = LabelContext.of(catalog, lang)
    root = tree.root
    lines = [
        DescribedRule(f"root.rules[{index}]", _describe(rule, ctx))
        for index, rule in enumerate(root.rules)
    ]
    people = people_of(ctx)
    if not lines:
        head = ctx.words.everyone.format(people=people)
    else:
        joiner = ctx.words.all_of if root.op == "and" else ctx.words.any_of
        head = f"{people} — {joiner}: " + "; ".join(line.text for line in lines)
        head = _negated(ctx, head, root.negate)
    text = ". ".join([head, *_options(tree, ctx)]) + "."
    return Description(text=text, lines=lines)


def describe_node(node: Node, catalog: Catalog, *, lang: Lang = DEFAULT_LANG) -> str:
    """One rule in words, as a line of ``describe_rules`` reads it."""
    return _describe(node, LabelContext.of(catalog, lang))


def change_note(
    verb: ChangeVerb,
    catalog: Catalog,
    *,
    before: Node | Scalar | None = None,
    after: Node | Scalar | None = None,
    lang: Lang = DEFAULT_LANG,
) -> str:
    """What a refinement did, in words: 'Added: …', 'Changed: … → …'.

    ``after`` is the rule added or chosen, ``before`` the rule removed; 'changed' uses both. A
    plain value (a swapped city, an option's label) is shown as written.
    """
    ctx = LabelContext.of(catalog, lang)

    def text(part: Node | Scalar | None) -> str:
        if part is None or isinstance(part, str | int | float | bool):
            return "" if part is None else str(part)
        return _describe(part, ctx)

    rule = after if after is not None else before
    return ctx.words.changes[verb].format(rule=text(rule), before=text(before), after=text(after))
