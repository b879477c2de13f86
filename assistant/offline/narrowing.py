"""Follow-ups that narrow or add: 'only those in Lyon', 'and men?', 'no, Nice', 'phones only'.

The new rules are ANDed to the tree; a second value of a one-value field can only mean a wider
list, or the new value alone after 'only' or an opening 'no,'. A value the tree already holds,
said alone ('phones only'), keeps that value alone of the slot's values and adds nothing.
"""

from __future__ import annotations

from assistant import refine as edits
from assistant.explain import language_of
from assistant.language import Role
from assistant.offline.build import ParsedRule
from assistant.offline.clauses import after_window
from assistant.offline.followup import EditOutcome, Slot, holds, said, slot_of, values_in
from assistant.offline.lexicon import Lexicon
from assistant.offline.spans import Connector, Negation
from assistant.offline.timespec import TimeSpec
from assistant.offline.understand import Understanding
from audience.rules import (
    AggregateFunc,
    Attribute,
    Behavior,
    ChangeVerb,
    Group,
    IndicatorRule,
    Node,
    Op,
    RuleTree,
    TimeUnit,
    Window,
    WindowKind,
    value_items,
    window_text,
)
from schema_catalog import Catalog


def new_group(understood: Understanding) -> bool:
    """'add those who…', 'ajoute ceux dont…', 'nimm auch die dazu, die…': the follow-up
    describes other people with a relative clause of their own."""
    return any(span.connector is Connector.RELATIVE for span in understood.spans)


def _clashing(tree: RuleTree, node: Attribute | IndicatorRule) -> int | None:
    """The top-level rule giving another value to the same one-value field (or indicator band),
    if any."""
    if node.op is not Op.EQ or node.negate:
        return None
    for index, rule in enumerate(tree.root.rules):
        if not isinstance(rule, Attribute | IndicatorRule) or rule.negate:
            continue
        if not edits.same_slot(rule, node) or getattr(rule, "key", None) != getattr(
            node, "key", None
        ):
            continue
        if rule.op in {Op.EQ, Op.IN} and node.value not in value_items(rule.value):
            return index
    return None


def add(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    """AND the new rules; a second value of a one-value field ('and men?') can only mean a
    wider list, or the new value alone after 'only' or an opening 'no,' ('no, Nice')."""
    if understood.parse.ambiguities:
        return None
    tree, changes, notes = previous, list[edits.Change](), list[str]()
    only = said(understood, Role.EDIT_ONLY) or _opens_with_no(understood)
    since = _anaphoric_since(understood)
    restated = False
    for rule in understood.parse.rules:
        node = rule.node
        node, lent = lend_period(previous, node, understood, catalog)
        notes += lent
        clash = _clashing(tree, node) if isinstance(node, Attribute | IndicatorRule) else None
        value = None if new_group(understood) else held(tree, rule)
        if value is not None:  # 'phones only': a value the tree already has, no clause of its own
            edited, restated = (keep_only(tree, *value) if only else (tree, [])), True
        elif clash is not None and only:
            edited = edits.replace_rule(tree, clash, node)
        elif clash is not None and isinstance(node, Attribute):
            edited = edits.widen_rule(tree, node) or edits.add_rules(tree, [node])
            notes += (
                []
                if said(understood, Role.EDIT_WIDEN)
                else [_beside(tree, clash, rule, understood)]
            )
        elif isinstance(node, Behavior) and only and _not_said(understood):
            edited = (
                edits.narrow_rows(tree, node)
                or edits.narrow_behavior(tree, node)
                or edits.add_rules(tree, [node])
            )
        elif isinstance(node, Behavior):
            edited = edits.narrow_behavior(tree, node) or edits.add_rules(tree, [node])
        else:
            edited = edits.add_rules(tree, [node])
        tree, changes = edited[0], changes + edited[1]
    used = understood.used | ({since} if since is not None else set())
    outcome = EditOutcome(((tree, changes),), used, tuple(notes))
    return outcome if changes or restated else None


def _not_said(understood: Understanding) -> bool:
    """The follow-up negates with a plain 'not' ('whose issue wasn't resolved'), neither 'never'
    nor an exclusion ('only those who never had…', 'except…' say other people)."""
    kinds = {span.negation for span in understood.spans if span.negation is not None}
    return kinds == {Negation.NOT}


def _beside(tree: RuleTree, clash: int, rule: ParsedRule, understood: Understanding) -> str:
    """'and men?', 'in Paris' after 'in Lyon': a second value of a one-value field, said with
    neither 'also' nor 'only', joins the first — a guess between adding and replacing, stated."""
    phrase = " ".join(span.text for span in rule.spans)
    held = ", ".join(f"'{value}'" for value in value_items(tree.root.rules[clash].value))  # type: ignore[union-attr]
    return understood.pack.say("assume_added_beside", phrase=phrase, held=held)


def _anaphoric_since(understood: Understanding) -> int | None:
    """The span of a bare 'since' ('depuis', 'seitdem'), pointing at an earlier period."""
    spans = understood.spans
    return next((i for i, s in enumerate(spans) if s.time is not None and s.time.anaphoric), None)


def lend_period(
    previous: RuleTree, node: Node, understood: Understanding, catalog: Catalog
) -> tuple[Node, list[str]]:
    """``node`` with the period a bare 'since' or 'that week' points back to (see
    ``_since_previous``), and the notes stating a guess; ``node`` as is when there is none."""
    if _anaphoric_since(understood) is None:
        return node, []
    lent = _since_previous(previous, node, understood, catalog)
    return (node, []) if lent is None else (node.updated(window=lent[0]), lent[1])  # type: ignore[union-attr]


def _since_previous(
    previous: RuleTree, node: Node, understood: Understanding, catalog: Catalog
) -> tuple[Window, list[str]] | None:
    """A bare 'since' lends a negated behaviour with no time the window of the tree's dated
    behaviour of the same event ('haven't bought since' after 'bought in March'), else of the
    last dated one — stated when other periods could be meant: from the day after a closed
    period, or that rolling window. 'that week' lends any behaviour with no time that window
    itself ('leave out anyone who also went to a city store that week')."""
    at = _anaphoric_since(understood)
    itself = at is not None and understood.spans[at].time.same_period  # type: ignore[union-attr]
    if not isinstance(node, Behavior) or node.window is not None:
        return None
    if not (node.negate or itself):
        return None
    dated = [
        (r, held)
        for r in previous.root.rules
        if isinstance(r, Behavior) and (held := _dating(r, itself)) is not None
    ]
    same = [held for r, held in dated if r.event == node.event]
    chosen = same[0] if len(same) == 1 else (dated[-1][1] if dated else None)
    if chosen is None:
        return None
    after = None if itself else after_window(TimeSpec(window=chosen))
    window = after.window if after and after.window else chosen
    guessed = len(same) != 1 and len({held for _, held in dated}) > 1
    return window, _since_note(window, understood, catalog) if guessed else []


def _dating(rule: Behavior, itself: bool) -> Window | None:
    """The period a behaviour is dated to: its window — or, for 'whose last order was more than
    90 days ago', the days since then (the last 90 days), which a bare 'since' points at."""
    if rule.window is not None:
        return rule.window
    aggregate = rule.aggregate
    lapsed = aggregate.func is AggregateFunc.DAYS_SINCE_LAST and aggregate.op in {Op.GT, Op.GTE}
    if itself or not lapsed or not isinstance(aggregate.value, int | float):
        return None
    return Window(type=WindowKind.LAST, amount=int(aggregate.value), unit=TimeUnit.DAY)


def _since_note(window: Window, understood: Understanding, catalog: Catalog) -> list[str]:
    at = _anaphoric_since(understood)
    phrase = understood.spans[at].text if at is not None else ""
    time = window_text(window, catalog, language_of(understood.pack.code))
    return [understood.pack.say("assume_since_last", phrase=phrase, time=time)]


def _opens_with_no(understood: Understanding) -> bool:
    """'no, Nice', 'sorry, Belgium': the turn opens with a negation word said as an
    interjection, or with an apology — the value said replaces the one of its field."""
    first = understood.spans[0] if understood.spans else None
    pack = understood.pack
    return (
        first is not None
        and first.has(Role.EDIT_INTERJECTION)
        and any(pack.is_word(Role.NEGATION, word) for word in first.words)
    ) or (first is not None and any(pack.is_word(Role.EDIT_APOLOGY, w) for w in first.words))


def held(previous: RuleTree, rule: ParsedRule) -> tuple[Slot, object] | None:
    """The value a rule read from one bare word names when the tree already gives that value to
    its slot ('phones only' when the viewing device is 'tablet' or 'mobile'); the rule itself
    may be another reading of the word (the phone brand being known)."""
    if len(rule.spans) != 1:
        return None
    for sense in rule.spans[0].senses:
        slot = slot_of(sense)
        if slot is not None and sense.value in values_in(previous, slot):
            return slot, sense.value
    return None


def keep_only(previous: RuleTree, slot: Slot, value: object) -> edits.Edit:
    """'only the phones': the slot keeps that value alone, in every rule that holds it."""
    rules = [_only_node(rule, slot, value) for rule in previous.root.rules]
    changes = [
        edits.Change(ChangeVerb.CHANGED, before=old, after=new)
        for old, new in zip(previous.root.rules, rules, strict=True)
        if old != new
    ]
    return previous.with_rules(rules), changes


def _only_node(node: Node, slot: Slot, value: object) -> Node:
    if isinstance(node, Group):
        return node.updated(rules=[_only_node(child, slot, value) for child in node.rules])
    if value not in holds(node, slot) or getattr(node, "negate", False):
        return node
    if isinstance(node, Behavior):
        filters = [
            c.updated(op=Op.EQ, value=value) if c.field == slot.column else c for c in node.filters
        ]
        return node.updated(filters=filters)
    return node.updated(op=Op.EQ, value=value)
