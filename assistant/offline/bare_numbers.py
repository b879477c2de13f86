"""A number said alone in a follow-up moves the one condition whose unit fits it.

'make it 1500', 'no, 500 not 1000', 'actually more than 5', 'plutôt 3', 'nein, 500': the number
replaces a number the audience already holds — and only one that can take it. An amount of money
goes to a spend threshold; 'times' to a count; a comparison ('more than 5') or a range to a
threshold, never to a window (a window is not 'more than'); a number with neither unit nor
comparison to a threshold or to a window's length ('make it 6' after 'in the last 3 months' is
6 months). A number equal to one the audience holds names the condition it replaces ('500, not
1000'). With two conditions that could take it and nothing to settle it, each reading is
returned, and the planner asks which — a bare number is never given silently to one of them.
With none (a behaviour said without a count or a window), it counts the behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from assistant import refine as edits
from assistant.language import Role
from assistant.offline.build import ParsedRule
from assistant.offline.followup import EditOutcome
from assistant.offline.numbers import Quantity
from assistant.offline.spans import SpanKind
from assistant.offline.understand import Understanding
from audience.rules import (
    Aggregate,
    AggregateFunc,
    Attribute,
    Behavior,
    IndicatorRule,
    Node,
    Op,
    RuleTree,
    TimeUnit,
    WindowKind,
    value_items,
)

MEASURED = frozenset({AggregateFunc.SUM, AggregateFunc.AVG, AggregateFunc.MAX, AggregateFunc.MIN})

_LONGEST_LOOKBACK_DAYS = 5 * 366
"""A window longer than this is not what a bare number meant ('make it 500' of 'over €1000 in the
last 6 months' is not 500 months): marketers look back a few years at most."""

_UNIT_DAYS = {
    TimeUnit.DAY: 1,
    TimeUnit.WEEK: 7,
    TimeUnit.MONTH: 31,
    TimeUnit.YEAR: 366,
}

_CUES = (
    Role.EDIT_THRESHOLD,
    Role.EDIT_REPLACE,
    Role.EDIT_CORRECTION,
    Role.EDIT_SWAP,
    Role.EDIT_INTERJECTION,
)


@dataclass(frozen=True)
class Slot:
    """One number of the tree a bare number may replace: rule ``index``, what it is
    (``threshold``, ``money``, ``count`` or ``window``) and its value."""

    index: int
    kind: str
    value: object


def _slots(node: Node, index: int) -> Iterator[Slot]:
    if isinstance(node, Behavior):
        if node.aggregate != Aggregate():
            kind = "money" if node.aggregate.func in MEASURED else "count"
            yield Slot(index, kind, node.aggregate.value)
        amount = _window_amount(node)
        if amount is not None:
            yield Slot(index, "window", amount)
    elif isinstance(node, Attribute) and node.op in edits.DATED:
        yield Slot(index, "window", node.value)
    elif isinstance(node, Attribute | IndicatorRule) and _numeric(node.value):
        yield Slot(index, "threshold", node.value)


def _numeric(value: object) -> bool:
    items = list(value_items(value))  # type: ignore[arg-type]
    return bool(items) and all(
        isinstance(item, int | float) and not isinstance(item, bool) for item in items
    )


def _window_amount(node: Behavior) -> object:
    """The length of the behaviour's rolling window ('in the last 3 months': 3), if it has one."""
    window = node.window
    if window is not None:
        rolling = window.type in {WindowKind.LAST, WindowKind.NEXT}
        return window.amount if rolling else None
    at = edits.dated_filter(node)
    return None if at is None else node.filters[at].value


def _window_unit(node: Node) -> TimeUnit | None:
    if isinstance(node, Behavior) and node.window is not None:
        return node.window.unit
    if isinstance(node, Behavior) and (at := edits.dated_filter(node)) is not None:
        return node.filters[at].unit
    return getattr(node, "unit", None)


def _fits(slot: Slot, quantity: Quantity, node: Node) -> bool:
    """Whether ``quantity`` can be the new number of ``slot``."""
    if quantity.unit == "currency":
        return slot.kind == "money"
    if quantity.unit == "times":
        return slot.kind == "count"
    if slot.kind != "window":
        return quantity.unit is None and slot.kind in {"count", "money", "threshold"}
    if quantity.op is not None or quantity.unit is not None or not isinstance(quantity.value, int):
        return False
    unit = _window_unit(node)
    days = _UNIT_DAYS.get(unit, 1) if unit is not None else 1
    return 0 < quantity.value * days <= _LONGEST_LOOKBACK_DAYS


def _with_number(node: Node, slot: Slot, quantity: Quantity) -> Node:
    value = list(quantity.value) if isinstance(quantity.value, tuple) else quantity.value
    if slot.kind == "window":
        return _rewindowed(node, value)
    if isinstance(node, Behavior):
        op = _op(node.aggregate.op, quantity.op, value)
        return node.updated(aggregate=node.aggregate.updated(value=value, op=op))
    return node.updated(value=value, op=_op(getattr(node, "op", None), quantity.op, value))  # type: ignore[union-attr]


def _rewindowed(node: Node, amount: object) -> Node:
    if isinstance(node, Behavior) and node.window is not None:
        return node.updated(window=node.window.updated(amount=amount))
    if isinstance(node, Behavior) and (at := edits.dated_filter(node)) is not None:
        filters = [c.updated(value=amount) if i == at else c for i, c in enumerate(node.filters)]
        return node.updated(filters=filters)
    return node.updated(value=amount)  # type: ignore[union-attr]


def _op(old: object, said: Op | None, value: object) -> object:
    """The comparison said, else the old one ('make it 5' of 'more than 3' is more than 5);
    a range is 'between', and a single number replacing a range is 'at least'."""
    if isinstance(value, list | tuple):
        return Op.BETWEEN
    if said is not None:
        return said
    return Op.GTE if old is Op.BETWEEN else old


def _only_amount(rule: ParsedRule) -> bool:
    """A rule read from an amount alone ('lower it to €250' read as spending €250): in a
    follow-up that moves a number, the amount is the new number, not a rule."""
    return all(span.kind is SpanKind.QUANTITY for span in rule.spans)


def _numbers(understood: Understanding) -> list[tuple[int, Quantity]]:
    """The quantities of the follow-up no rule used, except a length of time ('6 months': a
    window, which another edit reads)."""
    amounts = {id(span) for rule in understood.parse.rules for span in rule.spans}
    used = {i for i in understood.used if id(understood.spans[i]) not in amounts}
    spans = understood.spans
    return [
        (i, s.quantity)
        for i, s in enumerate(spans)
        if s.quantity is not None
        and i not in used
        and not (i + 1 < len(spans) and understood.pack.units.match(spans[i + 1].words, 0))
    ]


def _new_and_old(
    numbers: Sequence[tuple[int, Quantity]], held: Sequence[Slot]
) -> tuple[tuple[int, Quantity], tuple[int, object] | None] | None:
    """The new number and, when the follow-up also names the one it replaces ('500, not 1000',
    'mets 500 au lieu de 1000'), that one."""
    if len(numbers) == 1:
        return numbers[0], None
    if len(numbers) != 2:
        return None
    values = [slot.value for slot in held]
    old = [(i, q) for i, q in numbers if q.value in values]
    new = [(i, q) for i, q in numbers if q.value not in values]
    if len(old) != 1 or len(new) != 1:
        return None
    return new[0], (old[0][0], old[0][1].value)


def move_number(previous: RuleTree, understood: Understanding) -> EditOutcome | None:
    """The tree with the number said in place of the one it replaces; one reading per condition
    that could take it."""
    if not all(_only_amount(rule) for rule in understood.parse.rules):
        return None
    rules = previous.root.rules
    held = [slot for index, node in enumerate(rules) for slot in _slots(node, index)]
    found = _new_and_old(_numbers(understood), held)
    if found is None:
        return None
    (index, quantity), old = found
    fitting = [slot for slot in held if _fits(slot, quantity, rules[slot.index])]
    if old is not None:
        fitting = [slot for slot in fitting if slot.value == old[1]]
    readings = [
        edits.replace_rule(previous, slot.index, _with_number(rules[slot.index], slot, quantity))
        for slot in fitting
    ] or _counted(previous, quantity, old)
    if not readings:
        return None
    cues = _cue_spans(understood, lambda i: i in {index, old[0] if old else index})
    return EditOutcome(tuple(readings), cues)


def _counted(previous: RuleTree, quantity: Quantity, old: object) -> list[edits.Edit]:
    """'make it 4 times' of 'ordered in the last 3 months': no number the audience holds takes
    it; it counts each behaviour said without a count (with several, which one is a question)."""
    if old is not None or quantity.unit not in {None, "times"}:
        return []
    if isinstance(quantity.value, tuple):
        return []
    aggregate = Aggregate(op=quantity.op or Op.GTE, value=quantity.value)
    return [
        edits.replace_rule(previous, i, rule.updated(aggregate=aggregate))
        for i, rule in enumerate(previous.root.rules)
        if isinstance(rule, Behavior) and rule.aggregate == Aggregate()
    ]


def _cue_spans(understood: Understanding, numbered: Callable[[int], bool]) -> frozenset[int]:
    """The numbers the edit read, the edit words, and a negation between two numbers."""
    spans = understood.spans
    return frozenset(
        i
        for i, span in enumerate(spans)
        if numbered(i)
        or any(span.has(role) for role in _CUES)
        or (span.kind is SpanKind.NEGATION and 0 < i < len(spans) - 1 and numbered(i + 1))
    )
