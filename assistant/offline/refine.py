"""Refinement turns for the offline planner: which edit a follow-up asks for, then apply it.

'only those in Lyon' adds, 'add men too' widens, 'make it 12 months' changes a window, 'remove the
VIP condition' removes, 'gold instead of VIP' / 'actually make that bags' replaces, 'exclude people
who unsubscribed' adds a negated rule. The proposal's ``changes`` say what changed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant import refine as edits
from assistant.contract import Clarification, CoverageItem, Proposal, Refusal
from assistant.offline.build import ParsedRule
from assistant.offline.edit_words import EDIT_WORDS, OPENERS, REMOVE, REPLACE, TIME_WORDS, WIDEN
from assistant.offline.followup import move_threshold, restate_thresholds, swap_values
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.scan import Mention, MentionKind
from assistant.offline.words import TIME_UNITS
from audience.rules import (
    Aggregate,
    Attribute,
    Behavior,
    Condition,
    Node,
    Op,
    RuleTree,
    Window,
    WindowKind,
)
from schema_catalog import Catalog

if TYPE_CHECKING:
    from assistant.offline.planner import Understanding

Result = Proposal | Clarification | Refusal


def is_refinement(request: str, mentions: list[Mention]) -> bool:
    """A follow-up when it opens with an edit word or names no population of its own."""
    words = [w for m in mentions for w in m.words]
    if set(words[:4]) & OPENERS or set(words) & (REMOVE | {"instead", "lieu"}):
        return True
    has_subject = any(s.kind is SenseKind.SUBJECT for m in mentions for s in m.senses)
    return not has_subject and len(words) <= 8


def _words(mentions: list[Mention]) -> set[str]:
    return {w for m in mentions for w in m.words}


def refine(request: str, previous: RuleTree, understood: Understanding, catalog: Catalog) -> Result:
    """Apply the edit the follow-up asks for and propose the new tree."""
    words = _words(understood.mentions)
    for test, edit in _EDITS:
        if test(words, understood):
            outcome = edit(previous, understood)
            if outcome is not None:
                return _proposal(request, previous, outcome, understood, catalog)
    from assistant.offline.planner import OfflinePlanner

    return OfflinePlanner()._decide(request, understood, catalog)


_KEEP = frozenset({"keep", "keeping", "garde", "garder", "conserve", "conserver", "leave"})
"""'drop the VIP condition, keep the bags part': what follows is not removed."""


def _to_remove(mentions: list[Mention]) -> list[Mention]:
    cut = next((i for i, m in enumerate(mentions) if set(m.words) & _KEEP), len(mentions))
    return mentions[:cut]


def _remove(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    senses = [s for m in _to_remove(understood.mentions) for s in m.senses]
    timeless = bool(_words(understood.mentions) & TIME_WORDS) and not senses
    if timeless:
        return _drop_windows(previous)
    tree, changes = edits.remove_rules(previous, lambda node: _names(node, senses))
    return (tree, changes) if changes else None


def _drop_windows(previous: RuleTree) -> edits.Edit | None:
    for index, rule in enumerate(previous.root.rules):
        if isinstance(rule, Behavior) and rule.window is not None:
            return edits.replace_rule(previous, index, rule.updated(window=None))
    return None


def _names(node: Node, senses: list[Sense]) -> bool:
    """Whether a sense of the follow-up names this rule ('the VIP condition', 'the city')."""
    for sense in senses:
        if isinstance(node, Attribute) and node.field == sense.target:
            return True
        if (
            isinstance(node, Behavior)
            and sense.table == node.event
            and sense.kind in {SenseKind.EVENT, SenseKind.EVENT_VALUE, SenseKind.MEASURE}
        ):
            return True
        if getattr(node, "indicator", None) and node.indicator == sense.indicator:  # type: ignore[union-attr]
            return True
        if getattr(node, "channel", None) and node.channel == sense.channel:  # type: ignore[union-attr]
            return True
    return False


def _replace(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    new_rules = _new_side(understood)
    tree, changes = previous, list[str]()
    for rule in new_rules:
        edited = edits.replace_same_slot(tree, rule.node)
        if edited is None:
            edited = edits.add_rules(tree, [rule.node])
        tree, changes = edited[0], changes + edited[1]
    if not new_rules:
        return _replace_orphan_value(previous, understood)
    return tree, changes


_CUT = re.compile(r"\b(instead|rather than|au lieu|plutôt que|plutot que)\b", re.IGNORECASE)


def _new_side(understood: Understanding) -> list[ParsedRule]:
    """Rules stated before 'instead of' / 'au lieu de' (the old value comes after)."""
    head = _CUT.split(understood.request)[0]
    if head == understood.request or understood.catalog is None or not head.strip():
        return understood.parse.rules
    from assistant.offline.planner import OfflinePlanner

    return OfflinePlanner().understand(head, understood.catalog).parse.rules


def _replace_orphan_value(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    """'actually make that bags': a value of a dimension of a behaviour already in the tree."""
    for ambiguity in understood.parse.ambiguities:
        for index, rule in enumerate(previous.root.rules):
            for sense in ambiguity.senses:
                if isinstance(rule, Behavior) and sense.table == rule.event and sense.column:
                    kept = [c for c in rule.filters if c.field != sense.column]
                    condition = {"field": sense.column, "op": Op.EQ, "value": sense.value}
                    filters = [*kept, Condition.model_validate(condition)]
                    understood.parse.ambiguities.clear()
                    return edits.replace_rule(previous, index, rule.updated(filters=filters))
    return None


def _change_window(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    if understood.parse.rules:
        return None
    times = [
        m.time.window
        for m in understood.mentions
        if m.kind is MentionKind.TIME and m.time and m.time.window
    ]
    window = times[0] if times else _bare_duration(understood.mentions)
    if window is None:
        return None
    for mention in understood.mentions:
        if mention.kind in {MentionKind.TIME, MentionKind.QUANTITY} or set(mention.words) & set(
            TIME_UNITS
        ):
            mention.used = True
    return edits.set_window(previous, window)


def _bare_duration(mentions: list[Mention]) -> Window | None:
    """'make it 12 months': a number followed by a time unit, with no 'last'."""
    for mention, following in itertools.pairwise(mentions):
        quantity = mention.quantity
        unit = TIME_UNITS.get(following.words[0]) if following.words else None
        if quantity and unit and isinstance(quantity.value, int):
            return Window(type=WindowKind.LAST, amount=quantity.value, unit=unit)
    return None


def _change_count(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    quantities = [
        m.quantity
        for m in understood.mentions
        if m.kind is MentionKind.QUANTITY and m.quantity and not m.used
    ]
    if not quantities or understood.parse.rules or isinstance(quantities[0].value, tuple):
        return None
    quantity = quantities[0]
    for mention in understood.mentions:
        mention.used = mention.used or mention.quantity is quantity
    return edits.set_aggregate(previous, Aggregate(op=quantity.op or Op.GTE, value=quantity.value))


def _widen(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    tree, changes = previous, list[str]()
    for rule in understood.parse.rules:
        widened = edits.widen_rule(tree, rule.node) if isinstance(rule.node, Attribute) else None
        if isinstance(rule.node, Behavior):
            widened = edits.widen_filters(tree, rule.node)
        widened = widened or edits.add_rules(tree, [rule.node])
        tree, changes = widened[0], changes + widened[1]
    return (tree, changes) if changes else None


_ONLY = frozenset({"only", "just", "seulement", "uniquement"})


def _add(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    """AND the new rules; a second value of a one-value field ('and men?') can only mean a
    wider list, or the new value alone after 'only'."""
    tree, changes = previous, list[str]()
    only = bool(_words(understood.mentions) & _ONLY)
    for rule in understood.parse.rules:
        node = rule.node
        clash = _clashing(tree, node) if isinstance(node, Attribute) else None
        if clash is not None and only:
            edited = edits.replace_rule(tree, clash, node)
        elif clash is not None and isinstance(node, Attribute):
            edited = edits.widen_rule(tree, node) or edits.add_rules(tree, [node])
        else:
            edited = edits.add_rules(tree, [node])
        tree, changes = edited[0], changes + edited[1]
    return (tree, changes) if changes else None


def _clashing(tree: RuleTree, node: Attribute) -> int | None:
    """The top-level rule giving another value to the same one-value field, if any."""
    if node.op is not Op.EQ or node.negate:
        return None
    for index, rule in enumerate(tree.root.rules):
        if not isinstance(rule, Attribute) or rule.field != node.field or rule.negate:
            continue
        if rule.op in {Op.EQ, Op.IN} and node.value not in edits.values_of(rule):
            return index
    return None


_EDITS: tuple[
    tuple[
        Callable[[set[str], Understanding], bool],
        Callable[[RuleTree, Understanding], edits.Edit | None],
    ],
    ...,
] = (
    (lambda words, u: bool(words & REMOVE), _remove),
    (lambda words, u: not words & WIDEN, swap_values),
    (lambda words, u: True, _change_window),
    (lambda words, u: True, move_threshold),
    (lambda words, u: True, _change_count),
    (lambda words, u: not words & WIDEN, restate_thresholds),
    (lambda words, u: bool(words & REPLACE), _replace),
    (lambda words, u: bool(words & WIDEN), _widen),
    (lambda words, u: not u.parse.ambiguities, _add),
)
"""Tried in order; the first edit that applies wins."""


def _proposal(
    request: str,
    previous: RuleTree,
    outcome: edits.Edit,
    understood: Understanding,
    catalog: Catalog,
) -> Proposal:
    """The edited tree; phrases of the follow-up cite the rules they touched, earlier rules
    are cited as kept from the previous turn."""
    from assistant.explain import explain_rules, request_language
    from assistant.offline.build import Parse
    from assistant.offline.planner import coverage_of

    tree, changes = outcome
    if understood.parse.channel:
        tree = tree.updated(channel=understood.parse.channel)
    for mention in understood.mentions:
        if set(mention.words) <= EDIT_WORDS or (
            changes[0].startswith("Removed") and mention.senses
        ):
            mention.used = True
    coverage = _edit_coverage(tree, understood) + coverage_of(Parse(), understood.mentions, [])
    return Proposal(
        rules=tree,
        explanation=explain_rules(tree, catalog, request_language(request)),
        assumptions=tuple(understood.parse.assumptions),
        coverage=tuple(coverage),
        changes=tuple(changes),
    )


def _edit_coverage(tree: RuleTree, understood: Understanding) -> list[CoverageItem]:
    items: list[CoverageItem] = []
    cited: set[int] = set()
    for rule in understood.parse.rules:
        index = next(
            (
                i
                for i, node in enumerate(tree.root.rules)
                if node == rule.node or edits.same_slot(node, rule.node)
            ),
            None,
        )
        if index is None:
            continue
        cited.add(index)
        items += [
            CoverageItem(phrase=m.text, rule_path=f"root.rules[{index}]") for m in rule.mentions
        ]
    for mention in understood.mentions:
        if mention.kind in {MentionKind.TIME, MentionKind.QUANTITY} and mention.used:
            index = len(tree.root.rules) - 1
            cited.add(index)
            items.append(CoverageItem(phrase=mention.text, rule_path=f"root.rules[{index}]"))
    items += [
        CoverageItem(
            phrase="(previous request)",
            rule_path=f"root.rules[{i}]",
            note="Kept from the previous turn.",
        )
        for i in range(len(tree.root.rules))
        if i not in cited
    ]
    return items
