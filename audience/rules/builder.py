"""The condition builder's model: one condition as a person picks it, and what the catalog offers.

A ``ConditionDraft`` is a top-level condition in the builder's terms — a customer property, an
activity the customer has done ("placed an order 2 times in the last 6 months, in store"), or a
score or status — included or excluded. ``to_node`` turns it into a rule-tree node and
``draft_from_node`` reads a node back, so the chat and the builder edit the same tree.

What is offered comes from the catalog: properties of the profile and its 1:1 tables, never a
personal-data or sensitive column, never a key; events and their dimensions and measures;
indicators. Operators come from the operator registry (``operators_for``) and read in words
(``op_words``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from pydantic import BaseModel, ConfigDict

from audience.rules.describe_words import describe_words
from audience.rules.operators import AGGREGATE_OPS, operators_for
from audience.rules.tree import (
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
    SegmentRef,
    TimeUnit,
    Value,
    Window,
    WindowKind,
)
from audience.rules.values import INDICATOR_TYPES, indicator_operand
from languages import DEFAULT_LANG, Lang
from schema_catalog import Catalog, Column, ColumnType, Relationship, TableKind

COUNT_OPS: tuple[Op, ...] = (Op.GTE, Op.LTE, Op.EQ)
"""How many times: at least, at most, exactly."""

ACTIVITY_FUNCS: tuple[AggregateFunc, ...] = (AggregateFunc.COUNT, AggregateFunc.SUM)
"""What the builder measures over the events: how many times, or the total of a measure."""

RELATIVE_WINDOWS = frozenset({"last", "next"})
"""Window kinds given as N units from as_of (a kind only appears once the rule tree has it)."""


class ConditionKind(StrEnum):
    """The three kinds of condition the builder makes."""

    PROPERTY = "property"
    """A customer property: a profile column or a column of a table joined one-to-one."""
    ACTIVITY = "activity"
    """Something the customer has done: events, filtered, in a window, counted or summed."""
    INDICATOR = "indicator"
    """A business score or status from the catalog."""


class ConditionDraft(BaseModel):
    """One top-level condition as the builder holds it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ConditionKind
    target: str
    """``table.column`` (property), an event table (activity) or an indicator name."""
    exclude: bool = False
    """True keeps the people who do NOT match."""
    op: Op = Op.EQ
    """The comparison: on the property or indicator, or on the activity's count or total."""
    value: Value = None
    """The property's or indicator's value; the activity's number of times or total."""
    unit: TimeUnit | None = None
    """A property compared with 'within the last': the unit of N."""
    key: str | None = None
    """An indicator with a dimension: which value (e.g. 'shoes')."""
    func: AggregateFunc = AggregateFunc.COUNT
    measure: str | None = None
    """The measure summed when ``func`` is 'sum', e.g. 'amount'."""
    window: Window | None = None
    """When the activity happened; None for any time."""
    filters: tuple[Condition, ...] = ()

    def to_node(self) -> Node:
        """The rule-tree node this draft stands for (validate it against the catalog)."""
        match self.kind:
            case ConditionKind.PROPERTY:
                return Attribute(
                    field=self.target, op=self.op, value=self.value, unit=self.unit,
                    negate=self.exclude,
                )  # fmt: skip
            case ConditionKind.INDICATOR:
                return IndicatorRule(
                    indicator=self.target, key=self.key, op=self.op, value=self.value,
                    negate=self.exclude,
                )  # fmt: skip
            case ConditionKind.ACTIVITY:
                return self._behavior()

    def _behavior(self) -> Behavior:
        threshold = self.value if isinstance(self.value, int | float) else 1
        aggregate = Aggregate(func=self.func, measure=self.measure, op=self.op, value=threshold)
        return Behavior(
            event=self.target, filters=self.filters, window=self.window, aggregate=aggregate,
            negate=self.exclude,
        )  # fmt: skip


def draft_from_node(node: Node) -> ConditionDraft | None:
    """The builder's view of a top-level node; None when the builder cannot edit it (groups,
    segments, reachability, or an activity measured another way: edit those in the chat).

    >>> from audience.rules.tree import Attribute
    >>> draft_from_node(Attribute(field="customers.city", op="eq", value="Lyon")).target
    'customers.city'
    """
    match node:
        case Attribute():
            return ConditionDraft(
                kind=ConditionKind.PROPERTY, target=node.field, op=node.op, value=node.value,
                unit=node.unit, exclude=node.negate,
            )  # fmt: skip
        case IndicatorRule():
            return ConditionDraft(
                kind=ConditionKind.INDICATOR, target=node.indicator, op=node.op,
                value=node.value, key=node.key, exclude=node.negate,
            )  # fmt: skip
        case Behavior():
            return _activity_draft(node)
        case SegmentRef() | Reachable() | Group():
            return None
        case _:
            assert_never(node)


def _activity_draft(node: Behavior) -> ConditionDraft | None:
    aggregate = node.aggregate
    if aggregate.func not in ACTIVITY_FUNCS:
        return None
    return ConditionDraft(
        kind=ConditionKind.ACTIVITY, target=node.event, op=aggregate.op, value=aggregate.value,
        func=aggregate.func, measure=aggregate.measure, window=node.window, filters=node.filters,
        exclude=node.negate,
    )  # fmt: skip


def new_draft(catalog: Catalog, kind: ConditionKind) -> ConditionDraft:
    """A fresh draft of ``kind`` on the first thing the catalog offers for it."""
    match kind:
        case ConditionKind.PROPERTY:
            field = property_fields(catalog)[0]
            _, column = catalog.column(field)
            value = _first_value(column.type, column.allowed_values)
            return ConditionDraft(kind=kind, target=field, op=Op.EQ, value=value)
        case ConditionKind.INDICATOR:
            indicator = catalog.indicator(indicator_names(catalog)[0])
            value = _first_value(INDICATOR_TYPES[indicator.type], indicator.allowed_values)
            key = indicator.dimension.allowed_values[0] if indicator.dimension else None
            return ConditionDraft(kind=kind, target=indicator.name, op=Op.EQ, value=value, key=key)
        case ConditionKind.ACTIVITY:
            window = Window(type=WindowKind.LAST, amount=30, unit=TimeUnit.DAY)
            return ConditionDraft(
                kind=kind, target=activity_events(catalog)[0], op=Op.GTE, value=1, window=window
            )


_FIRST_VALUES: dict[ColumnType, Value] = {
    ColumnType.BOOLEAN: True, ColumnType.INTEGER: 0, ColumnType.DECIMAL: 0.0,
    ColumnType.STRING: "", ColumnType.DATE: None, ColumnType.TIMESTAMP: None,
}  # fmt: skip


def _first_value(column_type: ColumnType, allowed: tuple[str, ...] | None) -> Value:
    """What a new condition starts from: the first allowed value, else a neutral one."""
    return allowed[0] if allowed else _FIRST_VALUES[column_type]


def offered(column: Column) -> bool:
    """A column the builder offers: neither personal data nor a sensitive category."""
    return not (column.pii or column.sensitive)


def property_fields(catalog: Catalog) -> list[str]:
    """``table.column`` of every property one can filter on: profile and one-to-one tables, no
    keys, no join columns, no personal or sensitive data; a snapshot indicator's own table is
    offered as that indicator instead. The profile's own columns come first."""
    fields = []
    indicator_tables = {i.table for i in catalog.indicators if i.table}
    for table in sorted(catalog.tables, key=lambda t: t.kind is not TableKind.PROFILE):
        if (
            table.kind is TableKind.EVENT
            or table.name in indicator_tables
            or (table.join is not None and table.join.relationship is not Relationship.ONE_TO_ONE)
        ):
            continue
        hidden = {catalog.profile.key, table.key, table.join.column if table.join else None}
        fields += [
            f"{table.name}.{c.name}" for c in table.columns if c.name not in hidden and offered(c)
        ]
    return fields


def activity_events(catalog: Catalog) -> list[str]:
    """The event tables: what a customer can have done."""
    return [table.name for table in catalog.event_tables]


def filter_fields(catalog: Catalog, event: str) -> list[str]:
    """The dimensions one can filter an event on (column names of the event table)."""
    table = catalog.table(event)
    return [name for name in table.dimensions if offered(table.column(name))]


def measures(catalog: Catalog, event: str) -> list[str]:
    """The measures one can total over an event (column names of the event table)."""
    table = catalog.table(event)
    return [name for name in table.measures if offered(table.column(name))]


def indicator_names(catalog: Catalog) -> list[str]:
    """The indicators one can filter on (sensitive ones left out)."""
    return [i.name for i in catalog.indicators if not i.sensitive]


def property_operators(catalog: Catalog, dotted: str) -> list[Op]:
    """The operators a property accepts, from the operator registry."""
    _, column = catalog.column(dotted)
    return operators_for(column.type, categorical=column.is_categorical)


def indicator_operators(catalog: Catalog, name: str) -> list[Op]:
    """The operators an indicator accepts."""
    operand = indicator_operand(catalog.indicator(name))
    return operators_for(operand.type, categorical=operand.allowed_values is not None)


def activity_operators() -> list[Op]:
    """How an activity's count or total compares: at least, at most, exactly."""
    return [op for op in COUNT_OPS if op in AGGREGATE_OPS]


def relative_windows() -> list[WindowKind]:
    """The window kinds given as N units from as_of ('in the last', and 'in the next' when the
    rule tree has it)."""
    return [kind for kind in WindowKind if kind.value in RELATIVE_WINDOWS]


def op_words(op: Op, lang: Lang = DEFAULT_LANG) -> str:
    """The operator alone, in words, from the language pack's operator phrases.

    >>> op_words(Op.IN), op_words(Op.GTE, "fr")
    ('is one of', "est d'au moins")
    """
    return " ".join(describe_words(lang).operator(op).format(field="", value="").split())


def quantity_words(op: Op, lang: Lang = DEFAULT_LANG) -> str:
    """A threshold's comparison alone, in words: 'at least', 'au plus'.

    >>> quantity_words(Op.LTE)
    'at most'
    """
    return " ".join(describe_words(lang).quantity(op).format(value="").split())


def unit_words(unit: TimeUnit, lang: Lang = DEFAULT_LANG) -> str:
    """A time unit in words, as a count of several reads it: 'months', 'Monate'.

    >>> unit_words(TimeUnit.MONTH), unit_words(TimeUnit.DAY, "fr")
    ('months', 'jours')
    """
    return describe_words(lang).units[unit][1]
