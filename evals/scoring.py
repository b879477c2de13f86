"""Score a played case: execute the expected and proposed audiences, run every scorer, classify.

Sequential on purpose: the engine's member sets are cached per tree fingerprint, and the
plain-language descriptions are only built for failing cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant import Clarification, Proposal
from audience.rules import RuleTree
from evals import scorers
from evals.cases import EvalCase
from evals.classify import Verdict, answer_of, classify
from evals.describe import describe_result, describe_tree
from evals.expectations import (
    KeySource,
    Members,
    canonical_members,
    expected_members,
    integer_keys,
)
from evals.results import CaseResult
from evals.scorers import PlanResult
from schema_catalog import Catalog

if TYPE_CHECKING:
    from evals.runner import PlannedCase


class MemberSets:
    """Member sets of trees, computed once per tree fingerprint."""

    def __init__(self, source: KeySource, catalog: Catalog) -> None:
        self.source = source
        self.integer = integer_keys(catalog)
        self._known: dict[str, Members] = {}

    def of(self, tree: RuleTree) -> Members:
        """The members of ``tree`` (raises what the engine raises)."""
        digest = tree.fingerprint()
        if digest not in self._known:
            keys = self.source.member_ids(tree)
            self._known[digest] = canonical_members(keys, self.integer)
        return self._known[digest]


@dataclass(frozen=True)
class Scoring:
    """Everything needed to score a planned case."""

    catalog: Catalog
    members: MemberSets
    domain: str = ""


def _members(sets: MemberSets, tree: RuleTree | None) -> tuple[Members | None, str | None]:
    if tree is None:
        return None, None
    try:
        return sets.of(tree), None
    except Exception as error:  # a tree the engine rejects scores as no audience
        return None, f"{type(error).__name__}: {error}"


def _expected(scoring: Scoring, case: EvalCase) -> tuple[Members | None, str | None]:
    if case.expected_rules is not None:
        return _members(scoring.members, case.expected_rules)
    try:
        return expected_members(case, scoring.members.source, scoring.catalog), None
    except Exception as error:  # a failing expectation is reported on the case, the run goes on
        return None, f"{type(error).__name__}: {error}"


def _proposed(result: PlanResult | None) -> RuleTree | None:
    return result.rules if isinstance(result, Proposal) else None


def _scores(
    scoring: Scoring, planned: PlannedCase, expected: Members | None, got: Members | None
) -> list[scorers.Score]:
    case, result = planned.case, planned.result
    return [
        scorers.score_execution(case, result, expected, got),
        scorers.score_outcome(case, result),
        scorers.score_schema_valid(result),
        _catalog_valid(scoring, planned),
        scorers.score_jaccard(expected, got),
        scorers.score_precision(expected, got),
        scorers.score_recall(expected, got),
        scorers.score_coverage(result),
        scorers.score_safety(case, result, scoring.catalog),
    ]


def _catalog_valid(scoring: Scoring, planned: PlannedCase) -> scorers.Score:
    if planned.rejected:
        return scorers.Score("catalog_valid", 0.0, "the validator rejected the proposed tree")
    return scorers.score_catalog_valid(planned.result, scoring.catalog)


def _cost(planned: PlannedCase) -> tuple[scorers.Cost, float]:
    """Tokens of the answers (reported, or estimated with tiktoken) and what this run paid."""
    paid = scorers.cost_from_usage(planned.fresh).cost_usd
    reported = scorers.cost_from_usage([*planned.fresh, *planned.cached])
    if reported.prompt_tokens + reported.completion_tokens > 0:
        return reported, paid
    return scorers.estimate_cost(planned.case.conversation, planned.result), paid


def _offered(
    scoring: Scoring, result: PlanResult | None, expected: Members | None
) -> tuple[int, int] | None:
    """For a question where an audience was expected: (the first option that is that audience,
    0 for none; how many options). None for any other answer."""
    if not isinstance(result, Clarification) or expected is None:
        return None
    trees = [option.rules for option in result.options]
    hits = [n for n, tree in enumerate(trees, 1) if _members(scoring.members, tree)[0] == expected]
    return (hits[0] if hits else 0), len(trees)


def _options_detail(offered: tuple[int, int] | None) -> dict[str, str]:
    """Whether the question offered the expected audience (the case still scores as asked)."""
    if offered is None or not offered[1]:
        return {}
    hit, total = offered
    found = f"option {hit} of {total}" if hit else f"none of {total}"
    return {"options": f"expected audience offered: {found}"}


def _asked_offered(
    verdict: Verdict, expected: Members | None, offered: tuple[int, int] | None
) -> bool | None:
    """An asked case where an audience was expected: True when one of the question's options
    is that audience, False otherwise (a question without it, a refusal, an error)."""
    if verdict is not Verdict.ASKED or expected is None:
        return None
    return offered is not None and offered[0] > 0


def _notices(result: PlanResult | None) -> tuple[str, ...]:
    return result.notices if isinstance(result, Proposal) else ()


def score_case(scoring: Scoring, planned: PlannedCase) -> CaseResult:
    """Execute expected and proposed audiences, run every scorer and classify the case."""
    case, result = planned.case, planned.result
    expected, expected_error = _expected(scoring, case)
    got, got_error = _members(scoring.members, _proposed(result))
    scores = _scores(scoring, planned, expected, got)
    values = {score.name: score.value for score in scores}
    problems = scorers.safety_problems(result, scoring.catalog)
    # A proposal whose audience the engine cannot run reaches the user as an error, not a count.
    shown = result if got_error is None else None
    verdict = classify(case, answer_of(shown, values["execution"] == 1.0, problems))
    offered = _offered(scoring, result, expected)
    cost, paid = _cost(planned)
    errors = [text for text in (planned.error, got_error) if text]
    if expected_error:
        errors.append(f"expected audience failed: {expected_error}")
    return CaseResult(
        case_id=case.id,
        domain=scoring.domain,
        dataset=case.dataset,
        category=case.category,
        conversation=case.conversation,
        tags=case.tags,
        expected_outcome=case.expected_outcome,
        got_outcome=scorers.outcome_of(result),
        verdict=verdict,
        notices=_notices(result),
        scores=values,
        details={
            **{score.name: score.detail for score in scores if score.detail},
            **_options_detail(offered),
        },
        offered=_asked_offered(verdict, expected, offered),
        expected_rules=case.expected_rules,
        expected_sql=case.expected_sql,
        got_rules=_proposed(result),
        expected_count=None if expected is None else len(expected),
        got_count=None if got is None else len(got),
        latency_ms=planned.latency_ms,
        prompt_tokens=cost.prompt_tokens,
        completion_tokens=cost.completion_tokens,
        cost_usd=paid,
        answer_cost_usd=cost.cost_usd,
        tokens_estimated=cost.estimated,
        cached=planned.calls > 0 and planned.cache_hits == planned.calls,
        error="; ".join(errors) or None,
    )


def describe_failure(result: CaseResult, planned: PlannedCase, catalog: Catalog) -> CaseResult:
    """Add plain-language expected/got texts (only failing cases need them)."""
    expected = describe_tree(result.expected_rules, catalog) or result.expected_sql
    got = describe_result(planned.result, catalog, planned.error)
    return result.model_copy(update={"expected_text": expected, "got_text": got})
