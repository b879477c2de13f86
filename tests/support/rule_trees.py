"""Hypothesis strategies of valid rule trees over the demo catalog, with the saved segments they
reference: shared by the compiler's property test and the cross-engine differential test."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import strategies as st

from audience.rules import (
    RANKING_FUNCS,
    Aggregate,
    AggregateFunc,
    Attribute,
    Behavior,
    BehaviorMeasure,
    Condition,
    FieldMeasure,
    Group,
    IndicatorMeasure,
    IndicatorRule,
    Op,
    RankDirection,
    Ranking,
    Reachable,
    RuleTree,
    SegmentRef,
    Window,
)
from audience.rules.operators import AGGREGATE_OPS, operators_for
from audience.validate import rankable_fields, validate_rules
from schema_catalog import (
    Catalog,
    Column,
    ColumnType,
    TableKind,
    UnknownValues,
    has_errors,
    load_catalog,
)


def _generator_catalog() -> Catalog:
    """The demo catalog, personal-data flags off (text operators on names are compiled here; the
    policy is tested elsewhere) and its age floor at 1 year with unknown birth dates protected:
    random birth dates span ~900 days, so the floor protects a fair share of the profiles."""
    from tests.support.catalogs import without_pii

    demo = without_pii(load_catalog())
    floor = demo.targeting.restrictions[0].model_copy(
        update={"min_years": 1, "unknown": UnknownValues.EXCLUDE}
    )
    targeting = demo.targeting.model_copy(update={"restrictions": (floor,)})
    return demo.model_copy(update={"targeting": targeting})


CATALOG = _generator_catalog()
AS_OF = CATALOG.as_of.date()
SEGMENTS = {
    "vip": RuleTree(root=Group(rules=[Attribute(field="customers.loyalty_tier", op=Op.EQ,
                                                value="vip")])),
    "buyers_sample": RuleTree(root=Group(rules=[Behavior(event="orders")]), limit=5),
}  # fmt: skip

ATTRIBUTE_COLUMNS = [
    (table, column)
    for table in CATALOG.tables
    if table.kind is not TableKind.EVENT and not table.name.startswith("ind_")
    for column in table.columns
    if column.name != (table.join.column if table.join else CATALOG.profile.key)  # keys: policy
]
DAYS = st.integers(min_value=-800, max_value=10).map(lambda n: (AS_OF + timedelta(n)).isoformat())
UNITS = st.sampled_from(["day", "week", "month", "year"])


def _scalar(column: Column) -> st.SearchStrategy[Any]:
    if column.allowed_values:
        return st.sampled_from(column.allowed_values)
    return {
        ColumnType.STRING: st.sampled_from(["", "a", "ab", "A", "b'c", "x", "zz"]),
        ColumnType.INTEGER: st.integers(min_value=-1, max_value=7),
        ColumnType.DECIMAL: st.sampled_from([0.0, 0.5, 0.7, 1.0, 50.0, 120.5, 500.0, 1e9]),
        ColumnType.BOOLEAN: st.booleans(),
        ColumnType.DATE: DAYS,
        ColumnType.TIMESTAMP: DAYS,
    }[column.type]


@st.composite
def operand(draw: st.DrawFn, column: Column) -> tuple[Op, Any, Any]:
    op = draw(st.sampled_from(operators_for(column.type, categorical=column.is_categorical)))
    value: Any = None
    unit = None
    if op in (Op.IN, Op.NOT_IN):
        value = draw(st.lists(_scalar(column), min_size=1, max_size=3))
    elif op is Op.BETWEEN:
        value = sorted(draw(st.lists(_scalar(column), min_size=2, max_size=2)))
    elif op is Op.ANNIVERSARY_BETWEEN:  # spans that wrap the year, hold a 28 Feb, or all of it
        first = AS_OF + timedelta(draw(st.integers(min_value=-700, max_value=400)))
        last = first + timedelta(draw(st.sampled_from([0, 6, 30, 75, 200, 364, 365, 400])))
        value = [first.isoformat(), last.isoformat()]
    elif op in (Op.WITHIN_LAST, Op.WITHIN_NEXT, Op.ANNIVERSARY_WITHIN_NEXT):
        value, unit = draw(st.integers(min_value=1, max_value=30)), draw(UNITS)
    elif op not in (Op.IS_SET, Op.IS_NOT_SET):
        value = draw(_scalar(column))
    return op, value, unit


@st.composite
def attributes(draw: st.DrawFn) -> Attribute:
    table, column = draw(st.sampled_from(ATTRIBUTE_COLUMNS))
    op, value, unit = draw(operand(column))
    return Attribute(field=f"{table.name}.{column.name}", op=op, value=value, unit=unit,
                     negate=draw(st.booleans()))  # fmt: skip


@st.composite
def windows(draw: st.DrawFn) -> Window | None:
    kind = draw(st.sampled_from(["none", "last", "between", "before", "since"]))
    if kind == "none":
        return None
    if kind == "last":
        return Window(type="last", amount=draw(st.integers(1, 24)), unit=draw(UNITS))
    start, end = sorted(draw(st.lists(st.integers(-800, -1), min_size=2, max_size=2)))
    days = {"start": AS_OF + timedelta(start), "end": AS_OF + timedelta(end)}
    fields = {"between": days, "before": {"end": days["end"]}, "since": {"start": days["start"]}}
    return Window(type=kind, **fields[kind])


@st.composite
def aggregates(draw: st.DrawFn, measures: tuple[str, ...]) -> Aggregate:
    funcs = ["count", "days_since_last"] + (["sum", "avg", "min", "max"] if measures else [])
    func = draw(st.sampled_from(funcs))
    op = draw(st.sampled_from(sorted(AGGREGATE_OPS)))
    numbers = (
        st.integers(0, 3)
        if func in ("count", "days_since_last")
        else st.sampled_from([0, 1, 2.5, 60, 150, 1000])
    )
    if func == "days_since_last":
        numbers = st.integers(0, 400)
    value: Any = (
        sorted(draw(st.lists(numbers, min_size=2, max_size=2)))
        if op is Op.BETWEEN
        else draw(numbers)
    )
    measure = draw(st.sampled_from(measures)) if func in ("sum", "avg", "min", "max") else None
    return Aggregate(func=func, measure=measure, op=op, value=value)


@st.composite
def behaviors(draw: st.DrawFn) -> Behavior:
    table = draw(st.sampled_from(CATALOG.event_tables))
    filters = []
    for name in draw(st.lists(st.sampled_from([*table.dimensions, *table.measures]), max_size=2)):
        op, value, unit = draw(operand(table.column(name)))
        filters.append(Condition(field=name, op=op, value=value, unit=unit))
    return Behavior(
        event=table.name,
        filters=filters,
        window=draw(windows()),
        aggregate=draw(aggregates(table.measures)),
        negate=draw(st.booleans()),
    )


@st.composite
def indicators(draw: st.DrawFn) -> IndicatorRule:
    spec = draw(st.sampled_from(CATALOG.indicators))
    key = draw(st.sampled_from(spec.dimension.allowed_values)) if spec.dimension else None
    negate = draw(st.booleans())
    if spec.type == "boolean":
        return IndicatorRule(
            indicator=spec.name,
            op=draw(st.sampled_from([Op.EQ, Op.NEQ])),
            value=draw(st.booleans()),
            negate=negate,
        )
    kind = ColumnType.STRING if spec.type == "category" else ColumnType.DECIMAL
    column = Column(name="value", type=kind, allowed_values=spec.allowed_values)
    if kind is ColumnType.DECIMAL:
        column = Column(name="value", type=ColumnType.INTEGER)
    op, value, _ = draw(operand(column))
    scaled = spec.name != "age" and kind is ColumnType.DECIMAL
    if scaled and isinstance(value, list):
        value = [v / 4 for v in value]
    elif scaled and isinstance(value, int):
        value = value / 4
    return IndicatorRule(indicator=spec.name, key=key, op=op, value=value, negate=negate)


LEAVES = st.one_of(
    attributes(), behaviors(), indicators(),
    st.builds(Reachable, channel=st.sampled_from(["email", "sms", "push"]), negate=st.booleans()),
    st.builds(SegmentRef, segment=st.sampled_from(sorted(SEGMENTS)), negate=st.booleans()),
)  # fmt: skip


def _group(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Group]:
    return st.builds(
        Group,
        op=st.sampled_from(["and", "or"]),
        rules=st.lists(children, min_size=1, max_size=3),
        negate=st.booleans(),
    )


@st.composite
def behavior_measures(draw: st.DrawFn) -> BehaviorMeasure:
    table = draw(st.sampled_from(CATALOG.event_tables))
    filters = []
    for name in draw(st.lists(st.sampled_from([*table.dimensions, *table.measures]), max_size=1)):
        op, value, unit = draw(operand(table.column(name)))
        filters.append(Condition(field=name, op=op, value=value, unit=unit))
    funcs = [f for f in RANKING_FUNCS if f is AggregateFunc.COUNT or table.measures]
    func = draw(st.sampled_from(funcs))
    measure = None if func is AggregateFunc.COUNT else draw(st.sampled_from(table.measures))
    window = draw(windows())
    return BehaviorMeasure(event=table.name, filters=filters, window=window, func=func,
                           measure=measure)  # fmt: skip


SCORES = [(i.name, i.dimension) for i in CATALOG.indicators if i.type == "number"]


@st.composite
def indicator_measures(draw: st.DrawFn) -> IndicatorMeasure:
    name, dimension = draw(st.sampled_from(SCORES))
    key = draw(st.sampled_from(dimension.allowed_values)) if dimension else None
    return IndicatorMeasure(indicator=name, key=key)


RANKINGS = st.builds(
    Ranking,
    by=st.one_of(
        st.builds(FieldMeasure, field=st.sampled_from(rankable_fields(CATALOG))),
        indicator_measures(),
        behavior_measures(),
    ),
    direction=st.sampled_from(list(RankDirection)),
)


@st.composite
def trees(draw: st.DrawFn) -> RuleTree:
    """A root group; sometimes a sample, a limit, and with a limit sometimes a ranking and a
    channel (a ranked audience for a channel ranks only the profiles reachable on it)."""
    limit = draw(st.one_of(st.none(), st.integers(1, 8)))
    ranking = draw(st.one_of(st.none(), RANKINGS)) if limit is not None else None
    channel = draw(st.sampled_from([None, "email", "sms"])) if ranking is not None else None
    return RuleTree(
        root=draw(_group(NODES)),
        sample_share=draw(st.one_of(st.none(), st.sampled_from([0.3, 0.5, 1.0]))),
        limit=limit,
        ranking=ranking,
        channel=channel,
    )


NODES = st.recursive(LEAVES, _group, max_leaves=6)
TREES = trees()


def _valid(tree: RuleTree) -> bool:
    return not has_errors(validate_rules(tree, CATALOG, segments=SEGMENTS))


VALID_TREES = TREES.filter(_valid)
"""Trees the validator accepts (a rule that can only select protected profiles is refused by
the targeting policy: ``restricted_target``)."""
