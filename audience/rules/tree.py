"""The rule tree: the one typed format every part of Perimeter speaks.

A closed set of node kinds joined in a discriminated union on ``kind``. Nodes are frozen and hold
tuples, never lists, so nothing in a tree can change in place. Edits make new, validated trees —
``RuleTree.with_rules``, ``add_rule``, ``replace_rule``, ``remove_rule``, ``transform`` and
``updated`` on any node — which gives undo and diffs for free. ``fingerprint()`` hashes the
canonical JSON, so two trees that mean the same text hash the same.

The JSON written by ``RuleTree.model_dump(mode="json")`` is the format ``perimeter ask`` prints and
``perimeter count`` / ``audience create --rules`` read; it carries ``schema_version``.

Field docstrings are written for the language model: they become the JSON-schema descriptions.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, model_validator

from audience.errors import RulePathError
from audience.rules.bounds import (
    bounded_aggregate_value,
    bounded_day,
    bounded_list,
    bounded_name,
    bounded_scalar,
    bounded_share,
    check_tree_size,
    check_window,
)
from languages import say
from schema_catalog import ChannelName

SCHEMA_VERSION: Literal[1] = 1

Scalar = Annotated[str | int | float | bool, AfterValidator(bounded_scalar)]
"""A finite, bounded number, a boolean, or a short text (see ``audience.rules.bounds``)."""
Value = Scalar | Annotated[tuple[Scalar, ...], AfterValidator(bounded_list)] | None
"""A rule's value: one scalar, a tuple of them ('in', 'between'), or None. JSON writes arrays."""
Name = Annotated[str, AfterValidator(bounded_name)]
"""A catalog name or a segment name: non-empty, short, no control characters."""
Day = Annotated[date, AfterValidator(bounded_day)]


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    def updated(self, **changes: object) -> Self:
        """A validated copy with ``changes`` applied (lists become tuples, bad values raise).

        >>> Window(type="last", amount=6, unit="month").updated(amount=12).amount
        12
        """
        kept = {name: getattr(self, name) for name in self.model_fields_set}
        return self.model_validate({**kept, **changes})

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Pydantic's copy, except that an ``update`` is validated (see ``updated``)."""
        copied = super().model_copy(deep=deep)
        return copied.updated(**update) if update else copied


class Op(StrEnum):
    """Comparison operators. Which types each accepts lives in ``audience.operators``."""

    EQ = "eq"
    NEQ = "neq"
    IN = "in"
    NOT_IN = "not_in"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"
    CONTAINS = "contains"
    STARTS_WITH = "starts_with"
    IS_SET = "is_set"
    IS_NOT_SET = "is_not_set"
    BEFORE = "before"
    AFTER = "after"
    WITHIN_LAST = "within_last"
    WITHIN_NEXT = "within_next"


class TimeUnit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Condition(_Node):
    """A comparison on one column. Used inside behaviour filters (column of the event table)."""

    field: Name
    """Column name of the event table, e.g. 'channel' or 'category'."""
    op: Op
    """Operator, e.g. 'eq', 'in', 'gte', 'between', 'within_last'."""
    value: Value = None
    """A scalar, a list for 'in'/'not_in', [low, high] for 'between', N for 'within_last' and
    'within_next'; null for 'is_set'/'is_not_set'. Dates as 'YYYY-MM-DD'. Example: 'store'."""
    unit: TimeUnit | None = None
    """Only with 'within_last'/'within_next': the unit of N, e.g. 'month'."""


class Attribute(_Node):
    """A condition on a profile column or a column of a table joined to the profile."""

    kind: Literal["attribute"] = "attribute"
    field: Name
    """'table.column' from the catalog, e.g. 'customers.loyalty_tier'."""
    op: Op
    """Operator, e.g. 'eq', 'in', 'gte', 'between', 'within_last', 'is_set'."""
    value: Value = None
    """A scalar, a list for 'in'/'not_in', [low, high] for 'between', N for 'within_last' and
    'within_next'; null for 'is_set'/'is_not_set'. Dates as 'YYYY-MM-DD'. Example: 'vip'."""
    unit: TimeUnit | None = None
    """Only with 'within_last'/'within_next': the unit of N, e.g. 'day'."""
    negate: StrictBool = False
    """True selects the profiles that do NOT match."""


class WindowKind(StrEnum):
    LAST = "last"
    NEXT = "next"
    BETWEEN = "between"
    BEFORE = "before"
    SINCE = "since"


class Window(_Node):
    """When the events happened (or will happen), resolved against the dataset's as_of.

    'last': the last ``amount`` ``unit``s before as_of. 'next': from as_of up to ``amount``
    ``unit``s after it (only on event tables whose events may lie ahead, e.g. bookings).
    'between': from ``start`` to ``end`` inclusive. 'before': strictly before ``end``.
    'since': on or after ``start``.
    """

    type: WindowKind
    """'last', 'next', 'between', 'before' or 'since'."""
    amount: int | None = None
    """With 'last' and 'next': how many units, e.g. 6."""
    unit: TimeUnit | None = None
    """With 'last' and 'next': 'day', 'week', 'month' or 'year'."""
    start: Day | None = None
    """With 'between' and 'since': first day included, 'YYYY-MM-DD'."""
    end: Day | None = None
    """With 'between': last day included; with 'before': first day excluded."""

    @model_validator(mode="after")
    def _bounded(self) -> Window:
        check_window(self.amount, self.unit)
        return self


class AggregateFunc(StrEnum):
    COUNT = "count"
    SUM = "sum"
    AVG = "avg"
    MIN = "min"
    MAX = "max"
    DAYS_SINCE_LAST = "days_since_last"


class Aggregate(_Node):
    """What to measure over the matching events, and the comparison it must pass.

    Over no events: count and sum are 0; avg, min, max and days_since_last are unknown and
    match nothing.
    """

    func: AggregateFunc = AggregateFunc.COUNT
    """'count' events, 'sum'/'avg'/'min'/'max' of a measure, or 'days_since_last' event."""
    measure: Name | None = None
    """Measure column for sum/avg/min/max, e.g. 'amount'; null for count/days_since_last."""
    op: Op = Op.GTE
    """Comparison: 'eq', 'neq', 'gt', 'gte', 'lt', 'lte' or 'between'."""
    value: Annotated[
        float | int | tuple[float | int, ...], AfterValidator(bounded_aggregate_value)
    ] = 1
    """Threshold, e.g. 2 for 'at least twice'; [low, high] for 'between'."""


class Behavior(_Node):
    """Something the customer did: events of an event table, filtered, in a window, aggregated."""

    kind: Literal["behavior"] = "behavior"
    event: Name
    """Event table from the catalog, e.g. 'orders', 'web_sessions', 'email_events'."""
    filters: tuple[Condition, ...] = ()
    """Conditions on the event's dimensions, e.g. channel eq 'store'. All must hold."""
    window: Window | None = None
    """When the events happened; null means any time."""
    aggregate: Aggregate = Aggregate()
    """Default: at least one matching event."""
    negate: StrictBool = False
    """True selects the profiles that do NOT match (e.g. 'have not bought')."""


class IndicatorRule(_Node):
    """A condition on a catalog indicator (a business status or score)."""

    kind: Literal["indicator"] = "indicator"
    indicator: Name
    """Indicator name from the catalog, e.g. 'churn_risk'."""
    key: Name | None = None
    """For indicators with a dimension: which value, e.g. 'shoes' for category_appetite."""
    op: Op = Op.EQ
    """Operator, e.g. 'eq', 'in', 'gte'."""
    value: Value = True
    """E.g. 'high', 0.7, or true for boolean indicators."""
    negate: StrictBool = False
    """True selects the profiles that do NOT match."""


class SegmentRef(_Node):
    """A saved segment, by name; resolved when compiled."""

    kind: Literal["segment"] = "segment"
    segment: Name
    """Name of a saved segment."""
    negate: StrictBool = False
    """True selects the profiles NOT in the segment."""


class Reachable(_Node):
    """Reachable on a channel: consented, not suppressed, and with a contact for it."""

    kind: Literal["reachable"] = "reachable"
    channel: ChannelName
    """A channel declared in the catalog, e.g. 'email'."""
    negate: StrictBool = False
    """True selects the profiles NOT reachable on the channel."""


class Group(_Node):
    """All ('and') or any ('or') of the rules inside."""

    kind: Literal["group"] = "group"
    op: Literal["and", "or"] = "and"
    """'and': every rule must hold; 'or': at least one."""
    rules: tuple[Node, ...] = ()
    """The rules of the group."""
    negate: StrictBool = False
    """True selects the profiles that do NOT match the whole group."""


Node = Annotated[
    Attribute | Behavior | IndicatorRule | SegmentRef | Reachable | Group,
    Field(discriminator="kind"),
]
Group.model_rebuild()

NODE_KINDS: tuple[type[_Node], ...] = get_args(get_args(Node)[0])
"""Every node class of the ``Node`` union; tests check each dispatch table against it."""


class RuleTree(_Node):
    """An audience definition: the root group plus audience-level options."""

    schema_version: Literal[1] = SCHEMA_VERSION
    """Always 1."""
    root: Group
    """Top-level group; its rules are the conditions shown one per line."""
    channel: ChannelName | None = None
    """The catalog channel the audience is for, e.g. 'email'; null for analysis only."""
    limit: int | None = None
    """Keep at most this many profiles (deterministic order); null for all."""
    sample_share: Annotated[float, AfterValidator(bounded_share)] | None = None
    """Keep this random share (0 < x ≤ 1, deterministic); null for all."""

    @model_validator(mode="after")
    def _small_enough(self) -> RuleTree:
        check_tree_size(self.root)
        return self

    def fingerprint(self) -> str:
        """sha256 of the canonical JSON.

        >>> a = RuleTree(root=Group(rules=()))
        >>> a.fingerprint() == RuleTree.model_validate(a.model_dump(mode="json")).fingerprint()
        True
        """
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()

    def canonical_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))

    def walk(self) -> Iterator[tuple[str, Node]]:
        """Every node with its path, depth first, root first: ``("root.rules[0]", node)``."""
        yield from walk_node(self.root, "root")

    def with_rules(self, rules: Iterable[Node]) -> RuleTree:
        """This tree with its top-level rules replaced.

        >>> RuleTree(root=Group()).with_rules([Reachable(channel="email")]).root.rules[0].kind
        'reachable'
        """
        return self.updated(root=self.root.updated(rules=tuple(rules)))

    def add_rule(self, node: Node, group: RulePath = "root") -> RuleTree:
        """This tree with ``node`` appended to the group at ``group`` (the root by default)."""
        return self._edit_group(_indexes(group), group, lambda rules: (*rules, node))

    def replace_rule(self, path: RulePath, node: Node) -> RuleTree:
        """This tree with the rule at ``path`` replaced by ``node``.

        ``path`` is a path as ``walk()`` yields it (``"root.rules[1].rules[0]"``) or the index of a
        top-level rule.
        """
        parent, index = _split(path)
        return self._edit_group(parent, path, lambda rules: _with_item(rules, index, path, node))

    def remove_rule(self, path: RulePath) -> RuleTree:
        """This tree without the rule at ``path`` (a ``walk()`` path or a top-level index)."""
        parent, index = _split(path)
        return self._edit_group(parent, path, lambda rules: _with_item(rules, index, path, None))

    def transform(self, edit: Callable[[Node], Node]) -> RuleTree:
        """This tree with ``edit`` applied to every node, children before their group.

        ``edit`` returns the node unchanged or a replacement; the root must stay a group.
        """
        return self.updated(root=_transform(self.root, edit))

    def _edit_group(
        self,
        steps: tuple[int, ...],
        path: RulePath,
        edit: Callable[[tuple[Node, ...]], tuple[Node, ...]],
    ) -> RuleTree:
        """Apply ``edit`` to the rules of the group ``steps`` leads to (``path`` for errors)."""
        return self.updated(root=_edit_at(self.root, steps, edit, path))


RulePath = str | int
"""Where a rule sits: a path as ``RuleTree.walk()`` yields it, or the index of a top-level rule."""

_PATH = re.compile(r"root((?:\.rules\[\d+\])*)")
_STEP = re.compile(r"\[(\d+)\]")


def _indexes(path: RulePath) -> tuple[int, ...]:
    if isinstance(path, int):
        return (path,)
    match = _PATH.fullmatch(path)
    if match is None:
        raise RulePathError(path, say("not_a_rule_path", path=repr(path)))
    return tuple(int(step) for step in _STEP.findall(match.group(1)))


def _split(path: RulePath) -> tuple[tuple[int, ...], int]:
    """The steps to the parent group of ``path`` and the rule's index in it."""
    steps = _indexes(path)
    if not steps:
        raise RulePathError(path, say("root_is_not_a_rule"))
    return steps[:-1], steps[-1]


def _edit_at(
    group: Group,
    steps: tuple[int, ...],
    edit: Callable[[tuple[Node, ...]], tuple[Node, ...]],
    path: RulePath,
) -> Group:
    if not steps:
        return group.updated(rules=edit(group.rules))
    head, rest = steps[0], steps[1:]
    child = group.rules[head] if 0 <= head < len(group.rules) else None
    if not isinstance(child, Group):
        raise RulePathError(path, say("no_group_at", path=repr(path), step=str(head)))
    edited = _edit_at(child, rest, edit, path)
    return group.updated(rules=_with_item(group.rules, head, path, edited))


def _with_item(
    rules: tuple[Node, ...], index: int, path: RulePath, node: Node | None
) -> tuple[Node, ...]:
    """``rules`` with item ``index`` replaced by ``node`` (or dropped when ``node`` is None)."""
    if not 0 <= index < len(rules):
        raise RulePathError(path, say("no_rule_at", path=repr(path), rules=len(rules)))
    return (*rules[:index], *(() if node is None else (node,)), *rules[index + 1 :])


def _transform(node: Node, edit: Callable[[Node], Node]) -> Node:
    if isinstance(node, Group):
        node = node.updated(rules=tuple(_transform(child, edit) for child in node.rules))
    return edit(node)


def walk_node(node: Node, path: str) -> Iterator[tuple[str, Node]]:
    """``node`` and every node below it with its path, depth first (see ``RuleTree.walk``)."""
    yield path, node
    if isinstance(node, Group):
        for index, child in enumerate(node.rules):
            yield from walk_node(child, f"{path}.rules[{index}]")


def value_items(value: Value) -> tuple[Scalar, ...]:
    """A rule value as a tuple of scalars: one item for a scalar, none for None.

    >>> value_items("vip"), value_items(("fr", "be")), value_items(None)
    (('vip',), ('fr', 'be'), ())
    """
    if isinstance(value, tuple):
        return value
    return () if value is None else (value,)


def rule_tree_from_json(text: str | bytes) -> RuleTree:
    """Parse the JSON format; raises pydantic ``ValidationError`` on a malformed tree."""
    return RuleTree.model_validate_json(text)
