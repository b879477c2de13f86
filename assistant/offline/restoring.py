"""'put Paris back', 'remets Paris', 'nimm Paris wieder rein': a follow-up letting people the
audience excludes back in. The exclusion naming them goes; nothing is added (read as a request
of its own, 'Paris' would become a condition the user never asked for)."""

from __future__ import annotations

from assistant import refine as edits
from assistant.language import Role
from assistant.offline.followup import EditOutcome, said
from assistant.offline.lexicon import Lexicon
from assistant.offline.understand import Understanding
from audience.rules import Node, RuleTree
from schema_catalog import Catalog


def _affirmed(node: Node) -> Node:
    return node.updated(negate=False) if getattr(node, "negate", False) else node


def restore(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    """The exclusions the follow-up's rules name, removed; None unless every rule it reads
    names one (anything else is left to the other edits)."""
    if not said(understood, Role.EDIT_RESTORE) or not understood.parse.rules:
        return None
    excluded = [node for node in previous.root.rules if getattr(node, "negate", False)]
    named = {_affirmed(rule.node) for rule in understood.parse.rules}
    if not named <= {_affirmed(node) for node in excluded}:
        return None
    tree, changes = edits.remove_rules(
        previous, lambda node: getattr(node, "negate", False) and _affirmed(node) in named
    )
    cues = {i for i, span in enumerate(understood.spans) if span.has(Role.EDIT_RESTORE)}
    return EditOutcome(((tree, changes),), understood.used | frozenset(cues)) if changes else None
