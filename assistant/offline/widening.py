"""Follow-ups that widen a slot the audience already fills: 'add Turin as well', 'widen to
accessories too, either is fine', 'zusätzlich auch die Feinschmecker'.

With a widening word, a value said in the follow-up joins the values of the one rule whose slot
its senses can fill (a field, an indicator's value or key, a filter of a behaviour): the tree
settles which of the word's senses is meant, and the new value goes beside the old ones, never
in their place. A value whose senses fill no rule, or several rules, is left to the other edits.
"""

from __future__ import annotations

from typing import TypeVar

from assistant import refine as edits
from assistant.language import Role
from assistant.offline.followup import EditOutcome, said
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.narrowing import new_group
from assistant.offline.understand import Understanding
from audience.rules import (
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Node,
    Op,
    RuleTree,
    value_items,
)
from schema_catalog import Catalog

Listed = TypeVar("Listed", Attribute, IndicatorRule, Condition)


def widen_held_slot(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    """Each value of the follow-up added beside the values of the one rule its senses fill."""
    if not said(understood, Role.EDIT_WIDEN) or new_group(understood):
        return None
    tree, changes, used = previous, list[edits.Change](), set[int]()
    for index, span in enumerate(understood.spans):
        if not span.senses or span.is_subject:
            continue
        found = _filled(tree, span.senses)
        if found is None:
            return None
        at, node = found
        tree, change = edits.replace_rule(tree, at, node)
        changes, used = changes + change, used | {index}
    return EditOutcome(((tree, changes),), frozenset(used)) if changes else None


def _filled(tree: RuleTree, senses: tuple[Sense, ...]) -> tuple[int, Node] | None:
    """The one rule of ``tree`` a sense can add its value to, widened; None for none or several."""
    found = {
        index: wider
        for index, rule in enumerate(tree.root.rules)
        for sense in senses
        if (wider := _widened(rule, sense)) is not None
    }
    return next(iter(found.items())) if len(found) == 1 else None


def _widened(rule: Node, sense: Sense) -> Node | None:
    """``rule`` with the sense's value beside its own, when the sense fills its slot."""
    if sense.value is None or getattr(rule, "negate", False):
        return None
    if isinstance(rule, Attribute) and sense.kind is SenseKind.VALUE:
        return _with_value(rule, sense.value) if rule.field == sense.target else None
    if isinstance(rule, IndicatorRule) and rule.indicator == sense.indicator:
        if sense.kind is SenseKind.INDICATOR_VALUE and rule.key is None:
            return _with_value(rule, sense.value)
        if sense.kind is SenseKind.INDICATOR_KEY and rule.key not in {None, sense.value}:
            return Group(op="or", rules=(rule, rule.updated(key=sense.value)))
        return None
    if isinstance(rule, Behavior) and sense.kind is SenseKind.EVENT_VALUE:
        return _with_filter_value(rule, sense)
    return None


def _with_value(node: Listed, value: str) -> Listed | None:
    """``node`` with ``value`` added to its list of values (None: no list, or already in it)."""
    held: list[object] = list(value_items(node.value))
    if node.op not in {Op.EQ, Op.IN} or value in held or isinstance(node.value, bool):
        return None
    return node.updated(op=Op.IN, value=[*held, value])


def _with_filter_value(rule: Behavior, sense: Sense) -> Node | None:
    filters = [c for c in rule.filters if c.field == sense.column]
    if sense.table != rule.event or len(filters) != 1:
        return None
    wider = _with_value(filters[0], str(sense.value))
    if wider is None:
        return None
    return rule.updated(filters=[wider if c is filters[0] else c for c in rule.filters])
