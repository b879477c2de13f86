"""The planning pipeline: plan → validate → coverage and trust checks → count.

``plan`` runs any planner (the offline parser by default), passes every proposal through the rule
validator, attaches validator warnings and trust flags to ``Proposal.issues``, and raises
``PlanningError`` rather than return a proposal the validator rejects. Given a ``counter`` (the
engine's count, passed in by the CLI, the UI and the evals so that planners stay free of
databases), it counts the proposal — flagging an empty audience or one far from the size the
request stated — and every clarification option, dropping options the validator rejects.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from assistant.contract import (
    Clarification,
    ClarificationOption,
    Conversation,
    CoverageItem,
    Planner,
    Proposal,
    Refusal,
    Usage,
)
from assistant.coverage import content_issues, coverage_issues, read_request
from assistant.errors import PlanningError
from assistant.explain import explain_rules, language_of, request_language
from assistant.policy import policy_refusal, topic_refusal
from assistant.trust import consent_refusal, contradiction_issues, size_issues
from audience.rules import ChangeVerb, RuleTree, change_note
from audience.validate import validate_rules
from languages import DEFAULT_LANG, Lang
from schema_catalog import Catalog, Issue

Result = Proposal | Clarification | Refusal
Counter = Callable[[RuleTree], int]
"""Counts the members of a rule tree on the current data (the engine's count)."""


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
    counter: Counter | None = None,
) -> Result:
    """Plan ``request`` in the context of ``conversation``.

    Args:
        request: the user's words.
        conversation: earlier turns (refinements change ``conversation.last_rules``), or None.
        catalog: the catalog the rules must be grounded in.
        planner: defaults to the offline planner.
        counter: counts a tree's members; when given, proposals and options carry their count
            and an empty audience or one far from the stated size is flagged.

    Returns:
        A proposal (validated, with warnings and trust flags in ``issues``), a clarification
        (options validated and counted) or a refusal — also when the request names a sensitive
        topic or the rules break the catalog's targeting policy (``assistant.policy``).

    Raises:
        PlanningError: the proposal has validator errors; they are on ``error.issues``.
    """
    chosen = planner or default_planner()
    started = time.perf_counter()
    result = topic_refusal(request, catalog) or chosen.plan(
        request, conversation or Conversation(), catalog
    )
    elapsed = (time.perf_counter() - started) * 1000
    result = result.model_copy(update={"usage": _usage(result.usage, elapsed, chosen.name)})
    if isinstance(result, Proposal):
        refusal = consent_refusal(result, catalog) or policy_refusal(
            validate_proposal(result.rules, catalog)
        )
        if refusal is not None:
            return refusal.model_copy(update={"usage": result.usage})
        return check_proposal(
            result, catalog, planner_name=chosen.name, counter=counter, request=request
        )
    if isinstance(result, Clarification):
        return check_options(result, catalog, counter)
    return result


def _usage(usage: Usage | None, elapsed_ms: float, name: str) -> Usage:
    if usage is None:
        return Usage(latency_ms=elapsed_ms, model=name)
    return usage.model_copy(update={"latency_ms": max(usage.latency_ms, elapsed_ms)})


def check_proposal(
    proposal: Proposal,
    catalog: Catalog,
    *,
    planner_name: str = "",
    counter: Counter | None = None,
    request: str = "",
) -> Proposal:
    """Validate, coverage-check, trust-check and (with ``counter``) count a proposal.

    ``request`` given, a planner other than the offline parser (whose coverage is this very
    reading) has its coverage map checked against the offline reading of the request.

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
    count = counter(proposal.rules) if counter is not None else proposal.count
    understood = read_request(request, catalog) if request and planner_name != "offline" else None
    expected = proposal.expected_size or (understood.parse.expected_size if understood else None)
    flagged = (
        *proposal.issues,
        *issues,
        *coverage_issues(proposal),
        *(content_issues(request, proposal, catalog, understood) if understood else ()),
        *contradiction_issues(proposal.rules),
        *size_issues(count, expected, catalog),
    )
    update = {"issues": tuple(dict.fromkeys(flagged)), "count": count, "expected_size": expected}
    return proposal.model_copy(update=update)


def check_options(
    clarification: Clarification, catalog: Catalog, counter: Counter | None = None
) -> Clarification:
    """Keep the options whose tree the validator accepts; count them when ``counter`` is given."""
    options: list[ClarificationOption] = []
    for option in clarification.options:
        if option.rules is None:
            options.append(option)
        elif not any(issue.is_error for issue in validate_proposal(option.rules, catalog)):
            count = counter(option.rules) if counter is not None else option.count
            options.append(option.model_copy(update={"count": count}))
    return clarification.model_copy(update={"options": tuple(options)})


def choose_option(
    clarification: Clarification,
    option: ClarificationOption,
    catalog: Catalog,
    counter: Counter | None = None,
) -> Proposal:
    """The proposal a picked option stands for: its tree as is, explained and checked.

    Raises:
        PlanningError: the option has no tree (a text option is planned as a new request) or
            its tree fails validation.
    """
    if option.rules is None:
        raise PlanningError(f"The option {option.label!r} has no rules; plan its request instead.")
    paths = [f"root.rules[{index}]" for index in range(len(option.rules.root.rules))]
    language = language_of(clarification.language)
    proposal = Proposal(
        rules=option.rules,
        explanation=explain_rules(option.rules, catalog, language),
        coverage=tuple(CoverageItem(phrase=option.label, rule_path=path) for path in paths),
        language=clarification.language,
        changes=(change_note(ChangeVerb.CHOSEN, catalog, after=option.label, lang=language),),
    )
    return check_proposal(proposal, catalog, planner_name="option", counter=counter)


def explain(
    proposal: Proposal, catalog: Catalog, language: Lang | None = None, request: str = ""
) -> str:
    """The plain-language explanation of a proposal's rules, in ``language`` or the request's."""
    chosen = language or (request_language(request) if request else DEFAULT_LANG)
    return explain_rules(proposal.rules, catalog, chosen)
