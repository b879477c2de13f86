"""The planning pipeline: prepare → plan (within a time budget) → validate → coverage check.

``prepare_request`` is the boundary every request crosses before any planner or safety check
sees it: Unicode NFKC (full-width and compatibility forms folded), zero-width and other invisible
format characters removed, whitespace collapsed, and a length cap (``MAX_REQUEST_CHARS``), so
"mi\u200bnors" is read as "minors" and a 64 KB paste is refused at once, not parsed for a minute.

``plan`` runs any planner (the offline parser by default), passes every proposal through the rule
validator, attaches validator warnings and coverage flags to ``Proposal.issues``, and raises
``PlanningError`` rather than return a proposal the validator rejects.
"""

from __future__ import annotations

import time
import unicodedata

from assistant.contract import Clarification, Conversation, Planner, Proposal, Refusal, Usage
from assistant.coverage import coverage_issues
from assistant.errors import PlanningError, RequestRejectedError
from assistant.explain import Language, explain_rules, request_language
from audience import BudgetExceededError, within_budget
from audience.rules import RuleTree
from audience.validate import validate_rules
from schema_catalog import Catalog, Issue

Result = Proposal | Clarification | Refusal

MAX_REQUEST_CHARS = 2_000
"""Longest request planned (a request is a sentence or a paragraph, not a document)."""
PLAN_BUDGET_S = 120.0
"""Wall-clock budget of one planning call (above an LLM's own request timeout)."""


def prepare_request(request: str) -> str:
    """The request as planners and safety checks see it (see the module doc).

    >>> prepare_request("ｍｉ\u200bnors  in\tLyon")
    'minors in Lyon'

    Raises:
        RequestRejectedError: empty once cleaned, or longer than ``MAX_REQUEST_CHARS``.
    """
    if len(request) > 4 * MAX_REQUEST_CHARS:
        raise _too_long(len(request))
    text = unicodedata.normalize("NFKC", request)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.split())
    if len(text) > MAX_REQUEST_CHARS:
        raise _too_long(len(text))
    if not text:
        raise RequestRejectedError("The request is empty. Describe the audience in words.")
    return text


def _too_long(length: int) -> RequestRejectedError:
    return RequestRejectedError(
        f"The request is {length:,} characters long; at most {MAX_REQUEST_CHARS:,} are planned. "
        "Describe the audience in a few sentences."
    )


def default_planner() -> Planner:
    """The offline planner (no network, deterministic)."""
    from assistant.offline import OfflinePlanner

    return OfflinePlanner()


def validate_proposal(tree: RuleTree, catalog: Catalog) -> list[Issue]:
    """Validator issues for ``tree``."""
    return validate_rules(tree, catalog)


def plan(
    request: str,
    conversation: Conversation | None,
    catalog: Catalog,
    planner: Planner | None = None,
    *,
    budget_s: float = PLAN_BUDGET_S,
) -> Result:
    """Plan ``request`` (prepared by ``prepare_request``) in the context of ``conversation``.

    Args:
        request: the user's words.
        conversation: earlier turns (refinements change ``conversation.last_rules``), or None.
        catalog: the catalog the rules must be grounded in.
        planner: defaults to the offline planner.

    Returns:
        A proposal (validated, with warnings and coverage flags in ``issues``), a clarification
        or a refusal.

    Raises:
        PlanningError: the proposal has validator errors; they are on ``error.issues``.
        RequestRejectedError: the request is empty, too long, or planning ran past
            ``budget_s`` seconds.
    """
    chosen = planner or default_planner()
    text, history = prepare_request(request), conversation or Conversation()
    started = time.perf_counter()
    try:
        result = within_budget(budget_s, "planning", lambda: chosen.plan(text, history, catalog))
    except BudgetExceededError as error:
        raise RequestRejectedError(f"{error.message} Shorten or simplify the request.") from error
    elapsed = (time.perf_counter() - started) * 1000
    result = result.model_copy(update={"usage": _usage(result.usage, elapsed, chosen.name)})
    if not isinstance(result, Proposal):
        return result
    return check_proposal(result, catalog, planner_name=chosen.name)


def _usage(usage: Usage | None, elapsed_ms: float, name: str) -> Usage:
    if usage is None:
        return Usage(latency_ms=elapsed_ms, model=name)
    return usage.model_copy(update={"latency_ms": max(usage.latency_ms, elapsed_ms)})


def check_proposal(proposal: Proposal, catalog: Catalog, *, planner_name: str = "") -> Proposal:
    """Validate and coverage-check a proposal; raise on validator errors.

    Raises:
        PlanningError: the validator found errors.
    """
    issues = validate_proposal(proposal.rules, catalog)
    errors = [issue for issue in issues if issue.is_error]
    if errors:
        codes = ", ".join(sorted({issue.code for issue in errors}))
        raise PlanningError(
            f"The {planner_name or 'planner'} proposed rules the validator rejects ({codes}). "
            "Rephrase the request or edit the rules by hand.",
            issues,
        )
    flagged = (*proposal.issues, *issues, *coverage_issues(proposal))
    return proposal.model_copy(update={"issues": tuple(dict.fromkeys(flagged))})


def explain(
    proposal: Proposal, catalog: Catalog, language: Language | None = None, request: str = ""
) -> str:
    """The plain-language explanation of a proposal's rules (English unless French is asked)."""
    chosen: Language = language or (request_language(request) if request else "en")
    return explain_rules(proposal.rules, catalog, chosen)
