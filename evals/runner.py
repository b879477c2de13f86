"""Run a planner over golden cases and score every answer by executing it.

Two phases: planning (conversations played turn by turn, in a thread pool, through the response
cache) and scoring (``evals.scoring``: expected and proposed audiences executed on the engine,
every scorer, the class of each case).
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
from evals.cache import CacheKey, ResponseCache
from evals.cases import EvalCase
from evals.expectations import KeySource
from evals.results import CaseResult, DomainMeta, EvalReport, RunMeta, build_report
from evals.scorers import PlanResult
from evals.scoring import MemberSets, Scoring, describe_failure, score_case
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
        return Turn(
            role="assistant", text=result.explanation, rules=result.rules, notices=result.notices
        )
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


@dataclass(frozen=True)
class EvalRun:
    """One eval run's inputs (one domain: one catalog, one database)."""

    cases: Sequence[EvalCase]
    planning: Planning
    members: KeySource
    database: str
    workers: int = 1
    filters: dict[str, str] = field(default_factory=dict)
    domain: str = ""


def evaluate(run: EvalRun, progress: Progress | None = None) -> list[CaseResult]:
    """Plan every case of ``run``, then score and classify each one (results in case order).

    Args:
        run: cases, planning (plan function, catalog, planner identity, cache), the member source
            (an ``AudienceEngine``), the database label, the worker count and the domain name.
        progress: called after each planned case and each scored case.
    """
    planned_cases = plan_cases(run.planning, run.cases, run.workers, progress)
    catalog = run.planning.catalog
    scoring = Scoring(catalog, MemberSets(run.members, catalog), run.domain)
    results = []
    for planned in planned_cases:
        result = score_case(scoring, planned)
        if not result.passed:
            result = describe_failure(result, planned, catalog)
        results.append(result)
        if progress is not None:
            progress(planned.case.id)
    return results


def domain_meta(run: EvalRun) -> DomainMeta:
    """What a run's domain was evaluated on."""
    catalog = run.planning.catalog
    return DomainMeta(
        catalog_name=catalog.name,
        catalog_fingerprint=catalog.fingerprint(),
        as_of=catalog.as_of,
        database=run.database,
    )


def run_meta(
    identity: PlannerIdentity,
    runs: Sequence[EvalRun],
    started: datetime,
    filters: dict[str, str] | None = None,
) -> RunMeta:
    """The report's meta for ``runs`` (one per domain) that started at ``started``."""
    return RunMeta(
        planner=identity.name,
        model=identity.model,
        prompt_version=identity.prompt_version,
        domains={run.domain: domain_meta(run) for run in runs},
        started_at=started,
        finished_at=datetime.now(UTC),
        workers=max((run.workers for run in runs), default=1),
        filters=filters or {},
    )


def run_eval(run: EvalRun, progress: Progress | None = None) -> EvalReport:
    """Evaluate one run and build its report."""
    started = datetime.now(UTC)
    results = evaluate(run, progress)
    return build_report(run_meta(run.planning.identity, [run], started, run.filters), results)
