"""The validator: a tuple of small checks, each returning issues, each crash-isolated.

Modelled on dbt-semantic-interfaces ``validate_safely``: a check that raises becomes one
``internal_check_error`` issue instead of hiding every other finding. Issues carry a stable
``code`` and a ``path`` into the tree (``root.rules[1].filters[0].value``); tests assert on those.
The boundary decides whether to raise (``compile_rules`` raises ``RuleValidationError``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from audience.rules.operators import AGGREGATE_OPS
from audience.rules.tree import (
    AggregateFunc,
    Attribute,
    Behavior,
    Group,
    IndicatorRule,
    Node,
    Reachable,
    RuleTree,
    SegmentRef,
)
from audience.validate.nodes import (
    attribute_field,
    check_aggregate_value,
    check_filter,
    check_indicator_value,
    check_window,
)
from audience.validate.policy import check_personal_data, check_restricted, check_sensitive
from schema_catalog import (
    Catalog,
    Issue,
    Severity,
    TableKind,
    closest_hint,
    run_checks,
)
from schema_catalog import validate_safely as validate_check

MAX_DEPTH = 6
"""Deepest nesting of groups allowed (the root group is depth 1)."""
MAX_NODES = 60
"""Most nodes (groups and conditions) a tree may hold."""

N = TypeVar("N")


@dataclass(frozen=True)
class Context:
    """What every check may read."""

    tree: RuleTree
    catalog: Catalog
    segments: Mapping[str, RuleTree] | None = None
    nodes: list[tuple[str, Node]] = field(default_factory=list)


Check = Callable[[Context], list[Issue]]


def _nodes_of(context: Context, kind: type[N]) -> Iterator[tuple[str, N]]:
    for path, node in context.nodes:
        if isinstance(node, kind):
            yield path, node


def check_size(context: Context) -> list[Issue]:
    """``tree_too_deep`` / ``tree_too_large``."""
    issues = []
    depth = max(path.count(".rules[") + 1 for path, _ in context.nodes)
    if depth > MAX_DEPTH:
        issues.append(
            Issue(
                code="tree_too_deep",
                path="root",
                message=f"Groups are nested {depth} deep; at most {MAX_DEPTH} allowed.",
                hint="Flatten nested groups with the same operator.",
            )
        )
    if len(context.nodes) > MAX_NODES:
        issues.append(
            Issue(
                code="tree_too_large",
                path="root",
                message=f"The tree has {len(context.nodes)} nodes; at most {MAX_NODES} allowed.",
                hint="Split it into saved segments.",
            )
        )
    return issues


def check_groups(context: Context) -> list[Issue]:
    """``empty_group``: an error inside the tree, a warning at the root (it selects everyone)."""
    issues = []
    for path, group in _nodes_of(context, Group):
        if not group.rules:
            severity = Severity.WARNING if path == "root" else Severity.ERROR
            issues.append(
                Issue(
                    code="empty_group",
                    severity=severity,
                    path=f"{path}.rules",
                    message="The group has no rules.",
                    hint="Add a condition or remove the group.",
                )
            )
    return issues


def check_attributes(context: Context) -> list[Issue]:
    """Attribute field known, on the profile or an attribute table, operator and value fit."""
    issues: list[Issue] = []
    for path, node in _nodes_of(context, Attribute):
        issues += attribute_field(context.catalog, node, path)
    return issues


def check_behaviors(context: Context) -> list[Issue]:
    """Event known; filters on dimensions or measures; window possible; aggregate measurable."""
    issues: list[Issue] = []
    events = [t.name for t in context.catalog.event_tables]
    for path, node in _nodes_of(context, Behavior):
        if node.event not in events:
            issues.append(
                Issue(
                    code="unknown_event",
                    path=f"{path}.event",
                    message=f"Unknown event table {node.event!r}.",
                    hint=closest_hint(node.event, events) or f"Known events: {', '.join(events)}.",
                )
            )
            continue
        table = context.catalog.table(node.event)
        for index, condition in enumerate(node.filters):
            issues += check_filter(table, condition, f"{path}.filters[{index}]")
        if node.window is not None:
            issues += check_window(node.window, table, context.catalog.as_of, f"{path}.window")
        issues += _check_aggregate(context, node, path)
    return issues


def _check_aggregate(context: Context, node: Behavior, path: str) -> list[Issue]:
    aggregate = node.aggregate
    table = context.catalog.table(node.event)
    apath = f"{path}.aggregate"
    needs_measure = aggregate.func in (
        AggregateFunc.SUM,
        AggregateFunc.AVG,
        AggregateFunc.MIN,
        AggregateFunc.MAX,
    )
    if needs_measure and aggregate.measure is None:
        return [
            Issue(
                code="missing_value",
                path=f"{apath}.measure",
                message=f"{aggregate.func.value!r} needs a measure.",
                hint=f"Measures of {table.name}: {', '.join(table.measures) or 'none'}.",
            )
        ]
    if needs_measure and aggregate.measure not in table.measures:
        return [
            Issue(
                code="unknown_measure",
                path=f"{apath}.measure",
                message=f"{aggregate.measure!r} is not a measure of {table.name!r}.",
                hint=closest_hint(str(aggregate.measure), list(table.measures))
                or f"Measures: {', '.join(table.measures) or 'none (use count)'}.",
            )
        ]
    if aggregate.op not in AGGREGATE_OPS:
        return [
            Issue(
                code="operator_not_allowed",
                path=f"{apath}.op",
                message=f"Operator {aggregate.op.value!r} cannot compare an aggregate.",
                hint="Use eq, neq, gt, gte, lt, lte or between.",
            )
        ]
    return check_aggregate_value(aggregate, apath)


def check_indicators(context: Context) -> list[Issue]:
    """Indicator known; dimension key given and allowed; operator and value fit its type."""
    issues: list[Issue] = []
    names = [i.name for i in context.catalog.indicators]
    for path, node in _nodes_of(context, IndicatorRule):
        if node.indicator not in names:
            issues.append(
                Issue(
                    code="unknown_indicator",
                    path=f"{path}.indicator",
                    message=f"Unknown indicator {node.indicator!r}.",
                    hint=closest_hint(node.indicator, names)
                    or f"Known indicators: {', '.join(names)}.",
                )
            )
            continue
        issues += check_indicator_value(context.catalog.indicator(node.indicator), node, path)
    return issues


def check_segments(context: Context) -> list[Issue]:
    """Every referenced segment exists; saved segments do not refer to each other in a cycle."""
    issues: list[Issue] = []
    known = dict(context.segments or {})
    for path, node in _nodes_of(context, SegmentRef):
        if node.segment not in known:
            issues.append(
                Issue(
                    code="unknown_segment",
                    path=f"{path}.segment",
                    message=f"Unknown saved segment {node.segment!r}.",
                    hint=closest_hint(node.segment, list(known))
                    or "Save the segment first or remove the reference.",
                )
            )
        elif _cycle_from(node.segment, known, ()):
            issues.append(
                Issue(
                    code="segment_cycle",
                    path=f"{path}.segment",
                    message=f"Segment {node.segment!r} refers back to itself.",
                    hint="Break the cycle between the saved segments.",
                )
            )
    return issues


def _cycle_from(name: str, known: Mapping[str, RuleTree], stack: tuple[str, ...]) -> bool:
    if name in stack:
        return True
    tree = known.get(name)
    if tree is None:
        return False
    refs = [node.segment for _, node in tree.walk() if isinstance(node, SegmentRef)]
    return any(_cycle_from(ref, known, (*stack, name)) for ref in refs)


def check_channels(context: Context) -> list[Issue]:
    """``unknown_channel``: the audience channel and reachable nodes name catalog channels."""
    names = list(context.catalog.channel_names)
    found = [("channel", context.tree.channel)] if context.tree.channel else []
    found += [(f"{p}.channel", n.channel) for p, n in _nodes_of(context, Reachable)]
    return [
        Issue(
            code="unknown_channel",
            path=path,
            message=f"Unknown channel {channel!r}.",
            hint=f"Channels of this catalog: {', '.join(names) or 'none'}.",
        )
        for path, channel in found
        if channel not in names
    ]


def check_options(context: Context) -> list[Issue]:
    """``invalid_limit`` and ``invalid_sample_share``; the profile table must exist."""
    tree = context.tree
    issues = []
    if tree.limit is not None and tree.limit <= 0:
        issues.append(
            Issue(
                code="invalid_limit",
                path="limit",
                message=f"limit must be positive, got {tree.limit!r}.",
                hint="Use null for no limit.",
            )
        )
    if tree.sample_share is not None and not 0 < tree.sample_share <= 1:
        issues.append(
            Issue(
                code="invalid_sample_share",
                path="sample_share",
                message=f"sample_share must be in (0, 1], got {tree.sample_share!r}.",
                hint="E.g. 0.1 for a 10% sample.",
            )
        )
    if context.catalog.profile_table.kind is not TableKind.PROFILE:
        issues.append(
            Issue(
                code="unknown_table",
                path="root",
                message="No profile table.",
                hint="Fix the catalog's profile table.",
            )
        )
    return issues


def check_policy(context: Context) -> list[Issue]:
    """The catalog's targeting policy: personal data, sensitive data, restricted profiles."""
    tree, catalog = context.tree, context.catalog
    return [
        *check_personal_data(tree, catalog),
        *check_sensitive(tree, catalog),
        *check_restricted(tree, catalog),
    ]


CHECKS: tuple[Check, ...] = (
    check_size,
    check_groups,
    check_attributes,
    check_behaviors,
    check_indicators,
    check_segments,
    check_channels,
    check_options,
    check_policy,
)
"""Every check, in the order their issues are reported."""


def validate_safely(check: Check, context: Context) -> list[Issue]:
    """Run one check; an exception becomes an ``internal_check_error`` issue at ``root``."""
    return validate_check(check, context, path="root")


def validate_rules(
    tree: RuleTree, catalog: Catalog, *, segments: Mapping[str, RuleTree] | None = None
) -> list[Issue]:
    """Every issue of ``tree`` against ``catalog`` (errors, warnings, info), never raising.

    Args:
        tree: the rule tree to check.
        catalog: the catalog it must be grounded in.
        segments: saved segments by name, for segment references.

    Returns:
        Issues in check order; ``schema_catalog.issues.has_errors`` says whether it may compile.
    """
    context = Context(tree=tree, catalog=catalog, segments=segments, nodes=list(tree.walk()))
    return run_checks(CHECKS, context, path="root")
