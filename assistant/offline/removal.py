"""Removal follow-ups: 'remove the VIP condition', 'drop the time limit', 'take out the women'.

A word naming a rule removes it; a word of a rule's field with no catalog phrase of its own
('the store condition') removes that rule, or asks which when it names several; people no rule
names leave the audience as a negated rule.
"""

from __future__ import annotations

from assistant import refine as edits
from assistant.language import Role
from assistant.offline.build import ParsedRule
from assistant.offline.followup import EditOutcome, bare_periods, said
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.naming import named_filters, named_rules, names_column
from assistant.offline.narrowing import lend_period, new_group
from assistant.offline.spans import SpanKind
from assistant.offline.understand import Understanding
from audience.rules import Attribute, Behavior, Condition, Node, RuleTree, value_items
from schema_catalog import Catalog


def _terms_named(understood: Understanding) -> list[tuple[int, Sense]]:
    """The senses the removal names, up to a word keeping the rest ('remove X, keep Y'); a keep
    word before the removal is its verb ('lass den Mai weg', verb first, particle last)."""
    spans = understood.spans
    first = next((i for i, s in enumerate(spans) if s.has(Role.EDIT_REMOVE)), 0)
    keep = next((i for i, s in enumerate(spans) if i > first and s.has(Role.EDIT_KEEP)), None)
    limit = keep if keep is not None else len(understood.spans)
    return [(i, sense) for i, span in enumerate(understood.spans[:limit]) for sense in span.senses]


def _names(node: Node, senses: list[Sense]) -> bool:
    """Whether a sense of the follow-up names this rule ('the VIP condition', 'the city')."""
    for sense in senses:
        if isinstance(node, Attribute) and node.field == sense.target:
            return True
        if (
            isinstance(node, Behavior)
            and sense.table == node.event
            and sense.kind in {SenseKind.EVENT, SenseKind.MEASURE}
        ):
            return True
        if isinstance(node, Behavior) and _holds_value(node, sense):
            return True
        if isinstance(node, Behavior) and _filtered_column(node, sense):
            return True
        if getattr(node, "indicator", None) and node.indicator == sense.indicator:  # type: ignore[union-attr]
            return True
        if getattr(node, "channel", None) and node.channel == sense.channel:  # type: ignore[union-attr]
            return True
    return False


def remove(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    if not said(understood, Role.EDIT_REMOVE):
        return None
    if _other_people(previous, understood):
        return _exclude(previous, understood, catalog)
    named = _terms_named(understood)
    senses = [sense for _, sense in named]
    times = _times_named(understood, catalog)
    if not senses and (times or said(understood, Role.EDIT_TIME_WORDS)):
        return _unwindowed(previous, times)
    if not senses:
        return _remove_named(previous, understood, catalog)
    used = frozenset(i for i, _ in named)
    unclear = _unclear_target(previous, named)
    if unclear:  # one word naming several rules: which one goes is a question
        return EditOutcome(tuple(_take_out(previous, senses, {i}) for i in unclear), used)
    tree, changes = _take_out(previous, senses)
    if not changes:
        return _exclude(previous, understood, catalog)
    return EditOutcome(((tree, changes),), used)


def _times_named(understood: Understanding, catalog: Catalog) -> frozenset[int]:
    """The spans of a removal naming a period ('drop the last-month part', 'lass den Mai
    weg', a month said bare)."""
    bare = bare_periods(understood, catalog.as_of.date())
    times = {i for i, span in enumerate(understood.spans) if span.kind is SpanKind.TIME}
    return frozenset(times | {index for index, _ in bare})


def _unwindowed(previous: RuleTree, times: frozenset[int]) -> EditOutcome | None:
    """'drop the time limit', 'drop the last-month part': the window goes from the behaviour
    that has one, the behaviour stays (over all history); with several, each is a reading (the
    user is asked which)."""
    readings = tuple(
        edits.replace_rule(previous, index, rule.updated(window=None))
        for index, rule in enumerate(previous.root.rules)
        if isinstance(rule, Behavior) and rule.window is not None
    )
    return EditOutcome(readings, times) if readings else None


def _other_people(previous: RuleTree, understood: Understanding) -> bool:
    """'leave out the ones who ordered online' after app orders: a clause of its own describing
    people no rule of the tree is — they are excluded, whatever words they share with it."""
    rules = [rule.node for rule in understood.parse.rules]
    present = [node.updated(negate=False) for node in previous.root.rules]
    return (
        new_group(understood)
        and bool(rules)
        and all(node.updated(negate=False) not in present for node in rules)
    )


def _unclear_target(previous: RuleTree, named: list[tuple[int, Sense]]) -> list[int]:
    """The rules one word of a removal names, when it names more than one ('remove Mons' with
    a home town and a station both Mons); empty when every word names at most one."""
    for span in {index for index, _ in named}:
        senses = [sense for index, sense in named if index == span]
        rules = [i for i, node in enumerate(previous.root.rules) if _names(node, senses)]
        if len(rules) > 1:
            return rules
    return []


def _take_out(previous: RuleTree, senses: list[Sense], only: set[int] | None = None) -> edits.Edit:
    """Each rule the senses name (of ``only``, when given) loses what they name: a value of a
    filter or of a list ('remove the diesel criterion'), or the whole rule ('remove fuel')."""
    tree, changes = previous, list[edits.Change]()
    for index in reversed(range(len(previous.root.rules))):
        node = previous.root.rules[index]
        if not _names(node, senses) or (only is not None and index not in only):
            continue
        trimmed = _trimmed(node, senses)
        edit = _drop(tree, index) if trimmed is None else edits.replace_rule(tree, index, trimmed)
        tree, changes = edit[0], edit[1] + changes
    return tree, changes


def _trimmed(node: Node, senses: list[Sense]) -> Node | None:
    """``node`` without the values the senses name; None when they name the rule itself (its
    event, measure, field or indicator) or would leave nothing of it."""
    if isinstance(node, Behavior):
        kept = (SenseKind.EVENT_VALUE, SenseKind.COLUMN)
        if any(s.kind not in kept and _names(node, [s]) for s in senses):
            return None
        columns = {s.column for s in senses if s.kind is SenseKind.COLUMN}
        unfiltered = node.updated(filters=[c for c in node.filters if c.field not in columns])
        trimmed = edits.without_filters(
            unfiltered, lambda condition: _values_named(senses, condition)
        )
        return trimmed if trimmed != node else None
    if isinstance(node, Attribute):
        values = [
            s.value
            for s in senses
            if s.kind is SenseKind.VALUE and s.target == node.field and s.value is not None
        ]
        return edits.without_values(node, values) if values else None
    return None


def _holds_value(node: Behavior, sense: Sense) -> bool:
    """'remove the diesel criterion': a value of one of the behaviour's filters (a value it
    does not filter on names other people, who are excluded instead)."""
    return (
        sense.kind is SenseKind.EVENT_VALUE
        and sense.table == node.event
        and any(
            c.field == sense.column and sense.value in value_items(c.value) for c in node.filters
        )
    )


def _filtered_column(node: Behavior, sense: Sense) -> bool:
    """'regardless of the channel': a column the behaviour filters on, named by its word."""
    return (
        sense.kind is SenseKind.COLUMN
        and sense.table == node.event
        and any(condition.field == sense.column for condition in node.filters)
    )


def _values_named(senses: list[Sense], condition: Condition) -> list[str]:
    return [
        s.value
        for s in senses
        if s.kind is SenseKind.EVENT_VALUE and s.column == condition.field and s.value is not None
    ]


def _exclude(previous: RuleTree, understood: Understanding, catalog: Catalog) -> EditOutcome | None:
    """'take out the women' when no rule names women: the people it names leave the audience
    (each new rule negated) — never added as a condition, which would invert the request."""
    if understood.parse.ambiguities or not understood.parse.rules:
        return None
    negated = [
        lend_period(previous, _excluded(rule), understood, catalog)[0]
        for rule in understood.parse.rules
    ]
    tree, changes = edits.add_rules(previous, negated)
    return EditOutcome(((tree, changes),), understood.used) if changes else None


def _excluded(rule: ParsedRule) -> Node:
    """The rule's people taken out: negated — unless the removal word itself ('leave out',
    read as an exclusion) is part of the rule, which then already excludes them ('not gold')."""
    if any(span.has(Role.EDIT_REMOVE) for span in rule.spans):
        return rule.node
    return rule.node.updated(negate=not rule.node.negate)


def _drop(tree: RuleTree, index: int) -> tuple[RuleTree, list[edits.Change]]:
    target = tree.root.rules[index]
    return edits.remove_rules(tree, lambda node: node is target)


def _remove_named(
    previous: RuleTree, understood: Understanding, catalog: Catalog
) -> EditOutcome | None:
    """'remove the store condition': a word of a rule's field, no catalog phrase of its own;
    a word naming several rules asks which."""
    unknown = [i for i, s in enumerate(understood.spans) if s.kind is SpanKind.UNKNOWN]
    said = [word for i in unknown for word in understood.spans[i].words]
    compounds = bool(understood.pack.compound_links)
    named = named_rules(previous, said, catalog, compounds)
    readings = tuple(_take_named(previous, index, said, catalog, compounds) for index in named)
    return EditOutcome(readings, frozenset(unknown)) if readings else None


def _take_named(
    tree: RuleTree, index: int, said: list[str], catalog: Catalog, compounds: bool
) -> edits.Edit:
    """The rule a word names goes — or, when the word names only a filter of a behaviour
    ('remove the channel condition' of web orders), that filter goes and the behaviour stays."""
    node = tree.root.rules[index]
    columns = named_filters(node, said, catalog, compounds) if isinstance(node, Behavior) else set()
    if not columns or not isinstance(node, Behavior):
        return _drop(tree, index)
    kept = [condition for condition in node.filters if condition.field not in columns]
    return edits.replace_rule(tree, index, node.updated(filters=kept))


def any_value(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    """'whatever the type', 'peu importe le canal', 'egal welcher Kanal': the condition on what
    the words after the cue name goes — a filter of the behaviour that has it, or an attribute
    rule. The rest of the follow-up may only restate rules the edited audience keeps ('any
    still-valid coupon, whatever the type'); anything else is left to the other edits."""
    cues = [i for i, span in enumerate(understood.spans) if span.has(Role.EDIT_ANY)]
    anywhere = [i for i, span in enumerate(understood.spans) if span.has(Role.EDIT_ANYWHERE)]
    if not cues and not anywhere:
        return None
    named = [i for cue in cues for i in _after_cue(understood, cue)]
    said = [word for i in named for word in understood.spans[i].words]
    tree, changes = _unconstrained(previous, said, catalog, bool(understood.pack.compound_links))
    if anywhere:
        tree, changes = _unplaced(tree, changes, lexicon)
        cues += anywhere
    if not changes or not _restated(tree, understood, named):
        return None
    return EditOutcome(((tree, changes),), frozenset({*cues, *named, *understood.used}))


def _after_cue(understood: Understanding, cue: int) -> list[int]:
    """The spans after the cue, up to the next connector ('whatever the type, …')."""
    found = []
    for index in range(cue + 1, len(understood.spans)):
        if understood.spans[index].kind is SpanKind.CONNECTOR:
            break
        found.append(index)
    return found


def _unconstrained(
    previous: RuleTree, said: list[str], catalog: Catalog, compounds: bool
) -> edits.Edit:
    """``previous`` without the conditions the words ``said`` name most ('offer type' names the
    offer type of the coupons more than a card type): attribute rules, or behaviour filters."""
    named = _named_conditions(previous, said, catalog, compounds)
    most = max(named.values(), default=0)
    tree, changes = previous, list[edits.Change]()
    for index in reversed(range(len(previous.root.rules))):
        node = previous.root.rules[index]
        if most and named.get((index, None)) == most:
            edit = _drop(tree, index)
        elif (
            most
            and isinstance(node, Behavior)
            and (columns := {c.field for c in node.filters if named.get((index, c.field)) == most})
        ):
            kept = [c for c in node.filters if c.field not in columns]
            edit = edits.replace_rule(tree, index, node.updated(filters=kept))
        else:
            continue
        tree, changes = edit[0], edit[1] + changes
    return tree, changes


def _unplaced(tree: RuleTree, changes: list[edits.Change], lexicon: Lexicon) -> edits.Edit:
    """'wherever they live': ``tree`` without its rules on where people live."""
    for index in reversed(range(len(tree.root.rules))):
        node = tree.root.rules[index]
        if isinstance(node, Attribute) and not node.negate and node.field in lexicon.residences:
            tree, dropped = _drop(tree, index)
            changes = dropped + changes
    return tree, changes


def _named_conditions(
    tree: RuleTree, said: list[str], catalog: Catalog, compounds: bool
) -> dict[tuple[int, str | None], int]:
    """How many words of ``said`` name each attribute rule (by index) and each filter of a
    behaviour (by index and column)."""
    counts: dict[tuple[int, str | None], int] = {}
    for index, node in enumerate(tree.root.rules):
        if isinstance(node, Attribute):
            column = catalog.column(node.field)[1]
            counts[(index, None)] = sum(names_column(w, column, compounds) for w in said)
        elif isinstance(node, Behavior):
            table = catalog.table(node.event)
            for condition in node.filters:
                column = table.column(condition.field)
                counts[(index, condition.field)] = sum(
                    names_column(w, column, compounds) for w in said
                )
    return counts


def _restated(tree: RuleTree, understood: Understanding, named: list[int]) -> bool:
    """Whether every rule the follow-up reads, but for what the cue names, is one ``tree``
    already has (a 'no' opening a correction negates nothing)."""
    kept = [rule.updated(negate=False) for rule in tree.root.rules]
    cued = {id(understood.spans[i]) for i in named}
    return all(
        rule.node.updated(negate=False) in kept
        for rule in understood.parse.rules
        if not all(id(span) in cued for span in rule.spans)
    )
