"""Follow-ups checked against the tree they edit: a change no word of the follow-up points at is
flagged, whichever planner or edit rule made it.

An edit rule settles which part of the audience a follow-up changes, sometimes from weak
evidence: a position ('the last behaviour'), a pronoun ('make it 12 months'), a guess that a
follow-up starts a new audience. Rather than trust each rule, the result is compared with the
previous turn's tree. Every rule dropped, every part of a rule changed (its window, count or
threshold, filters, values, negation) and the audience's channel must be one the follow-up names:
by a word of that rule (its field, event, value, indicator or channel), or by the kind of change
when the tree has a single part of that kind ('make it 12 months' with one window, 'lower it to
€250' with one threshold). Any other change is flagged before the count, in the request's
language. An undo names the change it takes back: it is compared with the tree before that one.
A follow-up read as a new audience (no change recorded) may as well have meant to edit the
previous one: each earlier rule it does not keep is said.

Code: ``edit_unnamed_change`` (path ``root.rules[i]`` of the previous tree, or ``channel``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from assistant.contract import Conversation, Proposal
from assistant.coverage import node_keys, read_request, sense_keys
from assistant.explain import language_of
from assistant.language import Role, pack_for
from assistant.refine import dated_filter, has_period, last_then_pairs, same_slot
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
    WindowKind,
    change_note,
    value_items,
)
from schema_catalog import Catalog, Issue, Severity

if TYPE_CHECKING:
    from assistant.offline.understand import Understanding


class Part(StrEnum):
    """A part of a rule a follow-up can change."""

    WINDOW = "window"
    COUNT = "count"
    THRESHOLD = "threshold"
    FILTERS = "filters"
    VALUE = "value"
    NEGATION = "negation"
    DAYS = "days"
    """The range of days a date attribute lies in ('whose contract ends in May')."""


Changed = tuple[int, Node, Node | None]
"""A rule of the previous tree (its index), and what became of it (None: dropped)."""


def edit_issues(
    history: Conversation, request: str, proposal: Proposal, catalog: Catalog
) -> list[Issue]:
    """Warnings for the changes to the previous turn's tree that ``request`` does not name
    (see the module doc); none when the conversation has no tree yet."""
    pack = pack_for(proposal.language)
    understood = read_request(request, catalog, pack, history)
    base = _base(history, understood)
    if base is None:
        return []
    if not proposal.changes:
        return _not_kept(base, proposal, catalog)
    named = _named(base, understood, catalog)
    widening = _only_widens(understood)
    issues = []
    for index, old, new in _changes(base, proposal.rules):
        if not _pinned(index, old, new, base, named, understood, catalog.as_of.date()):
            issues.append(_issue(f"root.rules[{index}]", old, new, proposal, catalog))
        elif widening and not _wider(old, new):
            key = "flag_not_wider"
            issues.append(_issue(f"root.rules[{index}]", old, new, proposal, catalog, key))
    if base.channel != proposal.rules.channel and understood.parse.channel is None:
        issues.append(_issue("channel", base.channel, proposal.rules.channel, proposal, catalog))
    return issues


def _not_kept(previous: RuleTree, proposal: Proposal, catalog: Catalog) -> list[Issue]:
    """A follow-up read as a new audience (no edit of the previous one): whether it replaces
    that audience or narrows it is a guess; each earlier rule it does not keep is said."""
    return [
        _issue(f"root.rules[{index}]", old, None, proposal, catalog, "flag_not_kept")
        for index, old in enumerate(previous.root.rules)
        if old not in proposal.rules.root.rules
    ]


_NOT_WIDENING = (
    Role.EDIT_REMOVE,
    Role.EDIT_ONLY,
    Role.EDIT_CORRECTION,
    Role.EDIT_SWAP,
    Role.EDIT_REPLACE,
    Role.EDIT_RESTATE,
    Role.EDIT_THRESHOLD,
    Role.EDIT_UNDO,
)
"""Edit words that may take people out; a follow-up saying none of them, only 'also' / 'too',
asks for more people."""


def _only_widens(understood: Understanding) -> bool:
    """'add Turin as well', 'zusätzlich auch die Feinschmecker': a widening word, and no word that
    could remove, replace, restrict or negate."""
    spans = understood.spans
    if any(span.negation is not None for span in spans):
        return False
    return any(span.has(Role.EDIT_WIDEN) for span in spans) and not any(
        span.has(role) for span in spans for role in _NOT_WIDENING
    )


def _wider(old: Node, new: Node | None) -> bool:
    """Whether ``new`` selects everyone ``old`` does: ``old`` as one alternative of an 'or',
    more values on the same field, or a behaviour whose filters only gained values."""
    if isinstance(new, Group):
        return new.op == "or" and not new.negate and old in new.rules
    if _covers(old, new):
        return True
    if isinstance(old, Behavior) and isinstance(new, Behavior):
        same = (old.window, old.aggregate, old.negate) == (new.window, new.aggregate, new.negate)
        fields = {c.field for c in old.filters}
        return (
            same
            and all(c.field in fields for c in new.filters)
            and all(
                _more_values(c, [f for f in new.filters if f.field == c.field]) for c in old.filters
            )
        )
    if isinstance(old, Attribute | IndicatorRule) and isinstance(new, Attribute | IndicatorRule):
        return _compared(old)[2:] == _compared(new)[2:] and _more_values(old, [new])
    return False


def _covers(old: Node, new: Node | None) -> bool:
    """Whether ``new`` is ``old`` with its range of days stretched ('add June too'): a date
    attribute, or a behaviour's window between two days, otherwise unchanged."""
    held, wider = _bounds(old), (None if new is None else _bounds(new))
    if held is None or wider is None or getattr(old, "negate", False):
        return False
    if isinstance(old, Attribute) and isinstance(new, Attribute):
        same = old.updated(value=new.value) == new
    elif isinstance(old, Behavior) and isinstance(new, Behavior):
        same = old.updated(window=new.window) == new
    else:
        return False
    return same and wider[0] <= held[0] and held[1] <= wider[1]


def _bounds(node: Node) -> tuple[date, date] | None:
    """The first and last day a date attribute or a behaviour's window lies between."""
    if isinstance(node, Attribute) and _days(node):
        first, last = (date.fromisoformat(str(item)) for item in value_items(node.value))
        return first, last
    window = node.window if isinstance(node, Behavior) else None
    if window is None or window.type is not WindowKind.BETWEEN:
        return None
    return None if window.start is None or window.end is None else (window.start, window.end)


def _more_values(
    old: Attribute | IndicatorRule | Condition, new: Sequence[Node | Condition]
) -> bool:
    """No rule left on that field, or one holding every value of ``old`` and more."""
    if not new:
        return True
    (after,) = new
    listed = {Op.EQ, Op.IN}
    if old.op not in listed or getattr(after, "op", None) not in listed:
        return False
    if getattr(old, "negate", False) or getattr(after, "negate", False):
        return False
    return set(value_items(old.value)) <= set(value_items(after.value))  # type: ignore[union-attr]


def _base(history: Conversation, understood: Understanding) -> RuleTree | None:
    """The tree the follow-up edits: the last one, or the one before it when it undoes."""
    trees = [turn.rules for turn in history.turns if turn.rules is not None]
    undoes = any(span.has(Role.EDIT_UNDO) for span in understood.spans)
    return trees[-2] if undoes and len(trees) > 1 else (trees[-1] if trees else None)


def _changes(previous: RuleTree, result: RuleTree) -> list[Changed]:
    """Each rule of ``previous`` the result does not keep as it was, paired with the rule of the
    same slot that replaced it (None when it is gone)."""
    new = [rule for rule in result.root.rules if rule not in previous.root.rules]
    found: list[Changed] = []
    for index, old in enumerate(previous.root.rules):
        if old in result.root.rules:
            continue
        after = next((rule for rule in new if _same_rule(old, rule)), None)
        if after is not None:
            new.remove(after)
        found.append((index, old, after))
    return found


def _same_rule(old: Node, new: Node) -> bool:
    """Whether ``new`` is what became of ``old``: a rule of the same slot, or an 'either' group
    holding it ('add those whose subscription is paused' beside 'who cancelled')."""
    return same_slot(old, new) or (isinstance(new, Group) and old in new.rules)


def _named(previous: RuleTree, understood: Understanding, catalog: Catalog) -> set[int]:
    """The rules of ``previous`` a catalog word of the follow-up names (its field, event, value,
    indicator or channel), or a word of a rule's field with no catalog phrase of its own ('the
    store condition'), or a rule on where people live when it says 'wherever they live'."""
    from assistant.offline.lexicon import lexicon_for
    from assistant.offline.naming import named_rules
    from assistant.offline.spans import SpanKind

    said = set().union(*(sense_keys(s.senses) for s in understood.spans if not s.is_subject))
    profile = catalog.profile.table
    named = {i for i, rule in enumerate(previous.root.rules) if node_keys(rule, profile) & said}
    unknown = [w for s in understood.spans if s.kind is SpanKind.UNKNOWN for w in s.words]
    compounds = bool(understood.pack.compound_links)
    if any(span.has(Role.EDIT_ANYWHERE) for span in understood.spans):
        residences = lexicon_for(catalog).residences
        named |= {
            i
            for i, rule in enumerate(previous.root.rules)
            if isinstance(rule, Attribute) and rule.field in residences
        }
    return named | set(named_rules(previous, unknown, catalog, compounds))


def _pinned(
    index: int,
    old: Node,
    new: Node | None,
    previous: RuleTree,
    named: set[int],
    understood: Understanding,
    as_of: date,
) -> bool:
    """Whether the follow-up points at this change: it names the rule (and no other rule that
    could take the same change), or names the kind of change the tree has a single part of."""
    if new is None:
        return index in named
    for part in _parts(old, new):
        candidates = _candidates(part, old, previous)
        chosen = named & candidates
        if chosen and chosen != {index}:
            return False
        if not chosen and not (_said(part, understood, as_of) and candidates == {index}):
            return False
    return True


def _parts(old: Node, new: Node) -> list[Part]:
    """The parts of ``old`` that ``new`` changes."""
    parts = [Part.NEGATION] if getattr(old, "negate", None) != getattr(new, "negate", None) else []
    if isinstance(old, Behavior) and isinstance(new, Behavior):
        parts += [Part.WINDOW] if old.window != new.window else []
        parts += [_aggregate_part(new.aggregate)] if old.aggregate != new.aggregate else []
        parts += [_filters_part(old, new)] if old.filters != new.filters else []
    elif _compared(old) != _compared(new):
        parts.append(_compared_part(old, new))
    return parts


def _filters_part(old: Behavior, new: Behavior) -> Part:
    """A change to the dated filter that holds a behaviour's period ('make it 6 months' of
    'redeemed in the last 2 months') changes its window; any other filter change, its filters."""
    at = dated_filter(old, calendar=True)
    if at is None or len(old.filters) != len(new.filters):
        return Part.FILTERS
    others = [
        (a, b) for i, (a, b) in enumerate(zip(old.filters, new.filters, strict=True)) if i != at
    ]
    same_date = old.filters[at].field == new.filters[at].field
    return Part.WINDOW if same_date and all(a == b for a, b in others) else Part.FILTERS


def _compared_part(old: Node, new: Node) -> Part:
    """What a change of an attribute's or indicator's comparison changes: a range of days, a
    threshold or a value."""
    if _days(old) and _days(new):
        return Part.DAYS
    return Part.THRESHOLD if _numeric(new) else Part.VALUE


def _days(node: Node) -> bool:
    """Whether ``node`` keeps a date attribute between two days."""
    if not isinstance(node, Attribute) or node.op is not Op.BETWEEN:
        return False
    items = list(value_items(node.value))
    try:
        return len(items) == 2 and all(date.fromisoformat(str(item)) for item in items)
    except ValueError:
        return False


def _compared(node: Node) -> tuple[object, ...]:
    """What an attribute or indicator rule compares: operator, value, then field and key
    (nothing for other rules)."""
    if not isinstance(node, Attribute | IndicatorRule):
        return ()
    slot = node.field if isinstance(node, Attribute) else node.indicator
    return node.op, node.value, slot, getattr(node, "key", None)


def _aggregate_part(aggregate: Aggregate) -> Part:
    return Part.COUNT if aggregate.func is AggregateFunc.COUNT else Part.THRESHOLD


def _numeric(node: Node) -> bool:
    """Whether ``node`` compares a number (an attribute or indicator threshold)."""
    value = getattr(node, "value", None)
    items = list(value_items(value)) if value is not None else []
    return bool(items) and all(
        isinstance(item, int | float) and not isinstance(item, bool) for item in items
    )


def _candidates(part: Part, old: Node, previous: RuleTree) -> set[int]:
    """The rules of ``previous`` the same kind of change could have gone to."""
    rules = previous.root.rules
    behaviours = {i for i, rule in enumerate(rules) if isinstance(rule, Behavior)}
    if part is Part.WINDOW:
        timed = {i for i in behaviours if has_period(rules[i])} or behaviours
        return timed - _partners(rules, old)
    if part is Part.COUNT:
        counted = {i for i in behaviours if rules[i].aggregate != Aggregate()}  # type: ignore[union-attr]
        return counted or behaviours
    if part is Part.THRESHOLD:
        counted = {i for i in behaviours if rules[i].aggregate != Aggregate()}  # type: ignore[union-attr]
        return counted | {i for i, rule in enumerate(rules) if _numeric(rule)}
    if part is Part.FILTERS:
        return behaviours
    if part is Part.DAYS:
        return {i for i, rule in enumerate(rules) if _days(rule) or has_period(rule)}
    if part is Part.VALUE:
        return {i for i, rule in enumerate(rules) if same_slot(old, rule)}
    return set(range(len(rules)))


def _partners(rules: Sequence[Node], old: Node) -> set[int]:
    """The other part of the last event ``old`` belongs to ('last order between 3 and 6 months
    ago': one then, none since): both move with one length of time, as one."""
    index = rules.index(old) if old in rules else None
    pairs = last_then_pairs(rules)
    return {j for i, j in pairs if i == index} | {i for i, j in pairs if j == index}


def _said(part: Part, understood: Understanding, as_of: date) -> bool:
    """Whether the follow-up states this kind of change without naming a rule ('make it 12
    months', 'lower it to €250')."""
    from assistant.offline.followup import bare_periods
    from assistant.offline.spans import SpanKind

    kinds = {span.kind for span in understood.spans}
    if part in {Part.WINDOW, Part.DAYS}:
        timed = any(span.has(Role.EDIT_TIME_WORDS) for span in understood.spans)
        bare = bool(bare_periods(understood, as_of))
        return timed or bare or bool(kinds & {SpanKind.TIME, SpanKind.QUANTITY})
    if part in {Part.COUNT, Part.THRESHOLD}:
        return SpanKind.QUANTITY in kinds
    return False


def _issue(
    path: str,
    old: Node | str | None,
    new: Node | str | None,
    proposal: Proposal,
    catalog: Catalog,
    key: str = "flag_unnamed_change",
) -> Issue:
    verb = ChangeVerb.REMOVED if new is None else ChangeVerb.CHANGED
    lang = language_of(proposal.language)
    change = change_note(verb, catalog, before=old, after=new, lang=lang)
    return Issue(
        code="edit_unnamed_change",
        severity=Severity.WARNING,
        path=path,
        message=pack_for(proposal.language).say(key, change=change),
        hint="Say which condition the follow-up should change, or edit the rules by hand.",
    )
