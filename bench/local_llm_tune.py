"""Measure small-model profile choices on a stratified slice of the dev split (never held-out).

Starts the bundled local model once, then runs the eval harness with each profile variant on the
first N dev cases of every category, one call at a time, no cache. Usage:

    PERIMETER_HOME=/tmp/llmhome .venv/bin/python bench/local_llm_tune.py [PER_CATEGORY] [VARIANT...]

Results and what they taught us: ``bench/local_llm.md``.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time

import openai

from assistant.llm_planner import SMALL_MODEL_PROFILE, LLMPlanner, ModelProfile
from assistant.local_server import LOCAL_MODEL_NAME, free_port, serve_local
from audience.engine import AudienceEngine
from evals import EvalCase, EvalReport, EvalRun, load_cases, run_eval
from evals.harness import planning_for
from schema_catalog import load_catalog
from settings import load_settings
from ui.cli.ui_cmds import ensure_database

_BASE = SMALL_MODEL_PROFILE
VARIANTS: dict[str, tuple[ModelProfile, int]] = {
    "chosen": (_BASE, 2),
    "fixed-examples": (dataclasses.replace(_BASE, examples=None, nearest_examples=False), 2),
    "nearest-3": (dataclasses.replace(_BASE, examples=3), 2),
    "nearest-8": (dataclasses.replace(_BASE, examples=8), 2),
    "strict-schema": (dataclasses.replace(_BASE, schema="strict"), 2),
    "full-catalog": (dataclasses.replace(_BASE, catalog_text="full"), 2),
    "full-prompt": (dataclasses.replace(_BASE, prompt="full", schema="strict"), 2),
    "no-repair": (_BASE, 0),
}


def stratified(per_category: int) -> list[EvalCase]:
    """The first ``per_category`` dev cases of each category."""
    seen: dict[str, int] = {}
    chosen = []
    for case in load_cases("dev"):
        if seen.get(case.category, 0) < per_category:
            seen[case.category] = seen.get(case.category, 0) + 1
            chosen.append(case)
    return chosen


def measure(name: str, base_url: str, cases: list[EvalCase]) -> EvalReport:
    """One eval run of variant ``name``."""
    profile, repairs = VARIANTS[name]
    client = openai.OpenAI(api_key="sk-local", base_url=base_url, timeout=300, max_retries=0)
    planner = LLMPlanner(
        client, LOCAL_MODEL_NAME, name="local", response_format="json_object", prices={},
        timeout=300, max_repairs=repairs, profile=profile,
    )  # fmt: skip
    settings = load_settings()
    catalog = load_catalog(settings.catalog_dir)
    database = ensure_database(settings)
    with AudienceEngine(database, catalog) as engine:
        run = EvalRun(cases, planning_for(planner, catalog, None), engine, str(database), 1)
        return run_eval(run)


def row(name: str, report: EvalReport, seconds: float) -> str:
    """One markdown table row."""
    s = report.overall
    latencies = [r.latency_ms for r in report.results]
    return (
        f"| {name} | {s.cases} | {s.outcome_accuracy:.0%} | {s.schema_valid_rate:.0%} | "
        f"{s.execution_accuracy:.0%} | {statistics.median(latencies) / 1000:.1f} s | "
        f"{(s.prompt_tokens + s.completion_tokens) // max(s.cases, 1)} | {s.errors} | "
        f"{seconds:.0f} s |"
    )


def main(argv: list[str]) -> None:
    per_category = int(argv[0]) if argv else 2
    names = argv[1:] or list(VARIANTS)
    cases = stratified(per_category)
    print("| variant | cases | outcome | schema-valid | exec match | p50 latency | tokens/case "
          "| errors | wall |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    with serve_local(port=free_port()) as base_url:
        for name in names:
            started = time.perf_counter()
            report = measure(name, base_url, cases)
            print(row(name, report, time.perf_counter() - started), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
