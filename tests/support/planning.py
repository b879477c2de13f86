"""Helpers for planner tests: the small cinema catalog, proposals, behaviours of a tree."""

from __future__ import annotations

from pathlib import Path

from assistant import Clarification, Conversation, Proposal, Refusal, Turn
from assistant.offline import OfflinePlanner
from assistant.planning import plan
from audience.rules import Behavior, RuleTree
from schema_catalog import Catalog

CINEMA = Path(__file__).parents[1] / "fixtures" / "catalogs" / "cinema"
"""A small catalog unlike the demo (text keys, a future-dated table, two spend measures)."""
PLANNER = OfflinePlanner()


def propose(request: str, catalog: Catalog) -> Proposal:
    """The offline planner's proposal for ``request`` (the test fails on any other outcome)."""
    result = PLANNER.plan(request, None, catalog)
    assert isinstance(result, Proposal), (request, result)
    return result


def behaviors(tree: RuleTree) -> list[Behavior]:
    """Every behaviour of ``tree``, depth first."""
    return [node for _, node in tree.walk() if isinstance(node, Behavior)]


def fields_holding(tree: RuleTree, value: str) -> set[str]:
    """The filter columns of ``tree``'s behaviours that take ``value`` (which store a town is)."""
    return {
        condition.field
        for behavior in behaviors(tree)
        for condition in behavior.filters
        if condition.value == value
    }


def converse(catalog: Catalog, *requests: str) -> Proposal | Clarification:
    """Play ``requests`` as one conversation; the last outcome (a refusal fails the test)."""
    conversation = Conversation()
    result: Proposal | Clarification | None = None
    for request in requests:
        outcome = PLANNER.plan(request, conversation, catalog)
        assert isinstance(outcome, Proposal | Clarification), (request, outcome)
        result = outcome
        rules = outcome.rules if isinstance(outcome, Proposal) else None
        conversation = conversation.add(Turn(role="user", text=request)).add(
            Turn(role="assistant", text="…", rules=rules)
        )
    assert result is not None
    return result


def play(catalog: Catalog, *requests: str) -> Proposal | Clarification | Refusal:
    """Play ``requests`` through ``assistant.planning.plan`` (the checks and flags the UI shows),
    each answer kept as the UI keeps it (tree and notices); the last answer."""
    history = Conversation()
    result: Proposal | Clarification | Refusal | None = None
    for request in requests:
        result = plan(request, history, catalog, planner=PLANNER)
        rules = result.rules if isinstance(result, Proposal) else None
        notices = result.notices if isinstance(result, Proposal) else ()
        history = history.add(Turn(role="user", text=request)).add(
            Turn(role="assistant", text="…", rules=rules, notices=notices)
        )
    assert result is not None
    return result
