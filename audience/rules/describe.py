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
    DescribeWords,
    describe_words,
    quote_value,
    value_text,
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
from languages import DEFAULT_LANG, Lang
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


@dataclass(frozen=True)
class _Ctx:
    catalog: Catalog
    words: DescribeWords
    lang: Lang

    @classmethod
    def of(cls, catalog: Catalog, lang: Lang) -> _Ctx:
        return cls(catalog, describe_words(lang), lang)


def _humanise(name: str) -> str:
    return name.replace("_", " ")


def _table_label(ctx: _Ctx, name: str) -> str:
    """The table's label in the language, else its humanised name."""
    if not ctx.catalog.has_table(name):
        return _humanise(name)
    return ctx.catalog.table(name).label_in(ctx.lang, _humanise(name))


def _column_label(ctx: _Ctx, table: str, column: str) -> str:
    """The column's label in the language, else its humanised name."""
    if not ctx.catalog.has_table(table) or not ctx.catalog.table(table).has_column(column):
        return _humanise(column)
    return ctx.catalog.table(table).column(column).label_in(ctx.lang, _humanise(column))


def _field_label(ctx: _Ctx, dotted: str) -> str:
    table, _, column = dotted.partition(".")
    if table == ctx.catalog.profile.table:
        return _column_label(ctx, table, column)
    return f"{_column_label(ctx, table, column)} ({_table_label(ctx, table)})"


def field_label(catalog: Catalog, dotted: str, lang: Lang = DEFAULT_LANG) -> str:
    """How a ``table.column`` reads to a marketer: its label (profile columns without their
    table), else its humanised name.

    >>> from schema_catalog import load_catalog
    >>> field_label(load_catalog(), "customers.loyalty_tier", "fr")
    'niveau de fidélité'
    """
    return _field_label(_Ctx.of(catalog, lang), dotted)


def field_values(catalog: Catalog, dotted: str, lang: Lang = DEFAULT_LANG) -> dict[str, str]:
    """The values of a ``table.column`` that have a label in ``lang``: {stored: label}.

    >>> from schema_catalog import load_catalog
    >>> field_values(load_catalog(), "customers.loyalty_tier", "de")["silver"]
    'Silber'
    """
    table, _, column = dotted.partition(".")
    return _column_values(_Ctx.of(catalog, lang), table, column)


def event_label(catalog: Catalog, event: str, lang: Lang = DEFAULT_LANG) -> str:
    """How an event table reads to a marketer: its label, e.g. 'commandes'."""
    return _table_label(_Ctx.of(catalog, lang), event)


def column_label(catalog: Catalog, table: str, column: str, lang: Lang = DEFAULT_LANG) -> str:
    """How one column of a table reads to a marketer: its label, e.g. 'store city'."""
    return _column_label(_Ctx.of(catalog, lang), table, column)


def indicator_label(catalog: Catalog, name: str, lang: Lang = DEFAULT_LANG) -> str:
    """How an indicator reads to a marketer: its label in ``lang``, else its label, else its name.

    >>> from schema_catalog import load_catalog
    >>> indicator_label(load_catalog(), "churn_risk"), indicator_label(load_catalog(), "x")
    ('Churn risk', 'x')
    """
    known = {indicator.name: indicator for indicator in catalog.indicators}
    indicator = known.get(name)
    return (indicator.labels.get(lang) or indicator.label) if indicator else name


def _column_values(ctx: _Ctx, table: str, column: str) -> dict[str, str]:
    """The column's values that have a label in the language, with that label."""
    if not ctx.catalog.has_table(table) or not ctx.catalog.table(table).has_column(column):
        return {}
    return ctx.catalog.table(table).column(column).value_labels_in(ctx.lang)


def _column_unit(ctx: _Ctx, table: str, column: str) -> str | None:
    """The unit a column's numbers count in ('€'), when the catalog gives one."""
    if not ctx.catalog.has_table(table) or not ctx.catalog.table(table).has_column(column):
        return None
    return ctx.catalog.table(table).column(column).unit


def people_label(catalog: Catalog, lang: Lang = DEFAULT_LANG) -> str:
    """What the audience's members are called in ``lang``, capitalised: the catalog's profile
    label, or the language's default word.

    >>> from schema_catalog import load_catalog
    >>> people_label(load_catalog(), "fr"), people_label(load_catalog(), "de")
    ('Clients', 'Kunden')
    """
    return _people(_Ctx.of(catalog, lang))


def _people(ctx: _Ctx) -> str:
    """What members are called: the catalog's profile label, or the language's default word."""
    profile = ctx.catalog.profile
    named = profile.label != "customer" or profile.plural is not None
    if named or ctx.lang in profile.labels or ctx.lang in profile.plurals:
        people = profile.people(ctx.lang)
        return people[:1].upper() + people[1:]
    return ctx.words.people


def _day(value: Any) -> str:
    return str(value)


def _span(ctx: _Ctx, start: Any, stop: Any) -> str:
    """Whole days when the bounds are midnights (the last day inclusive); otherwise the
    instants themselves, as with ``as_of: latest`` at the newest event's time."""
    if all(bound is None or bound.time() == time(0) for bound in (start, stop)):
        first = start.date().isoformat() if start else "…"
        last = (stop - timedelta(days=1)).date().isoformat() if stop else "…"
        return f"({first} → {last})"
    first, last = (instant_text(b) if b else "…" for b in (start, stop))
    return f"({first} → {last} UTC)"


def _amount(ctx: _Ctx, amount: int, unit: TimeUnit | None) -> str:
    return ctx.words.amount(amount, unit)


def _value_text(
    ctx: _Ctx, op: Op, value: Any, unit: TimeUnit | None, measure_unit: str | None = None,
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
    ctx: _Ctx, label: str, op: Op, value: Any, unit: TimeUnit | None = None,
    measure_unit: str | None = None, labels: dict[str, str] | None = None,
) -> str:  # fmt: skip
    """``label`` compared with ``value``; values with a label in ``labels`` are shown by it."""
    text = _value_text(ctx, op, value, unit, measure_unit, labels)
    return ctx.words.operator(op).format(field=label, value=text)


def _quantity(ctx: _Ctx, op: Op, value: Any, measure_unit: str | None = None) -> str:
    return ctx.words.quantity(op).format(value=_value_text(ctx, op, value, None, measure_unit))


def _negated(ctx: _Ctx, text: str, negate: bool) -> str:
    return ctx.words.negated.format(text=text) if negate else text


def window_text(window: Window, catalog: Catalog, lang: Lang = DEFAULT_LANG) -> str:
    """A window in words with its resolved bounds, e.g. 'in the last 6 months (… → …)'."""
    ctx = _Ctx.of(catalog, lang)
    start, stop = resolve_window(window, catalog.as_of)
    return f"{_window_head(ctx, window)} {_span(ctx, start, stop)}"


def _window_head(ctx: _Ctx, window: Window) -> str:
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


def _filter_text(ctx: _Ctx, event: str, condition: Condition) -> str:
    label = _column_label(ctx, event, condition.field)
    labels = _column_values(ctx, event, condition.field)
    return _comparison(ctx, label, condition.op, condition.value, condition.unit, labels=labels)


def _describe_attribute(node: Attribute, ctx: _Ctx) -> str:
    table, _, column = node.field.partition(".")
    label, money = _field_label(ctx, node.field), _column_unit(ctx, table, column)
    labels = _column_values(ctx, table, column)
    text = _comparison(ctx, label, node.op, node.value, node.unit, money, labels)
    return _negated(ctx, text, node.negate)


def _describe_behavior(node: Behavior, ctx: _Ctx) -> str:
    event = _table_label(ctx, node.event)
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
        unit = _column_unit(ctx, node.event, str(aggregate.measure))
        head = ctx.words.measure.format(
            func=ctx.words.funcs[aggregate.func],
            measure=_column_label(ctx, node.event, str(aggregate.measure)),
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


def _describe_indicator(node: IndicatorRule, ctx: _Ctx) -> str:
    known = {indicator.name: indicator for indicator in ctx.catalog.indicators}
    indicator = known.get(node.indicator)
    label = indicator_label(ctx.catalog, node.indicator, ctx.lang)
    if node.key is not None:
        label = ctx.words.keyed.format(label=label, key=_key_label(ctx, indicator, node.key))
    if indicator is not None and indicator.type is IndicatorType.BOOLEAN:
        truth = (node.value is True) == (node.op is Op.EQ)
        return _negated(ctx, label, node.negate == truth)
    money = indicator.unit if indicator else None
    labels = indicator.value_labels_in(ctx.lang) if indicator else None
    text = _comparison(ctx, label, node.op, node.value, measure_unit=money, labels=labels)
    return _negated(ctx, text, node.negate)


def _key_label(ctx: _Ctx, indicator: Indicator | None, key: str) -> str:
    """An indicator's dimension value ('shoes') as it reads in the language."""
    dimension = indicator.dimension if indicator else None
    shown = dimension.value_label(key, ctx.lang) if dimension else key
    return _humanise(shown)


def _channel_label(ctx: _Ctx, name: str) -> str:
    """The channel's label, or its name as written when the catalog lacks it."""
    return ctx.catalog.channel_label(name, ctx.lang)


def _describe_reachable(node: Reachable, ctx: _Ctx) -> str:
    label = _channel_label(ctx, node.channel)
    return _negated(ctx, ctx.words.reachable.format(channel=label), node.negate)


def _describe_segment(node: SegmentRef, ctx: _Ctx) -> str:
    return _negated(ctx, ctx.words.segment.format(name=node.segment), node.negate)


def _describe_group(node: Group, ctx: _Ctx) -> str:
    joiner = ctx.words.all_of if node.op == "and" else ctx.words.any_of
    inner = "; ".join(_describe(child, ctx) for child in node.rules) or ctx.words.nothing
    return _negated(ctx, f"({joiner}: {inner})", node.negate)


def _describe(node: Node, ctx: _Ctx) -> str:
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


def _options(tree: RuleTree, ctx: _Ctx) -> list[str]:
    words = ctx.words
    notes = []
    if tree.channel is not None:
        notes.append(words.channel.format(channel=_channel_label(ctx, tree.channel)))
    if tree.sample_share is not None:
        notes.append(words.sample.format(share=round(tree.sample_share * 100, 2)))
    if tree.limit is not None:
        notes.append(words.limit.format(limit=tree.limit, key=_humanise(ctx.catalog.profile.key)))
    return notes


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
    ctx = _Ctx.of(catalog, lang)
    root = tree.root
    lines = [
        DescribedRule(f"root.rules[{index}]", _describe(rule, ctx))
        for index, rule in enumerate(root.rules)
    ]
    people = _people(ctx)
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
    return _describe(node, _Ctx.of(catalog, lang))


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
    ctx = _Ctx.of(catalog, lang)

    def text(part: Node | Scalar | None) -> str:
        if part is None or isinstance(part, str | int | float | bool):
            return "" if part is None else str(part)
        return _describe(part, ctx)

    rule = after if after is not None else before
    return ctx.words.changes[verb].format(rule=text(rule), before=text(before), after=text(after))
