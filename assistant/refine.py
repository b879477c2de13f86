"""Edits of a rule tree for refinement turns: add, widen, remove, replace, change a window.

Every edit returns a new tree (made by the tree's own edit methods) and the ``Change`` records of
what it did; ``change_notes`` puts them into words in the request's language with the one
describer. Edits work on the top-level rules — the lines the marketer sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from audience.rules import (
    Aggregate,
    Attribute,
    Behavior,
    ChangeVerb,
    Condition,
    Group,
    Node,
    Op,
    RuleTree,
    Scalar,
    Value,
    WindowKind,
    change_note,
    value_items,
)
from languages import Lang
from schema_catalog import Catalog


@dataclass(frozen=True)
class Change:
    """One thing a refinement did: a rule added or removed, a rule or a value changed."""

    verb: ChangeVerb
    before: Node | Scalar | None = None
    after: Node | Scalar | None = None


Edit = tuple[RuleTree, list[Change]]
Valued = TypeVar("Valued", Attribute, Condition)


def change_notes(changes: Sequence[Change], catalog: Catalog, lang: Lang) -> tuple[str, ...]:
    """The changes in words ('Added: …', 'Changed: … → …'), in ``lang``."""
    return tuple(
        change_note(change.verb, catalog, before=change.before, after=change.after, lang=lang)
        for change in changes
    )


def add_rules(tree: RuleTree, nodes: Sequence[Node]) -> Edit:
    """AND the nodes to the tree; an attribute on a field already present is widened only by
    ``widen_rule``."""
    added = tree.with_rules([*tree.root.rules, *nodes])
    return added, [Change(ChangeVerb.ADDED, after=node) for node in nodes]


def widen_rule(tree: RuleTree, node: Attribute) -> Edit | None:
    """'add men too': merge values into the attribute on the same field (eq → in)."""
    for index, rule in enumerate(tree.root.rules):
        if isinstance(rule, Attribute) and rule.field == node.field and not rule.negate:
            values = _values(rule) + [v for v in _values(node) if v not in _values(rule)]
            wider = rule.updated(op=Op.IN, value=values)
            return replace_rule(tree, index, wider)
    return None


def widen_filters(tree: RuleTree, node: Behavior) -> Edit | None:
    """'also include orders made in the app': more values for a filter of the same behaviour."""
    if node.window is not None or node.aggregate != Aggregate() or not node.filters:
        return None
    for index, rule in enumerate(tree.root.rules):
        if not isinstance(rule, Behavior) or rule.event != node.event or rule.negate:
            continue
        fields = {condition.field for condition in rule.filters}
        if {condition.field for condition in node.filters} <= fields:
            filters = [_wider_condition(c, node.filters) for c in rule.filters]
            return replace_rule(tree, index, rule.updated(filters=filters))
    return None


def widen_as_group(tree: RuleTree, node: Behavior) -> Edit | None:
    """'add those whose subscription is paused' after 'who cancelled last year': the new people
    join the earlier behaviour of the same event as 'either one', so its window, dates, count or
    amount stay its own instead of being lent to them (merging the values would)."""
    for index, rule in enumerate(tree.root.rules):
        if isinstance(rule, Behavior) and rule.event == node.event and not rule.negate:
            return replace_rule(tree, index, Group(op="or", rules=[rule, node]))
    return None


def _wider_condition(condition: Condition, extra: Sequence[Condition]) -> Condition:
    added = [v for c in extra if c.field == condition.field for v in _values(c)]
    if not added or condition.op not in {Op.EQ, Op.IN}:
        return condition
    values = _values(condition) + [v for v in added if v not in _values(condition)]
    return condition.updated(op=Op.IN, value=values)


def values_of(node: Attribute) -> list[Scalar]:
    """The value list of an attribute rule (one item for 'eq')."""
    return _values(node)


def _values(node: Attribute | Condition) -> list[Scalar]:
    return list(value_items(node.value))


def narrow_behavior(tree: RuleTree, node: Behavior) -> Edit | None:
    """'only those who did it through the app': a bare behaviour of an event the tree already
    has once adds its filters to that behaviour (the columns it does not filter yet; a filter it
    already has, said again alike, adds nothing)."""
    if node.negate or node.window is not None or node.aggregate != Aggregate():
        return None
    same = [
        index
        for index, rule in enumerate(tree.root.rules)
        if isinstance(rule, Behavior) and rule.event == node.event and not rule.negate
    ]
    if len(same) != 1 or not node.filters:
        return None
    rule = tree.root.rules[same[0]]
    assert isinstance(rule, Behavior)
    added = [c for c in node.filters if c not in rule.filters]
    if not added or {c.field for c in added} & {c.field for c in rule.filters}:
        return None
    return replace_rule(tree, same[0], rule.updated(filters=[*rule.filters, *added]))


def narrow_rows(tree: RuleTree, node: Behavior) -> Edit | None:
    """'only those whose issue wasn't resolved' after 'contacted us by chat': a negated bare
    behaviour on yes/no columns of an event the tree has once describes the same rows — its
    filters, flipped, join that behaviour (the contacts not resolved, not 'no resolved contact
    ever')."""
    flags = all(c.op is Op.EQ and isinstance(c.value, bool) for c in node.filters)
    if not node.negate or not node.filters or not flags:
        return None
    flipped = [c.updated(value=not c.value) for c in node.filters]
    return narrow_behavior(tree, node.updated(negate=False, filters=flipped))


def without_values(node: Valued, values: Sequence[Scalar]) -> Valued | None:
    """``node`` with ``values`` taken out of its value list ('remove Mons' from 'Mons or
    Namur'); None when nothing would be left, or when the rule is no list of values.

    >>> rule = Condition(field="station", op=Op.IN, value=("Lens", "Mons"))
    >>> without_values(rule, ["Mons"]).value
    'Lens'
    """
    if node.op not in {Op.EQ, Op.IN}:
        return None
    kept = [value for value in _values(node) if value not in values]
    if not kept or len(kept) == len(_values(node)):
        return None
    return node.updated(op=Op.EQ, value=kept[0]) if len(kept) == 1 else node.updated(value=kept)


def without_filters(node: Behavior, named: Callable[[Condition], Sequence[Scalar]]) -> Behavior:
    """The behaviour without the filters (or filter values) ``named`` picks: 'remove the
    diesel criterion' keeps the fuel purchases, at the same station, in the same window."""
    filters: list[Condition] = []
    for condition in node.filters:
        values = named(condition)
        if not values:
            filters.append(condition)
        elif (narrower := without_values(condition, values)) is not None:
            filters.append(narrower)
    return node.updated(filters=filters)


def replace_rule(tree: RuleTree, index: int, node: Node) -> Edit:
    """Put ``node`` in place of the top-level rule ``index``."""
    note = Change(ChangeVerb.CHANGED, before=tree.root.rules[index], after=node)
    return tree.replace_rule(index, node), [note]


def remove_rules(tree: RuleTree, matches: Callable[[Node], bool]) -> Edit:
    """Drop every top-level rule ``matches`` accepts."""
    kept = [rule for rule in tree.root.rules if not matches(rule)]
    gone = [rule for rule in tree.root.rules if matches(rule)]
    return tree.with_rules(kept), [Change(ChangeVerb.REMOVED, before=node) for node in gone]


DATED = frozenset({Op.WITHIN_LAST, Op.WITHIN_NEXT})
"""Filter operators that hold a behaviour's period as a duration on one of its dates."""


CALENDAR = frozenset({Op.BETWEEN, Op.LT, Op.LTE, Op.GT, Op.GTE})
"""Filter operators that hold a behaviour's period as days on one of its dates."""


def dated_filter(rule: Behavior, calendar: bool = False) -> int | None:
    """The index of the one filter holding the period of a behaviour that has no window
    ('coupons redeemed in the last 2 months': the redemption date, not the event's own time);
    with ``calendar``, also one comparing a date with days ('coupons that run out before the
    end of June': the expiry date, between as_of and 30 June)."""
    dated = [i for i, c in enumerate(rule.filters) if c.op in DATED]
    if calendar and not dated:
        dated = [i for i, c in enumerate(rule.filters) if c.op in CALENDAR and _days(c.value)]
    return dated[0] if rule.window is None and len(dated) == 1 else None


def _days(value: Value) -> bool:
    """Whether ``value`` is a day or days written as ISO dates ('2026-06-30')."""
    items = value_items(value)
    return bool(items) and all(isinstance(i, str) and _ISO_DAY.fullmatch(i) for i in items)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def has_period(rule: Node) -> bool:
    """Whether ``rule`` is a behaviour with a period: a window, or a dated filter holding it."""
    return isinstance(rule, Behavior) and (
        rule.window is not None or dated_filter(rule, calendar=True) is not None
    )


def last_then_pairs(rules: Sequence[Node]) -> list[tuple[int, int]]:
    """(then, since) for each last event of a tree ('last order between 3 and 6 months ago':
    one in that span, none since): a behaviour dated between two days, and the same behaviour
    negated over the last units."""
    return [
        (i, j)
        for i, then in enumerate(rules)
        for j, since in enumerate(rules)
        if isinstance(then, Behavior)
        and isinstance(since, Behavior)
        and not then.negate
        and since.negate
        and (then.event, then.filters) == (since.event, since.filters)
        and then.window is not None
        and then.window.type is WindowKind.BETWEEN
        and since.window is not None
        and since.window.type is WindowKind.LAST
    ]


def same_slot(old: Node, new: Node) -> bool:
    """Whether ``new`` restates the same kind of condition as ``old`` (for 'instead')."""
    if isinstance(old, Attribute) and isinstance(new, Attribute):
        return old.field == new.field
    if isinstance(old, Behavior) and isinstance(new, Behavior):
        return old.event == new.event
    if isinstance(old, Group) or isinstance(new, Group):
        return False
    return (
        type(old) is type(new)
        and getattr(old, "indicator", None) == getattr(new, "indicator", None)
        and getattr(old, "channel", None) == getattr(new, "channel", None)
    )


def replace_same_slot(tree: RuleTree, new: Node) -> Edit | None:
    """Replace the last rule of the same slot; for behaviours, keep what ``new`` leaves unsaid."""
    for index in range(len(tree.root.rules) - 1, -1, -1):
        old = tree.root.rules[index]
        if same_slot(old, new):
            return replace_rule(tree, index, _merge_behavior(old, new))
    return None


def replace_same_value(tree: RuleTree, new: Node) -> Edit | None:
    """A correction that puts a value already in the tree on another field ('not the town
    Douai, the store Douai'): the last attribute holding that value is replaced by ``new``."""
    if not isinstance(new, Attribute):
        return None
    said = set(value_items(new.value))
    for index in range(len(tree.root.rules) - 1, -1, -1):
        old = tree.root.rules[index]
        if not isinstance(old, Attribute) or old.field == new.field:
            continue
        if said & set(value_items(old.value)):
            return replace_rule(tree, index, new)
    return None


def _merge_behavior(old: Node, new: Node) -> Node:
    if not (isinstance(old, Behavior) and isinstance(new, Behavior)):
        return new
    changed = {condition.field for condition in new.filters}
    filters = [c for c in old.filters if c.field not in changed] + list(new.filters)
    update: dict[str, object] = {"filters": filters}
    if new.window is not None:
        update["window"] = new.window
    if new.aggregate != Aggregate():
        update["aggregate"] = new.aggregate
    return old.updated(**update)
