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
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, StrictBool, model_validator

from audience.errors import RulePathError
from audience.rules.bounds import bounded_share, check_tree_size
from audience.rules.parts import (
    Aggregate,
    AggregateFunc,
    Condition,
    Day,
    Name,
    Op,
    Scalar,
    TimeUnit,
    TreePart,
    Value,
    Window,
    WindowKind,
)
from audience.rules.ranking import Ranking
from languages import say
from schema_catalog import ChannelName

__all__ = [
    "NODE_KINDS",
    "SCHEMA_VERSION",
    "Aggregate",
    "AggregateFunc",
    "Attribute",
    "Behavior",
    "Condition",
    "Day",
    "Group",
    "IndicatorRule",
    "Name",
    "Node",
    "Op",
    "Reachable",
    "RulePath",
    "RuleTree",
    "Scalar",
    "SegmentRef",
    "TimeUnit",
    "TreePart",
    "Value",
    "Window",
    "WindowKind",
    "rule_tree_from_json",
    "value_items",
    "walk_node",
]

SCHEMA_VERSION: Literal[1] = 1


class Attribute(TreePart):
    """A condition on a profile column or a column of a table joined to the profile."""

    kind: Literal["attribute"] = "attribute"
    field: Name
    """'table.column' from the catalog, e.g. 'customers.loyalty_tier'."""
    op: Op
    """Operator, e.g. 'eq', 'in', 'gte', 'between', 'within_last', 'is_set'."""
    value: Value = None
    """A scalar, a list for 'in'/'not_in', [low, high] for 'between', N for 'within_last' and
    'within_next'; null for 'is_set'/'is_not_set'. Dates as 'YYYY-MM-DD'. Birthdays and other
    yearly dates: 'anniversary_within_next' N (the month and day come round in the next N
    units) or 'anniversary_between' ['2026-12-01', '2026-12-31']. Example: 'vip'."""
    unit: TimeUnit | None = None
    """Only with 'within_last'/'within_next'/'anniversary_within_next': the unit of N."""
    negate: StrictBool = False
    """True selects the profiles that do NOT match."""


class Behavior(TreePart):
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


class IndicatorRule(TreePart):
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


class SegmentRef(TreePart):
    """A saved segment, by name; resolved when compiled."""

    kind: Literal["segment"] = "segment"
    segment: Name
    """Name of a saved segment."""
    negate: StrictBool = False
    """True selects the profiles NOT in the segment."""


class Reachable(TreePart):
    """Reachable on a channel: consented, not suppressed, and with a contact for it."""

    kind: Literal["reachable"] = "reachable"
    channel: ChannelName
    """A channel declared in the catalog, e.g. 'email'."""
    negate: StrictBool = False
    """True selects the profiles NOT reachable on the channel."""


class Group(TreePart):
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

NODE_KINDS: tuple[type[TreePart], ...] = get_args(get_args(Node)[0])
"""Every node class of the ``Node`` union; tests check each dispatch table against it."""


class RuleTree(TreePart):
    """An audience definition: the root group plus audience-level options."""

    schema_version: Literal[1] = SCHEMA_VERSION
    """Always 1."""
    root: Group
    """Top-level group; its rules are the conditions shown one per line."""
    channel: ChannelName | None = None
    """The catalog channel the audience is for, e.g. 'email'; null for analysis only."""
    limit: int | None = None
    """Keep at most this many profiles: the first by 'ranking', else by profile key; null for
    all. Example: 1000 for 'the top 1,000 customers by spend'."""
    sample_share: Annotated[float, AfterValidator(bounded_share)] | None = None
    """Keep this random share (0 < x ≤ 1, deterministic); null for all."""
    ranking: Ranking | None = None
    """With 'limit': which profiles come first ('the top 1,000 by total spend'); null keeps the
    first by profile key. Ranking applies after every rule and, when 'channel' is set, after
    reachability on it, so 'the top 1,000 reachable by email' holds 1,000 emailable people."""

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
        """Sorted, compact JSON; a tree without a ranking writes what it wrote before rankings
        existed, so its fingerprint (and every approval bound to it) is unchanged."""
        dumped = self.model_dump(mode="json")
        if dumped["ranking"] is None:
            del dumped["ranking"]
        return json.dumps(dumped, sort_keys=True, separators=(",", ":"))

    def ranked_for(self, channel: str | None) -> RuleTree:
        """This tree as an audience for ``channel``: a ranked tree takes the channel (its top N
        are ranked among the profiles reachable there); any other tree comes back unchanged.

        >>> RuleTree(root=Group()).ranked_for("email").channel is None
        True
        """
        if self.ranking is None or channel is None or self.channel == channel:
            return self
        return self.updated(channel=channel)

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
