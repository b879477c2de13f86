"""Offline planner latency: median and p95 per request (target: median < 20 ms).

Usage (from the repository root)::

    .venv/bin/python bench/planner_latency.py [--repeat 5]

Plans every request of the per-language corpora (``tests/assistant/offline/corpus/*.jsonl``, on
the demo and the cinema catalog) and the first turn of every demo dev case
(``evals/datasets/dev.jsonl``), ``--repeat`` times each after one warm-up pass that builds the
catalog lexicons and loads the language packs. Times ``OfflinePlanner.plan`` (the parser alone)
and ``assistant.plan`` (the pipeline: validation, coverage and trust checks, no counter), in wall
time, and the parser in process CPU time too (steadier on a shared machine). Prints the figures
and writes JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from assistant import AssistantError, plan
from assistant.offline import OfflinePlanner
from schema_catalog import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "assistant" / "offline" / "corpus"
CINEMA = ROOT / "tests" / "fixtures" / "catalogs" / "cinema"
DEV = ROOT / "evals" / "datasets" / "dev.jsonl"
TARGET_MEDIAN_MS = 20.0


def requests(catalogs: dict[str, Catalog]) -> list[tuple[str, Catalog]]:
    """(request, catalog) pairs: the corpora's phrases and the dev cases' first turns."""
    found = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            found.append((case["request"], catalogs[case["catalog"]]))
    for line in DEV.read_text(encoding="utf-8").splitlines():
        found.append((json.loads(line)["conversation"][0], catalogs["demo"]))
    return found


def timed(
    run: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    """Milliseconds of ``repeat`` runs on ``clock`` (wall time by default)."""
    times = []
    for _ in range(repeat):
        started = clock()
        run()
        times.append((clock() - started) * 1000)
    return times


def figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
        "max_ms": round(ordered[-1], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    catalogs = {"demo": load_catalog(), "cinema": load_catalog(CINEMA)}
    planner = OfflinePlanner()
    cases = requests(catalogs)
    for request, catalog in cases:  # warm-up: packs, lexicons
        planner.plan(request, None, catalog)
    parser_ms: list[float] = []
    parser_cpu_ms: list[float] = []
    pipeline_ms: list[float] = []
    for request, catalog in cases:
        per_request = timed(lambda: planner.plan(request, None, catalog), args.repeat)  # noqa: B023
        parser_ms.append(statistics.median(per_request))
        cpu = timed(lambda: planner.plan(request, None, catalog), args.repeat, time.process_time)  # noqa: B023
        parser_cpu_ms.append(statistics.median(cpu))
        through = timed(lambda: _planned(request, catalog, planner), args.repeat)  # noqa: B023
        pipeline_ms.append(statistics.median(through))
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "requests": len(cases),
        "repeat": args.repeat,
        "parser": figures(parser_ms),
        "parser_cpu": figures(parser_cpu_ms),
        "pipeline": figures(pipeline_ms),
        "target_median_ms": TARGET_MEDIAN_MS,
        "met": statistics.median(parser_ms) < TARGET_MEDIAN_MS,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "planner_latency.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


def _planned(request: str, catalog: Catalog, planner: OfflinePlanner) -> object:
    try:
        return plan(request, None, catalog, planner)
    except AssistantError as error:  # a validator error is a result too; time it all the same
        return error


if __name__ == "__main__":
    main()
