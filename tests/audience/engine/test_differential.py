"""Differential testing: the same rule trees select the same members on DuckDB, PostgreSQL and
Spark, over the same data, and every golden compiler fixture selects its hand-derived ids on all
three.

Trees come from the compiler's Hypothesis generator (``tests.support.rule_trees``): NULLs,
negation, windows at their edges, DATE vs TIMESTAMP columns, empty groups, limits and samples.
The data are the hand-made twelve customers and two generated datasets. DuckDB and PostgreSQL
run each tree on its own; on Spark, where a query costs seconds, a batch of trees runs as one
``UNION ALL`` query tagged by tree number, per dataset. The member sets are compared tree by
tree against DuckDB (itself checked against the independent Python evaluator by the compiler's
property test).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from audience.compile import compile_rules, guard_sql
from audience.rules import RuleTree
from schema_catalog import load_catalog
from settings import load_settings
from tests.support import FIXTURES
from tests.support.catalogs import without_pii
from tests.support.handmade_db import (
    Dataset,
    handmade_dataset,
    load_duckdb,
    load_postgres,
    load_spark,
    random_dataset,
)
from tests.support.rule_trees import CATALOG, SEGMENTS, VALID_TREES


def combined(parts: Sequence[Dataset]) -> Dataset:
    """One dataset holding every part, part ``i``'s profile keys moved up by ``1000 × i``.

    Every rule is a per-profile semi-join, so the parts do not interact (limits and samples act on
    the whole, identically on every engine): one dataset means a third of the round trips.
    """
    key_columns = {CATALOG.profile.table: CATALOG.profile.key} | {
        table.name: table.join.column for table in CATALOG.tables if table.join is not None
    }
    merged: Dataset = {}
    for index, part in enumerate(parts):
        for table, rows in part.items():
            column = key_columns[table]
            merged.setdefault(table, []).extend(
                {**row, column: row[column] + 1000 * index} for row in rows
            )
    return merged


DATASETS: list[Dataset] = [
    combined([handmade_dataset(), random_dataset(CATALOG, 11), random_dataset(CATALOG, 23)]),
    handmade_dataset(),
]
"""What every engine holds: the generated trees run on the first, the golden fixtures on the
second (the hand-made twelve customers alone)."""
DIFFERENTIAL = slice(0, 1)
HANDMADE = 1
POSTGRES_RUN = (21, 50)
"""21 batches × 50 = 1,050 trees on PostgreSQL (one query per tree: round trips are cheap)."""
SPARK_RUN = (2, 125)
"""2 batches × 125 = 250 trees on Spark, each batch one ``UNION ALL`` query: Spark's analysis,
optimisation and job scheduling cost seconds per query, and a query of 125 trees costs about
twice one of 50 (measured: 5 × 50 trees took 515 s at machine load 25, 2 × 125 about 210 s)."""
GOLDEN = FIXTURES / "compiler"

Members = list[list[Any]]
Runner = Callable[[Sequence[str]], Members]
"""Runs audience SELECTs (texts in the engine's dialect): the sorted member keys of each."""


def one_by_one(execute: Callable[[str], list[tuple[Any, ...]]]) -> Runner:
    """A runner that sends each query on its own (cheap round trips: DuckDB, PostgreSQL)."""
    return lambda sqls: [sorted(row[0] for row in execute(sql)) for sql in sqls]


def in_one_union(execute: Callable[[str], list[tuple[Any, ...]]]) -> Runner:
    """A runner that sends all queries as one ``UNION ALL`` tagged by query number (Spark, where a
    round trip costs seconds). Test-side text assembly of already compiled SELECTs."""

    def run(sqls: Sequence[str]) -> Members:
        union = " UNION ALL ".join(
            f"SELECT {i} AS tree, q.* FROM ({sql}) AS q" for i, sql in enumerate(sqls)
        )
        found: Members = [[] for _ in sqls]
        for tree, key in execute(union):
            found[int(tree)].append(key)
        return [sorted(keys) for keys in found]

    return run


@dataclass
class Engines:
    """One runner per engine per dataset."""

    duckdb: list[Runner]
    others: dict[str, list[Runner]]


@dataclass
class Tally:
    """What a differential run compared."""

    trees: int = 0
    queries: int = 0
    mismatches: list[str] = field(default_factory=list)
    non_trivial: int = 0


DIALECTS = {"duckdb": "duckdb", "postgresql": "postgres", "spark": "spark"}


def compare_batch(trees: Sequence[RuleTree], engines: Engines, tally: Tally) -> None:
    """Run a batch of trees on every dataset and engine; record each tree that disagrees."""
    selects = [compile_rules(tree, CATALOG, segments=SEGMENTS) for tree in trees]
    texts = {
        name: [select.sql(dialect=DIALECTS[name]) for select in selects]
        for name in ("duckdb", *engines.others)
    }
    for name, sqls in texts.items():  # Spark's backend guards its text again before running it
        for sql in sqls:
            guard_sql(sql, CATALOG, dialect=DIALECTS[name])
    tally.trees += len(trees)
    for index, run_duck in enumerate(engines.duckdb):
        expected = run_duck(texts["duckdb"])
        customers = len(DATASETS[index]["customers"])
        tally.non_trivial += sum(0 < len(found) < customers for found in expected)
        for name, runners in engines.others.items():
            got = runners[index](texts[name])
            tally.queries += len(trees)
            tally.mismatches += [
                f"{name} dataset {index}: {trees[i].model_dump_json()}"
                for i in range(len(trees))
                if got[i] != expected[i]
            ]


def _duckdb_runners() -> list[Runner]:
    connections = [load_duckdb(dataset, CATALOG) for dataset in DATASETS]
    return [one_by_one(lambda sql, c=c: c.execute(sql).fetchall()) for c in connections]  # type: ignore[misc]


@pytest.fixture(scope="module")
def pg_runners(pg_cluster: Any) -> Iterator[list[Runner]]:
    import psycopg

    from tests.support.servers import create_database

    url = create_database(pg_cluster, "differential")
    connections = []
    with psycopg.connect(url, autocommit=True) as loader:
        for index, dataset in enumerate(DATASETS):
            load_postgres(dataset, CATALOG, loader, f"d{index}")
    for index in range(len(DATASETS)):
        options = f"-c search_path=d{index} -c default_transaction_read_only=on"
        connections.append(psycopg.connect(url, autocommit=True, options=options))
    yield [one_by_one(lambda sql, c=c: c.execute(sql).fetchall()) for c in connections]  # type: ignore[misc]
    for connection in connections:
        connection.close()


@pytest.fixture(scope="module")
def spark_runners(spark: Any) -> list[Runner]:
    sessions = []
    for dataset in DATASETS:
        session = spark.newSession()
        session.conf.set("spark.sql.session.timeZone", "UTC")
        load_spark(dataset, CATALOG, session)
        sessions.append(session)
    return [
        in_one_union(lambda sql, s=s: [tuple(r) for r in s.sql(sql).collect()]) for s in sessions
    ]  # type: ignore[misc]


def generated_trees(count: int) -> list[RuleTree]:
    """``count`` trees from the generator, one Hypothesis example each (a list of a hundred
    trees in one example overruns Hypothesis' buffer and is discarded)."""
    found: list[RuleTree] = []

    @settings(max_examples=count, deadline=None, derandomize=load_settings().ci,
              database=None, suppress_health_check=list(HealthCheck),
              phases=[Phase.explicit, Phase.generate])  # fmt: skip
    @given(tree=VALID_TREES)
    def collect(tree: RuleTree) -> None:
        found.append(tree)

    collect()
    return found


def _differential(engines: Engines, run_shape: tuple[int, int]) -> Tally:
    """Compare ``batches × size`` generated trees, batch by batch (generated first, so no
    shrinking reruns a batch on every engine: a mismatch lists its trees)."""
    tally = Tally()
    batches, size = run_shape
    trees = generated_trees(batches * size)
    for start in range(0, len(trees), size):
        compare_batch(trees[start : start + size], engines, tally)
    return tally


@pytest.mark.slow
def test_postgres_selects_what_duckdb_selects(pg_runners: list[Runner]) -> None:
    engines = Engines(_duckdb_runners()[DIFFERENTIAL], {"postgresql": pg_runners[DIFFERENTIAL]})
    tally = _differential(engines, POSTGRES_RUN)
    print(f"\ndifferential postgresql: {tally.trees} trees, "
          f"{tally.queries} queries, {len(tally.mismatches)} mismatches")  # fmt: skip
    assert tally.mismatches == []
    assert tally.trees >= 1_000
    assert tally.non_trivial > tally.trees // 2  # most select some but not all customers


@pytest.mark.slow
@pytest.mark.xdist_group("spark")
def test_spark_selects_what_duckdb_selects(spark_runners: list[Runner]) -> None:
    engines = Engines(_duckdb_runners()[DIFFERENTIAL], {"spark": spark_runners[DIFFERENTIAL]})
    tally = _differential(engines, SPARK_RUN)
    print(f"\ndifferential spark: {tally.trees} trees, "
          f"{tally.queries} queries, {len(tally.mismatches)} mismatches")  # fmt: skip
    assert tally.mismatches == []
    assert tally.trees >= 200
    assert tally.non_trivial > tally.trees // 2


def _golden_cases() -> list[tuple[str, RuleTree, list[int]]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.json")):
        if not path.stem.startswith("_"):
            case = json.loads(path.read_text())
            cases.append((path.stem, RuleTree.model_validate(case["rules"]), case["ids"]))
    return cases


def _golden_members(run: Runner, dialect: str) -> dict[str, list[Any]]:
    cases = _golden_cases()
    segments = _fixture_segments()
    golden = without_pii(load_catalog())  # as the compiler's golden test compiles them
    texts = [compile_rules(tree, golden, segments=segments).sql(dialect) for _, tree, _ in cases]
    return {name: found for (name, _, _), found in zip(cases, run(texts), strict=True)}


def _fixture_segments() -> dict[str, RuleTree]:
    raw = json.loads((GOLDEN / "_segments.json").read_text())
    return {name: RuleTree.model_validate(tree) for name, tree in raw.items()}


def _expected_golden() -> dict[str, list[int]]:
    return {name: ids for name, _, ids in _golden_cases()}


def test_golden_fixtures_on_duckdb() -> None:
    assert _golden_members(_duckdb_runners()[HANDMADE], "duckdb") == _expected_golden()


def test_golden_fixtures_on_postgres(pg_runners: list[Runner]) -> None:
    assert _golden_members(pg_runners[HANDMADE], "postgres") == _expected_golden()


@pytest.mark.xdist_group("spark")
def test_golden_fixtures_on_spark(spark_runners: list[Runner]) -> None:
    assert _golden_members(spark_runners[HANDMADE], "spark") == _expected_golden()


def test_mismatches_are_detected() -> None:
    """The comparison can fail: a runner that drops a member is reported, tree by tree."""
    duck = _duckdb_runners()[DIFFERENTIAL]

    def lossy(index: int) -> Runner:
        return lambda sqls: [found[1:] for found in duck[index](sqls)]

    engines = Engines(duck, {"postgresql": [lossy(i) for i in range(len(duck))]})
    tally = Tally()
    everyone = RuleTree.model_validate({"root": {"op": "and", "rules": []}})
    compare_batch([everyone, everyone], engines, tally)
    assert len(tally.mismatches) == 2 * len(duck)
