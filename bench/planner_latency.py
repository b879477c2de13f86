"""Offline planner latency: the median time to plan one request, against its 50 ms target.

Usage (from the repository root)::

    .venv/bin/python bench/planner_latency.py [--repeat 3]

Plans every demo-catalog request of the offline corpus (``tests/assistant/offline/corpus``,
English and French) ``--repeat`` times after one warm-up plan, prints the median and p95 in
milliseconds, writes ``bench/results/planner_latency_latest.json``, and exits 1 when the median
misses the target. A timing belongs here, not in the test suite, where a loaded machine would
fail it by chance.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.offline import OfflinePlanner  # noqa: E402
from schema_catalog import load_catalog  # noqa: E402

CORPUS = ROOT / "tests" / "assistant" / "offline" / "corpus"
TARGET_MEDIAN_MS = 50.0
RESULTS = ROOT / "bench" / "results" / "planner_latency_latest.json"


def corpus_requests() -> list[str]:
    """The demo-catalog requests of every language's corpus file."""
    requests = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line) if line.strip() else {}
            if case.get("catalog") == "demo":
                requests.append(str(case["request"]))
    return requests


def time_plans(requests: list[str], repeat: int) -> list[float]:
    """Milliseconds per plan, every request ``repeat`` times, after one warm-up plan."""
    planner, catalog = OfflinePlanner(), load_catalog()
    planner.plan(requests[0], None, catalog)
    timings = []
    for request in requests * repeat:
        started = time.perf_counter()
        planner.plan(request, None, catalog)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    requests = corpus_requests()
    timings = time_plans(requests, repeat)
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    figures = {"requests": len(requests), "plans": len(timings), "median_ms": round(median, 2),
               "p95_ms": round(p95, 2), "target_median_ms": TARGET_MEDIAN_MS}  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures))
    return 0 if median < TARGET_MEDIAN_MS else 1


if __name__ == "__main__":
    sys.exit(main())
