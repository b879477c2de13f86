"""Engines benchmark: the count benchmark's audiences on DuckDB, PostgreSQL and Spark.

Usage (from the repository root, as root or as a user who can run Debian's PostgreSQL)::

    .venv/bin/python bench/engines_bench.py [--customers 1000000] [--repeat 3]
        [--engines duckdb,postgresql,spark] [--duckdb-customers 10000000]

The demo data is generated once per size under ``.perimeter/bench/`` (as ``count_bench.py`` does),
copied to a throwaway PostgreSQL cluster (started under ``.perimeter/bench/``, stopped at the end)
and to a Parquet folder for a ``local[2]`` Spark session. For each engine and audience it times
``AudienceEngine.count`` (compiled tree cached, as sample/breakdown/waterfall reuse it) and the
hand-written SQL of ``count_cases`` (transpiled from DuckDB's dialect by sqlglot) on the same
engine, alternating them ``--repeat`` times after a warm-up, and checks both counted the same
profiles; an audience whose count passes the engine's time limit (10 min) is reported and skipped.
``--duckdb-customers`` adds a DuckDB-only run at that size. Prints a table and writes
JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlglot

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from count_bench import demo_database  # noqa: E402
from count_cases import CASES, BenchCase  # noqa: E402

from audience.engine import AudienceEngine, EngineLimits  # noqa: E402
from audience.errors import QueryTimeoutError  # noqa: E402
from schema_catalog import load_catalog  # noqa: E402
from schema_catalog.demo.targets import copy_demo_database  # noqa: E402

HandRunner = Callable[[str], int]
LIMITS = EngineLimits(max_execution_ms=600_000, memory_limit="4GB")


@dataclass(frozen=True)
class Row:
    """One audience on one engine (milliseconds)."""

    engine: str
    customers: int
    name: str
    count: int
    same_count: bool
    engine_ms: float
    hand_ms: float
    ratio: float


def _median_ms(action: Callable[[], int], repeat: int) -> tuple[int, float]:
    result = action()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return result, statistics.median(samples)


def measure(
    label: str, customers: int, engine: AudienceEngine, hand: HandRunner, repeat: int
) -> list[Row]:
    """Every benchmark audience on one engine."""
    rows = []
    for case in CASES:
        try:
            counted, engine_ms = _median_ms(lambda c=case: engine.count(c.tree).count, repeat)  # type: ignore[misc]
        except QueryTimeoutError:
            print(
                f"  {label:<11}{case.name:<34} longer than {LIMITS.max_execution_ms} ms", flush=True
            )
            continue
        text = _hand_sql(case, engine.dialect)
        handed, hand_ms = _median_ms(lambda t=text: hand(t), repeat)  # type: ignore[misc]
        row = Row(label, customers, case.name, counted, counted == handed, round(engine_ms, 1),
                  round(hand_ms, 1), round(engine_ms / hand_ms, 3))  # fmt: skip
        print(f"  {label:<11}{case.name:<34}{counted:>9}{'' if row.same_count else ' DIFF':>5}"
              f"{engine_ms:>10.1f}{hand_ms:>10.1f}{row.ratio:>7.2f}", flush=True)  # fmt: skip
        rows.append(row)
    return rows


def _hand_sql(case: BenchCase, dialect: str) -> str:
    return case.hand_sql if dialect == "duckdb" else sqlglot.transpile(
        case.hand_sql, read="duckdb", write=dialect)[0]  # fmt: skip


@contextmanager
def duckdb_engine(customers: int) -> Iterator[tuple[AudienceEngine, HandRunner]]:
    """The hardened DuckDB engine; hand-written SQL on its own cursor."""
    with AudienceEngine(demo_database(customers, 42), load_catalog(), limits=LIMITS) as engine:
        cursor = engine.cursor()
        yield engine, lambda sql: int(cursor.execute(sql).fetchall()[0][0])


@contextmanager
def postgres_engine(customers: int) -> Iterator[tuple[AudienceEngine, HandRunner]]:
    """A throwaway cluster holding the demo data; the engine as the read-only role."""
    import psycopg

    from tests.support.servers import PostgresCluster, load_demo_postgres

    root = ROOT / ".perimeter" / "bench" / f"pg_{customers}"
    cluster = PostgresCluster(root)
    if root.exists():
        import shutil

        shutil.rmtree(root)
    root.mkdir(parents=True)
    cluster.start()
    try:
        started = time.perf_counter()
        url = load_demo_postgres(cluster, demo_database(customers, 42), "bench")
        print(f"  loaded PostgreSQL in {time.perf_counter() - started:.0f} s", flush=True)
        with (
            AudienceEngine(url, load_catalog(), limits=LIMITS) as engine,
            psycopg.connect(url, autocommit=True, options=_same_session(url)) as raw,
        ):
            yield engine, lambda sql: int(raw.execute(sql).fetchone()[0])  # type: ignore[index]
    finally:
        cluster.stop()


def _same_session(url: str) -> str:
    """The engine's session settings (read-only, timeout, work_mem) for the hand-written SQL."""
    from audience.engine.postgres_backend import pinned_schema, session_settings

    settings = session_settings(pinned_schema(url), LIMITS)
    return " ".join(f"-c {name}={value}" for name, value in settings.items())


@contextmanager
def spark_engine(customers: int) -> Iterator[tuple[AudienceEngine, HandRunner]]:
    """A local[2] Spark session over the demo data as Parquet."""
    folder = ROOT / ".perimeter" / "bench" / f"lake_{customers}"
    if not (folder / "customers").exists():
        copy_demo_database(demo_database(customers, 42), f"parquet:{folder}", load_catalog())
    target = f"spark:local[2]?parquet={folder}"
    with AudienceEngine(target, load_catalog(), limits=LIMITS) as engine:
        session: Any = engine.backend.session  # type: ignore[attr-defined]
        yield engine, lambda sql: int(session.sql(sql).collect()[0][0])


ENGINES = {"duckdb": duckdb_engine, "postgresql": postgres_engine, "spark": spark_engine}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="duckdb,postgresql,spark")
    parser.add_argument("--duckdb-customers", type=int, default=0)
    args = parser.parse_args()
    runs = [(name, args.customers) for name in args.engines.split(",")]
    if args.duckdb_customers:
        runs.append(("duckdb", args.duckdb_customers))
    rows: list[Row] = []
    print(f"  {'engine':<11}{'audience':<34}{'count':>9}{'':>5}{'engine':>10}{'hand':>10}"
          f"{'ratio':>7}")  # fmt: skip
    for name, customers in runs:
        with ENGINES[name](customers) as (engine, hand):
            rows += measure(f"{name}", customers, engine, hand, args.repeat)
    summary = {
        f"{name}@{customers}": round(statistics.median(
            r.ratio for r in rows if r.engine == name and r.customers == customers), 3)
        for name, customers in runs
    }  # fmt: skip
    print("median engine/hand ratio:", summary)
    out = ROOT / "bench" / "results" / f"engines_{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"summary": summary, "rows": [asdict(r) for r in rows]}, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
