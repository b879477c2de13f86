"""Wire an eval run from settings: planner, catalog, cases, cache and engine.

The CLI and the gate test both go through ``open_run``; the runner itself knows none of this.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant import Conversation, Planner, open_planner, plan
from audience.engine import AudienceEngine
from evals.cache import ResponseCache
from evals.cases import DEFAULT_DATASETS, EvalCase, load_cases, select_cases
from evals.runner import EvalRun, Planning, planner_identity
from evals.scorers import PlanResult
from schema_catalog import Catalog, load_catalog, resolve_as_of_from_file
from settings import Settings

PlannerName = Literal["offline", "openai", "local"]


@dataclass(frozen=True)
class RunOptions:
    """What to evaluate (the CLI's flags)."""

    datasets: Sequence[str] = DEFAULT_DATASETS
    category: str | None = None
    limit: int | None = None
    workers: int | None = None
    """None: 1 for the offline and local planners, 4 for remote model planners."""
    use_cache: bool = True


def cache_dir(settings: Settings) -> Path:
    """Where planner responses are cached: ``<home>/evals-cache``."""
    return settings.home / "evals-cache"


def reports_dir(settings: Settings) -> Path:
    """Default report folder, the one the UI's Evals page reads: ``<home>/reports``."""
    return settings.home / "reports"


def gather_cases(options: RunOptions) -> list[EvalCase]:
    """Cases of every dataset asked for, filtered by category, the first ``limit`` of each."""
    cases: list[EvalCase] = []
    for name in options.datasets:
        cases += select_cases(load_cases(name), options.category, options.limit)
    return cases


def planning_for(planner: Planner, catalog: Catalog, cache: ResponseCache | None) -> Planning:
    """Plan through ``assistant.planning.plan`` (validation, repair) with ``planner``."""
    plan_function = functools.partial(_plan_with, planner)
    return Planning(plan_function, catalog, planner_identity(planner), cache)


def _plan_with(
    planner: Planner, request: str, conversation: Conversation, catalog: Catalog
) -> PlanResult:
    return plan(request, conversation, catalog, planner=planner)


def _workers(options: RunOptions, planner_name: str) -> int:
    if options.workers is not None:
        return max(1, options.workers)
    # A local llama.cpp server answers one request at a time: parallel calls would only queue
    # (inflating every latency) and defeat its prompt-prefix cache.
    return 1 if planner_name in ("offline", "local") else 4


@contextmanager
def open_run(
    settings: Settings, database: Path, options: RunOptions, planner: Planner | None = None
) -> Iterator[EvalRun]:
    """An ``EvalRun`` with its engine open for the duration of the block.

    Args:
        settings: the workspace settings (planner choice, model, home for the cache).
        database: the DuckDB file the expected and proposed audiences run on.
        options: datasets, category, limit, workers, cache.
        planner: a planner to use instead of ``open_planner(settings)`` (tests).
    """
    catalog = resolve_as_of_from_file(load_catalog(settings.catalog_dir), database)
    with ExitStack() as running:
        # open_planner: a 'local' planner with no server answering starts the bundled model
        # for the run and stops it when the block ends (also on error).
        chosen = planner or running.enter_context(open_planner(settings))
        # Only model answers are cached: a deterministic planner has no model or prompt version
        # to key on, so a code change would be served stale answers (and it is fast anyway).
        cacheable = options.use_cache and planner_identity(chosen).model is not None
        cache = ResponseCache(cache_dir(settings)) if cacheable else None
        cases = gather_cases(options)
        filters = {"category": options.category or "", "limit": str(options.limit or "")}
        engine = running.enter_context(AudienceEngine(database, catalog))
        yield EvalRun(
            cases=cases,
            planning=planning_for(chosen, catalog, cache),
            members=engine,
            database=str(database),
            workers=_workers(options, chosen.name),
            filters={key: value for key, value in filters.items() if value},
        )
