"""Refinement turns: which edit a follow-up asks for, then apply it — or ask, when it could apply
to several rules.

'only those in Lyon' adds, 'add men too' widens, 'make it 12 months' changes a window, 'remove
the VIP condition' removes, 'gold instead of VIP' / 'actually make that bags' replaces, 'exclude
people who unsubscribed' adds a negated rule. A correction ('no, I meant the visit should stay in
the last 3 days') restates: it never negates. An edit that could change two rules ('make it 12
months' with two windows) becomes a question whose options are the edited trees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant import refine as edits
from assistant.contract import Clarification, ClarificationOption, CoverageItem, Proposal
from assistant.explain import explain_rules, language_of
from assistant.language import Role
from assistant.offline.ahead import state_columns
from assistant.offline.bare_numbers import move_number
from assistant.offline.build import Parse, ParsedRule
from assistant.offline.correct import correct_in_place, excludes, old_state_dates
from assistant.offline.coverage import coverage_of
from assistant.offline.followup import (
    EditOutcome,
    change_window,
    restate_thresholds,
    said,
    slot_of,
    swap_values,
    values_in,
)
from assistant.offline.lexicon import Lexicon, SenseKind
from assistant.offline.narrowing import add, new_group
from assistant.offline.removal import any_value, remove
from assistant.offline.restoring import restore
from assistant.offline.spans import Negation, SpanKind
from assistant.offline.steps import chained
from assistant.offline.understand import Understanding, understand
from assistant.offline.widening import widen_held_slot, widen_period
from audience.rules import (
    Attribute,
    Behavior,
    Condition,
    Node,
    Op,
    RuleTree,
    describe_node,
    window_text,
)
from schema_catalog import Catalog

Result = Proposal | Clarification
Edit = Callable[[RuleTree, Understanding, Catalog, Lexicon], EditOutcome | None]


def is_refinement(understood: Understanding) -> bool:
    """A follow-up when it opens with an edit word, corrects, removes, or names no population
    and is short or narrows ('it's for an SMS campaign, so just the ones we can reach')."""
    if _says_edit(understood):
        return True
    if any(s.is_subject for s in understood.spans):
        return False
    return said(understood, Role.EDIT_ONLY) or not _long(understood)


def _says_edit(understood: Understanding) -> bool:
    """The follow-up opens with an edit word, an interjection or an exclusion, or removes or
    corrects: it edits the audience, whatever its length."""
    spans = understood.spans
    words = [word for span in spans for word in span.words]
    pack = understood.pack
    if any(pack.has(Role.EDIT_OPENERS, words, i) for i in range(min(4, len(words)))):
        return True
    if spans and (spans[0].has(Role.EDIT_INTERJECTION) or spans[0].negation is Negation.EXCLUDE):
        return True
    return said(understood, Role.EDIT_REMOVE) or said(understood, Role.EDIT_CORRECTION)


def _long(understood: Understanding) -> bool:
    """More than eight words: long enough to be a request of its own."""
    return sum(len(s.words) for s in understood.spans) > 8


def _kept_note(understood: Understanding, previous: RuleTree, catalog: Catalog) -> tuple[str, ...]:
    """A long follow-up read as narrowing only because it says 'only' ('it's for an SMS
    campaign, so just the ones we can reach'): keeping the audience, rather than starting a new
    one, was a guess — the conditions kept are said."""
    if _says_edit(understood) or not _long(understood) or not previous.root.rules:
        return ()
    language = language_of(understood.pack.code)
    kept = "; ".join(describe_node(rule, catalog, lang=language) for rule in previous.root.rules)
    return (understood.pack.say("assume_kept_audience", kept=kept),)


def asks_removal(understood: Understanding) -> bool:
    """'remove the store condition', 'jetzt die Bedingung weglassen': the turn opens (or, verb
    last, ends) with a removal — with no audience yet, there is nothing to remove it from."""
    openers = (Role.EDIT_OPENERS, Role.EDIT_INTERJECTION)
    spans = [
        s
        for s in understood.spans
        if s.kind is not SpanKind.WORD
        or s.has(Role.EDIT_REMOVE)
        or not any(s.has(role) for role in openers)
    ]
    spans = [s for s in spans if any(char.isalnum() for char in s.text)]
    return bool(spans) and (spans[0].has(Role.EDIT_REMOVE) or spans[-1].has(Role.EDIT_REMOVE))


_CUT = re.compile(r"\b(instead|rather than|au lieu|plutôt que|plutot que|statt|anstatt)\b", re.I)


def _new_side(
    understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> tuple[ParsedRule, ...]:
    """Rules stated before 'instead of' (the old value comes after)."""
    head = _CUT.split(understood.request)[0]
    if head == understood.request or not head.strip():
        return understood.parse.rules
    return understand(head, catalog, lexicon, pack=understood.pack).parse.rules


def _replace(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    corrects = said(understood, Role.EDIT_CORRECTION)
    if not (said(understood, Role.EDIT_REPLACE) or corrects):
        return None
    if not corrects and said(understood, Role.EDIT_WIDEN) and not _CUT.search(understood.request):
        return None  # 'actually count app orders too': an inclusion (``_widen``), not a swap
    new_rules = _new_side(understood, catalog, lexicon)
    if not new_rules:
        return _replace_orphan_value(previous, understood)
    tree, changes = previous, list[edits.Change]()
    for rule in new_rules if excludes(understood) else _without_old_side(new_rules, previous):
        node = (
            _unnegated(rule.node)
            if corrects and hasattr(rule.node, "negate") and not excludes(understood)
            else rule.node
        )
        edited = (
            edits.replace_same_slot(tree, node)
            or (edits.replace_same_value(tree, node) if corrects else None)
            or edits.add_rules(tree, [node])
        )
        tree, changes = edited[0], changes + edited[1]
    readings = old_state_dates(previous, tree, catalog) if corrects else None
    return EditOutcome(readings or ((tree, changes),), understood.used)


def _without_old_side(rules: tuple[ParsedRule, ...], previous: RuleTree) -> list[ParsedRule]:
    """'only drive, not home delivery': beside a value said positively, a value the audience
    holds said with 'not' names the old value the new one replaces — not people to exclude
    (said with 'outside' or 'except', it restates an exclusion: see ``excludes``)."""
    if all(getattr(rule.node, "negate", False) for rule in rules):
        return list(rules)
    return [
        rule
        for rule in rules
        if not (getattr(rule.node, "negate", False) and _holds_said_value(previous, rule))
    ]


def _holds_said_value(previous: RuleTree, rule: ParsedRule) -> bool:
    """Whether a value the rule's words name is one the audience gives to its slot."""
    return any(
        (slot := slot_of(sense)) is not None and sense.value in values_in(previous, slot)
        for span in rule.spans
        for sense in span.senses
    )


_POSITIVE = {Op.NEQ: Op.EQ, Op.NOT_IN: Op.IN}
"""A negated comparison and the one it negates ('no, I meant …' says a value, never its
opposite)."""


def _unnegated(node: Node) -> Node:
    """``node`` said positively: not negated, its comparison not a negated one."""
    op = getattr(node, "op", None)
    positive = node.updated(negate=False)  # type: ignore[union-attr]
    return positive.updated(op=_POSITIVE[op]) if op in _POSITIVE else positive


def _replace_orphan_value(previous: RuleTree, understood: Understanding) -> EditOutcome | None:
    """'actually make that bags': a value of a dimension of a behaviour already in the tree."""
    for ambiguity in understood.parse.ambiguities:
        for index, rule in enumerate(previous.root.rules):
            for sense in ambiguity.senses:
                if isinstance(rule, Behavior) and sense.table == rule.event and sense.column:
                    kept = [c for c in rule.filters if c.field != sense.column]
                    condition = Condition(field=sense.column, op=Op.EQ, value=sense.value)
                    edited = edits.replace_rule(
                        previous, index, rule.updated(filters=[*kept, condition])
                    )
                    used = frozenset({ambiguity.index} if ambiguity.index is not None else set())
                    return EditOutcome((edited,), used)
    return None


def _widen(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    if not said(understood, Role.EDIT_WIDEN):
        return None
    if any(getattr(rule.node, "negate", False) for rule in understood.parse.rules):
        return None  # 'exclude those who also shopped in a city store': 'also' adds nobody
    tree, changes, notes = previous, list[edits.Change](), list[str]()
    for rule in understood.parse.rules:
        widened = edits.widen_rule(tree, rule.node) if isinstance(rule.node, Attribute) else None
        if isinstance(rule.node, Behavior) and new_group(understood):
            own = _other_state(tree, rule.node, catalog)
            widened = (edits.widen_as_group if own else edits.widen_filters)(tree, rule.node)
            notes += _window_note(tree, rule.node, understood, catalog, own) if widened else []
        elif isinstance(rule.node, Behavior):
            widened = edits.widen_filters(tree, rule.node)
        widened = widened or edits.add_rules(tree, [rule.node])
        tree, changes = widened[0], changes + widened[1]
    outcome = EditOutcome(((tree, changes),), understood.used, tuple(notes))
    return outcome if changes else None


def _other_state(tree: RuleTree, node: Behavior, catalog: Catalog) -> bool:
    """'add those whose subscription is paused' after 'who cancelled last year': the new people
    are in another state of the same rows (a column saying where a row stands at the data's
    date), which the earlier window, dating that other state, does not bound."""
    states = state_columns(catalog.table(node.event))
    return any(condition.field in states for condition in node.filters) and any(
        isinstance(rule, Behavior) and rule.event == node.event for rule in tree.root.rules
    )


def _window_note(
    tree: RuleTree, node: Behavior, understood: Understanding, catalog: Catalog, own: bool
) -> list[str]:
    """A group added beside a dated behaviour: whether the earlier window bounds it, stated."""
    earlier = next(r for r in tree.root.rules if isinstance(r, Behavior) and r.event == node.event)
    if earlier.window is None or node.window is not None:
        return []
    time = window_text(earlier.window, catalog, language_of(understood.pack.code))
    phrase = " ".join(s.text for i, s in enumerate(understood.spans) if i in understood.used)
    key = "assume_own_group" if own else "assume_lent_time"
    return [understood.pack.say(key, phrase=phrase, time=time)]


def _rechannel(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    """'switch that to a push campaign', 'passe ça en campagne SMS', 'mach daraus eine
    Push-Kampagne': an edit that names another channel and no condition keeps every rule and
    changes the channel only (``_proposal`` sets it)."""
    parse = understood.parse
    if parse.rules or not parse.channel or parse.channel == previous.channel:
        return None
    if not previous.root.rules:
        return None
    named = frozenset(
        i
        for i, span in enumerate(understood.spans)
        if any(sense.kind is SenseKind.CHANNEL for sense in span.senses)
    )
    return EditOutcome(readings=((previous, []),), spans=named)


def _lift(edit: Callable[[RuleTree, Understanding], EditOutcome | None]) -> Edit:
    return lambda previous, understood, catalog, lexicon: edit(previous, understood)


_EDITS: tuple[Edit, ...] = (
    any_value,
    restore,
    remove,
    correct_in_place,
    widen_held_slot,
    widen_period,
    _lift(swap_values),
    lambda previous, understood, catalog, lexicon: change_window(
        previous, understood, catalog.as_of.date()
    ),
    _lift(move_number),
    _lift(restate_thresholds),
    _replace,
    _widen,
    add,
    _rechannel,
)
"""Tried in order; the first edit that applies wins."""


def edit_outcome(
    understood: Understanding, previous: RuleTree, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    """The edit the follow-up asks for, with its readings; None when no edit applies."""
    for edit in _EDITS:
        outcome = edit(previous, understood, catalog, lexicon)
        if outcome is not None and outcome.readings:
            return outcome
    return None


def edits_asked(
    understood: Understanding, previous: RuleTree, catalog: Catalog, lexicon: Lexicon
) -> tuple[Understanding, EditOutcome] | None:
    """The edit the follow-up asks for, or each of its edits in turn ('drop the tablet part,
    phones only'), with the follow-up marking the words they read; None when none applies."""
    steps = chained(
        understood,
        previous,
        catalog,
        lexicon,
        lambda part, tree: edit_outcome(part, tree, catalog, lexicon),
    )
    if steps is not None:
        return steps
    outcome = edit_outcome(understood, previous, catalog, lexicon)
    return None if outcome is None else (understood, outcome)


def refine(
    understood: Understanding, previous: RuleTree, catalog: Catalog, lexicon: Lexicon
) -> Result | None:
    """Apply the edits the follow-up asks for; None when no edit applies (a fresh request)."""
    found = edits_asked(understood, previous, catalog, lexicon)
    if found is None:
        return None
    read, outcome = found
    notes = outcome.notes + _kept_note(read, previous, catalog)
    return answer(read, replace(outcome, notes=notes), catalog)


def answer(understood: Understanding, outcome: EditOutcome, catalog: Catalog) -> Result:
    """The edited tree as a proposal, or a question when the edit has several readings."""
    if len(outcome.readings) > 1:
        return _which(understood, outcome, catalog)
    return _proposal(understood, outcome, catalog)


def _which(understood: Understanding, outcome: EditOutcome, catalog: Catalog) -> Clarification:
    """The edit could apply to several rules: each edited tree is an option."""
    language = language_of(understood.pack.code)
    options = tuple(
        ClarificationOption(
            label="; ".join(edits.change_notes(changes, catalog, language)), rules=tree
        )
        for tree, changes in outcome.readings
    )
    phrase = " ".join(understood.spans[i].text for i in sorted(outcome.spans)) or understood.request
    return Clarification(
        question=understood.pack.say("ask_edit", phrase=phrase),
        term=phrase,
        options=options,
        language=understood.pack.code,
    )


def _proposal(understood: Understanding, outcome: EditOutcome, catalog: Catalog) -> Proposal:
    """The edited tree; phrases of the follow-up cite the rules they touched, earlier rules are
    cited as kept from the previous turn."""
    tree, changes = outcome.readings[0]
    if understood.parse.channel:
        tree = tree.updated(channel=understood.parse.channel)
    edit_roles = (
        Role.EDIT_OPENERS,
        Role.EDIT_RULE_WORDS,
        Role.EDIT_TIME_WORDS,
        Role.EDIT_KEEP,
        Role.EDIT_UNDO,
    )
    words = {i for i, s in enumerate(understood.spans) if any(s.has(r) for r in edit_roles)}
    used = understood.used | outcome.spans | frozenset(words)
    kept = Understanding(
        understood.request, understood.pack, understood.spans, understood.parse, used
    )
    items = _edit_coverage(tree, kept) + coverage_of(kept, [], parse=_no_rules(kept))
    language = language_of(understood.pack.code)
    return Proposal(
        rules=tree,
        explanation=explain_rules(tree, catalog, language),
        assumptions=understood.parse.assumptions + outcome.notes,
        coverage=tuple(items),
        changes=edits.change_notes(changes, catalog, language),
        expected_size=understood.parse.expected_size,
        language=understood.pack.code,
    )


def _no_rules(understood: Understanding) -> Parse:
    return replace(understood.parse, rules=())


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
        items += [CoverageItem(phrase=s.text, rule_path=f"root.rules[{index}]") for s in rule.spans]
    edited = [i for i, node in enumerate(tree.root.rules) if i not in cited]
    for index, span in enumerate(understood.spans):
        if span.kind in {SpanKind.TIME, SpanKind.QUANTITY} and index in understood.used and edited:
            items.append(CoverageItem(phrase=span.text, rule_path=f"root.rules[{edited[-1]}]"))
            cited.add(edited[-1])
    items += [
        CoverageItem(phrase="", rule_path=f"root.rules[{i}]", note=understood.pack.say("note_kept"))
        for i in range(len(tree.root.rules))
        if i not in cited
    ]
    return items
