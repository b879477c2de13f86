"""Answer benchmark: what the Build page computes for an answer, at 100k customers.

Usage (from the repository root)::

    .venv/bin/python bench/answer_bench.py [--customers 100000] [--repeat 5]

The browser test (``tests/ui/app/test_browser.py``) records the timings a person sees, rendering
and a loaded machine included; this script times the server's share alone, on the demo database
generated once under ``.perimeter/bench/`` (shared with ``count_bench.py``). For the seed request
and its refinement (the browser journey's two requests), each round on a new engine (nothing
compiled or cached yet):

- **answer**: ``assistant.plan`` with the engine's count (the chat bubble and its count);
  target median < 1 s;
- **page**: ``build_flow.compute_analysis`` for the email channel (count, each condition's
  weight, the waterfall and its headline, the masked sample: what the answer's first view needs;
  the breakdowns are counted when their expander is opened); the answer plus the page: target
  median < 2 s.

Prints the medians and writes JSON to ``bench/results/answer_bench_latest.json``. Exits 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from count_bench import demo_database

from assistant import Conversation, Proposal, Turn, plan
from audience.engine import AudienceEngine
from schema_catalog import Catalog, load_catalog
from ui.components.build_flow import compute_analysis

ROOT = Path(__file__).resolve().parent.parent
SEED_REQUEST = "VIP customers who have bought at least twice in store in the last 6 months"
REFINEMENT = "over the last 12 months instead"
CHANNEL = "email"
TARGETS_S = {"answer": 1.0, "answer + page": 2.0}


def _round(database: Path, catalog: Catalog) -> dict[str, float]:
    """One journey on a new engine: seconds per step ('seed: answer', 'seed: page', …)."""
    engine = AudienceEngine(database, catalog)
    conversation, timings = Conversation(), {}
    for name, request in (("seed", SEED_REQUEST), ("refinement", REFINEMENT)):
        started = time.perf_counter()
        proposal = plan(request, conversation, catalog, counter=lambda t: engine.count(t).count)
        answered = time.perf_counter()
        assert isinstance(proposal, Proposal), proposal
        compute_analysis(proposal.rules, CHANNEL, engine=engine)
        timings[f"{name}: answer"] = answered - started
        timings[f"{name}: page"] = time.perf_counter() - answered
        conversation = conversation.add(Turn(role="user", text=request)).add(
            Turn(role="assistant", text=proposal.explanation, rules=proposal.rules)
        )
    return timings


def main() -> int:
    """Time ``--repeat`` rounds, print the medians, write the JSON; 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    database, catalog = demo_database(args.customers, args.seed), load_catalog()
    _round(database, catalog)  # warm-up: language packs, lexicons, DuckDB's file cache
    rounds = [_round(database, catalog) for _ in range(args.repeat)]
    medians = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    for name in ("seed", "refinement"):
        medians[f"{name}: answer + page"] = medians[f"{name}: answer"] + medians[f"{name}: page"]
    missed = [
        key for key, value in medians.items()
        if any(key.endswith(f": {what}") and value >= limit for what, limit in TARGETS_S.items())
    ]  # fmt: skip
    for key, value in medians.items():
        print(f"{key:<28} {value * 1000:8.0f} ms")
    verdict = f"missed: {', '.join(missed)}" if missed else "met"
    print(f"targets: answer < 1 s, answer + page < 2 s; {verdict}")
    result = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "customers": args.customers,
        "repeat": args.repeat,
        "median_s": {k: round(v, 3) for k, v in medians.items()},
        "targets_s": TARGETS_S,
        "missed": missed,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "answer_bench_latest.json").write_text(json.dumps(result, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
