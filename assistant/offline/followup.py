"""Follow-up edits that restate part of the previous tree: swap a value, move a threshold, change
a window or a count.

'swap Spain for Italy', 'I meant clicked, not opened', 'remplace Lyon par Marseille': of two values
of one field, the one already in the tree is the old one, whatever the word order. 'raise the spend
threshold to €800', 'use ages 30-45 instead': a rule restating a numeric condition replaces its
threshold; operator and window are kept unless the follow-up states them. 'make it 12 months' with
two windows in the tree could change either: it returns both readings, and the planner asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant import refine as edits
from assistant.language import Role
from assistant.offline.lengths import Length, bare_length, is_ahead, moved_last_then
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.periods import period_at
from assistant.offline.spans import Span, SpanKind
from assistant.offline.timespec import skip
from assistant.offline.understand import Understanding
from audience.rules import (
    Aggregate,
    AggregateFunc,
    Attribute,
    Behavior,
    ChangeVerb,
    Condition,
    Group,
    IndicatorRule,
    Node,
    Op,
    RuleTree,
    Value,
    Window,
    WindowKind,
    value_items,
)

MEASURED = frozenset({AggregateFunc.SUM, AggregateFunc.AVG, AggregateFunc.MAX, AggregateFunc.MIN})


@dataclass(frozen=True)
class EditOutcome:
    """An edit: one tree (with its change notes) or, when it could apply to several rules, each
    reading, for the user to choose. ``spans`` are the follow-up spans the edit used."""

    readings: tuple[edits.Edit, ...]
    spans: frozenset[int] = frozenset()
    notes: tuple[str, ...] = ()
    """Readings the edit chose, stated to the user with the proposal's assumptions."""


def said(understood: Understanding, role: Role) -> bool:
    """Whether any span of the follow-up has ``role``."""
    return any(span.has(role) for span in understood.spans)


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


def holds(node: Node, slot: Slot) -> list[object]:
    """The values ``node`` gives to ``slot`` (none when it is another rule)."""
    if isinstance(node, Attribute) and slot.kind == "attribute" and node.field == slot.name:
        return list(value_items(node.value))
    if isinstance(node, IndicatorRule) and slot.kind == "indicator" and node.indicator == slot.name:
        return list(value_items(node.value))
    if isinstance(node, Behavior) and slot.kind == "event" and node.event == slot.name:
        return [v for c in node.filters if c.field == slot.column for v in value_items(c.value)]
    return []


def values_in(tree: RuleTree, slot: Slot) -> set[object]:
    """Every value the tree gives to ``slot``, at any depth."""
    return {value for _, node in tree.walk() for value in holds(node, slot)}


def _swapped(value: object, old: object, new: object) -> object:
    if isinstance(value, list | tuple):
        return [new if item == old else item for item in value]
    return new if value == old else value


def _swap_node(node: Node, slot: Slot, old: object, new: object) -> Node:
    if isinstance(node, Group):
        return node.updated(rules=[_swap_node(child, slot, old, new) for child in node.rules])
    if old not in holds(node, slot):
        return node
    if isinstance(node, Behavior):
        filters = [
            c.updated(value=_swapped(c.value, old, new)) if c.field == slot.column else c
            for c in node.filters
        ]
        return node.updated(filters=filters)
    return node.updated(value=_swapped(node.value, old, new))  # type: ignore[union-attr]


def _swaps(previous: RuleTree, understood: Understanding) -> list[tuple[Slot, object, object]]:
    restating = said(understood, Role.EDIT_RESTATE) or said(understood, Role.EDIT_CORRECTION)
    named: dict[Slot, list[object]] = {}
    for span in understood.spans:
        for sense in span.senses:
            slot = slot_of(sense)
            if slot is not None and sense.value not in named.setdefault(slot, []):
                named[slot].append(sense.value)
    found = []
    for slot, values in named.items():
        present = values_in(previous, slot)
        old = [v for v in values if v in present]
        new = [v for v in values if v not in present]
        if len(old) == 1 and len(new) == 1:
            found.append((slot, old[0], new[0]))
        elif not old and len(new) == 1 and len(present) == 1 and restating:
            found.append((slot, next(iter(present)), new[0]))
    return found


def swap_values(previous: RuleTree, understood: Understanding) -> EditOutcome | None:
    """'swap Spain for Italy': replace the value already in the tree by the other one."""
    if not (said(understood, Role.EDIT_SWAP) or said(understood, Role.EDIT_CORRECTION)):
        return None
    swaps = _swaps(previous, understood)
    if not swaps:
        return None
    rules = list(previous.root.rules)
    for slot, old, new in swaps:
        rules = [_swap_node(rule, slot, old, new) for rule in rules]
    consumed = {
        i for i, s in enumerate(understood.spans) if s.senses or s.kind is SpanKind.NEGATION
    }
    changes = [edits.Change(ChangeVerb.CHANGED, str(old), str(new)) for _, old, new in swaps]
    return EditOutcome(((previous.with_rules(rules), changes),), frozenset(consumed))


def windows_said(understood: Understanding, near: date | None = None) -> list[tuple[int, Window]]:
    """Each time span of the follow-up that names a period, with its index; a period written
    without its year ('before 15 July') in the year nearest ``near`` (the audience's own dated
    range), which may lie ahead."""
    return [
        (i, _near_reading(span.time.window, span.time.next_reading, near))
        for i, span in enumerate(understood.spans)
        if span.kind is SpanKind.TIME and span.time is not None and span.time.window is not None
    ]


def _near_reading(window: Window, ahead: tuple[Window, ...], near: date | None) -> Window:
    """``window``, or its next occurrence when that is nearer ``near``."""
    if not ahead or near is None:
        return window

    def distance(reading: Window) -> int:
        day = reading.start or reading.end
        return abs((day - near).days) if isinstance(day, date) else 1 << 30

    return ahead[0] if distance(ahead[0]) < distance(window) else window


Days = tuple[date, date]
"""First and last day of a period."""


def bare_periods(understood: Understanding, as_of: date) -> list[tuple[int, list[Days]]]:
    """Each span of the follow-up that is, whole, a calendar period said bare ('June', 'den
    Juni', 'décembre', and 'May', which a request reads as a verb), with its index and readings:
    a period written without its year may be that of the year before or after the most recent
    one. Read in follow-ups only, where a month alone beside an edit names a period."""
    found = []
    for index, span in enumerate(understood.spans):
        if not _maybe_period(span):
            continue
        at = skip(span.words, 0, understood.pack, Role.ARTICLES)
        period = period_at(span.words, at, as_of, understood.pack) if at < len(span.words) else None
        if period is None or period.end != len(span.words):
            continue
        years = [0] if period.year_written else [0, -1, 1]
        shifted = [period.in_year(period.first.year + y) if y else period for y in years]
        found.append((index, [(p.first, p.last) for p in shifted]))
    return found


def _maybe_period(span: Span) -> bool:
    """An unread span, or a function word alone ('may')."""
    function = span.kind is SpanKind.WORD and span.roles == frozenset({Role.FUNCTION})
    return span.kind is SpanKind.UNKNOWN or function


def held_days(tree: RuleTree) -> list[Days]:
    """The ranges of days the behaviours of ``tree`` are dated to (a window or a dated filter
    between two days)."""
    found = []
    for rule in tree.root.rules:
        if not isinstance(rule, Behavior):
            continue
        window, at = rule.window, edits.dated_filter(rule, calendar=True)
        if window is not None and window.type is WindowKind.BETWEEN and window.start and window.end:
            found.append((window.start, window.end))
        elif at is not None and (days := _filter_days(rule.filters[at].value)) is not None:
            found.append(days)
    return found


def _filter_days(value: Value) -> Days | None:
    """The days of a dated filter: a 'between''s two, or its one day as both ('before 15 July')."""
    return days_of((value, value) if isinstance(value, str) else value)


def days_of(value: Value) -> Days | None:
    """The two days of a 'between' on a date column, or None."""
    items = list(value_items(value))
    if len(items) != 2:
        return None
    try:
        first, last = (date.fromisoformat(str(item)) for item in items)
    except ValueError:
        return None
    return first, last


def _nearest(readings: list[Days], near: date) -> Days:
    """The reading closest to ``near`` (the first on a tie): 'December' replacing January
    2026 is December 2025."""
    return min(readings, key=lambda days: abs((days[0] - near).days))


def periods_said(
    understood: Understanding, previous: RuleTree, as_of: date
) -> list[tuple[int, Window]]:
    """Each period of the follow-up with its index, in order: its times, and its periods said
    bare, in the year nearest the audience's own dated range (as_of when it has none)."""
    held = held_days(previous)
    near = held[0][0] if held else as_of
    bare = [
        (index, Window(type=WindowKind.BETWEEN, start=first, end=last))
        for index, readings in bare_periods(understood, as_of)
        for first, last in [_nearest(readings, near)]
    ]
    said = windows_said(understood, held[0][0] if held else None)
    return sorted([*said, *bare], key=lambda found: found[0])


def _corrected_time(
    understood: Understanding, previous: RuleTree, as_of: date
) -> tuple[frozenset[int], Window] | None:
    """The new window: the first time not negated ('not Q2, Q3', 'Q3, not Q2' → Q3) nor already
    the audience's ('December instead of January', 'Dezember statt Januar' → December); the
    others only name what it replaces."""
    times = periods_said(understood, previous, as_of)
    spans = understood.spans
    negated = {i for i, _ in times if i and spans[i - 1].kind is SpanKind.NEGATION}
    held = set(held_days(previous))
    kept = [(i, window) for i, window in times if i not in negated]
    if len(kept) > 1:
        kept = [(i, w) for i, w in kept if (w.start, w.end) not in held] or kept
    if not kept:
        return (frozenset({times[0][0]}), times[0][1]) if times else None
    used = {i for i, _ in times} | {i - 1 for i in negated}
    return frozenset(used), kept[0][1]


def change_window(previous: RuleTree, understood: Understanding, as_of: date) -> EditOutcome | None:
    """'make it 12 months', 'sorry, December, not January': the window of the behaviour that
    has one; with two, both readings. A bare duration keeps the direction of the window it
    changes ('make it 7 days' of a window 'in the next 10 days' is the next 7 days)."""
    if understood.parse.rules:
        return None
    corrected = _corrected_time(understood, previous, as_of)
    length = None if corrected else bare_length(understood, as_of)
    if corrected is None and length is None:
        return None
    used, window = corrected or (length.spans, length.back)  # type: ignore[union-attr]
    if window.type is WindowKind.BETWEEN and said(understood, Role.EDIT_WIDEN):
        return None  # 'add June too' adds a period, it does not replace one
    if length is not None and (moved := moved_last_then(previous, length)) is not None:
        return EditOutcome((moved,), used)
    rules = previous.root.rules
    readings = tuple(
        edits.replace_rule(
            previous, i, rewindowed(rules[i], _for(rules[i], window, length), corrected)
        )
        for i in _timed(previous)
    )
    return EditOutcome(readings, used) if readings else None


def _for(node: Node, window: Window, length: Length | None) -> Window:
    """The window said, or its twin looking ahead for a node dated ahead ('make it 6 to 12
    months' of 'renewing in the next 3 months')."""
    return length.ahead if length is not None and length.ahead and is_ahead(node) else window


def _timed(tree: RuleTree) -> list[int]:
    """The behaviours a new window may go to: each one that has a window or whose period is a
    dated filter ('redeemed in the last 2 months'), else each one (with several, which one is a
    question: no position settles it)."""
    behaviours = [i for i, rule in enumerate(tree.root.rules) if isinstance(rule, Behavior)]
    timed = [i for i in behaviours if edits.has_period(tree.root.rules[i])]
    return timed or behaviours


def rewindowed(node: Node, window: Window, said: object = None) -> Node:
    """``node`` dated to ``window`` (its window, or its dated filter); ``said``: the follow-up
    named the window's direction (a bare duration otherwise keeps the old one)."""
    if isinstance(node, Behavior) and (at := edits.dated_filter(node, calendar=True)) is not None:
        return _refiltered(node, at, window, said)
    old = getattr(node, "window", None)
    ahead = old is not None and old.type is WindowKind.NEXT and window.type is WindowKind.LAST
    return node.updated(
        window=window.updated(type=WindowKind.NEXT) if ahead and not said else window
    )


def _refiltered(node: Behavior, at: int, window: Window, said: object) -> Behavior:
    """``node`` with its dated filter holding the new period ('make it 6 months', 'since March'
    instead of 'redeemed in the last 2 months'); a bare duration keeps the filter's direction."""
    old = node.filters[at]
    if window.type in {WindowKind.LAST, WindowKind.NEXT}:
        ahead = Op.WITHIN_NEXT if window.type is WindowKind.NEXT else Op.WITHIN_LAST
        rolling = said or old.op not in edits.DATED  # days before: the duration's direction
        changed = old.updated(
            op=ahead if rolling else old.op, value=window.amount, unit=window.unit
        )
    elif window.type is WindowKind.SINCE:
        changed = old.updated(op=Op.GTE, value=str(window.start), unit=None)
    elif window.type is WindowKind.BEFORE:
        changed = old.updated(op=Op.LT, value=str(window.end), unit=None)
    else:
        changed = old.updated(op=Op.BETWEEN, value=[str(window.start), str(window.end)], unit=None)
    return node.updated(filters=[changed if i == at else c for i, c in enumerate(node.filters)])


def _restates(old: Node, new: Node) -> bool:
    """Whether ``new`` gives a new threshold to the numeric condition ``old``."""
    if isinstance(old, Behavior) and isinstance(new, Behavior):
        olds, news = old.aggregate.func, new.aggregate.func
        same = olds == news or (olds in MEASURED and news in MEASURED)
        restated = new.aggregate != Aggregate()
        return old.event == new.event and not old.negate and same and restated
    if isinstance(old, IndicatorRule) and isinstance(new, IndicatorRule):
        numeric = isinstance(new.value, int | float) and not isinstance(new.value, bool)
        return old.indicator == new.indicator and old.key == new.key and numeric and not old.negate
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
        return old.updated(
            aggregate=aggregate,
            filters=filters + list(new.filters),
            window=new.window or old.window,
        )
    threshold = getattr(new, "value", None)
    op = _op(getattr(old, "op", None), getattr(new, "op", None), threshold, explicit)
    return old.updated(value=threshold, op=op)


def restate_thresholds(previous: RuleTree, understood: Understanding) -> EditOutcome | None:
    """'raise the threshold to €800': the new number replaces the one of the same rule."""
    quantities = [s.quantity for s in understood.spans if s.quantity is not None]
    explicit = all(q.op is not None for q in quantities)
    tree, changes = previous, list[edits.Change]()
    for rule in understood.parse.rules:
        index = next(
            (i for i, old in enumerate(tree.root.rules) if _restates(old, rule.node)), None
        )
        if index is None:
            return None
        tree, note = edits.replace_rule(
            tree, index, _merged(tree.root.rules[index], rule.node, explicit)
        )
        changes += note
    if not changes:
        return None
    used = {i for i, s in enumerate(understood.spans) if s.kind is SpanKind.QUANTITY}
    return EditOutcome(((tree, changes),), frozenset(used))
