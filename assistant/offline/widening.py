"""Follow-ups that widen a slot the audience already fills: 'add Turin as well', 'widen to
accessories too, either is fine', 'zusätzlich auch die Feinschmecker', 'add June too'.

With a widening word, a value said in the follow-up joins the values of the one rule whose slot
its senses can fill (a field, an indicator's value or key, a filter of a behaviour): the tree
settles which of the word's senses is meant, and the new value goes beside the old ones, never
in their place. A value whose senses fill no rule, or several rules, is left to the other edits.
A period said with a widening word stretches the audience's range of days when the two touch.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from assistant import refine as edits
from assistant.language import Role
from assistant.offline.followup import (
    Days,
    EditOutcome,
    bare_periods,
    days_of,
    periods_said,
    rewindowed,
    said,
    windows_said,
)
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.narrowing import new_group
from assistant.offline.spans import SpanKind
from assistant.offline.understand import Understanding
from audience.rules import (
    Aggregate,
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Node,
    Op,
    RuleTree,
    WindowKind,
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


def widen_period(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    """'add June too' after 'whose contract ends in May': the dated range of the audience (a
    behaviour's window, or a date between two days) stretched to cover the period said as well,
    when the two touch or overlap; with several such ranges, each is a reading (asked). A period
    apart from every range ('add June too' after April, or after 'in the last 7 days') is read as
    the dated behaviour in either period. A month said bare ('June') is read as a period here
    only: beside a widening word, with nothing else."""
    if not said(understood, Role.EDIT_WIDEN) or understood.parse.rules:
        return None
    as_of = catalog.as_of.date()
    found = period_said(understood, as_of)
    if found is None:
        return None
    index, ranges = found
    readings = tuple(
        edits.replace_rule(previous, at, wider)
        for at, rule in enumerate(previous.root.rules)
        if (wider := _stretched(rule, ranges)) is not None
    )
    readings = readings or _either_period(previous, understood, as_of)
    return EditOutcome(readings, frozenset({index})) if readings else None


def _either_period(
    previous: RuleTree, understood: Understanding, as_of: date
) -> tuple[edits.Edit, ...]:
    """Each dated behaviour of ``previous`` as a choice between its own period and the one the
    follow-up adds (in the year nearest the audience's range); one reading per behaviour. A
    behaviour counted or summed over its period is left out: two periods apart are not one
    period to count over, and one count in each is another audience."""
    (_, window), *more = periods_said(understood, previous, as_of)
    if more:
        return ()
    return tuple(
        edits.replace_rule(previous, at, Group(op="or", rules=(rule, rewindowed(rule, window))))
        for at, rule in enumerate(previous.root.rules)
        if isinstance(rule, Behavior)
        and edits.has_period(rule)
        and not rule.negate
        and rule.aggregate == Aggregate()
    )


def period_said(understood: Understanding, as_of: date) -> tuple[int, list[Days]] | None:
    """The one period of the follow-up, with its index: a time span naming days, or a span of
    unknown words that is a calendar period whole ('June', 'den Juni'); a period written without
    its year may be that of the year before or after."""
    times = windows_said(understood)
    if times:
        (index, window), *more = times
        if more or window.type is not WindowKind.BETWEEN or not (window.start and window.end):
            return None
        return index, [(window.start, window.end)]
    unknown = {i for i, span in enumerate(understood.spans) if span.kind is SpanKind.UNKNOWN}
    periods = bare_periods(understood, as_of)
    if len(periods) != 1 or not unknown <= {periods[0][0]}:
        return None
    return periods[0]


def _stretched(rule: Node, ranges: list[Days]) -> Node | None:
    """``rule`` with its range of days joined with the first of ``ranges`` that touches or
    overlaps it (None: no range of days, none touching, or already covered)."""
    if isinstance(rule, Behavior) and rule.window is not None and not rule.negate:
        held = rule.window
        if held.type is not WindowKind.BETWEEN or held.start is None or held.end is None:
            return None
        joined = _joined((held.start, held.end), ranges)
        if joined is None:
            return None
        return rule.updated(window=held.updated(start=joined[0], end=joined[1]))
    if isinstance(rule, Attribute) and rule.op is Op.BETWEEN and not rule.negate:
        days = days_of(rule.value)
        joined = None if days is None else _joined(days, ranges)
        return None if joined is None else rule.updated(value=[str(joined[0]), str(joined[1])])
    return None


def _joined(held: Days, ranges: list[Days]) -> Days | None:
    """One range covering ``held`` and the first of ``ranges`` that touches or overlaps it and
    reaches beyond it."""
    day = timedelta(days=1)
    for added in ranges:
        joined = (min(held[0], added[0]), max(held[1], added[1]))
        if added[0] <= held[1] + day and held[0] <= added[1] + day:
            return joined if joined != held else None
    return None
