"""'undo that', 'annule ça', 'mach das rückgängig': a follow-up that takes back the last edit.

The audience goes back to the tree proposed before the last one. What the follow-up says about
the rule it takes back ('undo that, put the high-risk people back', 'keep Club+ in') only names
that rule; anything else it asks ('… and just the ones we can reach by push') edits the restored
tree like any follow-up.
"""

from __future__ import annotations

from dataclasses import replace

from assistant import refine as edits
from assistant.contract import Clarification, Conversation, Proposal
from assistant.language import Role
from assistant.offline.build import ParsedRule
from assistant.offline.followup import EditOutcome, said
from assistant.offline.lexicon import Lexicon
from assistant.offline.refine import answer, edit_outcome
from assistant.offline.understand import Understanding
from audience.rules import ChangeVerb, Node, RuleTree
from schema_catalog import Catalog

Result = Proposal | Clarification


def asks_undo(understood: Understanding) -> bool:
    """Whether the follow-up takes back the previous edit ('undo', 'annule ça', 'rückgängig')."""
    return said(understood, Role.EDIT_UNDO)


def undo(
    understood: Understanding, conversation: Conversation, catalog: Catalog, lexicon: Lexicon
) -> Result:
    """The tree before the last proposal, edited further by the rest of the follow-up; a
    question when no earlier tree exists (the first proposal has nothing to go back to)."""
    trees = [turn.rules for turn in conversation.turns if turn.rules is not None]
    if len(trees) < 2:
        pack = understood.pack
        return Clarification(question=pack.say("ask_nothing_to_undo"), language=pack.code)
    latest, earlier = trees[-1], trees[-2]
    undone = _differing(latest, earlier) + _differing(earlier, latest)
    rest = _without_naming(understood, undone)
    back = _reverted(latest, earlier)
    further = edit_outcome(rest, earlier, catalog, lexicon) if rest.parse.rules else None
    if further is None:
        return answer(rest, EditOutcome(((earlier, back),), rest.used), catalog)
    readings = tuple((tree, back + changes) for tree, changes in further.readings)
    return answer(rest, replace(further, readings=readings), catalog)


def _differing(tree: RuleTree, other: RuleTree) -> list[Node]:
    """The top-level rules of ``tree`` that ``other`` does not have."""
    return [rule for rule in tree.root.rules if rule not in other.root.rules]


def _reverted(latest: RuleTree, earlier: RuleTree) -> list[edits.Change]:
    """What going back does: the last edit's rules removed, the rules it replaced restored."""
    removed = [edits.Change(ChangeVerb.REMOVED, before=n) for n in _differing(latest, earlier)]
    return removed + [edits.Change(ChangeVerb.ADDED, after=n) for n in _differing(earlier, latest)]


def _names(rule: ParsedRule, undone: list[Node]) -> bool:
    """Whether ``rule`` restates one of the rules taken back ('put the high-risk people back'
    after 'exclude anyone at high churn risk'), whatever its negation; another value of that
    field ('undo that, only silver') is an edit of its own."""
    plain = _affirmed(rule.node)
    return any(_affirmed(node) == plain for node in undone)


def _affirmed(node: Node) -> Node:
    return node.updated(negate=False) if node.negate else node


def _without_naming(understood: Understanding, undone: list[Node]) -> Understanding:
    """The follow-up without the rules that only name what is taken back; their spans and the
    words naming the step ('that last one') count as read."""
    naming = [rule for rule in understood.parse.rules if _names(rule, undone)]
    kept = tuple(rule for rule in understood.parse.rules if rule not in naming)
    spans = {id(span) for rule in naming for span in rule.spans}
    used = {
        index
        for index, span in enumerate(understood.spans)
        if id(span) in spans or span.has(Role.EDIT_UNDO) or span.has(Role.EDIT_UNDONE)
    }
    parse = replace(understood.parse, rules=kept)
    return replace(understood, parse=parse, used=understood.used | frozenset(used))
