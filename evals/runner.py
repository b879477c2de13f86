"""Run a planner over golden cases and score every answer by executing it.

Two phases: planning (conversations played turn by turn, in a thread pool, through the response
cache) and scoring (sequential: expected and proposed audiences executed on the engine, plain-
language descriptions for the report).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from assistant import (
    SYSTEM_INSTRUCTIONS,
    Conversation,
    Planner,
    PlanningError,
    Proposal,
    Turn,
    Usage,
)
from audience.rules import RuleTree
from evals import scorers
from evals.cache import CacheKey, ResponseCache
from evals.cases import EvalCase
from evals.describe import describe_result, describe_tree
from evals.expectations import (
    KeySource,
    Members,
    canonical_members,
    expected_members,
    integer_keys,
)
from evals.results import CaseResult, EvalReport, RunMeta, build_report
from evals.scorers import PlanResult
from schema_catalog import Catalog

PlanFunction = Callable[[str, Conversation, Catalog], PlanResult]
"""Turns a request and the conversation so far into a plan result (validated and repaired)."""
Progress = Callable[[str], None]
"""Called once per finished step with a short label."""


@dataclass(frozen=True)
class PlannerIdentity:
    """What a run is keyed and reported by."""

    name: str
    model: str | None = None
    prompt_version: str | None = None


def planner_identity(planner: Planner) -> PlannerIdentity:
    """Name, model and prompt version of a planner (attributes it may or may not have).

    A model planner without a ``prompt_version`` gets a digest of the system instructions, so a
    prompt change still invalidates cached answers.
    """
    model = getattr(planner, "model", None)
    version = getattr(planner, "prompt_version", None)
    if not isinstance(version, str) and isinstance(model, str):
        version = "sha256:" + hashlib.sha256(SYSTEM_INSTRUCTIONS.encode()).hexdigest()[:12]
    return PlannerIdentity(
        name=planner.name,
        model=model if isinstance(model, str) else None,
        prompt_version=version if isinstance(version, str) else None,
    )


@dataclass
class PlannedCase:
    """A conversation played through the planner."""

    case: EvalCase
    result: PlanResult | None = None
    error: str | None = None
    rejected: bool = False
    """The planner proposed a tree the validator rejected (``PlanningError``)."""
    latency_ms: float = 0.0
    fresh: list[Usage] = field(default_factory=list)
    cached: list[Usage] = field(default_factory=list)
    calls: int = 0
    cache_hits: int = 0


@dataclass(frozen=True)
class Planning:
    """Everything needed to play a conversation."""

    plan: PlanFunction
    catalog: Catalog
    identity: PlannerIdentity
    cache: ResponseCache | None = None


def _assistant_turn(result: PlanResult) -> Turn:
    if isinstance(result, Proposal):
        return Turn(role="assistant", text=result.explanation, rules=result.rules)
    text = result.question if result.status == "clarification" else result.reason
    return Turn(role="assistant", text=text)


def _call(
    planning: Planning, planned: PlannedCase, request: str, history: Conversation
) -> PlanResult:
    key = CacheKey(
        planning.identity.name,
        planning.identity.model,
        planning.identity.prompt_version,
        planning.catalog.fingerprint(),
        request,
        history,
    )
    planned.calls += 1
    cached = planning.cache.get(key) if planning.cache else None
    if cached is not None:
        planned.cache_hits += 1
        planned.cached += [cached.usage] if cached.usage else []
        return cached
    result = planning.plan(request, history, planning.catalog)
    planned.fresh += [result.usage] if result.usage else []
    if planning.cache is not None:
        planning.cache.put(key, result)
    return result


def play_case(planning: Planning, case: EvalCase) -> PlannedCase:
    """Play every user turn; each answer becomes an assistant turn of the next call's history.

    A planner exception is recorded on the case (the run goes on): it scores as an error.
    """
    planned = PlannedCase(case=case)
    history = Conversation()
    started = time.perf_counter()
    try:
        for request in case.conversation:
            result = _call(planning, planned, request, history)
            history = history.add(Turn(role="user", text=request)).add(_assistant_turn(result))
            planned.result = result
    except Exception as error:  # crash isolation: one bad case must not end the run
        planned.result, planned.error = None, f"{type(error).__name__}: {error}"
        planned.rejected = isinstance(error, PlanningError)
    planned.latency_ms = (time.perf_counter() - started) * 1000
    return planned


def plan_cases(
    planning: Planning, cases: Sequence[EvalCase], workers: int, progress: Progress | None = None
) -> list[PlannedCase]:
    """Play every case, ``workers`` at a time; results in case order."""

    def one(case: EvalCase) -> PlannedCase:
        planned = play_case(planning, case)
        if progress is not None:
            progress(case.id)
        return planned

    if workers <= 1:
        return [one(case) for case in cases]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eval") as pool:
        return list(pool.map(one, cases))


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


@dataclass(frozen=True)
class Scoring:
    """Everything needed to score a planned case."""

    catalog: Catalog
    members: MemberSets


def _proposed(result: PlanResult | None) -> RuleTree | None:
    return result.rules if isinstance(result, Proposal) else None


def _scores(
    scoring: Scoring,
    planned: PlannedCase,
    expected: Members | None,
    got: Members | None,
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


def score_case(scoring: Scoring, planned: PlannedCase) -> CaseResult:
    """Execute expected and proposed trees and run every scorer."""
    case, result = planned.case, planned.result
    expected, expected_error = _expected(scoring, case)
    got, got_error = _members(scoring.members, _proposed(result))
    scores = _scores(scoring, planned, expected, got)
    cost, paid = _cost(planned)
    errors = [text for text in (planned.error, got_error) if text]
    if expected_error:
        errors.append(f"expected audience failed: {expected_error}")
    return CaseResult(
        case_id=case.id,
        dataset=case.dataset,
        category=case.category,
        conversation=case.conversation,
        tags=case.tags,
        expected_outcome=case.expected_outcome,
        got_outcome=scorers.outcome_of(result),
        scores={score.name: score.value for score in scores},
        details={score.name: score.detail for score in scores if score.detail},
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


@dataclass(frozen=True)
class EvalRun:
    """One eval run's inputs."""

    cases: Sequence[EvalCase]
    planning: Planning
    members: KeySource
    database: str
    workers: int = 1
    filters: dict[str, str] = field(default_factory=dict)


def run_eval(run: EvalRun, progress: Progress | None = None) -> EvalReport:
    """Plan every case, score it, and build the report.

    Args:
        run: cases, planning (plan function, catalog, planner identity, cache), the member source
            (an ``AudienceEngine``), the database label for the report, and the worker count.
        progress: called after each planned case and each scored case.
    """
    started = datetime.now(UTC)
    planned_cases = plan_cases(run.planning, run.cases, run.workers, progress)
    scoring = Scoring(run.planning.catalog, MemberSets(run.members, run.planning.catalog))
    results = []
    for planned in planned_cases:
        result = score_case(scoring, planned)
        if not result.passed:
            result = describe_failure(result, planned, run.planning.catalog)
        results.append(result)
        if progress is not None:
            progress(planned.case.id)
    return build_report(_meta(run, started), results)


def _meta(run: EvalRun, started: datetime) -> RunMeta:
    identity, catalog = run.planning.identity, run.planning.catalog
    datasets = tuple(dict.fromkeys(case.dataset for case in run.cases))
    return RunMeta(
        planner=identity.name,
        model=identity.model,
        prompt_version=identity.prompt_version,
        catalog_name=catalog.name,
        catalog_fingerprint=catalog.fingerprint(),
        as_of=catalog.as_of,
        datasets=datasets,
        database=run.database,
        started_at=started,
        finished_at=datetime.now(UTC),
        workers=run.workers,
        filters=run.filters,
    )
