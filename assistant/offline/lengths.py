"""A length of time said bare in a follow-up: 'make it 12 months', 'make it 6 to 12 months'.

A single length is a rolling window ('make it 12 months': the last 12 months, or the next 12 for
a window looking ahead). A range of lengths is a distance in time: 'make it 6 to 12 months' is
between 12 and 6 months ago — never a count of 6 to 12 events, the number being a length. When
the audience holds a last event ('last order between 3 and 6 months ago': one in that span,
none since), the range moves both parts of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from assistant import refine as edits
from assistant.offline.understand import Understanding
from audience.rules import (
    Behavior,
    Node,
    Op,
    RuleTree,
    TimeUnit,
    Window,
    WindowKind,
    day_start,
    shift,
)


@dataclass(frozen=True)
class Length:
    """A length said bare: the ``spans`` that say it, the window looking ``back`` and, for a
    range, its twin looking ``ahead`` and the window 'since' the near end (none since)."""

    spans: frozenset[int]
    back: Window
    ahead: Window | None = None
    since: Window | None = None


def bare_length(understood: Understanding, as_of: date) -> Length | None:
    """A number or a range followed by a time unit, with no 'last' ('make it 12 months')."""
    spans = understood.spans
    for index in range(len(spans) - 1):
        quantity, following = spans[index].quantity, spans[index + 1]
        found = understood.pack.units.match(following.words, 0) if following.words else None
        if not quantity or not found or quantity.unit is not None:
            continue
        multiple, unit = found[1]
        used = frozenset({index, index + 1})
        if isinstance(quantity.value, int):
            amount = quantity.value * multiple
            return Length(used, Window(type=WindowKind.LAST, amount=amount, unit=unit))
        if isinstance(quantity.value, tuple) and all(isinstance(v, int) for v in quantity.value):
            near, far = sorted(int(v) * multiple for v in quantity.value)
            back, ahead = _distance(as_of, -far, -near, unit), _distance(as_of, near, far, unit)
            since = Window(type=WindowKind.LAST, amount=near, unit=unit)
            return Length(used, back, ahead, since)
    return None


def _distance(as_of: date, first: int, last: int, unit: TimeUnit) -> Window:
    """The days from ``first`` to ``last`` units after ``as_of`` (negative: before it)."""
    start = shift(day_start(as_of), first, unit).date()
    end = shift(day_start(as_of), last, unit).date() - timedelta(days=1)
    return Window(type=WindowKind.BETWEEN, start=start, end=end)


def is_ahead(node: Node) -> bool:
    """Whether ``node`` is dated to a period ahead of the data's date."""
    if not isinstance(node, Behavior):
        return False
    at = edits.dated_filter(node)
    if at is not None:
        return node.filters[at].op is Op.WITHIN_NEXT
    return node.window is not None and node.window.type is WindowKind.NEXT


def moved_last_then(previous: RuleTree, length: Length) -> edits.Edit | None:
    """'last order between 3 and 6 months ago' → 'make it 6 to 12 months': the span and the
    'none since' part of the one last event the audience holds both move."""
    if length.since is None:
        return None
    pairs = edits.last_then_pairs(previous.root.rules)
    if len(pairs) != 1:
        return None
    then, since = pairs[0]
    rules = list(previous.root.rules)
    rules[then] = rules[then].updated(window=length.back)  # type: ignore[union-attr]
    rules[since] = rules[since].updated(window=length.since)  # type: ignore[union-attr]
    tree, changes = edits.replace_rule(previous, then, rules[then])
    tree, more = edits.replace_rule(tree, since, rules[since])
    return tree, [*changes, *more]
