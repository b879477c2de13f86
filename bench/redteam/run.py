"""Run the red-team attack list and print the table of attempts / held / failed per class.

    .venv/bin/python -m bench.redteam.run [--only C1,C2] [--out bench/redteam/RESULTS.md]

Each attack runs in its own throw-away workspace under a temporary folder. An exception inside
an attack is a failure (reported with its message); the table counts attempts, held, failed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from bench.redteam.attacks import ATTACKS, Attack
from bench.redteam.lab import Lab

CLASS_NAMES = {
    "C1": "critical: the UI ignores the configured workspace",
    "C2": "critical: CLI identity without a credential",
    "C3": "high: stale engine at export",
    "C4": "high: planted export adopted",
    "C5": "high: PII recovered through exact counts (with the catalog policy)",
    "C6": "high: unkeyed, unanchored audit trail",
    "M": "medium: injection, markdown, size split, lockout, bind, input bounds",
    "L": "low: ENOSPC/sqlite, ids, exchange format, NaN SQL, rights, shadowing, SIGTERM",
}


def run_one(item: Attack, lab: Lab) -> tuple[bool, str, float]:
    started = time.perf_counter()
    try:
        held, note = bool(item.run(lab)), ""
    except Exception as error:
        held, note = False, f"{type(error).__name__}: {error}".splitlines()[0][:160]
        traceback.print_exc()
    return held, note, time.perf_counter() - started


def table(results: list[tuple[Attack, bool, str, float]]) -> str:
    attempts, held = Counter[str](), Counter[str]()
    for item, ok, _, _ in results:
        attempts[item.klass] += 1
        held[item.klass] += ok
    lines = ["| class | attempts | held | failed |", "|---|---:|---:|---:|"]
    for klass, label in CLASS_NAMES.items():
        if attempts[klass]:
            failed = attempts[klass] - held[klass]
            lines.append(f"| {klass} {label} | {attempts[klass]} | {held[klass]} | {failed} |")
    total, ok = sum(attempts.values()), sum(held.values())
    lines.append(f"| **total** | {total} | {ok} | {total - ok} |")
    detail = ["", "| class | attack | result | seconds | note |", "|---|---|---|---:|---|"]
    for item, ok, note, seconds in results:
        verdict = "held" if ok else "**FAILED**"
        detail.append(f"| {item.klass} | {item.description} | {verdict} | {seconds:.1f} | {note} |")
    return "\n".join(lines + detail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="Comma-separated classes, e.g. C1,C2.")
    parser.add_argument("--match", default="", help="Only attacks whose text contains this.")
    parser.add_argument("--out", type=Path, help="Also write the markdown table here.")
    args = parser.parse_args()
    wanted = {k.strip() for k in args.only.split(",") if k.strip()}
    chosen = [a for a in ATTACKS if (not wanted or a.klass in wanted)
              and args.match.lower() in a.description.lower()]  # fmt: skip
    results = []
    with tempfile.TemporaryDirectory(prefix="redteam-") as folder:
        lab = Lab(Path(folder))
        for item in chosen:
            held, note, seconds = run_one(item, lab)
            print(f"[{'held' if held else 'FAIL'}] {item.klass} {item.description} "
                  f"({seconds:.1f}s) {note}", flush=True)  # fmt: skip
            results.append((item, held, note, seconds))
    report = table(results)
    print(report)
    if args.out:
        args.out.write_text(report + "\n")


if __name__ == "__main__":
    main()
