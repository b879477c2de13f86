"""Count benchmark: the engine against hand-written SQL for a dozen audiences at 1M customers.

Usage (from the repository root)::

    .venv/bin/python bench/count_bench.py [--customers 1000000] [--repeat 7]

Generates the demo database once under ``.perimeter/bench/`` (reused afterwards), then for each
audience in ``count_cases.CASES`` times ``AudienceEngine.count`` (compile + guard + run) and the
hand-written SQL on the same hardened connection, alternating them, ``--repeat`` times after a
warm-up run. Reports per audience and overall: the engine / hand-written median ratio (target
median ≤ 1.1), the engine's p95 latency (target < 300 ms) and compile time (target < 5 ms), and
whether both counted the same profiles. Prints a table and writes JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from count_cases import CASES, BenchCase

from audience.compile import compile_rules, guard_select, render_sql
from audience.engine import AudienceEngine
from schema_catalog import Catalog, load_catalog
from schema_catalog.demo import generate_demo_data

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"median_ratio": 1.1, "p95_ms": 300.0, "compile_ms": 5.0}


@dataclass(frozen=True)
class CaseResult:
    """Timings of one audience (milliseconds)."""

    name: str
    kind: str
    engine_count: int
    hand_count: int
    same_count: bool
    engine_median_ms: float
    """``engine.count`` with compilation every run (compiled-tree cache cleared)."""
    engine_warm_median_ms: float
    """``engine.count`` with the tree already compiled (what sample/breakdown/waterfall reuse)."""
    hand_median_ms: float
    ratio: float
    ratio_warm: float
    engine_p95_ms: float
    compile_median_ms: float


def demo_database(customers: int, seed: int) -> Path:
    """The demo database at ``customers`` under ``.perimeter/bench/``, generated once."""
    path = ROOT / ".perimeter" / "bench" / f"demo_{customers}_{seed}.duckdb"
    if not path.exists():
        print(f"Generating {customers:,} customers into {path} (once)…", flush=True)
        report = generate_demo_data(path, customers=customers, seed=seed)
        print(f"  done in {report.seconds:.1f} s, {report.file_bytes / 1e6:.0f} MB", flush=True)
    return path


def _timed_ms(action: Callable[[], int]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _compile_ms(case: BenchCase, catalog: Catalog, runs: int = 50) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        select = compile_rules(case.tree, catalog)
        guard_select(select, catalog)
        render_sql(select, "duckdb")
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_case(
    case: BenchCase, engine: AudienceEngine, repeat: int
) -> tuple[CaseResult, list[float]]:
    """Warm up, then alternate engine and hand-written runs ``repeat`` times."""
    cursor = engine.cursor()

    def hand() -> int:
        return int(cursor.execute(case.hand_sql).fetchall()[0][0])

    def cold() -> int:
        engine.clear_compiled()
        return engine.count(case.tree).count

    def warm() -> int:
        return engine.count(case.tree).count

    engine_count, hand_count = cold(), hand()
    engine_ms: list[float] = []
    warm_ms: list[float] = []
    hand_ms: list[float] = []
    for _ in range(repeat):
        engine_ms.append(_timed_ms(cold))
        hand_ms.append(_timed_ms(hand))
        warm_ms.append(_timed_ms(warm))
    engine_median, hand_median = statistics.median(engine_ms), statistics.median(hand_ms)
    warm_median = statistics.median(warm_ms)
    return CaseResult(
        name=case.name,
        kind=case.kind,
        engine_count=engine_count,
        hand_count=hand_count,
        same_count=engine_count == hand_count,
        engine_median_ms=round(engine_median, 2),
        engine_warm_median_ms=round(warm_median, 2),
        hand_median_ms=round(hand_median, 2),
        ratio=round(engine_median / hand_median, 3),
        ratio_warm=round(warm_median / hand_median, 3),
        engine_p95_ms=round(_p95(engine_ms), 2),
        compile_median_ms=round(_compile_ms(case, engine.catalog), 3),
    ), engine_ms


def _table(results: list[CaseResult]) -> str:
    header = f"{'audience':<32}{'count':>9}{'same':>6}{'engine':>9}{'warm':>8}{'hand':>8}"
    header += f"{'ratio':>7}{'warm':>6}{'p95':>8}{'compile':>9}"
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.name:<32}{r.engine_count:>9}{'yes' if r.same_count else 'NO':>6}"
            f"{r.engine_median_ms:>9.1f}{r.engine_warm_median_ms:>8.1f}{r.hand_median_ms:>8.1f}"
            f"{r.ratio:>7.2f}{r.ratio_warm:>6.2f}"
            f"{r.engine_p95_ms:>8.1f}{r.compile_median_ms:>9.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a count differs or a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    database = demo_database(args.customers, args.seed)
    results: list[CaseResult] = []
    all_engine_ms: list[float] = []
    with AudienceEngine(database, catalog) as engine:
        for case in CASES:
            result, engine_ms = run_case(case, engine, args.repeat)
            results.append(result)
            all_engine_ms += engine_ms
    summary = {
        "median_ratio": round(statistics.median(r.ratio for r in results), 3),
        "median_ratio_warm": round(statistics.median(r.ratio_warm for r in results), 3),
        "p95_ms": round(_p95(all_engine_ms), 2),
        "compile_ms_median": round(statistics.median(r.compile_median_ms for r in results), 3),
        "compile_ms_max": round(max(r.compile_median_ms for r in results), 3),
        "all_counts_equal": all(r.same_count for r in results),
    }
    met = {
        "median_ratio": summary["median_ratio"] <= TARGETS["median_ratio"],
        "p95_ms": summary["p95_ms"] < TARGETS["p95_ms"],
        "compile_ms": summary["compile_ms_max"] < TARGETS["compile_ms"],
    }
    print(_table(results))
    print(json.dumps({"summary": summary, "targets": TARGETS, "met": met}, indent=2))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "customers": args.customers,
        "seed": args.seed,
        "repeat": args.repeat,
        "database": str(database),
        "cases": [asdict(r) for r in results],
        "summary": summary,
        "targets": TARGETS,
        "met": met,
    }
    for name in (f"count_bench_{stamp}.json", "count_bench_latest.json"):
        (args.out / name).write_text(json.dumps(payload, indent=2) + "\n")
    return 0 if summary["all_counts_equal"] and all(met.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
