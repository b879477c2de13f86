"""Follow-up edits that restate part of the previous tree: swap a value, move a threshold.

'swap Spain for Italy', 'I meant clicked, not opened', 'remplace Lyon par Marseille': of two values
of one field, the one already in the tree is the old one, whatever the word order. 'raise the spend
threshold to €800', 'use ages 30-45 instead', 'tighten it to strong appetite': a rule restating a
numeric condition of the tree replaces its threshold; the operator and window are kept unless the
follow-up states them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant import refine as edits
from assistant.offline.edit_words import RESTATE_CUES, SWAP_CUES, THRESHOLD_CUES
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.scan import MentionKind
from assistant.offline.text import split_words
from audience.rules import (
    Aggregate,
    AggregateFunc,
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Node,
    Op,
    RuleTree,
)

if TYPE_CHECKING:
    from assistant.offline.planner import Understanding

MEASURED = frozenset({AggregateFunc.SUM, AggregateFunc.AVG, AggregateFunc.MAX, AggregateFunc.MIN})


def said_words(understood: Understanding) -> set[str]:
    """The follow-up's words, both as written (folded) and as normalised."""
    written = {token.text for token in split_words(understood.request)}
    return written | {word for mention in understood.mentions for word in mention.words}


@dataclass(frozen=True)
class Slot:
    """Where a value lives: an attribute field, an event dimension or an indicator."""

    kind: str
    name: str
    column: str | None = None


def slot_of(sense: Sense) -> Slot | None:
    """The slot a value sense fills, or None for senses that are not values."""
    if sense.kind is SenseKind.VALUE:
        return Slot("attribute", sense.target)
    if sense.kind is SenseKind.EVENT_VALUE and sense.table:
        return Slot("event", sense.table, sense.column)
    if sense.kind is SenseKind.INDICATOR_VALUE and sense.indicator:
        return Slot("indicator", sense.indicator)
    return None


def _values(value: object) -> list[object]:
    return list(value) if isinstance(value, tuple) else [value]


def _holds(node: Node, slot: Slot) -> list[object]:
    """The values ``node`` gives to ``slot`` (none when it is another rule)."""
    if isinstance(node, Attribute) and slot.kind == "attribute" and node.field == slot.name:
        return _values(node.value)
    if isinstance(node, IndicatorRule) and slot.kind == "indicator" and node.indicator == slot.name:
        return _values(node.value)
    if isinstance(node, Behavior) and slot.kind == "event" and node.event == slot.name:
        return [v for c in node.filters if c.field == slot.column for v in _values(c.value)]
    return []


def _present(tree: RuleTree, slot: Slot) -> set[object]:
    return {value for _, node in tree.walk() for value in _holds(node, slot)}


def _swapped(value: object, old: object, new: object) -> object:
    if isinstance(value, tuple):
        return tuple(new if item == old else item for item in value)
    return new if value == old else value


def _swap_node(node: Node, slot: Slot, old: object, new: object) -> Node:
    if isinstance(node, Group) or old not in _holds(node, slot):
        return node
    if isinstance(node, Behavior):
        filters = [
            c.updated(value=_swapped(c.value, old, new)) if c.field == slot.column else c
            for c in node.filters
        ]
        return node.updated(filters=filters)
    return node.updated(value=_swapped(node.value, old, new))  # type: ignore[union-attr]


def _swaps(previous: RuleTree, understood: Understanding) -> list[tuple[Slot, object, object]]:
    restating = bool(said_words(understood) & RESTATE_CUES)
    said: dict[Slot, list[object]] = {}
    for mention in understood.mentions:
        for sense in mention.senses:
            slot = slot_of(sense)
            if slot is not None and sense.value not in said.setdefault(slot, []):
                said[slot].append(sense.value)
    found = []
    for slot, values in said.items():
        present = _present(previous, slot)
        old = [v for v in values if v in present]
        new = [v for v in values if v not in present]
        if len(old) == 1 and len(new) == 1:
            found.append((slot, old[0], new[0]))
        elif not old and len(new) == 1 and len(present) == 1 and restating:
            found.append((slot, next(iter(present)), new[0]))
    return found


def swap_values(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    """'swap Spain for Italy': replace the value already in the tree by the other one."""
    swaps = _swaps(previous, understood) if said_words(understood) & SWAP_CUES else []
    if not swaps:
        return None
    tree = previous
    for slot, old, new in swaps:
        tree = tree.transform(functools.partial(_swap_node, slot=slot, old=old, new=new))
    for mention in understood.mentions:
        mention.used = mention.used or bool(mention.senses) or bool(set(mention.words) & SWAP_CUES)
    changes = [f"Changed: {old} → {new}" for _, old, new in swaps]
    return tree, changes


def _restates(old: Node, new: Node) -> bool:
    """Whether ``new`` gives a new threshold to the numeric condition ``old``."""
    if isinstance(old, Behavior) and isinstance(new, Behavior):
        olds, news = old.aggregate.func, new.aggregate.func
        same = olds == news or (olds in MEASURED and news in MEASURED)
        restated = new.aggregate != Aggregate()
        return old.event == new.event and not old.negate and same and restated
    if isinstance(old, IndicatorRule) and isinstance(new, IndicatorRule):
        return old.indicator == new.indicator and old.key == new.key and not old.negate
    if isinstance(old, Attribute) and isinstance(new, Attribute):
        numeric = isinstance(new.value, int | float) or new.op is Op.BETWEEN
        return old.field == new.field and numeric and not old.negate
    return False


def _op(old_op: object, new_op: object, value: object, explicit: bool) -> object:
    if isinstance(value, list | tuple):
        return Op.BETWEEN
    if explicit or old_op is Op.BETWEEN:
        return new_op
    return old_op


def _merged(old: Node, new: Node, explicit: bool) -> Node:
    if isinstance(old, Behavior) and isinstance(new, Behavior):
        op = _op(old.aggregate.op, new.aggregate.op, new.aggregate.value, explicit)
        aggregate = old.aggregate.updated(value=new.aggregate.value, op=op)
        fields = {c.field for c in new.filters}
        filters: list[Condition] = [c for c in old.filters if c.field not in fields]
        update = {"aggregate": aggregate, "filters": filters + list(new.filters)}
        return old.updated(**update, window=new.window or old.window)
    threshold = getattr(new, "value", None)
    op = _op(getattr(old, "op", None), getattr(new, "op", None), threshold, explicit)
    return old.updated(value=threshold, op=op)


def restate_thresholds(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    """'raise the threshold to €800': the new number replaces the one of the same rule."""
    quantities = [m.quantity for m in understood.mentions if m.quantity is not None]
    explicit = all(q.op is not None for q in quantities)
    tree, changes = previous, list[str]()
    for rule in understood.parse.rules:
        index = next(
            (i for i, old in enumerate(tree.root.rules) if _restates(old, rule.node)), None
        )
        if index is None:
            return None
        merged = _merged(tree.root.rules[index], rule.node, explicit)
        tree, note = edits.replace_rule(tree, index, merged)
        changes += note
    if changes:
        for mention in understood.mentions:
            mention.used = mention.used or mention.kind is MentionKind.QUANTITY
    return (tree, changes) if changes else None


def _thresholded(node: Node, money: bool) -> bool:
    if isinstance(node, Behavior):
        measured = node.aggregate.func in MEASURED
        return node.aggregate != Aggregate() and (measured or not money)
    if isinstance(node, Attribute | IndicatorRule) and not money:
        return isinstance(node.value, int | float | tuple) and not isinstance(node.value, bool)
    return False


def _with_threshold(node: Node, value: object, op: Op | None) -> Node:
    if isinstance(node, Behavior):
        new_op = _op(node.aggregate.op, op, value, op is not None)
        aggregate = node.aggregate.updated(value=value, op=new_op)
        return node.updated(aggregate=aggregate)
    new_op = _op(getattr(node, "op", None), op, value, op is not None)
    return node.updated(value=value, op=new_op)


def move_threshold(previous: RuleTree, understood: Understanding) -> edits.Edit | None:
    """'raise it to 2000': a bare number moves the one threshold the tree has."""
    found = [m for m in understood.mentions if m.quantity is not None and not m.used]
    if not said_words(understood) & THRESHOLD_CUES or understood.parse.rules or len(found) != 1:
        return None
    quantity = found[0].quantity
    if quantity is None or quantity.unit not in {None, "currency"}:
        return None
    money = quantity.unit == "currency"
    slots = [i for i, rule in enumerate(previous.root.rules) if _thresholded(rule, money)]
    if len(slots) != 1:
        return None
    value = list(quantity.value) if isinstance(quantity.value, tuple) else quantity.value
    node = _with_threshold(previous.root.rules[slots[0]], value, quantity.op)
    for mention in understood.mentions:
        cue = bool({t.text for t in split_words(mention.text)} & THRESHOLD_CUES)
        mention.used = mention.used or cue or mention is found[0]
    return edits.replace_rule(previous, slots[0], node)
