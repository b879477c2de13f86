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
    check_event_filters,
    check_indicator_value,
    check_measure,
    known_event,
    known_indicator,
)
from audience.validate.policy import check_personal_data, check_restricted, check_sensitive
from audience.validate.ranking import check_ranking
from languages import say
from schema_catalog import (
    Catalog,
    Issue,
    Severity,
    TableKind,
    did_you_mean,
    run_checks,
    worded_issue,
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
        message = say("tree_too_deep", depth=depth, most=MAX_DEPTH)
        issues.append(worded_issue("tree_too_deep", "root", message, say("flatten_groups")))
    if len(context.nodes) > MAX_NODES:
        message = say("tree_too_large", nodes=len(context.nodes), most=MAX_NODES)
        issues.append(worded_issue("tree_too_large", "root", message, say("split_into_segments")))
    return issues


def check_groups(context: Context) -> list[Issue]:
    """``empty_group``: an error inside the tree, a warning at the root (it selects everyone) —
    unless a ranking keeps the best of everyone ('the top 1,000 customers by spend')."""
    issues = []
    for path, group in _nodes_of(context, Group):
        ranked_root = path == "root" and context.tree.ranking is not None
        if not group.rules and not ranked_root:
            severity = Severity.WARNING if path == "root" else Severity.ERROR
            issues.append(
                worded_issue(
                    "empty_group", f"{path}.rules", say("empty_group"), say("add_or_remove_group"),
                    severity=severity,
                )
            )  # fmt: skip
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
    catalog = context.catalog
    for path, node in _nodes_of(context, Behavior):
        unknown = known_event(catalog, node.event, path)
        if unknown:
            issues += unknown
            continue
        issues += check_event_filters(catalog, node.event, node.filters, node.window, path)
        issues += _check_aggregate(context, node, path)
    return issues


def _check_aggregate(context: Context, node: Behavior, path: str) -> list[Issue]:
    aggregate = node.aggregate
    table = context.catalog.table(node.event)
    apath = f"{path}.aggregate"
    measured = check_measure(table, aggregate.func, aggregate.measure, apath)
    if measured:
        return measured
    if aggregate.op not in AGGREGATE_OPS:
        message = say("aggregate_operator", op=aggregate.op.value)
        return [worded_issue("operator_not_allowed", f"{apath}.op", message, say("aggregate_ops"))]
    return check_aggregate_value(aggregate, apath)


def check_indicators(context: Context) -> list[Issue]:
    """Indicator known; dimension key given and allowed; operator and value fit its type."""
    issues: list[Issue] = []
    for path, node in _nodes_of(context, IndicatorRule):
        unknown = known_indicator(context.catalog, node.indicator, path)
        if unknown:
            issues += unknown
            continue
        issues += check_indicator_value(context.catalog.indicator(node.indicator), node, path)
    return issues


def check_segments(context: Context) -> list[Issue]:
    """Every referenced segment exists; saved segments do not refer to each other in a cycle."""
    issues: list[Issue] = []
    known = dict(context.segments or {})
    for path, node in _nodes_of(context, SegmentRef):
        where, name = f"{path}.segment", node.segment
        if name not in known:
            hint = did_you_mean(name, list(known), say("save_segment_first"))
            message = say("unknown_segment", segment=name)
            issues.append(worded_issue("unknown_segment", where, message, hint))
        elif _cycle_from(name, known, ()):
            message = say("segment_cycle", segment=name)
            issues.append(worded_issue("segment_cycle", where, message, say("break_cycle")))
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
    hint = say("catalog_channels", channels=", ".join(names) or "-")
    return [
        worded_issue("unknown_channel", path, say("unknown_channel", channel=channel), hint)
        for path, channel in found
        if channel not in names
    ]


def check_options(context: Context) -> list[Issue]:
    """``invalid_limit`` and ``invalid_sample_share``; the profile table must exist."""
    tree = context.tree
    issues = []
    if tree.limit is not None and tree.limit <= 0:
        message = say("invalid_limit", value=repr(tree.limit))
        issues.append(worded_issue("invalid_limit", "limit", message, say("no_limit")))
    if tree.sample_share is not None and not 0 < tree.sample_share <= 1:
        message = say("invalid_sample_share", value=repr(tree.sample_share))
        issues.append(
            worded_issue("invalid_sample_share", "sample_share", message, say("sample_example"))
        )
    if context.catalog.profile_table.kind is not TableKind.PROFILE:
        message, hint = say("no_profile_table"), say("fix_profile_table")
        issues.append(worded_issue("unknown_table", "root", message, hint))
    return issues


def check_ranked(context: Context) -> list[Issue]:
    """A ranking has a limit and a measure that exists and can be ordered."""
    return check_ranking(context.tree, context.catalog)


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
    check_ranked,
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
