"""Wire an eval run from settings: planner, cache, and per target its engine and cases.

The CLI and the gate test both go through ``run_targets`` (targets come from
``evals.targets.choose_targets``); the runner itself knows none of this.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from assistant import Conversation, Planner, open_planner, plan
from audience.engine import AudienceEngine
from audience.rules import RuleTree
from evals.cache import ResponseCache
from evals.results import EvalReport, build_report
from evals.runner import (
    EvalRun,
    PlannerIdentity,
    Planning,
    Progress,
    evaluate,
    planner_identity,
    run_meta,
)
from evals.scorers import PlanResult
from evals.targets import Target
from schema_catalog import Catalog, resolve_as_of_from_file
from settings import Settings

PlannerName = Literal["offline", "openai", "local"]
Counter = Callable[[RuleTree], int]


@dataclass(frozen=True)
class RunOptions:
    """How to run (the CLI's flags)."""

    workers: int | None = None
    """None: 1 for the offline and local planners, 4 for remote model planners."""
    use_cache: bool = True
    filters: dict[str, str] | None = None
    """What the selection filtered on (category, limit), for the report."""


def cache_dir(settings: Settings) -> Path:
    """Where planner responses are cached: ``<home>/evals-cache``."""
    return settings.home / "evals-cache"


def reports_dir(settings: Settings) -> Path:
    """Default report folder, the one the UI's Evals page reads: ``<home>/reports``."""
    return settings.home / "reports"


def planning_for(
    planner: Planner,
    catalog: Catalog,
    cache: ResponseCache | None,
    counter: Counter | None = None,
) -> Planning:
    """Plan through ``assistant.planning.plan`` (validation, repair, trust flags) with ``planner``.

    With ``counter`` (the engine's count), proposals carry their size and the flags the user
    sees before the count (empty audience, size far from the stated one).
    """
    plan_function = functools.partial(_plan_with, planner, counter)
    return Planning(plan_function, catalog, planner_identity(planner), cache)


def _plan_with(
    planner: Planner,
    counter: Counter | None,
    request: str,
    conversation: Conversation,
    catalog: Catalog,
) -> PlanResult:
    return plan(request, conversation, catalog, planner=planner, counter=counter)


def _workers(options: RunOptions, planner_name: str) -> int:
    if options.workers is not None:
        return max(1, options.workers)
    # A local llama.cpp server answers one request at a time: parallel calls would only queue
    # (inflating every latency) and defeat its prompt-prefix cache.
    return 1 if planner_name in ("offline", "local") else 4


def _count_with(engine: AudienceEngine) -> Counter:
    def count(tree: RuleTree) -> int:
        return engine.count(tree).count

    return count


@contextmanager
def open_target_run(
    target: Target, planner: Planner, cache: ResponseCache | None, options: RunOptions
) -> Iterator[EvalRun]:
    """An ``EvalRun`` for one target, its engine open for the duration of the block."""
    catalog = resolve_as_of_from_file(target.catalog, target.database)
    with AudienceEngine(target.database, catalog) as engine:
        yield EvalRun(
            cases=target.cases,
            planning=planning_for(planner, catalog, cache, _count_with(engine)),
            members=engine,
            database=str(target.database),
            workers=_workers(options, planner.name),
            filters=options.filters or {},
            domain=target.domain,
        )


def run_targets(
    settings: Settings,
    targets: Sequence[Target],
    options: RunOptions,
    planner: Planner | None = None,
    progress: Progress | None = None,
) -> EvalReport:
    """Evaluate every target with one planner and build one report.

    Args:
        settings: the workspace settings (planner choice, model, home for the cache).
        targets: what to score (``evals.targets.choose_targets``).
        options: workers, cache, filters for the report.
        planner: a planner to use instead of ``open_planner(settings.llm)`` (tests).
        progress: called after each planned case and each scored case.
    """
    started = datetime.now(UTC)
    with ExitStack() as running:
        # open_planner: a 'local' planner with no server answering starts the bundled model
        # for the run and stops it when the block ends (also on error).
        chosen = planner or running.enter_context(open_planner(settings.llm))
        identity: PlannerIdentity = planner_identity(chosen)
        # Only model answers are cached: a deterministic planner has no model or prompt version
        # to key on, so a code change would be served stale answers (and it is fast anyway).
        cacheable = options.use_cache and identity.model is not None
        cache = ResponseCache(cache_dir(settings)) if cacheable else None
        runs, results = [], []
        for target in targets:
            with open_target_run(target, chosen, cache, options) as run:
                results += evaluate(run, progress)
                runs.append(run)
    return build_report(run_meta(identity, runs, started, options.filters), results)
