"""What the reading checks (``readings``, ``weak_readings``) read and what they find.

A ``Reading`` is the request read by the offline reader, with the proposal and, for each span,
the top-level rules its coverage phrases cite. A ``Finding`` is one check's result: the warning
the user sees and, when the catalog offers another reading of the span it is about, the senses
that span could have had instead — the offline planner asks with them (``offline.rivals``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.contract import Proposal
from assistant.language import Pack
from assistant.offline.lexicon import Sense
from assistant.offline.spans import Span, SpanKind
from audience.rules import Attribute, Behavior, Node, walk_node
from schema_catalog import Catalog, Issue, Severity


@dataclass(frozen=True)
class Reading:
    """What a check reads: the request, its spans, which top-level rules cite each span."""

    request: str
    proposal: Proposal
    catalog: Catalog
    spans: tuple[Span, ...]
    cited: tuple[frozenset[int], ...]
    pack: Pack

    def rule(self, top: int) -> Node:
        """The proposal's top-level rule ``top``."""
        return self.proposal.rules.root.rules[top]

    def issue(self, code: str, first: Span, last: Span, key: str, /, **values: object) -> Issue:
        """A warning on the words from ``first`` to ``last``, worded by the pack's ``key``."""
        return Issue(
            code=code,
            severity=Severity.WARNING,
            path=f"request[{first.char_start}:{last.char_end}]",
            message=self.pack.say(key, **values),
            hint="Check the audience is what was meant; rephrase or edit the rules if not.",
        )


@dataclass(frozen=True)
class Finding:
    """A warning, the span it is about (its index) and the rival senses of that span."""

    issue: Issue
    span: int | None = None
    rivals: tuple[Sense, ...] = ()
    """Senses the catalog gives the span that lead to another audience than the one proposed."""


def chosen_senses(span: Span) -> Sequence[Sense]:
    """The catalog senses of a term (people nouns name no rule)."""
    return span.senses if span.kind is SpanKind.TERM and not span.is_subject else ()


def rule_tables(node: Node, profile: str) -> frozenset[str]:
    """Tables a rule reads (the profile table left out: every attribute is about customers)."""
    tables: set[str] = set()
    for _, child in walk_node(node, "node"):
        if isinstance(child, Attribute):
            tables.add(child.field.partition(".")[0])
        elif isinstance(child, Behavior):
            tables.add(child.event)
    return frozenset(tables - {profile})


def behavior_events(node: Node) -> set[str]:
    """Events of every behaviour in ``node``."""
    return {child.event for _, child in walk_node(node, "node") if isinstance(child, Behavior)}
